"""GET /api/users/me/performance/: a student's results by client need, type, step and week."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from practice.tests.factories import MultipleResponseFactory, QuestionFactory
from questions.models import Answer, ClientNeed
from questions.services import answers_store

pytestmark = pytest.mark.django_db

URL = "/api/users/me/performance/"


def answered(user, question, score, *, when=None, source="practice"):
    """An answer stored as the app stores one (`answers_store`: with the student's totals)."""
    return answers_store(
        [
            Answer(
                user=user,
                question=question,
                version=question.versions.get(),
                source=source,
                response={"selected": ["B"]},
                score=score,
                max_score=question.max_score,
                answered_at=when or timezone.now(),
            )
        ]
    )[0]


def group(rows, key, value):
    return next(row for row in rows if row[key] == value)


def test_with_no_answers_every_group_is_listed_empty(student_client):
    body = student_client.get(URL).json()

    assert (body["answered"], body["percent"]) == (0, None)
    assert [row["client_need"] for row in body["by_client_need"]] == ClientNeed.values
    assert all(row["answered"] == 0 and row["percent"] is None for row in body["by_client_need"])
    assert len(body["by_type"]) == 17
    assert len(body["by_cjmm_step"]) == 6
    assert len(body["weekly"]) == 12


def test_percent_is_credit_earned_over_credit_possible(student_client, student):
    answered(student, QuestionFactory(), 1)
    answered(student, MultipleResponseFactory(), 0, source="exam")  # 0 of 2, from an adaptive exam

    body = student_client.get(URL).json()

    assert (body["answered"], body["percent"]) == (2, 33.3)
    by_type = {row["type"]: row for row in body["by_type"]}
    assert (by_type["multiple_choice"]["answered"], by_type["multiple_choice"]["percent"]) == (1, 100.0)
    assert by_type["multiple_response"]["percent"] == 0.0


def test_groups_by_client_need_and_clinical_judgment_step(student_client, student):
    answered(student, QuestionFactory(client_need="reduction_of_risk", cjmm_step="take_action"), 1)
    answered(student, QuestionFactory(client_need="reduction_of_risk", cjmm_step="take_action"), 0)
    answered(student, QuestionFactory(client_need="basic_care_comfort"), 1)

    body = student_client.get(URL).json()

    risk = group(body["by_client_need"], "client_need", "reduction_of_risk")
    assert (risk["answered"], risk["percent"]) == (2, 50.0)
    action = group(body["by_cjmm_step"], "cjmm_step", "take_action")
    assert (action["answered"], action["percent"]) == (2, 50.0)
    assert sum(row["answered"] for row in body["by_cjmm_step"]) == 2  # no step: left out


def test_peers_percent_counts_every_users_answers(student_client, student):
    question = QuestionFactory(client_need="psychosocial_integrity")
    answered(student, question, 0)
    for _ in range(3):
        answered(UserFactory(), question, 1)

    row = group(student_client.get(URL).json()["by_client_need"], "client_need", "psychosocial_integrity")

    assert (row["percent"], row["peers_percent"]) == (0.0, 75.0)


def test_peers_figures_are_cached_for_a_few_minutes(student_client, student):
    question = QuestionFactory()
    answered(UserFactory(), question, 1)
    student_client.get(URL)
    answered(UserFactory(), question, 0)

    row = group(student_client.get(URL).json()["by_client_need"], "client_need", question.client_need)

    assert row["peers_percent"] == 100.0


def test_weekly_rows_are_mondays_oldest_first_with_this_weeks_answers(student_client, student):
    question = QuestionFactory()
    now = timezone.now()
    answered(student, question, 1, when=now)
    answered(student, question, 0, when=now - timedelta(weeks=1))
    answered(student, question, 1, when=now - timedelta(weeks=30))  # outside the window

    weekly = student_client.get(URL).json()["weekly"]

    mondays = [datetime.fromisoformat(row["week"]).date() for row in weekly]
    assert all(day.weekday() == 0 for day in mondays)
    assert mondays == sorted(mondays)
    assert mondays[-1] == now.date() - timedelta(days=now.weekday())
    assert (weekly[-1]["answered"], weekly[-1]["percent"]) == (1, 100.0)
    assert (weekly[-2]["answered"], weekly[-2]["percent"]) == (1, 0.0)
    assert sum(row["answered"] for row in weekly) == 2


def test_only_my_answers_count(student_client):
    answered(UserFactory(), QuestionFactory(), 1)

    assert student_client.get(URL).json()["answered"] == 0


def test_anonymous_is_401(api_client):
    assert api_client.get(URL).status_code == 401


@pytest.mark.parametrize("answers", [10, 300])
def test_performance_takes_the_same_queries_whatever_the_number_of_answers(
    student_client, student, django_assert_num_queries, answers
):
    questions = QuestionFactory.create_batch(10)
    answers_store(
        [
            Answer(
                user=student,
                question=questions[n % 10],
                version=questions[n % 10].versions.get(),
                source="practice",
                response={"selected": ["B"]},
                score=n % 2,
                max_score=1,
                answered_at=timezone.now() - timedelta(days=n % 60),
            )
            for n in range(answers)
        ]
    )

    # user; peers' totals (not yet cached); mine
    with django_assert_num_queries(3):
        assert student_client.get(URL).json()["answered"] == answers
