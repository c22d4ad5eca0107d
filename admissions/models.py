"""Admissions: the ways a school lets students in without a card payment.

An `AccessCodeBatch` is one admin's order of codes for a course or a plan; each `AccessCode` may be
used `max_uses` times until the batch's `expires_at`, and each use is an `AccessCodeRedemption`
(who, when, from where, and what it granted). Student imports write accounts, enrollments and plan
grants directly (see `admissions.imports`) and keep no table of their own.
"""

import uuid

from django.conf import settings
from django.db import models

from accounts.models import User
from courses.models import Course, Enrollment, Plan, PlanGrant

# Codes are written in these characters only: no 0/O, 1/I/L that a reader confuses.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4


class AccessCodeBatch(models.Model):
    """Codes made together for one course or one plan (exactly one of the two)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    max_uses = models.PositiveIntegerField(help_text="How many students each code of the batch admits.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: the codes never expire.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "access code batches"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(course__isnull=False, plan__isnull=True)
                    | models.Q(course__isnull=True, plan__isnull=False)
                ),
                name="admissions_batch_course_xor_plan",
            ),
            models.CheckConstraint(condition=models.Q(max_uses__gt=0), name="admissions_batch_max_uses_positive"),
        ]

    def __str__(self):
        return f"{self.course or self.plan} ({self.created_at:%Y-%m-%d})"


class AccessCode(models.Model):
    """One code. `code` is stored canonical (upper case, no dashes), so a lookup of what a student
    typed in any case and grouping is one indexed equality. `uses` is counted in the database and
    may never pass `max_uses` (the constraint is the guard; the redeem service checks first)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    batch = models.ForeignKey(AccessCodeBatch, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=CODE_LENGTH, unique=True)
    max_uses = models.PositiveIntegerField()
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")), name="admissions_code_uses_within_max"
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"),
                name="admissions_code_alphabet",
            ),
        ]

    def __str__(self):
        return self.grouped

    @property
    def grouped(self) -> str:
        """The code as people read it: `ABCD-EFGH-JKMN`."""
        return "-".join(self.code[i : i + CODE_GROUP] for i in range(0, len(self.code), CODE_GROUP))


class AccessCodeRedemption(models.Model):
    """A student used a code: the audit record, and the grant it made (an enrollment or a plan grant)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.ForeignKey(AccessCode, on_delete=models.CASCADE, related_name="redemptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    redeemed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    enrollment = models.ForeignKey(Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    plan_grant = models.ForeignKey(PlanGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-redeemed_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "user"], name="admissions_redemption_one_per_user_code"),
        ]

    def __str__(self):
        return f"{self.user} used {self.code}"


class StudentImport(User):
    """No table: the admin site's entry for the student import page (`admissions.admin`)."""

    class Meta:
        proxy = True
        verbose_name = "student import"
