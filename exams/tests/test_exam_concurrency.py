"""Two requests at once for one student's exam: a double click, two tabs (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from conftest import bearer_client
from exams.models import AdaptiveExam, ExamItem
from exams.tests.factories import RIGHT, calibrated_bank
from questions.models import Answer

REQUESTS = 2


def _together(call) -> list[int]:
    start = threading.Barrier(REQUESTS)
    statuses: list[int] = []

    def run():
        try:
            start.wait()
            statuses.append(call())
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=run) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_two_answers_to_one_position_at_once_record_one(student):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    calibrated_bank(120)
    client = bearer_client(student)
    body = client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    payload = {"item_id": body["item"]["id"], "response": RIGHT}

    statuses = _together(
        lambda: bearer_client(student).post(f"/api/exams/{body['id']}/answer/", payload, format="json").status_code
    )

    assert statuses == [200, 409]
    assert Answer.objects.filter(user=student).count() == 1
    assert ExamItem.objects.filter(exam_id=body["id"]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_exam(student):
    if connection.vendor != "postgresql":
        pytest.skip("the partial unique index is the guard; SQLite serializes writes anyway")
    calibrated_bank(120)

    statuses = _together(lambda: bearer_client(student).post("/api/exams/", {"exam": "RN"}, format="json").status_code)

    assert statuses == [201, 409]
    assert AdaptiveExam.objects.filter(user=student).count() == 1
