from rest_framework import serializers

from accounts.models import Role, User
from courses.serializers import FormBooleanField


class AdminUserSerializer(serializers.ModelSerializer):
    """A row of the admin users list. Needs the `user_list` annotation."""

    courses_completed_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "full_name",
            "email",
            "role",
            "created_at",
            "courses_completed_count",
            "is_active",
            "last_login",
        ]
        read_only_fields = fields


class AdminUserUpdateSerializer(serializers.Serializer):
    """What an admin may change on an account; any other field sent is ignored."""

    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class AdminUserFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, help_text="Matches full name or email.")
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = FormBooleanField(required=False, allow_null=True, default=None)


class UserTotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    new_last_7_days = serializers.IntegerField()
    new_last_30_days = serializers.IntegerField()


class CourseTotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    published = serializers.IntegerField()


class SchoolStatsSerializer(serializers.Serializer):
    users = UserTotalsSerializer()
    courses = CourseTotalsSerializer()
    enrollments = serializers.IntegerField()
    completions = serializers.IntegerField(help_text="Progress rows that reached 100%.")
    revenue = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2),
        help_text='Successful payments summed per currency, e.g. {"USD": "120.00"}.',
    )
