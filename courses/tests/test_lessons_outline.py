"""`GET /api/courses/{id}/` with the course outline (CONTRACT §11): sections, ordered lessons, totals;
lesson content only for who may open it."""

import pytest

from courses.tests.factories import CourseFactory, EnrollmentFactory, PaidCourseFactory
from courses.tests.lesson_factories import LessonFactory, ReadingLessonFactory, SectionFactory

pytestmark = pytest.mark.django_db

LESSON_FIELDS = {
    "id",
    "title",
    "position",
    "kind",
    "video_url",
    "body",
    "file_url",
    "duration_seconds",
    "is_preview",
}


def detail(client, course) -> dict:
    response = client.get(f"/api/courses/{course.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def paid_course_outline():
    course = PaidCourseFactory()
    first, second = SectionFactory(course=course, title="Safety"), SectionFactory(course=course, title="Pharmacology")
    LessonFactory(section=first, title="Intro", is_preview=True, duration_seconds=120)
    ReadingLessonFactory(section=first, title="Notes", duration_seconds=300)
    LessonFactory(section=second, title="Heparin", duration_seconds=900)
    return course


def test_detail_lists_sections_and_their_lessons_in_order(admin_client):
    course = paid_course_outline()

    body = detail(admin_client, course)

    assert [s["title"] for s in body["sections"]] == ["Safety", "Pharmacology"]
    assert [s["position"] for s in body["sections"]] == [1, 2]
    assert [lesson["title"] for lesson in body["sections"][0]["lessons"]] == ["Intro", "Notes"]
    assert set(body["sections"][0]["lessons"][0]) == LESSON_FIELDS
    assert body["total_lessons"] == 3
    assert body["total_duration_seconds"] == 120 + 300 + 900


def test_a_course_without_sections_has_an_empty_outline(student_client):
    body = detail(student_client, CourseFactory())

    assert body["sections"] == []
    assert body["total_lessons"] == 0
    assert body["total_duration_seconds"] == 0


def test_without_access_lesson_content_is_null_but_previews_open_to_a_signed_in_user(student_client):
    body = detail(student_client, paid_course_outline())

    intro, notes = body["sections"][0]["lessons"]
    assert intro["is_preview"] is True
    assert intro["video_url"].startswith("https://videos.example.com/")
    assert notes["body"] is None
    assert body["sections"][1]["lessons"][0]["video_url"] is None


def test_an_anonymous_visitor_sees_the_outline_but_no_content_not_even_previews(api_client):
    body = detail(api_client, paid_course_outline())

    lessons = [lesson for section in body["sections"] for lesson in section["lessons"]]
    assert [lesson["title"] for lesson in lessons] == ["Intro", "Notes", "Heparin"]
    assert all(lesson["video_url"] is None and lesson["body"] is None for lesson in lessons)


def test_an_enrolled_student_opens_every_lesson(student_client, student):
    course = paid_course_outline()
    EnrollmentFactory(user=student, course=course)

    body = detail(student_client, course)

    notes = body["sections"][0]["lessons"][1]
    assert notes["body"] == "Read the chapter on fluid balance."
    assert body["sections"][1]["lessons"][0]["video_url"] is not None


def test_another_users_enrollment_opens_nothing_for_me(student_client):
    course = paid_course_outline()
    EnrollmentFactory(course=course)

    assert detail(student_client, course)["sections"][1]["lessons"][0]["video_url"] is None


def test_a_free_course_opens_every_lesson_to_a_signed_in_user(student_client):
    course = CourseFactory()
    ReadingLessonFactory(section=SectionFactory(course=course))

    assert detail(student_client, course)["sections"][0]["lessons"][0]["body"] is not None


def test_the_catalogue_list_keeps_its_shape(api_client):
    paid_course_outline()

    row = api_client.get("/api/courses/").json()[0]

    assert "sections" not in row and "total_lessons" not in row


def build(lessons_per_section: int, sections: int):
    course = PaidCourseFactory()
    for _ in range(sections):
        section = SectionFactory(course=course)
        for _ in range(lessons_per_section):
            LessonFactory(section=section)
    return course


@pytest.mark.parametrize(("lessons_per_section", "sections"), [(1, 1), (6, 4)])
def test_detail_query_count_does_not_grow_with_the_outline(
    student_client, student, django_assert_num_queries, lessons_per_section, sections
):
    course = build(lessons_per_section, sections)
    EnrollmentFactory(user=student, course=course)
    student_client.get(f"/api/courses/{course.pk}/")  # the catalogue cache is warm

    # authenticate, the enrollment, the sections, the lessons
    with django_assert_num_queries(4):
        body = detail(student_client, course)
    assert body["total_lessons"] == lessons_per_section * sections


@pytest.mark.parametrize(("lessons_per_section", "sections"), [(1, 1), (6, 4)])
def test_anonymous_detail_query_count_does_not_grow_with_the_outline(
    api_client, django_assert_num_queries, lessons_per_section, sections
):
    course = build(lessons_per_section, sections)
    api_client.get(f"/api/courses/{course.pk}/")

    with django_assert_num_queries(2):  # the sections, the lessons (the course is the cached catalogue's)
        detail(api_client, course)
