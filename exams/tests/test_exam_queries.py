"""Constant work per request whatever the bank's size: the bank's rows are read once per bank version
(two queries) and kept in the shared cache; an answer reads none of them while the bank is unchanged."""

import pytest

from exams.tests.conftest import answer, sit, start
from exams.tests.factories import RIGHT, WRONG, calibrated_bank, right_answer

pytestmark = pytest.mark.django_db

# JWT user; SAVEPOINT; lock; current item; answer insert + the item's and the student's running totals;
# sitting; link; exam update; next version; next item insert; RELEASE. The bank and the items of the
# student's earlier exams: cached (the second read once per sitting, at its start).
ANSWER_QUERIES = 13
# JWT user; exam in progress?; the bank (a new version: its course links and its rows); SAVEPOINT;
# exam insert; the items of the student's earlier exams; version; item insert; RELEASE.
START_QUERIES = 10
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


@pytest.mark.parametrize("bank_size", [300, 1_500])
def test_an_answer_over_a_bank_with_course_items_costs_one_more_query_at_any_size(
    student_client, django_assert_num_queries, bank_size
):
    from courses.tests.factories import PaidCourseFactory

    calibrated_bank(bank_size)
    calibrated_bank(20)[0].courses.add(PaidCourseFactory())  # some items for a course's students only
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    body = answer(student_client, body["id"], body["item"], RIGHT).json()
    with django_assert_num_queries(ANSWER_QUERIES + 1):  # + the student's course access
        response = answer(student_client, body["id"], body["item"], RIGHT)
    assert response.status_code == 200


@pytest.mark.parametrize("earlier_exams", [0, 3])
def test_an_answer_costs_the_same_queries_whatever_the_students_exam_history(
    student_client, django_assert_num_queries, earlier_exams
):
    calibrated_bank(300)
    for _ in range(earlier_exams):
        sit(student_client, start(student_client), right_answer)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    body = answer(student_client, body["id"], body["item"], RIGHT).json()
    with django_assert_num_queries(ANSWER_QUERIES):
        response = answer(student_client, body["id"], body["item"], RIGHT)
    assert response.status_code == 200


@pytest.mark.parametrize("position", [3, 70])
def test_an_answer_costs_the_same_queries_at_any_position_in_the_exam(
    student_client, django_assert_num_queries, settings, position
):
    settings.EXAM_MIN_ITEMS, settings.EXAM_MAX_ITEMS = 85, 150  # the NCLEX's length: nothing ends before 85
    calibrated_bank(300)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    for answered in range(1, position):  # right and wrong in turn: the likelihood estimate, not the prior's
        body = answer(student_client, body["id"], body["item"], RIGHT if answered % 2 else WRONG).json()
    assert body["position"] == position
    with django_assert_num_queries(ANSWER_QUERIES):
        response = answer(student_client, body["id"], body["item"], RIGHT)
    assert response.status_code == 200
    assert response.json()["position"] == position + 1
