"""Practice tests (CONTRACT §7): a student's chosen set of items, in tutor or timed mode."""

import uuid
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q

from questions.models import Answer, Exam, Question, QuestionVersion


class Mode(models.TextChoices):
    TUTOR = "tutor"  # score, key and rationale at once after each answer
    TIMED = "timed"  # a server-enforced limit; nothing revealed until finished


class TestStatus(models.TextChoices):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class Slot(NamedTuple):
    """One item of a test: where it stands and the version it shows."""

    position: int
    question_id: str
    version_id: str


class PracticeTest(models.Model):
    """A student's test. Its items, in order, are `slots` on the test's own row, written once when
    it is built: a `PracticeItem` row only exists for an item the student has touched (answered,
    saved or flagged), so building a 75-item test writes one row, not 76."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_tests")
    exam = models.CharField(max_length=2, choices=Exam.choices)
    mode = models.CharField(max_length=5, choices=Mode.choices)
    status = models.CharField(max_length=11, choices=TestStatus.choices, default=TestStatus.IN_PROGRESS)
    count = models.PositiveSmallIntegerField(help_text="Items in the test (may be fewer than asked).")
    filters = models.JSONField(default=dict, blank=True, help_text="client_needs, types and pool as asked.")
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    slots = models.JSONField(
        default=list, help_text="The items in position order, each [question id, version id]: the version shown."
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="practice_test_mode_valid"),
            models.CheckConstraint(condition=Q(status__in=TestStatus.values), name="practice_test_status_valid"),
            models.CheckConstraint(condition=Q(count__gte=1, count__lte=150), name="practice_test_count_1_150"),
            # Timed exactly when it has a limit and a deadline.
            models.CheckConstraint(
                condition=Q(mode="timed", time_limit_seconds__isnull=False, deadline__isnull=False)
                | Q(mode="tutor", time_limit_seconds__isnull=True, deadline__isnull=True),
                name="practice_test_timed_iff_deadline",
            ),
            models.CheckConstraint(
                condition=Q(status="finished", finished_at__isnull=False, result__isnull=False)
                | Q(status="in_progress", finished_at__isnull=True),
                name="practice_test_finished_iff_result",
            ),
        ]
        indexes = [models.Index(fields=["user", "-started_at"], name="practice_test_user_newest")]

    def __str__(self):
        return f"{self.exam} {self.mode} test of {self.user_id}"

    def all_slots(self) -> list[Slot]:
        return [Slot(position, q, v) for position, (q, v) in enumerate(self.slots, start=1)]

    def slot(self, question_id) -> Slot | None:
        """The item's slot in this test (None: not in it)."""
        wanted = str(question_id)
        return next((slot for slot in self.all_slots() if slot.question_id == wanted), None)


class PracticeItem(models.Model):
    """What the student did with one item of a test (its slot in `PracticeTest.slots`): the answer
    (one per item: the one-to-one `answer` and the unique (test, question) are the guards), the flag,
    or, in a timed test, the latest response saved (`pending_response`, scored when the test
    finishes: the last answer counts). Written when the item is first answered, saved or flagged;
    an item nobody touched has no row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of their own: the unique (test, position) and the (question, flagged) indexes lead
    # with these columns and serve their lookups; two fewer indexes on every row a test writes.
    test = models.ForeignKey(PracticeTest, on_delete=models.CASCADE, related_name="items", db_index=False)
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", db_index=False)
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    flagged = models.BooleanField(default=False)
    answer = models.OneToOneField(Answer, null=True, blank=True, on_delete=models.PROTECT, related_name="practice_item")
    # Timed mode: the latest response saved before the end, scored into `answer` when the test finishes.
    pending_response = models.JSONField(null=True, blank=True)
    pending_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        # By the column, not "test": that would join the test to order by its own ordering.
        ordering = ["test_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["test", "position"], name="practice_item_one_per_position"),
            models.UniqueConstraint(fields=["test", "question"], name="practice_item_one_per_question"),
            models.CheckConstraint(condition=Q(position__gte=1), name="practice_item_position_positive"),
            # A response is either still pending (timed, unfinished) or scored, never both.
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(pending_response__isnull=True),
                name="practice_item_pending_or_scored",
            ),
        ]
        indexes = [models.Index(fields=["question", "flagged"], name="practice_item_flagged")]

    def __str__(self):
        return f"{self.test_id} #{self.position}"
