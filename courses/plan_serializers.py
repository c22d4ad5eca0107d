"""Plan shapes (CONTRACT §9): `{id, name, description, prices: [{currency, amount}], duration_days,
all_courses, course_ids, is_active}`, and a user's plan grants. Explicit fields only."""

from decimal import Decimal

from rest_framework import serializers

from courses.models import Plan, PlanGrant, PlanPrice


class PlanPriceSerializer(serializers.ModelSerializer):
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", help_text="ISO 4217.")
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = PlanPrice
        fields = ["currency", "amount"]


class PlanSerializer(serializers.ModelSerializer):
    """A plan as it is listed; rows come from `courses.plan_selectors.plan_list` (prices and
    courses prefetched, so a list is three queries)."""

    prices = PlanPriceSerializer(many=True, read_only=True)
    course_ids = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "name", "description", "prices", "duration_days", "all_courses", "course_ids", "is_active"]
        read_only_fields = fields

    def get_course_ids(self, plan: Plan) -> list[str]:
        return [str(course.pk) for course in plan.course_list]


class AdminPlanSerializer(PlanSerializer):
    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "created_at", "updated_at"]
        read_only_fields = fields


class PlanInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    prices = PlanPriceSerializer(many=True, allow_empty=False)
    duration_days = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=36500, help_text="null: no end."
    )
    all_courses = serializers.BooleanField(required=False, default=False)
    course_ids = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate(self, data):
        if not self.partial and not data.get("all_courses") and not data.get("course_ids"):
            raise serializers.ValidationError({"course_ids": ["Give the plan's courses, or set all_courses."]})
        return data


class MyPlanSerializer(serializers.ModelSerializer):
    """One grant of a plan to the requester: `{plan_id, name, starts_at, ends_at, source}`."""

    plan_id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="plan.name", read_only=True)
    is_active = serializers.SerializerMethodField(help_text="Started and not yet ended.")

    class Meta:
        model = PlanGrant
        fields = ["id", "plan_id", "name", "starts_at", "ends_at", "source", "is_active"]
        read_only_fields = fields

    def get_is_active(self, grant: PlanGrant) -> bool:
        now = self.context["now"]
        return grant.starts_at <= now and (grant.ends_at is None or grant.ends_at > now)
