"""The demo school's courses have sections and lessons whose videos play, and a demo student holds a
certificate."""

from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage

from accounts import demo as accounts_demo
from core.testing import bearer_client
from courses import demo
from courses.models import Certificate, Course, CourseProgress, Lesson, Section

pytestmark = pytest.mark.django_db


def test_demo_courses_have_outlines_and_sam_holds_a_verifiable_certificate_once(api_client):
    people = accounts_demo.seed()
    demo.seed(people)
    demo.seed(people)  # idempotent

    assert Section.objects.count() == sum(len(outline) for outline in demo.OUTLINES.values())
    assert Lesson.objects.count() == sum(len(s[1]) for outline in demo.OUTLINES.values() for s in outline)
    sam = people.students[0]
    [certificate] = bearer_client(sam).get("/api/users/me/certificates/").json()
    assert certificate["course_title"] == "NCLEX-RN Fundamentals"
    assert api_client.get(f"/api/certificates/{certificate['number']}/").json()["valid"] is True
    assert Certificate.objects.filter(user=sam).count() == 1
    assert any(certificate["number"] in line for line in demo.describe(people))


def test_demo_progress_follows_the_lessons(api_client):
    people = accounts_demo.seed()
    demo.seed(people)
    jane = people.students[1]

    row = CourseProgress.objects.get(user=jane, course__title="NCLEX-RN Fundamentals")
    # 70 % of 5 lessons: the first 3 completed, 60 %.
    assert row.progress_percentage == 60
    detail = bearer_client(jane).get(f"/api/courses/{row.course_id}/").json()
    assert detail["total_lessons"] == 5


def test_every_demo_video_plays_its_own_copy_of_the_sample_clip(api_client):
    people = accounts_demo.seed()
    demo.seed(people)
    demo.seed(people)  # idempotent: no second copy
    sam = people.students[0]  # enrolled in Fundamentals
    course = Course.objects.get(title="NCLEX-RN Fundamentals")
    detail = bearer_client(sam).get(f"/api/courses/{course.pk}/").json()
    links = [detail["video_url"]] + [
        lesson["video_url"]
        for section in detail["sections"]
        for lesson in section["lessons"]
        if lesson["kind"] == "video"
    ]

    assert len(links) == 4  # the course's own and its three video lessons
    for link in links:
        response = api_client.get(urlsplit(link).path, headers={"range": "bytes=0-11"})
        assert response.status_code == 206
        assert response["Content-Type"] == "video/mp4"
        assert b"".join(response.streaming_content) == demo.SAMPLE_VIDEO.read_bytes()[:12]
    names = [row.video_file for row in [*Course.objects.all(), *Lesson.objects.filter(kind="video")]]
    assert all(default_storage.exists(name) for name in names)
    assert len(set(names)) == len(names) == Course.objects.count() + Lesson.objects.filter(kind="video").count()
