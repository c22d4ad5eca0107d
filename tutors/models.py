"""Who tutors whom (CONTRACT §10).

A student's current tutor is `accounts.User.tutor`; every change of it is a `TutorAssignment` row
(when, by whom, from which tutor to which, through which cohort), written by
`tutors.services.tutor_assign` in the transaction that changes it. A `Cohort` is a named group
("RN — May intake") with one tutor: joining it assigns the student to that tutor.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Cohort(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    # PROTECT: a tutor with a cohort is reassigned (or the cohort deleted) before the account goes.
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tutors_cohort_name_ci_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="tutors_cohort_name_not_blank"),
        ]

    def __str__(self):
        return self.name


class CohortMember(models.Model):
    """A student's place in a cohort. One cohort per student (a cohort decides the tutor, and two
    cohorts could disagree)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_member")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]

    def __str__(self):
        return f"{self.student_id} in {self.cohort_id}"


class TutorAssignment(models.Model):
    """One change of a student's tutor: `tutor` null is an unassignment. Append-only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_history")
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["student", "-created_at"], name="tutors_assignment_student")]

    def __str__(self):
        return f"{self.student_id}: {self.previous_tutor_id} -> {self.tutor_id}"
