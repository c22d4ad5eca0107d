"""Access code and import request and response shapes (contract section 9). Explicit fields only."""

from rest_framework import serializers

from admissions.models import AccessCode, AccessCodeBatch, AccessCodeRedemption
from admissions.services import MAX_CODES_PER_BATCH


class AccessCodeBatchCreateSerializer(serializers.Serializer):
    course_id = serializers.UUIDField(required=False, help_text="The course the codes enroll in; or give `plan_id`.")
    plan_id = serializers.UUIDField(required=False, help_text="The active plan the codes grant; or give `course_id`.")
    count = serializers.IntegerField(min_value=1, max_value=MAX_CODES_PER_BATCH, help_text="How many codes to make.")
    max_uses = serializers.IntegerField(min_value=1, max_value=100_000, help_text="Students each code admits.")
    expires_at = serializers.DateTimeField(required=False, allow_null=True, help_text="Omitted or null: no expiry.")


class AccessCodeBatchSerializer(serializers.ModelSerializer):
    """A batch in the admin list: what it grants, its expiry and how far it is used."""

    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    created_by = serializers.EmailField(source="created_by.email", default=None, read_only=True)
    code_count = serializers.IntegerField(read_only=True)
    use_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AccessCodeBatch
        fields = [
            "id",
            "kind",
            "course_id",
            "plan_id",
            "name",
            "max_uses",
            "expires_at",
            "code_count",
            "use_count",
            "created_by",
            "created_at",
        ]

    def get_kind(self, batch) -> str:
        return "course" if batch.course_id else "plan"

    def get_name(self, batch) -> str:
        return batch.course.title if batch.course_id else batch.plan.name


class AccessCodeRedeemerSerializer(serializers.ModelSerializer):
    user_id = serializers.UUIDField(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = AccessCodeRedemption
        fields = ["user_id", "email", "redeemed_at"]


class AccessCodeSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="grouped", help_text="Grouped for reading, e.g. `ABCD-EFGH-JKMN`.")
    redemptions = AccessCodeRedeemerSerializer(many=True, read_only=True)

    class Meta:
        model = AccessCode
        fields = ["code", "max_uses", "uses", "redemptions"]


class AccessCodeBatchDetailSerializer(AccessCodeBatchSerializer):
    """A batch with every code (created: the 201 answer; later: who used each)."""

    codes = serializers.SerializerMethodField()

    class Meta(AccessCodeBatchSerializer.Meta):
        fields = [*AccessCodeBatchSerializer.Meta.fields, "codes"]

    def get_codes(self, batch) -> AccessCodeSerializer(many=True):
        return AccessCodeSerializer(self.context["codes"], many=True).data


class AccessCodeRedeemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="As printed; case, dashes and spaces do not matter.")


class AccessCodeGrantSerializer(serializers.Serializer):
    """What a redeemed code gave: a course (`ends_at` null) or a plan until `ends_at` (null: no end)."""

    kind = serializers.ChoiceField(choices=["course", "plan"])
    course_id = serializers.UUIDField(allow_null=True)
    plan_id = serializers.UUIDField(allow_null=True)
    name = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    redeemed_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def of(redemption: AccessCodeRedemption) -> dict:
        batch = redemption.code.batch
        enrollment, grant = redemption.enrollment, redemption.plan_grant
        if batch.course_id is not None:
            started, ends_at = (enrollment.created_at if enrollment else redemption.redeemed_at), None
        else:
            started, ends_at = (grant.starts_at, grant.ends_at) if grant else (redemption.redeemed_at, None)
        return {
            "kind": "course" if batch.course_id else "plan",
            "course_id": batch.course_id,
            "plan_id": batch.plan_id,
            "name": batch.course.title if batch.course_id else batch.plan.name,
            "starts_at": started,
            "ends_at": ends_at,
            "redeemed_at": redemption.redeemed_at,
        }


class StudentImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV (UTF-8) or XLSX; columns full_name, email, phone_number, course_ids, plan_id."
    )


class StudentImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="New accounts (each sent a set-password email).")
    existing = serializers.IntegerField(help_text="Rows whose email already had an account (left as it is).")
    granted = serializers.IntegerField(help_text="New enrollments plus new plan grants.")
    dry_run = serializers.BooleanField()
