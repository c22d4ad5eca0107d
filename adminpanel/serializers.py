from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Role
from core.serializers import FastOutputSerializer, FormBooleanField


class TutorRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()


class AdminUserSerializer(FastOutputSerializer):
    """A user as the admin dashboard shows it: a row of `user_rows`, or a `user_list` User."""

    id = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True, max_length=150)
    email = serializers.EmailField(read_only=True)
    phone_number = serializers.CharField(read_only=True, help_text="E.164, or empty.")
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    courses_completed_count = serializers.IntegerField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)
    tutor = serializers.SerializerMethodField()

    @extend_schema_field(TutorRefSerializer(allow_null=True, help_text="A student's tutor, or null."))
    def get_tutor(self, user) -> dict | None:
        row = user if isinstance(user, dict) else vars(user)
        return {"id": str(row["tutor_id"]), "full_name": row["tutor_full_name"]} if row["tutor_id"] else None


class AdminUserUpdateSerializer(serializers.Serializer):
    """What an admin may change on an account; any other field sent is ignored."""

    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    tutor_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="A student's tutor (an active tutor's id); null unassigns."
    )


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
    plans_sold = serializers.IntegerField(help_text="Successful plan payments (renewals and manual ones included).")
    active_subscribers = serializers.IntegerField(help_text="Users holding an active plan now.")
    revenue_by_provider = serializers.DictField(
        child=serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2)),
        help_text='Successful payments per provider, then per currency, e.g. {"manual": {"NGN": "15000.00"}}.',
    )
