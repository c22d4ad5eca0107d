"""Lesson progress (CONTRACT §11): resume positions, completion, and the course's percentage derived
from its lessons, with the seed's course-level endpoint still working."""

import threading
import uuid

import pytest
from django.db import IntegrityError, connection

from accounts.tests.factories import UserFactory
from core.testing import assert_error, bearer_client
from courses.models import Certificate, CourseProgress, LessonProgress
from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory
from courses.tests.lesson_factories import LessonFactory, LessonProgressFactory, SectionFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def report(client, lesson, **body):
    return client.put(f"/api/users/me/lessons/{lesson.pk}/progress/", body, format="json")


def set_course(client, course, percentage):
    return client.put(f"/api/users/me/progress/{course.pk}/", {"progress_percentage": percentage}, format="json")


def course_row(user, course) -> CourseProgress:
    return CourseProgress.objects.get(user=user, course=course)


def completed_titles(user) -> set:
    return set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list("lesson__title", flat=True)
    )


def test_reporting_a_position_creates_my_row_in_the_contract_shape(student_client):
    _, lessons = course_with_lessons(2)

    response = report(student_client, lessons[0], position_seconds=95)

    assert response.status_code == 200
    assert response.json() == {
        "lesson_id": str(lessons[0].pk),
        "position_seconds": 95,
        "completed": False,
        "completed_at": None,
        "updated_at": response.json()["updated_at"],
    }


def test_a_later_position_moves_the_same_row(student_client, student):
    _, lessons = course_with_lessons(1)
    report(student_client, lessons[0], position_seconds=10)

    report(student_client, lessons[0], position_seconds=200)

    assert LessonProgress.objects.get(user=student).position_seconds == 200


def test_completing_lessons_moves_the_course_percentage_by_share_rounded_down(student_client, student):
    course, lessons = course_with_lessons(3, sections=2)

    report(student_client, lessons[0], completed=True)
    assert course_row(student, course).progress_percentage == 33
    report(student_client, lessons[1], completed=True)
    assert course_row(student, course).progress_percentage == 66
    assert course_row(student, course).completed_at is None

    report(student_client, lessons[2], completed=True)
    row = course_row(student, course)
    assert row.progress_percentage == 100
    assert row.completed_at is not None
    assert student_client.get("/api/users/me/progress/").json()[0]["progress_percentage"] == 100


def test_completing_a_lesson_again_keeps_its_first_completion_time(student_client):
    _, lessons = course_with_lessons(2)
    first = report(student_client, lessons[0], completed=True).json()["completed_at"]

    again = report(student_client, lessons[0], completed=True, position_seconds=5).json()

    assert again["completed_at"] == first


def test_uncompleting_a_lesson_lowers_the_course_and_clears_its_completion(student_client, student):
    course, lessons = course_with_lessons(2)
    for lesson in lessons:
        report(student_client, lesson, completed=True)

    body = report(student_client, lessons[1], completed=False).json()

    assert body["completed"] is False and body["completed_at"] is None
    row = course_row(student, course)
    assert (row.progress_percentage, row.completed_at) == (50, None)


def test_course_level_100_completes_every_lesson_and_0_resets_them(student_client, student):
    course, lessons = course_with_lessons(4)
    report(student_client, lessons[0], position_seconds=42)

    response = set_course(student_client, course, 100)
    assert response.status_code == 200
    assert response.json()["progress_percentage"] == 100
    assert completed_titles(student) == {lesson.title for lesson in lessons}

    response = set_course(student_client, course, 0)
    assert response.json()["progress_percentage"] == 0
    assert response.json()["completed_at"] is None
    assert not LessonProgress.objects.filter(user=student).exists()


def test_a_course_level_percentage_between_completes_lessons_in_outline_order(student_client, student):
    course, lessons = course_with_lessons(4, sections=2)
    report(student_client, lessons[3], completed=True)

    response = set_course(student_client, course, 60)

    assert response.json()["progress_percentage"] == 50  # 2 of 4 lessons: the largest share not above 60
    assert completed_titles(student) == {lessons[0].title, lessons[1].title}


def test_course_level_progress_of_a_course_without_lessons_is_stored_as_sent(student_client, student):
    course = CourseFactory()

    assert set_course(student_client, course, 45).json()["progress_percentage"] == 45
    assert not LessonProgress.objects.exists()


def test_a_paid_course_without_access_refuses_lesson_progress_with_403(student_client):
    course = PaidCourseFactory()
    lesson = LessonFactory(section=SectionFactory(course=course), is_preview=True)

    assert_error(report(student_client, lesson, completed=True), 403, "Enroll in this course to track progress.")
    assert not LessonProgress.objects.exists()
    assert not CourseProgress.objects.exists()


def test_an_enrolled_student_tracks_a_paid_course(student_client, student):
    course = PaidCourseFactory()
    lesson = LessonFactory(section=SectionFactory(course=course))
    EnrollmentFactory(user=student, course=course)

    assert report(student_client, lesson, completed=True).status_code == 200
    assert course_row(student, course).progress_percentage == 100


def test_an_unknown_lesson_or_one_of_an_unpublished_course_is_404(student_client):
    hidden = LessonFactory(section=SectionFactory(course=CourseFactory(is_published=False)))

    assert_error(student_client.put(f"/api/users/me/lessons/{uuid.uuid4()}/progress/", {"completed": True}), 404)
    assert_error(report(student_client, hidden, completed=True), 404, "Not found.")


def test_lesson_progress_needs_authentication(api_client):
    _, lessons = course_with_lessons(1)

    assert_error(report(api_client, lessons[0], completed=True), 401)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"position_seconds": -1},
        {"position_seconds": "10"},
        {"position_seconds": 1.5},
        {"position_seconds": True},
        {"position_seconds": 10**9},
        {"completed": "yes"},
        {"completed": 1},
        {"completed": None},
    ],
)
def test_bad_input_is_400_and_writes_nothing(student_client, body):
    _, lessons = course_with_lessons(1)

    assert_error(report(student_client, lessons[0], **body), 400)
    assert not LessonProgress.objects.exists()


def test_my_lessons_list_my_rows_only_optionally_for_one_course(student_client, student):
    course, lessons = course_with_lessons(2)
    _, others = course_with_lessons(1)
    LessonProgressFactory(user=student, lesson=lessons[0], position_seconds=77)
    LessonProgressFactory(user=student, lesson=others[0])
    LessonProgressFactory(lesson=lessons[1])  # another student's

    every = student_client.get("/api/users/me/lessons/").json()
    mine_here = student_client.get(f"/api/users/me/lessons/?course_id={course.pk}").json()

    assert {row["lesson_id"] for row in every} == {str(lessons[0].pk), str(others[0].pk)}
    assert mine_here == [
        {
            "lesson_id": str(lessons[0].pk),
            "position_seconds": 77,
            "completed": False,
            "completed_at": None,
            "updated_at": mine_here[0]["updated_at"],
        }
    ]


def test_my_lessons_with_a_malformed_course_id_is_400(student_client):
    assert_error(student_client.get("/api/users/me/lessons/?course_id=nope"), 400, field="course_id")


@pytest.mark.parametrize("rows", [1, 6])
def test_my_lessons_query_count_does_not_grow(student_client, student, django_assert_num_queries, rows):
    _, lessons = course_with_lessons(rows)
    for lesson in lessons:
        LessonProgressFactory(user=student, lesson=lesson)

    with django_assert_num_queries(2):  # authenticate, then the rows
        assert len(student_client.get("/api/users/me/lessons/").json()) == rows


def test_adding_a_lesson_lowers_every_students_share_and_removing_it_restores_it(admin_client, student_client, student):
    course, lessons = course_with_lessons(1)
    report(student_client, lessons[0], completed=True)
    section = lessons[0].section

    created = admin_client.post(
        f"/api/admin/sections/{section.pk}/lessons/", {"title": "New", "kind": "reading", "body": "Read me."}
    )
    assert course_row(student, course).progress_percentage == 50
    assert course_row(student, course).completed_at is None

    admin_client.delete(f"/api/admin/lessons/{created.json()['id']}/")
    assert course_row(student, course).progress_percentage == 100


def test_the_database_keeps_one_row_per_student_and_lesson():
    row = LessonProgressFactory()

    with pytest.raises(IntegrityError):
        LessonProgressFactory(user=row.user, lesson=row.lesson)


# --- Concurrency (PostgreSQL) -----------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_completing_different_lessons_at_once_counts_every_one():
    student = UserFactory()
    course, lessons = course_with_lessons(6)
    start = threading.Barrier(len(lessons))
    statuses, errors = [], []

    def complete(lesson):
        try:
            client = bearer_client(student)
            start.wait()
            statuses.append(report(client, lesson, completed=True).status_code)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(lesson,)) for lesson in lessons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [200] * len(lessons)
    assert course_row(student, course).progress_percentage == 100
    assert Certificate.objects.filter(user=student, course=course).count() == 1
