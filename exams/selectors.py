"""Reads of the adaptive exam's data: readiness (CONTRACT §8)."""

from datetime import timedelta

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from exams.models import AdaptiveExam, ExamStatus
from exams.sitting import passing_standard
from psychometrics.irt import estimate_ability, pass_probability
from questions.calibrate import question_steps
from questions.models import Answer, AnswerSource
from questions.selectors import exam_filter

#: Answers older than this do not describe the student any more: a student studying for the NCLEX
#: is not who they were two months ago. For one who practises 20 answers a week and improves 0.08
#: logits a week, 180 days left the estimate 0.42 logits behind after 12 weeks, 42 days 0.20 (the
#: pooled Brier score of improving and steady students 0.094 -> 0.063; `make bench-readiness`).
READINESS_WINDOW_DAYS = 42
#: Fewer answers on calibrated items than this: no estimate (null), rather than a noisy one.
READINESS_MIN_RESPONSES = 30
#: The newest answers read: enough for an SE of ~0.15 logits, few enough to describe the student as
#: they are now. A student who improves is behind their older answers: with the newest 5,000 (every
#: answer of a term), 12 weeks of 60 answers a week left the estimate 0.42 logits below the true
#: ability, and a third of those told "low" were in fact above the standard; with 250, 0.13
#: (`make bench-readiness`, bench/RESULTS.md). A student whose ability holds still loses little: RMSE
#: 0.09 → 0.15 logits, the pass probability as well calibrated.
READINESS_MAX_RESPONSES = 250
#: Cut-offs of the pass probability, highest first; below the last: "low".
READINESS_LEVELS = ((0.90, "very_high"), (0.70, "high"), (0.40, "borderline"))
#: What the estimate reads of each answer.
READINESS_COLUMNS = (
    "question_id",
    "score",
    "max_score",
    "question__difficulty",
    "question__steps",
    "exam_item__exam_id",
)


def readiness_level(probability: float) -> str:
    """very_high ≥ 0.90, high ≥ 0.70, borderline ≥ 0.40, low below."""
    for cut, level in READINESS_LEVELS:
        if probability >= cut:
            return level
    return "low"


def readiness(*, user: User, exam: str) -> dict:
    """The student's chance of passing `exam`, as the model sees it.

    Rule: the ability θ̂ and its SE are estimated by the engine (`psychometrics.irt.estimate_ability`)
    from the student's newest READINESS_MAX_RESPONSES scored answers of the last
    READINESS_WINDOW_DAYS days on items that are calibrated now, for this exam: practice answers and
    the answers of finished adaptive exams (an exam in progress does not count yet; pretest answers
    are unscored). Each item counts once, with its latest answer, so practising one item again and
    again does not move the estimate. The pass probability is Φ((θ̂ - standard) / SE)
    (`psychometrics.irt.pass_probability`); all numbers are null below READINESS_MIN_RESPONSES such
    answers.
    """
    rows = _readiness_answers(Q(user=user, question__exam__in=exam_filter(exam)))[:READINESS_MAX_RESPONSES]
    return readiness_from_rows(exam, rows)


def readiness_for_students(*, user_exams: dict) -> dict:
    """`readiness` of many students at once (a tutor's list), one query whatever their number:
    `user_exams` maps each user id to the exam to estimate (RN or PN). Same rule and window; the
    READINESS_MAX_RESPONSES newest answers per student, counted by a window function."""
    if not user_exams:
        return {}
    condition = Q()
    for exam in set(user_exams.values()):
        ids = [user_id for user_id, wanted in user_exams.items() if wanted == exam]
        condition |= Q(user_id__in=ids, question__exam__in=exam_filter(exam))
    newest = Window(RowNumber(), partition_by=[F("user_id")], order_by=F("answered_at").desc())
    rows = (
        _readiness_answers(condition)
        .annotate(newest=newest)
        .filter(newest__lte=READINESS_MAX_RESPONSES)
        .values_list("user_id", *READINESS_COLUMNS)
    )
    by_user: dict = {user_id: [] for user_id in user_exams}
    for user_id, *row in rows:
        by_user[user_id].append(row)
    return {user_id: readiness_from_rows(user_exams[user_id], by_user[user_id]) for user_id in user_exams}


def _readiness_answers(condition: Q):
    """The answers readiness counts (see `readiness`), newest first, as READINESS_COLUMNS tuples."""
    since = timezone.now() - timedelta(days=READINESS_WINDOW_DAYS)
    return (
        Answer.objects.filter(
            Q(source=AnswerSource.PRACTICE) | Q(exam_item__exam__status=ExamStatus.FINISHED),
            condition,
            scored=True,
            question__calibrated=True,
            answered_at__gte=since,
        )
        .order_by("-answered_at")
        .values_list(*READINESS_COLUMNS)
    )


def readiness_from_rows(exam: str, rows) -> dict:
    """The readiness of one student from their answers, newest first, as READINESS_COLUMNS tuples
    (`readiness`'s rule; `bench.readiness` feeds it simulated students)."""
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


def latest_finished_exams(*, user_ids: list) -> dict:
    """Each student's newest finished adaptive exam (its score report in `result`), keyed by user
    id, in one query; a student who never finished one is absent."""
    newest = Window(RowNumber(), partition_by=[F("user_id")], order_by=F("finished_at").desc())
    exams = (
        AdaptiveExam.objects.filter(user_id__in=user_ids, status=ExamStatus.FINISHED)
        .annotate(newest=newest)
        .filter(newest=1)
        .only("id", "user_id", "exam", "started_at", "finished_at", "passed", "result")
    )
    return {exam.user_id: exam for exam in exams}
