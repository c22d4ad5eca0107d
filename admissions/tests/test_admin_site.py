"""The Django admin site shows batches, codes and redemptions, and imports students like the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts import demo as accounts_demo
from accounts.models import User
from accounts.tests.factories import UserFactory
from admissions import demo
from admissions.models import AccessCode, AccessCodeBatch
from admissions.services import access_code_batch_create, access_code_redeem
from courses.tests.factories import PaidCourseFactory

pytestmark = pytest.mark.django_db

IMPORT_PAGE = "/admin/admissions/studentimport/"


def test_batches_codes_and_redemptions_pages_load(site, admin_user):
    batch = access_code_batch_create(created_by=admin_user, count=2, max_uses=1, course_id=PaidCourseFactory().pk)
    code = batch.codes.first()
    access_code_redeem(user=UserFactory(), code=code.code)

    for url in [
        "/admin/admissions/accesscodebatch/",
        f"/admin/admissions/accesscodebatch/{batch.pk}/change/",
        f"/admin/admissions/accesscode/?q={code.grouped.lower()}",
        f"/admin/admissions/accesscode/{code.pk}/change/",
        "/admin/admissions/accesscoderedemption/",
    ]:
        assert site.get(url).status_code == 200, url
    assert code.grouped in site.get(f"/admin/admissions/accesscodebatch/{batch.pk}/change/").content.decode()


def test_the_import_page_imports_and_lists_bad_rows(site):
    assert site.get(IMPORT_PAGE).status_code == 200
    good = SimpleUploadedFile("s.csv", b"full_name,email\nAda Obi,ada@example.com\n")
    response = site.post(IMPORT_PAGE, {"file": good}, follow=True)
    assert "Imported: 1 new" in response.content.decode()
    assert User.objects.filter(email="ada@example.com").exists()

    bad = SimpleUploadedFile("s.csv", b"full_name,email\n,ben@example.com\n")
    page = site.post(IMPORT_PAGE, {"file": bad}).content.decode()
    assert "nothing was imported" in page and "full_name" in page
    assert not User.objects.filter(email="ben@example.com").exists()


def test_the_import_page_is_for_admins_only(student):
    client = Client()
    client.force_login(student)
    assert client.get(IMPORT_PAGE).status_code == 302  # to the admin login


def test_demo_makes_one_batch_for_a_paid_course_and_describes_it():
    PaidCourseFactory(title=demo.DEMO_COURSE)
    people = accounts_demo.seed()

    demo.seed(people)
    demo.seed(people)

    assert AccessCodeBatch.objects.count() == 1 and AccessCode.objects.count() == 5
    (line,) = demo.describe(people)
    assert AccessCode.objects.first().grouped in line
