"""Answering, flagging, finishing and reviewing a practice test (CONTRACT §7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing import bearer_client as _client
from practice.models import PracticeItem, PracticeTest
from practice.services import practice_answer_submit, practice_tests_expire
from practice.tasks import practice_tests_expire_task
from practice.tests.factories import (
    MultipleResponseFactory,
    PracticeTestFactory,
    QuestionFactory,
    TimedPracticeTestFactory,
)
from questions.models import Answer

pytestmark = pytest.mark.django_db

RIGHT, WRONG = {"selected": ["B"]}, {"selected": ["A"]}


def answer(client, test, question, response=RIGHT, **extra):
    return client.post(
        f"/api/practice/tests/{test.pk}/answers/",
        {"item_id": str(question.pk), "response": response, **extra},
        format="json",
    )


def finish(client, test):
    return client.post(f"/api/practice/tests/{test.pk}/finish/")


def detail(client, test):
    return client.get(f"/api/practice/tests/{test.pk}/")


def expire(test):
    PracticeTest.objects.filter(pk=test.pk).update(
        started_at=timezone.now() - timedelta(minutes=10), deadline=timezone.now() - timedelta(seconds=1)
    )


@pytest.fixture
def items():
    return QuestionFactory.create_batch(3)


@pytest.fixture
def tutor_test(student, items):
    return PracticeTestFactory(user=student, questions=items, count=3)


@pytest.fixture
def timed_test(student, items):
    return TimedPracticeTestFactory(user=student, questions=items, count=3, time_limit_seconds=270)


# --- tutor mode -------------------------------------------------------------------------------


def test_a_tutor_answer_is_scored_at_once_with_key_rationale_and_peers(student_client, tutor_test, items):
    response = answer(student_client, tutor_test, items[0], seconds=42)

    assert response.status_code == 200
    assert response.json() == {
        "item_id": str(items[0].pk),
        "score": 1,
        "max_score": 1,
        "answer": {"correct": ["B"]},
        "rationale": items[0].rationale,
        "peers_percent_correct": 100.0,
    }
    stored = Answer.objects.get()
    assert (stored.score, stored.seconds, stored.source) == (1, 42, "practice")
    assert PracticeItem.objects.get(test=tutor_test, question=items[0]).answer == stored


def test_peers_percent_correct_counts_every_answer_to_the_item(student_client, tutor_test, items):
    for _ in range(3):
        other = PracticeTestFactory(questions=[items[0]])
        answer(_client(other.user), other, items[0], RIGHT)

    body = answer(student_client, tutor_test, items[0], WRONG).json()

    assert (body["score"], body["peers_percent_correct"]) == (0, 75.0)


def test_a_plus_minus_item_scores_partial_credit(student_client, student):
    item = MultipleResponseFactory()
    test = PracticeTestFactory(user=student, questions=[item])

    body = answer(student_client, test, item, {"selected": ["A", "C", "D"]}).json()

    assert (body["score"], body["max_score"]) == (1, 2)


def test_answering_an_item_again_in_tutor_mode_is_409(student_client, tutor_test, items):
    answer(student_client, tutor_test, items[0], WRONG)

    response = answer(student_client, tutor_test, items[0], RIGHT)

    assert response.status_code == 409
    assert response.json() == {"detail": "Already answered."}
    assert Answer.objects.get().score == 0


def test_a_response_of_the_wrong_shape_is_a_400_with_its_path(student_client, tutor_test, items):
    response = answer(student_client, tutor_test, items[0], {"selected": "B"})

    assert response.status_code == 400
    assert any(path.startswith("response.selected") for path in response.json()["errors"])
    assert not Answer.objects.exists()


def test_a_choice_not_in_the_item_is_a_400(student_client, tutor_test, items):
    response = answer(student_client, tutor_test, items[0], {"selected": ["Z"]})

    assert response.status_code == 400
    assert any(path.startswith("response.selected") for path in response.json()["errors"])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"item_id": "not-a-uuid", "response": RIGHT},
        {"item_id": "00000000-0000-0000-0000-000000000000"},
        {"item_id": "00000000-0000-0000-0000-000000000000", "response": None},
        {"item_id": "00000000-0000-0000-0000-000000000000", "response": RIGHT, "seconds": -1},
        {"item_id": "00000000-0000-0000-0000-000000000000", "response": RIGHT, "seconds": "soon"},
        [1, 2],
        "text",
    ],
)
def test_a_malformed_body_is_a_400(student_client, tutor_test, body):
    response = student_client.post(f"/api/practice/tests/{tutor_test.pk}/answers/", body, format="json")

    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_an_item_not_in_the_test_is_404(student_client, tutor_test):
    outside = QuestionFactory()

    assert answer(student_client, tutor_test, outside).status_code == 404


def test_another_users_test_is_404_and_unchanged(tutor_test, items):
    outsider = _client(UserFactory())

    assert answer(outsider, tutor_test, items[0]).status_code == 404
    assert detail(outsider, tutor_test).status_code == 404
    assert finish(outsider, tutor_test).status_code == 404
    assert not Answer.objects.exists()
    tutor_test.refresh_from_db()
    assert tutor_test.status == "in_progress"


def test_an_answer_to_a_finished_test_is_409(student_client, tutor_test, items):
    finish(student_client, tutor_test)

    response = answer(student_client, tutor_test, items[0])

    assert response.status_code == 409
    assert response.json() == {"detail": "This test is finished."}


@pytest.mark.parametrize("bank_size", [80, 300])
def test_submitting_an_answer_takes_the_same_queries_whatever_the_bank_size(
    student_client, student, django_assert_num_queries, bank_size
):
    questions = QuestionFactory.create_batch(bank_size)
    test = PracticeTestFactory(user=student, questions=questions[:75], count=75)

    # user; savepoint, locked test, the item's row (none yet), its version, answer insert, item
    # totals, student totals, the item's row insert, release
    with django_assert_num_queries(10):
        response = answer(student_client, test, questions[10])

    assert response.status_code == 200


# --- timed mode -------------------------------------------------------------------------------


def test_a_timed_answer_is_saved_without_revealing_anything(student_client, timed_test, items):
    response = answer(student_client, timed_test, items[0])

    assert response.status_code == 200
    assert response.json() == {"item_id": str(items[0].pk), "saved": True}
    assert not Answer.objects.exists()
    row = detail(student_client, timed_test).json()["items"][0]
    assert row["answered"] is True
    assert row["item"]["response"] == RIGHT
    assert "answer" not in row["item"] and "score" not in row["item"]


def test_in_timed_mode_the_last_answer_before_finishing_counts(student_client, timed_test, items):
    answer(student_client, timed_test, items[0], RIGHT)
    answer(student_client, timed_test, items[0], WRONG, seconds=30)

    body = finish(student_client, timed_test).json()

    stored = Answer.objects.get()
    assert (stored.response, stored.score, stored.seconds) == (WRONG, 0, 30)
    assert body["items"][0]["item"]["score"] == 0
    assert body["result"]["score"] == 0


def test_a_timed_test_past_its_deadline_refuses_the_answer_and_finishes_itself(student_client, timed_test, items):
    answer(student_client, timed_test, items[0], RIGHT)
    expire(timed_test)

    response = answer(student_client, timed_test, items[1], RIGHT)

    assert response.status_code == 409
    assert response.json() == {"detail": "This test is finished."}
    timed_test.refresh_from_db()
    assert timed_test.status == "finished"
    assert timed_test.finished_at == timed_test.deadline
    assert timed_test.result["score"] == 1  # what was saved by the deadline counts
    assert Answer.objects.count() == 1


def test_opening_an_expired_timed_test_finishes_it(student_client, timed_test, items):
    answer(student_client, timed_test, items[0], RIGHT)
    expire(timed_test)

    body = detail(student_client, timed_test).json()

    assert body["status"] == "finished"
    assert body["result"]["score"] == 1


def test_listing_my_tests_finishes_the_expired_ones(student_client, timed_test):
    expire(timed_test)

    (row,) = student_client.get("/api/practice/tests/").json()

    assert row["status"] == "finished"


def test_the_periodic_task_finishes_expired_timed_tests_only(student, items):
    expired = TimedPracticeTestFactory(user=student, questions=items[:1])
    running = TimedPracticeTestFactory(user=student, questions=items[:1])
    tutor = PracticeTestFactory(user=student, questions=items[:1])
    practice_answer_submit(user=student, test_id=expired.pk, item_id=items[0].pk, response=RIGHT)
    expire(expired)

    assert practice_tests_expire_task.delay().get() == 1

    assert [PracticeTest.objects.get(pk=t.pk).status for t in (expired, running, tutor)] == [
        "finished",
        "in_progress",
        "in_progress",
    ]
    assert Answer.objects.get().score == 1
    assert practice_tests_expire() == 0


# --- flags ------------------------------------------------------------------------------------


def test_flagging_an_item_marks_it_and_unflagging_clears_it(student_client, tutor_test, items):
    url = f"/api/practice/tests/{tutor_test.pk}/flags/"

    response = student_client.post(url, {"item_id": str(items[1].pk), "flagged": True}, format="json")

    assert response.status_code == 200
    assert response.json() == {"item_id": str(items[1].pk), "flagged": True}
    assert [row["flagged"] for row in detail(student_client, tutor_test).json()["items"]] == [False, True, False]
    student_client.post(url, {"item_id": str(items[1].pk), "flagged": False}, format="json")
    assert not PracticeItem.objects.filter(flagged=True).exists()


def test_a_flagged_item_answered_later_keeps_its_flag_and_its_one_row(student_client, tutor_test, items):
    url = f"/api/practice/tests/{tutor_test.pk}/flags/"
    student_client.post(url, {"item_id": str(items[1].pk), "flagged": False}, format="json")  # nothing to clear
    assert not PracticeItem.objects.exists()

    student_client.post(url, {"item_id": str(items[1].pk), "flagged": True}, format="json")
    assert answer(student_client, tutor_test, items[1]).status_code == 200
    assert answer(student_client, tutor_test, items[1]).status_code == 409

    (row,) = PracticeItem.objects.all()
    assert (row.position, row.question_id, row.flagged, row.answer.score) == (2, items[1].pk, True, 1)
    body = detail(student_client, tutor_test).json()
    assert [(r["answered"], r["flagged"]) for r in body["items"]] == [(False, False), (True, True), (False, False)]
    assert body["items"][1]["item"]["score"] == 1


def test_an_item_deleted_after_the_test_drew_it_leaves_the_test(student_client, admin_client, tutor_test, items):
    # Only an item nobody answered can be deleted; the test then shows and scores the others.
    assert admin_client.delete(f"/api/admin/questions/{items[2].pk}/").status_code == 204

    assert [row["item"]["id"] for row in detail(student_client, tutor_test).json()["items"]] == [
        str(items[0].pk),
        str(items[1].pk),
    ]
    assert answer(student_client, tutor_test, items[2]).status_code == 404
    flag = {"item_id": str(items[2].pk), "flagged": True}
    assert student_client.post(f"/api/practice/tests/{tutor_test.pk}/flags/", flag, format="json").status_code == 404
    assert answer(student_client, tutor_test, items[0]).status_code == 200
    assert finish(student_client, tutor_test).json()["result"]["max_score"] == 2


def test_flagging_an_item_not_in_the_test_is_404(student_client, tutor_test):
    response = student_client.post(
        f"/api/practice/tests/{tutor_test.pk}/flags/", {"item_id": str(QuestionFactory().pk), "flagged": True}
    )

    assert response.status_code == 404


def test_flagging_in_another_users_test_is_404(tutor_test, items):
    response = _client(UserFactory()).post(
        f"/api/practice/tests/{tutor_test.pk}/flags/", {"item_id": str(items[0].pk), "flagged": True}, format="json"
    )

    assert response.status_code == 404
    assert not PracticeItem.objects.filter(flagged=True).exists()


@pytest.mark.parametrize("body", [{}, {"item_id": "x", "flagged": True}, {"flagged": "perhaps"}])
def test_a_bad_flag_body_is_a_400(student_client, tutor_test, body):
    response = student_client.post(f"/api/practice/tests/{tutor_test.pk}/flags/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]


# --- finishing and review ---------------------------------------------------------------------


def test_finishing_scores_the_test_and_reveals_every_item(student_client, student):
    need_a = QuestionFactory(client_need="management_of_care")
    need_b = MultipleResponseFactory(client_need="pharmacological_therapies")
    skipped = QuestionFactory(client_need="pharmacological_therapies")
    test = PracticeTestFactory(user=student, questions=[need_a, need_b, skipped], count=3)
    answer(student_client, test, need_a, RIGHT)
    answer(student_client, test, need_b, {"selected": ["A"]})

    response = finish(student_client, test)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "finished" and body["finished_at"].endswith("Z")
    result = body["result"]
    assert (result["score"], result["max_score"], result["percent"]) == (2, 4, 50.0)
    assert result["by_client_need"] == [
        {"client_need": "management_of_care", "score": 1, "max_score": 1, "percent": 100.0},
        {"client_need": "pharmacological_therapies", "score": 1, "max_score": 3, "percent": 33.3},
    ]
    assert isinstance(result["seconds"], int)
    last = body["items"][2]["item"]
    assert (last["response"], last["score"], last["answer"]) == (None, None, {"correct": ["B"]})
    assert last["rationale"] == skipped.rationale
    assert "peers_percent_correct" in last


def test_finishing_a_finished_test_returns_it_unchanged(student_client, tutor_test, items):
    answer(student_client, tutor_test, items[0])
    first = finish(student_client, tutor_test).json()

    again = finish(student_client, tutor_test)

    assert again.status_code == 200
    assert again.json() == first
    assert Answer.objects.count() == 1


def test_a_finished_test_carries_its_result_in_the_list_and_the_detail(student_client, tutor_test, items):
    answer(student_client, tutor_test, items[0])
    finish(student_client, tutor_test)

    (row,) = student_client.get("/api/practice/tests/").json()
    body = detail(student_client, tutor_test).json()

    assert row["result"] == body["result"]
    assert row["answered_count"] == 1
    assert body["items"][0]["item"]["response"] == RIGHT


def test_my_tests_are_listed_newest_first_and_only_mine(student_client, student, items):
    older = PracticeTestFactory(user=student, questions=items, started_at=timezone.now() - timedelta(days=1))
    newer = PracticeTestFactory(user=student, questions=items)
    PracticeTestFactory(questions=items)

    body = student_client.get("/api/practice/tests/").json()

    assert [row["id"] for row in body] == [str(newer.pk), str(older.pk)]


def test_my_tests_can_be_paged(student_client, student, items):
    PracticeTestFactory.create_batch(3, user=student, questions=items)

    body = student_client.get("/api/practice/tests/?limit=2").json()

    assert body["count"] == 3
    assert len(body["results"]) == 2


@pytest.mark.parametrize("tests", [2, 20])
def test_listing_my_tests_takes_the_same_queries_whatever_their_number(
    student_client, student, items, django_assert_num_queries, tests
):
    PracticeTestFactory.create_batch(tests, user=student, questions=items)

    with django_assert_num_queries(3):  # user, expired tests, the list
        assert len(student_client.get("/api/practice/tests/").json()) == tests


@pytest.mark.parametrize("size", [10, 75])
def test_opening_a_test_takes_the_same_queries_whatever_its_size(
    student_client, student, django_assert_num_queries, size
):
    test = PracticeTestFactory(user=student, questions=QuestionFactory.create_batch(size), count=size)

    with django_assert_num_queries(4):  # user, test, the versions it shows, the rows of touched items
        assert len(detail(student_client, test).json()["items"]) == size
