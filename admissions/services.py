"""Writes for access codes. Each service names the rule it enforces.

Granting goes through the courses app's one mechanism for each kind of access: a course code
enrolls through `courses.services.enrollment_create`, a plan code grants through
`courses.plan_services.plan_grant` (source `code`).
"""

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from admissions.models import CODE_ALPHABET, CODE_LENGTH, AccessCode, AccessCodeBatch, AccessCodeRedemption
from core.exceptions import ApplicationError
from courses.models import Course, Enrollment, Plan
from courses.plan_services import plan_grant
from courses.services import enrollment_create

INVALID_CODE = "Invalid or expired code."
UNKNOWN_COURSE = "Unknown course."
UNKNOWN_PLAN = "Unknown or inactive plan."
ONE_TARGET = "Give exactly one of plan_id and course_id."
EXPIRY_PAST = "The expiry must be in the future."
MAX_CODES_PER_BATCH = 1000
# A fresh batch colliding with a stored code is a ~1e-13 event; a few tries make it impossible in practice.
_GENERATION_ATTEMPTS = 5


def code_canonical(raw: str) -> str:
    """What a student typed, as codes are stored: upper case, without dashes or spaces."""
    return "".join(ch for ch in raw.upper() if ch not in "- \t")


def _code_new() -> str:
    # secrets: codes are bearer credentials, so they come from the OS's CSPRNG (12 of 31 symbols: 59 bits).
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def access_code_batch_create(
    *,
    created_by: User,
    count: int,
    max_uses: int,
    course_id=None,
    plan_id=None,
    expires_at: datetime | None = None,
) -> AccessCodeBatch:
    """Make `count` codes for one course or one active plan. Rules: exactly one target; an expiry,
    when given, lies in the future; every code is unique across all batches (the unique index
    decides, a collision makes the batch again)."""
    if (course_id is None) == (plan_id is None):
        raise ApplicationError(ONE_TARGET, errors={"non_field_errors": [ONE_TARGET]})
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ApplicationError("Invalid input data.", errors={"count": [f"Between 1 and {MAX_CODES_PER_BATCH}."]})
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(EXPIRY_PAST, errors={"expires_at": [EXPIRY_PAST]})
    course = plan = None
    if course_id is not None:
        course = Course.objects.filter(pk=course_id).first()
        if course is None:
            raise ApplicationError(UNKNOWN_COURSE, errors={"course_id": [UNKNOWN_COURSE]})
    else:
        plan = Plan.objects.filter(pk=plan_id, is_active=True).first()
        if plan is None:
            raise ApplicationError(UNKNOWN_PLAN, errors={"plan_id": [UNKNOWN_PLAN]})
    with transaction.atomic():
        batch = AccessCodeBatch.objects.create(
            course=course, plan=plan, max_uses=max_uses, expires_at=expires_at, created_by=created_by
        )
        for attempt in range(_GENERATION_ATTEMPTS):
            codes = {_code_new() for _ in range(count)}
            while len(codes) < count:
                codes.add(_code_new())
            try:
                with transaction.atomic():
                    AccessCode.objects.bulk_create(
                        AccessCode(batch=batch, code=code, max_uses=max_uses) for code in sorted(codes)
                    )
                break
            except IntegrityError:
                if attempt == _GENERATION_ATTEMPTS - 1:
                    raise
    return batch


def access_code_redeem(*, user: User, code: str, ip_address: str | None = None) -> AccessCodeRedemption:
    """Use a code. Rules: an unknown, expired or used-up code is refused with one message (no oracle
    for which); a student redeems a code once (asked again, the first redemption is returned and no
    use is counted); a course code for a course the student already has is not spent on them.

    Race-safe: the code's row is locked while its uses are read and counted, so two students racing
    for the last use get one each way; the database's `uses <= max_uses` and unique (code, user)
    are the guards."""
    canonical = code_canonical(code)
    if len(canonical) != CODE_LENGTH:
        raise ApplicationError(INVALID_CODE)
    with transaction.atomic():
        access_code = (
            AccessCode.objects.select_for_update(of=("self",))
            .select_related("batch__course", "batch__plan")
            .filter(code=canonical)
            .first()
        )
        if access_code is None:
            raise ApplicationError(INVALID_CODE)
        earlier = (
            AccessCodeRedemption.objects.select_related(
                "code__batch__course", "code__batch__plan", "enrollment", "plan_grant"
            )
            .filter(code=access_code, user=user)
            .first()
        )
        if earlier is not None:
            return earlier
        batch = access_code.batch
        expired = batch.expires_at is not None and batch.expires_at <= timezone.now()
        if expired or access_code.uses >= access_code.max_uses:
            raise ApplicationError(INVALID_CODE)
        redemption = AccessCodeRedemption(code=access_code, user=user, ip_address=ip_address)
        if batch.course_id is not None:
            enrolled = Enrollment.objects.filter(user=user, course=batch.course).select_related("course").first()
            if enrolled is not None:
                redemption.enrollment = enrolled
                return redemption  # already theirs: nothing granted, nothing spent, nothing recorded
            # Enrollment has no `code` source; an admin handed the code out, and the redemption records it.
            redemption.enrollment, _ = enrollment_create(user=user, course=batch.course, source=Enrollment.Source.ADMIN)
        else:
            redemption.plan_grant = plan_grant(user=user, plan=batch.plan, source="code", granted_by=batch.created_by)
        AccessCode.objects.filter(pk=access_code.pk).update(uses=F("uses") + 1)
        redemption.save()
    return redemption
