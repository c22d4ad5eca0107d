"""The tutor's workspace: GET /api/tutor/students/ and /api/tutor/students/{id}/ (CONTRACT §10).

Performance and readiness are practice's and exams' own figures: the rows must equal what the
student sees at users/me/performance/ and users/me/readiness/."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import TutorFactory, UserFactory
from core.testing import assert_error, bearer_client
from courses.tests.factories import CourseFactory, CourseProgressFactory
from exams.models import ExamStatus, StopReason
from exams.tests.factories import RIGHT, WRONG, AdaptiveExamFactory, calibrated_bank
from messaging.tests.factories import MessageFactory
from questions.models import Answer, AnswerSource, QuestionVersion
from questions.services import answers_store
from tutors.services import cohort_create, tutor_assign

pytestmark = pytest.mark.django_db

LIST = "/api/tutor/students/"


def detail(student) -> str:
    return f"/api/tutor/students/{student.pk}/"


def practice_answers(user, questions, *, right: int) -> list[Answer]:
    """Practice answers of `user`, one per item (the first `right` full credit), stored as the app
    stores them (`answers_store`: with the student's performance totals)."""
    versions = {v.question_id: v for v in QuestionVersion.objects.filter(question__in=questions)}
    return answers_store(
        [
            Answer(
                user=user,
                question=q,
                version=versions[q.pk],
                source=AnswerSource.PRACTICE,
                response=RIGHT if i < right else WRONG,
                score=q.max_score if i < right else 0,
                max_score=q.max_score,
                answered_at=timezone.now(),
            )
            for i, q in enumerate(questions)
        ]
    )


def assigned(tutor, **fields):
    student = UserFactory(**fields)
    tutor_assign(actor=None, student=student, tutor_id=tutor.pk)
    return student


def finished_exam(user, *, exam="RN", passed=True, days_ago=0):
    finished = timezone.now() - timedelta(days=days_ago)
    result = {
        "passed": passed,
        "reason": StopReason.CONFIDENCE,
        "items_answered": 85,
        "scored_items": 70,
        "ability": 0.5 if passed else -0.5,
        "standard_error": 0.2,
        "passing_standard": 0.0,
        "by_client_need": [],
        "started_at": (finished - timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
        "finished_at": finished.isoformat().replace("+00:00", "Z"),
    }
    return AdaptiveExamFactory(
        user=user,
        exam=exam,
        status=ExamStatus.FINISHED,
        started_at=finished - timedelta(hours=2),
        finished_at=finished,
        passed=passed,
        reason=StopReason.CONFIDENCE,
        result=result,
    )


def test_a_tutor_sees_only_their_students_by_name(tutor_client, tutor):
    assigned(tutor, full_name="Zoe")
    assigned(tutor, full_name="Abe")
    assigned(TutorFactory(), full_name="Not mine")
    UserFactory(full_name="Nobody's")

    response = tutor_client.get(LIST)

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()] == ["Abe", "Zoe"]


def test_a_row_has_progress_performance_latest_exam_readiness_and_activity(tutor_client, tutor):
    student = assigned(tutor)
    course = CourseFactory(title="Pharmacology")
    CourseProgressFactory(user=student, course=course, progress_percentage=60)
    CourseProgressFactory(user=student, course=CourseFactory(is_published=False))
    practice_answers(student, calibrated_bank(40, low=-1.0, high=1.0), right=30)
    finished_exam(student, passed=False, days_ago=3)
    latest = finished_exam(student, passed=True)

    (row,) = tutor_client.get(LIST).json()

    assert [(c["course_id"], c["title"], c["progress_percentage"]) for c in row["courses"]] == [
        (str(course.pk), "Pharmacology", 60)
    ]
    own = bearer_client(student).get("/api/users/me/performance/").json()
    assert row["performance"]["answered"] == own["answered"] == 40
    assert row["performance"]["percent"] == own["percent"]
    assert row["performance"]["by_client_need"] == [
        {key: need[key] for key in ("client_need", "answered", "percent")} for need in own["by_client_need"]
    ]
    assert row["latest_exam"]["id"] == str(latest.pk)
    assert row["latest_exam"]["result"]["passed"] is True
    assert row["readiness"] == bearer_client(student).get("/api/users/me/readiness/", {"exam": "RN"}).json()
    assert row["readiness"]["pass_probability"] is not None
    assert row["last_activity"] is not None
    assert row["cohort"] is None


def test_readiness_follows_the_test_of_the_latest_exam(tutor_client, tutor):
    student = assigned(tutor)
    practice_answers(student, calibrated_bank(40, low=-1.0, high=1.0), right=25)
    finished_exam(student, exam="PN")

    (row,) = tutor_client.get(LIST).json()

    assert row["readiness"] == bearer_client(student).get("/api/users/me/readiness/", {"exam": "PN"}).json()


def test_a_student_with_nothing_yet_has_empty_figures(tutor_client, tutor):
    assigned(tutor)

    (row,) = tutor_client.get(LIST).json()

    assert row["courses"] == []
    assert row["performance"]["answered"] == 0
    assert row["performance"]["percent"] is None
    assert len(row["performance"]["by_client_need"]) == 8
    assert row["latest_exam"] is None
    assert row["readiness"]["exam"] == "RN"
    assert row["readiness"]["pass_probability"] is None
    assert row["last_activity"] is None


def test_last_activity_is_the_latest_of_login_answers_progress_and_messages(tutor_client, tutor):
    student = assigned(tutor)
    message = MessageFactory(sender=student, receiver=tutor, created_at=timezone.now() - timedelta(minutes=5))
    student.last_login = timezone.now() - timedelta(days=2)
    student.save(update_fields=["last_login"])

    (row,) = tutor_client.get(LIST).json()

    assert row["last_activity"] == message.created_at.isoformat().replace("+00:00", "Z")


def test_the_list_filters_by_cohort(tutor_client, tutor, admin_user):
    in_cohort = UserFactory(full_name="In")
    cohort = cohort_create(actor=admin_user, name="RN — May", tutor_id=tutor.pk, student_ids=[in_cohort.pk])
    assigned(tutor, full_name="Out")

    rows = tutor_client.get(LIST, {"cohort": str(cohort.pk)}).json()

    assert [(row["full_name"], row["cohort"]) for row in rows] == [("In", {"id": str(cohort.pk), "name": "RN — May"})]
    assert_error(tutor_client.get(LIST, {"cohort": "nope"}), 400, field="cohort")


def test_the_list_pages_with_limit(tutor_client, tutor):
    for _ in range(3):
        assigned(tutor)

    body = tutor_client.get(LIST, {"limit": 2, "offset": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 1


def _student_with_everything(tutor):
    student = assigned(tutor)
    CourseProgressFactory(user=student)
    finished_exam(student)
    return student


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_costs_the_same_queries_whatever_its_size(tutor_client, tutor, django_assert_num_queries, rows):
    bank = calibrated_bank(35)
    for _ in range(rows):
        practice_answers(_student_with_everything(tutor), bank, right=20)

    # authentication; the students; progress; performance; latest exams; readiness
    with django_assert_num_queries(6):
        response = tutor_client.get(LIST)
    assert len(response.json()) == rows
    with django_assert_num_queries(7):  # and the page's count
        response = tutor_client.get(LIST, {"limit": 100})
    assert len(response.json()["results"]) == rows
    assert all(row["readiness"]["based_on"]["responses"] == 35 for row in response.json()["results"])


def test_detail_is_the_row_with_the_whole_performance_page(tutor_client, tutor):
    student = assigned(tutor)
    practice_answers(student, calibrated_bank(40, low=-1.0, high=1.0), right=30)

    response = tutor_client.get(detail(student))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(student.pk)
    assert body["performance"] == bearer_client(student).get("/api/users/me/performance/").json()
    assert [r["exam"] for r in body["readiness_by_exam"]] == ["RN", "PN"]
    assert body["readiness_by_exam"][0] == body["readiness"]


def test_another_tutors_student_is_404(tutor_client):
    other = assigned(TutorFactory())
    assert_error(tutor_client.get(detail(other)), 404)
    assert_error(tutor_client.get(f"{LIST}{uuid.uuid4()}/"), 404)


def test_an_unassigned_student_is_404_after_the_change(tutor_client, tutor):
    student = assigned(tutor)
    tutor_assign(actor=None, student=student, tutor_id=None)
    assert_error(tutor_client.get(detail(student)), 404)
    assert tutor_client.get(LIST).json() == []


@pytest.mark.parametrize("client_fixture", ["student_client", "admin_client"])
def test_only_tutors_have_a_workspace(request, client_fixture, tutor):
    client = request.getfixturevalue(client_fixture)
    student = assigned(tutor)
    assert_error(client.get(LIST), 403)
    assert_error(client.get(detail(student)), 403)


def test_anonymous_gets_401(api_client, tutor):
    assert_error(api_client.get(LIST), 401)
