"""`manage.py calibrate_questions` on simulated answers: items with enough answers come out
calibrated on the anchors' scale; the anchors do not move; too few answers leave an item as it was."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from accounts.tests.factories import UserFactory
from psychometrics.cat import draw_score
from questions.models import Answer, AnswerSource, Question, QuestionVersion
from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

STUDENTS = 400
TRUE_FREE = 0.8  # the uncalibrated item's true difficulty on the anchors' scale
TRUE_STEPS = [-0.8, 0.0, 0.7]  # a three-point item's true steps (select all that apply, 3 correct)


@pytest.fixture
def simulated(settings):
    """400 students of ability N(0.3, 1) answer 30 anchors (difficulties -2..2); all answer one free
    one-point item and one free three-point item, the first 50 answer a third free item."""
    settings.CALIBRATION_MIN_RESPONSES = 200
    rng = np.random.default_rng(2026)
    anchors = [QuestionFactory(difficulty=float(b), calibrated=True) for b in np.linspace(-2.0, 2.0, 30)]
    free, few = QuestionFactory(), QuestionFactory()
    polytomous = QuestionFactory(type="multiple_response")
    assert polytomous.max_score == len(TRUE_STEPS)
    versions = {v.question_id: v for v in QuestionVersion.objects.all()}
    truth = {q.pk: np.array([q.difficulty]) for q in anchors}
    truth[free.pk] = np.array([TRUE_FREE])
    truth[few.pk] = np.array([0.0])
    truth[polytomous.pk] = np.array(TRUE_STEPS)
    users = UserFactory.create_batch(STUDENTS)
    now = timezone.now()
    rows = []
    for n, user in enumerate(users):
        theta = rng.normal(0.3, 1.0)
        items = [*anchors, free, polytomous] + ([few] if n < 50 else [])
        for q in items:
            score = draw_score(theta, truth[q.pk], rng)
            rows.append(
                Answer(
                    user=user,
                    question=q,
                    version=versions[q.pk],
                    source=AnswerSource.PRACTICE if n % 2 else AnswerSource.EXAM,
                    response={},
                    score=score,
                    max_score=q.max_score,
                    scored=q.calibrated,  # pretest answers are unscored, and still calibrate
                    answered_at=now,
                )
            )
    Answer.objects.bulk_create(rows, batch_size=5_000)
    return {"anchors": anchors, "free": free, "few": few, "polytomous": polytomous}


def _run() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("calibrate_questions", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_item_with_enough_answers_is_calibrated_near_its_true_difficulty(simulated):
    _run()
    free = Question.objects.get(pk=simulated["free"].pk)
    assert free.calibrated is True
    assert free.difficulty == pytest.approx(TRUE_FREE, abs=0.3)  # SE with 400 answers is about 0.12
    assert free.steps is None
    assert free.infit == pytest.approx(1.0, abs=0.3) and free.outfit == pytest.approx(1.0, abs=0.4)
    assert free.needs_review is False


def test_a_multi_point_item_gets_partial_credit_steps(simulated):
    _run()
    item = Question.objects.get(pk=simulated["polytomous"].pk)
    assert item.calibrated is True
    assert item.steps == pytest.approx(TRUE_STEPS, abs=0.45)
    assert item.difficulty == pytest.approx(np.mean(item.steps))


def test_an_item_with_too_few_answers_stays_uncalibrated(simulated):
    _run()
    few = Question.objects.get(pk=simulated["few"].pk)
    assert (few.calibrated, few.difficulty, few.infit) == (False, 0.0, None)


def test_the_anchors_keep_their_difficulties(simulated):
    before = dict(Question.objects.filter(calibrated=True).values_list("id", "difficulty"))
    _run()
    after = dict(Question.objects.filter(pk__in=before).values_list("id", "difficulty"))
    assert after == before


def test_a_misfitting_item_is_flagged_for_review(simulated, settings):
    # A miskeyed item: the strongest students get it wrong, the weakest right.
    item = simulated["free"]
    answers = list(Answer.objects.filter(question=item).select_related("user"))
    ability = dict(Answer.objects.filter(question__calibrated=True).values_list("user_id").annotate(total=Sum("score")))
    for a in answers:
        a.score = int(ability[a.user_id] < 15)
    Answer.objects.bulk_update(answers, ["score"])
    _run()
    item.refresh_from_db()
    assert item.calibrated is True
    assert item.needs_review is True


def test_the_command_reports_what_it_did_and_shows_progress_on_stderr(simulated):
    out, err = _run()
    assert "2 calibrated" in out
    assert "1 with too few answers" in out
    assert "answers" in err and "iterations" in err


def test_calibration_changes_the_bank_version_so_exams_read_the_new_difficulties(
    simulated, django_capture_on_commit_callbacks
):
    from questions.bank_version import bank_version

    before = bank_version()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("calibrate_questions", stdout=StringIO())

    assert bank_version() != before
