"""The question bank.

An item (`Question`) is one NCLEX question of one of the seventeen types of `questions.itemtypes`:
its `content` is what a student sees, its `answer` the key. Editing the content or key of an item
that has been answered makes a new `QuestionVersion`; every `Answer` points at the version the
student saw, so a review always shows what was on the screen. A `CaseStudy` holds the scenario and
exhibits shared by its six items (one per clinical-judgment step, `case_position` 1..6).

`Answer` is every scored response to an item, from a practice test or an adaptive exam alike: the
item statistics, the students' performance, readiness and calibration all read it.
"""

import random
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from questions.itemtypes import ITEM_TYPES


class Exam(models.TextChoices):
    RN = "RN"
    PN = "PN"


class ItemExam(models.TextChoices):
    RN = "RN"
    PN = "PN"
    BOTH = "both"


class ClientNeed(models.TextChoices):
    """The test plan's eight client-need subcategories (NCSBN), in the plan's order."""

    MANAGEMENT_OF_CARE = "management_of_care", "Management of Care (PN: Coordinated Care)"
    SAFETY_INFECTION_CONTROL = "safety_infection_control", "Safety and Infection Control"
    HEALTH_PROMOTION = "health_promotion", "Health Promotion and Maintenance"
    PSYCHOSOCIAL_INTEGRITY = "psychosocial_integrity", "Psychosocial Integrity"
    BASIC_CARE_COMFORT = "basic_care_comfort", "Basic Care and Comfort"
    PHARMACOLOGICAL_THERAPIES = "pharmacological_therapies", "Pharmacological and Parenteral Therapies"
    REDUCTION_OF_RISK = "reduction_of_risk", "Reduction of Risk Potential"
    PHYSIOLOGICAL_ADAPTATION = "physiological_adaptation", "Physiological Adaptation"


class CjmmStep(models.TextChoices):
    """NCSBN's Clinical Judgment Measurement Model, layer 3, in order."""

    RECOGNIZE_CUES = "recognize_cues"
    ANALYZE_CUES = "analyze_cues"
    PRIORITIZE_HYPOTHESES = "prioritize_hypotheses"
    GENERATE_SOLUTIONS = "generate_solutions"
    TAKE_ACTION = "take_action"
    EVALUATE_OUTCOMES = "evaluate_outcomes"


ItemType = models.TextChoices("ItemType", [(name.upper(), name) for name in ITEM_TYPES])


class Status(models.TextChoices):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


def draw_key_default() -> float:
    return random.random()  # noqa: S311 (a practice draw, not a secret)


class UniformRandom(models.Func):
    """A random float in [0, 1), computed by the database (SQLite's RANDOM() is a 64-bit integer)."""

    function = "RANDOM"
    arity = 0
    output_field = models.FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "(RANDOM() / 18446744073709551616.0 + 0.5)", []


class CaseStudy(models.Model):
    """A scenario with exhibits and six items, one per clinical-judgment step, served together and in order.

    `exhibits`: `[{"tab": "Vital Signs", "kind": "text"|"table", "text" | "columns" + "rows", "reveal_at": 1..6}]`;
    an exhibit is shown from item `reveal_at` on (an unfolding case)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exam = models.CharField(max_length=4, choices=ItemExam.choices, default=ItemExam.BOTH)
    title = models.CharField(max_length=200)
    scenario = models.TextField()
    exhibits = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    is_sample = models.BooleanField(default=False, help_text="Sample content shipped with the demo school.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "case studies"
        constraints = [
            models.CheckConstraint(condition=Q(exam__in=ItemExam.values), name="questions_case_exam_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="questions_case_status_valid"),
            models.CheckConstraint(condition=~Q(title=""), name="questions_case_title_not_blank"),
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    """One item of the bank. `difficulty` is a Rasch difficulty in logits: the author's estimate until
    calibration replaces it (`calibrated`). For an item worth more than one point, `steps` holds the
    partial-credit model's step difficulties once calibrated (null: derived from `difficulty`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exam = models.CharField(max_length=4, choices=ItemExam.choices, default=ItemExam.BOTH)
    type = models.CharField(max_length=32, choices=ItemType.choices)
    stem = models.TextField()
    content = models.JSONField()
    answer = models.JSONField()
    rationale = models.TextField(blank=True)
    client_need = models.CharField(max_length=32, choices=ClientNeed.choices)
    cjmm_step = models.CharField(max_length=32, choices=CjmmStep.choices, null=True, blank=True)
    max_score = models.PositiveSmallIntegerField()
    difficulty = models.FloatField(default=0.0)
    steps = models.JSONField(null=True, blank=True)
    calibrated = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    case_study = models.ForeignKey(CaseStudy, null=True, blank=True, on_delete=models.PROTECT, related_name="questions")
    case_position = models.PositiveSmallIntegerField(null=True, blank=True)
    courses = models.ManyToManyField("courses.Course", blank=True, related_name="questions")
    version = models.PositiveIntegerField(default=1)
    is_sample = models.BooleanField(default=False, help_text="Sample content shipped with the demo school.")
    # A random number in [0, 1) for each item: a practice test draws the items that follow a random
    # point in this order (an index walk), instead of sorting the whole bank at random. Python gives
    # it to the ORM's rows (a database default in every row of a bulk insert made Django compile one
    # DEFAULT per row and give up its UNNEST insert: half an import's time); the database to the rest.
    draw_key = models.FloatField(default=draw_key_default, db_default=UniformRandom(), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Running totals, updated in the transaction that records an answer (peers' percent correct).
    answer_count = models.PositiveIntegerField(default=0)
    full_credit_count = models.PositiveIntegerField(default=0)
    credit_sum = models.FloatField(default=0.0)  # sum of score / max_score
    # Computed from all answers by `question_statistics_refresh` (nightly and on demand).
    discrimination = models.FloatField(null=True, blank=True)  # point-biserial; null under 30 answers
    median_seconds = models.PositiveIntegerField(null=True, blank=True)
    option_counts = models.JSONField(default=dict, blank=True)
    infit = models.FloatField(null=True, blank=True)
    outfit = models.FloatField(null=True, blank=True)
    needs_review = models.BooleanField(default=False, help_text="Negative discrimination or Rasch misfit.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=ItemType.values), name="questions_question_type_valid"),
            models.CheckConstraint(condition=Q(exam__in=ItemExam.values), name="questions_question_exam_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="questions_question_status_valid"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="questions_question_max_score_positive"),
            models.CheckConstraint(condition=~Q(stem=""), name="questions_question_stem_not_blank"),
            # In a case study exactly when it has a position 1..6 in it; one item per position.
            models.CheckConstraint(
                condition=Q(case_study__isnull=True, case_position__isnull=True)
                | Q(case_study__isnull=False, case_position__gte=1, case_position__lte=6),
                name="questions_question_case_position_1_6",
            ),
            models.UniqueConstraint(
                fields=["case_study", "case_position"], name="questions_question_one_per_case_step"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "exam", "client_need"], name="questions_q_pool"),
            models.Index(fields=["status", "calibrated"], name="questions_q_calibrated"),
            models.Index(fields=["status", "draw_key"], condition=Q(case_study__isnull=True), name="questions_q_draw"),
        ]

    def __str__(self):
        return self.stem[:80]

    @property
    def mean_score(self) -> float | None:
        return self.credit_sum / self.answer_count if self.answer_count else None

    @property
    def peers_percent_correct(self) -> float | None:
        """Percent of all answers to this item that earned every point (null before the first answer)."""
        return round(100 * self.full_credit_count / self.answer_count, 1) if self.answer_count else None


class QuestionVersion(models.Model):
    """What students saw of an item: a snapshot taken when an answered item's content or key changes
    (and at the first answer). Answers point here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stem = models.TextField()
    content = models.JSONField()
    answer = models.JSONField()
    rationale = models.TextField(blank=True)
    max_score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="questions_version_one_per_number"),
        ]

    def __str__(self):
        return f"{self.question_id} v{self.number}"


class AnswerSource(models.TextChoices):
    PRACTICE = "practice"
    EXAM = "exam"


class Answer(models.Model):
    """One student's scored response to one item version. `scored` is false for an adaptive exam's
    pretest items: they do not count toward the ability, but they do count for calibration."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="answers")
    source = models.CharField(max_length=10, choices=AnswerSource.choices)
    response = models.JSONField()
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    scored = models.BooleanField(default=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    answered_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-answered_at"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=models.F("max_score")), name="questions_answer_score_le_max"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="questions_answer_max_positive"),
            models.CheckConstraint(condition=Q(source__in=AnswerSource.values), name="questions_answer_source_valid"),
        ]
        indexes = [
            models.Index(fields=["user", "question", "-answered_at"], name="questions_answer_user_item"),
            models.Index(fields=["question", "answered_at"], name="questions_answer_item"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.score}/{self.max_score} on {self.question_id}"


class PerformanceGroup(models.TextChoices):
    CLIENT_NEED = "client_need"
    TYPE = "type"
    CJMM_STEP = "cjmm_step"
    WEEK = "week"


class PerformanceTotal(models.Model):
    """A student's running totals over one group of their answers: the answers to items of one client
    need, item type or clinical-judgment step, or given in one week (`key`: the Monday, ISO date, UTC).
    Added to in the transaction that records the answers (`questions.services.answers_store`), so a
    student's performance reads a few dozen rows however many answers they have. An answer counts
    under its item's client need, type and step as they were when it was answered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=16, choices=PerformanceGroup.choices)
    key = models.CharField(max_length=32)
    answered = models.PositiveIntegerField(default=0)
    earned = models.PositiveIntegerField(default=0)  # sum of scores
    possible = models.PositiveIntegerField(default=0)  # sum of maximum scores

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group", "key"], name="questions_performancetotal_one_per_key"),
            models.CheckConstraint(
                condition=Q(earned__lte=models.F("possible")), name="questions_performancetotal_earned_le"
            ),
            models.CheckConstraint(
                condition=Q(group__in=PerformanceGroup.values), name="questions_performancetotal_group_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.group}={self.key}: {self.earned}/{self.possible}"
