"""Reads of the adaptive exam's data: readiness (CONTRACT §8)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from exams.models import ExamStatus
from exams.sitting import passing_standard
from psychometrics.irt import estimate_ability, pass_probability
from questions.calibrate import question_steps
from questions.models import Answer, AnswerSource
from questions.selectors import exam_filter

#: Answers older than this do not describe the student any more.
READINESS_WINDOW_DAYS = 180
#: Fewer answers on calibrated items than this: no estimate (null), rather than a noisy one.
READINESS_MIN_RESPONSES = 30
#: The newest answers read at most (an estimate's SE is ~0.06 logits long before this).
READINESS_MAX_RESPONSES = 5_000
#: Cut-offs of the pass probability, highest first; below the last: "low".
READINESS_LEVELS = ((0.90, "very_high"), (0.70, "high"), (0.40, "borderline"))


def readiness_level(probability: float) -> str:
    """very_high ≥ 0.90, high ≥ 0.70, borderline ≥ 0.40, low below."""
    for cut, level in READINESS_LEVELS:
        if probability >= cut:
            return level
    return "low"


def readiness(*, user: User, exam: str) -> dict:
    """The student's chance of passing `exam`, as the model sees it.

    Rule: the ability θ̂ and its SE are estimated by the engine (`psychometrics.irt.estimate_ability`)
    from the student's scored answers of the last READINESS_WINDOW_DAYS days on items that are
    calibrated now, for this exam: practice answers and the answers of finished adaptive exams (an
    exam in progress does not count yet; pretest answers are unscored). Each item counts once, with
    its latest answer, so practising one item again and again does not move the estimate. The pass
    probability is Φ((θ̂ - standard) / SE) (`psychometrics.irt.pass_probability`); all numbers are
    null below READINESS_MIN_RESPONSES such answers.
    """
    since = timezone.now() - timedelta(days=READINESS_WINDOW_DAYS)
    rows = (
        Answer.objects.filter(
            Q(source=AnswerSource.PRACTICE) | Q(exam_item__exam__status=ExamStatus.FINISHED),
            user=user,
            scored=True,
            question__calibrated=True,
            question__exam__in=exam_filter(exam),
            answered_at__gte=since,
        )
        .order_by("-answered_at")
        .values_list(
            "question_id", "score", "max_score", "question__difficulty", "question__steps", "exam_item__exam_id"
        )
    )[:READINESS_MAX_RESPONSES]
    latest: dict = {}
    for question_id, score, max_score, difficulty, steps, exam_id in rows:
        latest.setdefault(question_id, (score, max_score, difficulty, steps, exam_id))
    exams = {row[4] for row in latest.values() if row[4] is not None}
    answer = {
        "exam": exam,
        "pass_probability": None,
        "level": None,
        "ability": None,
        "standard_error": None,
        "based_on": {"exams": len(exams), "responses": len(latest)},
    }
    if len(latest) < READINESS_MIN_RESPONSES:
        return answer
    scores = [row[0] for row in latest.values()]
    steps = [question_steps(difficulty=row[2], steps=row[3], max_score=row[1]) for row in latest.values()]
    theta, se = estimate_ability(scores, steps)
    probability = pass_probability(theta, se, passing_standard(exam))
    answer.update(
        pass_probability=round(probability, 4),
        level=readiness_level(probability),
        ability=round(theta, 4),
        standard_error=round(se, 4),
    )
    return answer
