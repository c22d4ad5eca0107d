"""GET /api/users/me/readiness/?exam=RN: the model's pass probability from answers on calibrated items."""

from datetime import timedelta

import pytest
from django.utils import timezone
from scipy.stats import norm

from accounts.tests.factories import UserFactory
from exams.models import ExamItem
from exams.selectors import READINESS_MAX_RESPONSES, readiness_for_students
from exams.tests.factories import AdaptiveExamFactory, calibrated_bank, practice_answers, present
from psychometrics.irt import estimate_ability
from questions.models import Question

pytestmark = pytest.mark.django_db

URL = "/api/users/me/readiness/"


def test_with_fewer_than_30_answers_every_number_is_null(student_client, student):
    practice_answers(student, calibrated_bank(29), right=20)
    body = student_client.get(URL, {"exam": "RN"}).json()
    assert body == {
        "exam": "RN",
        "pass_probability": None,
        "level": None,
        "ability": None,
        "standard_error": None,
        "based_on": {"exams": 0, "responses": 29},
    }


def test_the_pass_probability_is_phi_of_ability_over_its_error(student_client, student):
    questions = calibrated_bank(40, low=-1.0, high=1.0)
    practice_answers(student, questions, right=30)
    body = student_client.get(URL, {"exam": "RN"}).json()
    theta, se = estimate_ability([1] * 30 + [0] * 10, [[q.difficulty] for q in questions])
    assert body["ability"] == pytest.approx(theta, abs=1e-3)
    assert body["standard_error"] == pytest.approx(se, abs=1e-3)
    assert body["pass_probability"] == pytest.approx(norm.cdf(theta / se), abs=1e-3)
    assert body["based_on"] == {"exams": 0, "responses": 40}


@pytest.mark.parametrize(("right", "level"), [(30, "very_high"), (23, "high"), (20, "borderline"), (18, "low")])
def test_the_level_follows_the_documented_cut_offs(student_client, student, right, level):
    practice_answers(student, calibrated_bank(40, low=-0.5, high=0.5), right=right)
    body = student_client.get(URL, {"exam": "RN"}).json()
    assert body["level"] == level
    cut = {"very_high": (0.9, 1.0), "high": (0.7, 0.9), "borderline": (0.4, 0.7), "low": (0.0, 0.4)}[level]
    assert cut[0] <= body["pass_probability"] < cut[1]


def test_the_pn_standard_is_lower_so_the_same_answers_read_higher(student_client, student):
    practice_answers(student, calibrated_bank(40, low=-0.5, high=0.5), right=21)
    rn = student_client.get(URL, {"exam": "RN"}).json()
    pn = student_client.get(URL, {"exam": "PN"}).json()
    assert pn["pass_probability"] > rn["pass_probability"]


def test_uncalibrated_items_and_old_answers_do_not_count(student_client, student):
    recent = calibrated_bank(30)
    practice_answers(student, recent[:20], right=10)
    uncalibrated = calibrated_bank(10)
    Question.objects.filter(pk__in=[q.pk for q in uncalibrated]).update(calibrated=False)
    practice_answers(student, uncalibrated, right=5)
    practice_answers(student, recent[20:], right=5, when=timezone.now() - timedelta(days=181))
    body = student_client.get(URL, {"exam": "RN"}).json()
    assert body["based_on"]["responses"] == 20
    assert body["pass_probability"] is None


def test_an_item_answered_again_counts_once_with_its_latest_answer(student_client, student):
    questions = calibrated_bank(30)
    practice_answers(student, questions, right=0, when=timezone.now() - timedelta(days=2))
    practice_answers(student, questions, right=30)
    body = student_client.get(URL, {"exam": "RN"}).json()
    assert body["based_on"]["responses"] == 30
    assert body["level"] == "very_high"


def test_only_the_newest_250_answers_count(student_client, student):
    questions = calibrated_bank(300, low=-1.0, high=1.0)
    practice_answers(student, questions[:50], right=0, when=timezone.now() - timedelta(days=30))
    practice_answers(student, questions[50:], right=150)

    body = student_client.get(URL, {"exam": "RN"}).json()

    theta, se = estimate_ability([1] * 150 + [0] * 100, [[q.difficulty] for q in questions[50:]])
    assert body["based_on"]["responses"] == READINESS_MAX_RESPONSES == 250
    assert body["ability"] == pytest.approx(theta, abs=1e-3)
    assert body["standard_error"] == pytest.approx(se, abs=1e-3)
    # A tutor's list reads the newest 250 per student by a window function: the same figure.
    assert readiness_for_students(user_exams={student.pk: "RN"})[student.pk] == body


def test_answers_of_a_finished_exam_count_and_of_one_in_progress_do_not(student_client, student):
    questions = calibrated_bank(60)
    answers = practice_answers(student, questions, right=40)
    finished = AdaptiveExamFactory(
        user=student, status="finished", finished_at=timezone.now(), passed=True, reason="confidence"
    )
    running = AdaptiveExamFactory(user=student)
    for position, a in enumerate(answers[:30], start=1):
        a.source = "exam"
        a.save()
        ExamItem.objects.filter(pk=present(finished, a.question, position=position).pk).update(answer=a)
    for position, a in enumerate(answers[30:], start=1):
        a.source = "exam"
        a.save()
        ExamItem.objects.filter(pk=present(running, a.question, position=position).pk).update(answer=a)
    body = student_client.get(URL, {"exam": "RN"}).json()
    assert body["based_on"] == {"exams": 1, "responses": 30}


def test_another_students_answers_are_not_mine(student_client):
    practice_answers(UserFactory(), calibrated_bank(40), right=40)
    assert student_client.get(URL, {"exam": "RN"}).json()["based_on"]["responses"] == 0


@pytest.mark.parametrize("query", [{}, {"exam": "NCLEX"}, {"exam": ""}])
def test_a_missing_or_invalid_exam_is_400(student_client, query):
    response = student_client.get(URL, query)
    assert response.status_code == 400
    assert "exam" in response.json()["errors"]


def test_anonymous_is_401(api_client):
    assert api_client.get(URL, {"exam": "RN"}).status_code == 401
