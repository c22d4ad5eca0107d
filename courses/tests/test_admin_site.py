"""The Django admin site lists, searches and filters courses, enrollments and progress."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from courses.models import Course
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/courses/course/?q=pharm&is_published__exact=1",
        "/admin/courses/enrollment/?q=student&source__exact=free",
        "/admin/courses/courseprogress/?q=student&completed_at__isempty=0",
    ],
)
def test_changelists_load_with_search_and_filters(site, url):
    EnrollmentFactory(course=CourseFactory(title="Pharmacology"))
    CourseProgressFactory(progress_percentage=100)

    assert site.get(url).status_code == 200


def test_course_change_page_loads(site):
    assert site.get(f"/admin/courses/course/{CourseFactory().pk}/change/").status_code == 200


def test_deleting_a_course_in_the_admin_site_removes_its_uploaded_video(site, django_capture_on_commit_callbacks):
    name = default_storage.save("course_videos/admin-site.mp4", ContentFile(b"\x00\x00\x00\x18ftypisom"))
    course = CourseFactory(video_file=name)

    with django_capture_on_commit_callbacks(execute=True):
        response = site.post(f"/admin/courses/course/{course.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Course.objects.exists()
    assert not default_storage.exists(name)


def test_students_cannot_use_the_admin_site(student):
    client = Client()
    client.force_login(student)

    assert client.get("/admin/courses/course/").status_code == 302  # sent to the admin login page
