"""Constant work per request whatever the bank's size: the bank is read as arrays in one query."""

import pytest

from exams.tests.conftest import answer
from exams.tests.factories import RIGHT, calibrated_bank

pytestmark = pytest.mark.django_db

# JWT user; SAVEPOINT; lock; current item; answer insert + the item's and the student's running totals;
# sitting; link; the student's course access + the bank; seen items; exam update; next version; next
# item insert; RELEASE.
ANSWER_QUERIES = 16
# JWT user; exam in progress?; course access (enrollments, free courses: a cache miss here) + the
# bank; SAVEPOINT; exam insert; seen items; version;
# item insert; RELEASE.
START_QUERIES = 11
# JWT user; SAVEPOINT; lock; RELEASE; current item with its version and case study.
DETAIL_QUERIES = 5


@pytest.mark.parametrize("bank_size", [300, 1_500])
def test_an_answer_costs_the_same_queries_at_any_bank_size(student_client, django_assert_num_queries, bank_size):
    calibrated_bank(bank_size)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    body = answer(student_client, body["id"], body["item"], RIGHT).json()  # a scored estimate exists now
    with django_assert_num_queries(ANSWER_QUERIES):
        response = answer(student_client, body["id"], body["item"], RIGHT)
    assert response.status_code == 200
    assert response.json()["position"] == 3


@pytest.mark.parametrize("bank_size", [300, 1_500])
def test_starting_costs_the_same_queries_at_any_bank_size(student_client, django_assert_num_queries, bank_size):
    calibrated_bank(bank_size)
    with django_assert_num_queries(START_QUERIES):
        response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("bank_size", [300, 1_500])
def test_resuming_costs_the_same_queries_at_any_bank_size(student_client, django_assert_num_queries, bank_size):
    calibrated_bank(bank_size)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    with django_assert_num_queries(DETAIL_QUERIES):
        response = student_client.get(f"/api/exams/{body['id']}/")
    assert response.json()["item"] == body["item"]
