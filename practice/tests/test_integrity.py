"""Integrity rules: nothing about an item leaks before it is answered, and concurrent submissions of
one answer make one row."""

import json
import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from practice.models import PracticeItem, PracticeTest
from practice.services import practice_answer_submit, practice_test_finish
from practice.tests.factories import PracticeTestFactory, QuestionFactory, TimedPracticeTestFactory, case_study_make
from questions.models import Answer

SECRET_KEYS = {"answer", "rationale", "difficulty", "calibrated", "stats", "discrimination", "peers_percent_correct"}


def keys_and_values(value):
    """Every key and every scalar value anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield ("key", key)
            yield from keys_and_values(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_and_values(inner)
    else:
        yield ("value", value)


def assert_nothing_leaks(body, questions):
    found = set(keys_and_values(body))
    text = json.dumps(body)
    leaked_keys = {key for kind, key in found if kind == "key"} & SECRET_KEYS
    assert not leaked_keys, leaked_keys
    for question in questions:
        assert question.rationale not in text
        assert str(question.difficulty) not in text
        assert json.dumps(question.answer) not in text


@pytest.mark.django_db
def test_no_student_facing_endpoint_shows_a_key_before_the_answer(student_client, student):
    _, case_items = case_study_make(rationale="Case-rationale-secret", difficulty=1.9876)
    singles = QuestionFactory.create_batch(4, answer={"correct": ["C"]})
    # Other students' answers give the items statistics and a peers' figure to leak.
    other = TimedPracticeTestFactory(questions=singles)
    for item in singles:
        practice_answer_submit(user=other.user, test_id=other.pk, item_id=item.pk, response={"selected": ["C"]})
    practice_test_finish(user=other.user, test_id=other.pk)
    assert Answer.objects.count() == 4
    questions = case_items + singles

    created = student_client.post(
        "/api/practice/tests/", {"exam": "RN", "mode": "timed", "count": 10}, format="json"
    ).json()
    test_id = created["id"]
    first = created["items"][0]["item"]["id"]
    saved = student_client.post(
        f"/api/practice/tests/{test_id}/answers/", {"item_id": first, "response": {"selected": ["A"]}}, format="json"
    ).json()
    flagged = student_client.post(
        f"/api/practice/tests/{test_id}/flags/", {"item_id": first, "flagged": True}, format="json"
    ).json()
    listed = student_client.get("/api/practice/tests/").json()
    opened = student_client.get(f"/api/practice/tests/{test_id}/").json()

    assert len(created["items"]) == 10
    for body in (created, saved, flagged, listed, opened):
        assert_nothing_leaks(body, questions)


@pytest.mark.django_db
def test_in_tutor_mode_only_the_answered_item_is_revealed(student_client, student):
    questions = QuestionFactory.create_batch(3)
    test = PracticeTestFactory(user=student, questions=questions, count=3)
    student_client.post(
        f"/api/practice/tests/{test.pk}/answers/",
        {"item_id": str(questions[0].pk), "response": {"selected": ["B"]}},
        format="json",
    )

    items = student_client.get(f"/api/practice/tests/{test.pk}/").json()["items"]

    assert items[0]["item"]["rationale"] == questions[0].rationale
    assert_nothing_leaks(items[1:], questions[1:])


SUBMISSIONS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_answer_make_one_row(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes every write anyway")
    from accounts.tests.factories import UserFactory

    student = UserFactory()
    question = QuestionFactory()
    test = PracticeTestFactory(user=student, questions=[question])
    token = str(RefreshToken.for_user(student).access_token)
    start = threading.Barrier(SUBMISSIONS)
    statuses: list[int] = []

    def submit():
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            start.wait()
            response = client.post(
                f"/api/practice/tests/{test.pk}/answers/",
                {"item_id": str(question.pk), "response": {"selected": ["B"]}},
                format="json",
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [409] * (SUBMISSIONS - 1)
    assert Answer.objects.count() == 1
    question.refresh_from_db()
    assert question.answer_count == 1
    assert PracticeItem.objects.get(test=test).answer_id is not None
    assert PracticeTest.objects.get(pk=test.pk).status == "in_progress"
