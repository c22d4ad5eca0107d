"""The adaptive exam (CONTRACT §8): a computerized adaptive test run as the NCLEX runs it.

The mathematics lives in the pure package `psychometrics` (Rasch / partial credit model, item
selection, stopping); these rows hold what one sitting presented, what was answered, and the
ability after each scored item, so a sitting can be resumed on any process and audited afterwards.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from questions.models import Answer, CaseStudy, Exam, Question, QuestionVersion


class ExamStatus(models.TextChoices):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class StopReason(models.TextChoices):
    CONFIDENCE = "confidence"  # the 95 % interval excluded the passing standard
    MAX_LENGTH = "max_length"
    TIME = "time"


class AdaptiveExam(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adaptive_exams")
    exam = models.CharField(max_length=2, choices=Exam.choices)
    status = models.CharField(max_length=11, choices=ExamStatus.choices, default=ExamStatus.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    passing_standard = models.FloatField()
    # The current estimate (updated after every scored item) and the plan fixed at the start.
    ability = models.FloatField(default=0.0)
    standard_error = models.FloatField(null=True, blank=True)
    pretest_positions = models.JSONField(default=list, blank=True)
    case_study_positions = models.JSONField(
        default=list, blank=True, help_text="Start positions of this sitting's six-item case studies."
    )
    seed = models.BigIntegerField(help_text="Seed of this sitting's random choices (randomesque, pretest).")
    passed = models.BooleanField(null=True, blank=True)
    reason = models.CharField(max_length=10, choices=StopReason.choices, null=True, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="in_progress"), name="exams_one_in_progress_per_user"
            ),
            models.CheckConstraint(condition=Q(status__in=ExamStatus.values), name="exams_exam_status_valid"),
            models.CheckConstraint(
                condition=Q(status="finished", finished_at__isnull=False, passed__isnull=False, reason__isnull=False)
                | Q(status="in_progress", finished_at__isnull=True, passed__isnull=True, reason__isnull=True),
                name="exams_exam_finished_iff_decided",
            ),
        ]
        indexes = [models.Index(fields=["user", "-started_at"], name="exams_exam_user_newest")]

    def __str__(self):
        return f"{self.exam} exam of {self.user_id}"


class ExamItem(models.Model):
    """The item presented at one position. `answer` is null for the current (unanswered) item;
    `ability` / `standard_error` are the estimate after this item was scored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exam = models.ForeignKey(AdaptiveExam, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    pretest = models.BooleanField(default=False)
    case_study = models.ForeignKey(CaseStudy, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    presented_at = models.DateTimeField()
    answer = models.OneToOneField(Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="exam_item")
    ability = models.FloatField(null=True, blank=True)
    standard_error = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["exam", "position"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "position"], name="exams_item_one_per_position"),
            models.UniqueConstraint(fields=["exam", "question"], name="exams_item_one_per_question"),
            # One current (unanswered) item per exam: the item the next answer is for.
            models.UniqueConstraint(
                fields=["exam"], condition=Q(answer__isnull=True), name="exams_item_one_current_per_exam"
            ),
            models.CheckConstraint(condition=Q(position__gte=1, position__lte=150), name="exams_item_position_1_150"),
        ]

    def __str__(self):
        return f"{self.exam_id} #{self.position}"
