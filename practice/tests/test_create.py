"""Starting a practice test: POST /api/practice/tests/ (CONTRACT §7)."""

import pytest
from django.db import connection

from courses.tests.factories import EnrollmentFactory, PaidCourseFactory
from practice.models import PracticeItem, PracticeTest
from practice.tests.factories import QuestionFactory, TimedPracticeTestFactory, case_study_make
from questions.models import Answer, ItemExam, Question, Status

pytestmark = pytest.mark.django_db

URL = "/api/practice/tests/"


def flag(client, test, question):
    response = client.post(
        f"/api/practice/tests/{test.pk}/flags/", {"item_id": str(question.pk), "flagged": True}, format="json"
    )
    assert response.status_code == 200


def start(client, **body):
    return client.post(URL, {"exam": "RN", "mode": "tutor", "count": 10, **body}, format="json")


def item_ids(response) -> list[str]:
    return [row["item"]["id"] for row in response.json()["items"]]


def test_a_tutor_test_starts_in_progress_with_the_items_asked(student_client):
    QuestionFactory.create_batch(12)

    response = start(student_client, count=10)

    assert response.status_code == 201
    body = response.json()
    assert (body["exam"], body["mode"], body["status"], body["count"]) == ("RN", "tutor", "in_progress", 10)
    assert body["time_limit_seconds"] is None
    assert body["started_at"].endswith("Z")
    assert [row["position"] for row in body["items"]] == list(range(1, 11))
    assert all(row["answered"] is False and row["flagged"] is False for row in body["items"])
    assert len(set(item_ids(response))) == 10


def test_a_timed_test_has_a_limit_of_seconds_per_item(student_client, settings):
    settings.PRACTICE_SECONDS_PER_ITEM = 75
    QuestionFactory.create_batch(4)

    body = start(student_client, mode="timed", count=4).json()

    assert body["time_limit_seconds"] == 300
    assert body["deadline"].endswith("Z")


def test_fewer_items_than_asked_when_fewer_match(student_client):
    QuestionFactory.create_batch(3)

    body = start(student_client, count=20).json()

    assert body["count"] == 3
    assert len(body["items"]) == 3


def test_no_matching_question_is_a_400_with_the_contract_message(student_client):
    QuestionFactory(status=Status.DRAFT)

    response = start(student_client)

    assert response.status_code == 400
    assert response.json()["detail"] == "No questions match these filters."
    assert not PracticeTest.objects.exists()


def test_only_published_items_for_the_exam_are_served(student_client):
    rn, both = QuestionFactory(exam=ItemExam.RN), QuestionFactory(exam=ItemExam.BOTH)
    QuestionFactory(exam=ItemExam.PN)
    QuestionFactory(status=Status.DRAFT)
    QuestionFactory(status=Status.RETIRED)

    assert set(item_ids(start(student_client))) == {str(rn.pk), str(both.pk)}


def test_items_of_a_course_the_student_cannot_access_are_not_served(student_client, student):
    open_item, locked, bought = QuestionFactory(), QuestionFactory(), QuestionFactory()
    locked.courses.add(PaidCourseFactory())
    enrolled = PaidCourseFactory()
    EnrollmentFactory(user=student, course=enrolled)
    bought.courses.add(enrolled)

    assert set(item_ids(start(student_client))) == {str(open_item.pk), str(bought.pk)}


@pytest.mark.parametrize("mode", ["tutor", "timed"])
def test_the_new_test_is_shown_as_reading_it_back_shows_it(student_client, mode):
    """The create response is built from the rows the test was built from, not read back: it must
    be the same body, case-study exhibits revealed step by step included."""
    QuestionFactory.create_batch(4)
    case_study_make()

    created = start(student_client, count=10, mode=mode)

    assert created.status_code == 201
    read = student_client.get(f"{URL}{created.json()['id']}/")
    assert created.json() == read.json()
    steps = [row["item"]["case_study"]["exhibits"] for row in read.json()["items"] if "case_study" in row["item"]]
    assert [len(exhibits) for exhibits in steps] == [1, 1, 1, 2, 2, 2]


def test_a_student_with_no_linked_course_is_served_the_open_items_only(student_client):
    open_item, locked = QuestionFactory(), QuestionFactory()
    locked.courses.add(PaidCourseFactory())

    assert set(item_ids(start(student_client))) == {str(open_item.pk)}


def test_linking_an_item_to_a_course_after_a_test_was_built_is_seen_by_the_next(
    student_client, django_capture_on_commit_callbacks
):
    """The courses items are linked to are kept per bank version: a new link changes the version."""
    open_item, soon_locked = QuestionFactory(), QuestionFactory()
    assert set(item_ids(start(student_client))) == {str(open_item.pk), str(soon_locked.pk)}

    with django_capture_on_commit_callbacks(execute=True):
        soon_locked.courses.add(PaidCourseFactory())

    assert set(item_ids(start(student_client))) == {str(open_item.pk)}


def test_client_needs_and_types_filter_the_items(student_client):
    wanted = QuestionFactory(client_need="pharmacological_therapies", type="multiple_choice")
    QuestionFactory(client_need="pharmacological_therapies", type="multiple_response", answer={"correct": ["A"]})
    QuestionFactory(client_need="basic_care_comfort")

    response = start(student_client, client_needs=["pharmacological_therapies"], types=["multiple_choice"])

    assert item_ids(response) == [str(wanted.pk)]


def test_the_unused_pool_leaves_out_items_i_answered_in_any_source(student_client, student):
    fresh, seen_in_exam = QuestionFactory(), QuestionFactory()
    _answer(student, seen_in_exam, score=1, source="exam")

    assert item_ids(start(student_client, pool="unused")) == [str(fresh.pk)]


def test_the_incorrect_pool_takes_items_whose_latest_answer_missed_points(student_client, student, admin_user):
    missed, corrected, right = QuestionFactory(), QuestionFactory(), QuestionFactory()
    _answer(student, missed, score=0, minutes_ago=5)
    _answer(student, corrected, score=0, minutes_ago=10)
    _answer(student, corrected, score=1, minutes_ago=1)
    _answer(student, right, score=1)
    _answer(admin_user, right, score=0)  # someone else's miss does not count

    assert item_ids(start(student_client, pool="incorrect")) == [str(missed.pk)]


def test_the_flagged_pool_takes_items_i_flagged_in_any_test(student_client, student):
    flagged, other = QuestionFactory(), QuestionFactory()
    test = TimedPracticeTestFactory(user=student, questions=[flagged, other])
    flag(student_client, test, flagged)

    assert item_ids(start(student_client, pool="flagged")) == [str(flagged.pk)]


def test_a_case_study_is_served_whole_and_in_step_order(student_client):
    case, items = case_study_make()

    body = start(student_client, count=6).json()

    assert item_ids_of(body) == [str(q.pk) for q in items]
    assert [row["item"]["cjmm_step"] for row in body["items"]] == [q.cjmm_step for q in items]
    assert all(row["item"]["case_study"]["id"] == str(case.pk) for row in body["items"])


def test_a_case_study_is_left_out_when_it_does_not_fit(student_client):
    case_study_make()
    single = QuestionFactory()

    body = start(student_client, count=5).json()

    assert item_ids_of(body) == [str(single.pk)]


def test_a_case_study_counts_six_toward_the_count(student_client):
    case_study_make()
    QuestionFactory.create_batch(10)

    body = start(student_client, count=8).json()

    assert body["count"] == 8
    in_case = [row for row in body["items"] if "case_study" in row["item"]]
    assert len(in_case) in (0, 6)


def test_a_case_study_shows_only_the_exhibits_revealed_by_its_step(student_client):
    case_study_make()

    body = start(student_client, count=6).json()

    tabs = [[e["tab"] for e in row["item"]["case_study"]["exhibits"]] for row in body["items"]]
    assert tabs[:3] == [["Nurses' Notes"]] * 3
    assert tabs[3:] == [["Nurses' Notes", "Vital Signs"]] * 3


def test_a_case_study_with_an_item_outside_the_filters_is_not_served(student_client):
    case_study_make(client_need="reduction_of_risk")
    _, items = case_study_make(client_need="basic_care_comfort")
    items[0].client_need = "reduction_of_risk"
    items[0].save()

    body = start(student_client, count=12, client_needs=["reduction_of_risk"]).json()

    assert len(body["items"]) == 6
    assert str(items[0].pk) not in item_ids_of(body)


def test_the_order_is_random(student_client):
    QuestionFactory.create_batch(30)

    orders = {tuple(item_ids(start(student_client, count=30))) for _ in range(4)}

    assert len(orders) > 1


def test_a_tutor_and_an_admin_may_practise_too(tutor_client, admin_client):
    QuestionFactory()

    assert start(tutor_client).status_code == 201
    assert start(admin_client).status_code == 201


def test_anonymous_is_401(api_client):
    assert start(api_client).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"exam": "NCLEX"}, "exam"),
        ({"mode": "exam"}, "mode"),
        ({"count": 0}, "count"),
        ({"count": 151}, "count"),
        ({"count": "ten"}, "count"),
        ({"client_needs": ["cardiology"]}, "client_needs"),
        ({"client_needs": "management_of_care"}, "client_needs"),
        ({"types": ["essay"]}, "types"),
        ({"pool": "favourites"}, "pool"),
    ],
)
def test_a_bad_field_is_a_400_naming_it(student_client, body, field):
    QuestionFactory()

    response = start(student_client, **body)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not PracticeTest.objects.exists()


@pytest.mark.parametrize("body", [[], "text", 7, None, {"exam": {"RN": 1}}])
def test_garbage_json_is_a_400(student_client, body):
    response = student_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_a_new_test_keeps_its_items_on_its_own_row(student_client):
    questions = QuestionFactory.create_batch(5)

    body = start(student_client, count=5).json()

    test = PracticeTest.objects.get()
    assert [slot[0] for slot in test.slots] == item_ids_of(body)
    assert {slot[0] for slot in test.slots} == {str(q.pk) for q in questions}
    assert [slot[1] for slot in test.slots] == [
        str(Question.objects.get(pk=q).versions.get().pk) for q, _ in test.slots
    ]
    assert not PracticeItem.objects.exists()  # written when an item is first answered, saved or flagged


@pytest.mark.parametrize(
    ("items", "case_studies", "queries"),
    [
        (50, 0, 8),  # no case study in the bank
        (500, 0, 8),
        (20, 2, 9),  # every case study fits, so both are drawn: their items are one query more
        (40, 5, 9),
    ],
)
def test_creating_a_75_item_test_takes_the_same_queries_whatever_the_bank_size(
    student_client, django_assert_num_queries, items, case_studies, queries
):
    QuestionFactory.create_batch(items)
    for _ in range(case_studies):
        case_study_make()

    # user; the courses items are linked to (once per bank version: none here, so the student's
    # access is not read); the stand-alone items drawn with what the student sees of them; the
    # case studies drawn; [the drawn case studies' items]; savepoint, no waiting for the disk at
    # commit (PostgreSQL only), the test with its items, release
    with django_assert_num_queries(queries if connection.vendor == "postgresql" else queries - 1):
        response = start(student_client, count=75)

    assert response.status_code == 201
    assert response.json()["count"] == min(75, items + 6 * case_studies)


def item_ids_of(body) -> list[str]:
    return [row["item"]["id"] for row in body["items"]]


def _answer(user, question, *, score, source="practice", minutes_ago=1):
    from datetime import timedelta

    from django.utils import timezone

    version = question.versions.get()
    return Answer.objects.create(
        user=user,
        question=question,
        version=version,
        source=source,
        response={"selected": ["B" if score else "A"]},
        score=score,
        max_score=1,
        answered_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_case_study_with_one_item_i_missed_comes_back_whole_in_the_incorrect_pool(student_client, student):
    _, items = case_study_make()
    case_study_make()  # never answered
    _answer(student, items[2], score=0)

    body = start(student_client, count=12, pool="incorrect").json()

    assert item_ids_of(body) == [str(q.pk) for q in items]


def test_a_case_study_with_an_answered_item_is_not_in_the_unused_pool(student_client, student):
    _, seen = case_study_make()
    _, fresh = case_study_make()
    _answer(student, seen[5], score=1)

    body = start(student_client, count=12, pool="unused").json()

    assert item_ids_of(body) == [str(q.pk) for q in fresh]


def test_a_case_study_with_a_flagged_item_is_in_the_flagged_pool(student_client, student):
    _, flagged = case_study_make()
    case_study_make()
    test = TimedPracticeTestFactory(user=student, questions=flagged)
    flag(student_client, test, flagged[1])

    body = start(student_client, count=12, pool="flagged").json()

    assert item_ids_of(body) == [str(q.pk) for q in flagged]
