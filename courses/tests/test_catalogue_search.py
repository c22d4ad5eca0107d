"""`GET /api/courses/?search=` (issue 11: 19): published courses whose title or description contains
the words, ignoring case, filtered from the shared cached catalogue."""

import pytest

from core.testing import assert_error
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [row["title"] for row in response.json()]


@pytest.fixture
def courses():
    CourseFactory(title="Pharmacology basics", description="Drug classes and dosage.")
    CourseFactory(title="Maternity nursing", description="Labour, delivery and PHARMACOLOGY in pregnancy.")
    CourseFactory(title="Med-surg week 1", description="Fluids and electrolytes.")
    CourseFactory(title="Pharmacology draft", description="", is_published=False)


@pytest.mark.parametrize("client_fixture", ["api_client", "student_client"])
def test_search_matches_title_or_description_ignoring_case(request, courses, client_fixture):
    client = request.getfixturevalue(client_fixture)

    found = titles(client.get("/api/courses/", {"search": "pHaRmAcOlOgY"}))

    assert sorted(found) == ["Maternity nursing", "Pharmacology basics"]  # never the unpublished one


def test_search_casefolds(api_client):
    CourseFactory(title="Straße zur Prüfung", description="")

    assert titles(api_client.get("/api/courses/", {"search": "STRASSE"})) == ["Straße zur Prüfung"]


def test_no_match_is_an_empty_list(api_client, courses):
    assert titles(api_client.get("/api/courses/", {"search": "cardiology"})) == []


def test_an_empty_search_is_the_whole_catalogue(api_client, courses):
    assert len(titles(api_client.get("/api/courses/", {"search": ""}))) == 3


def test_search_pages_like_the_catalogue(api_client, courses):
    body = api_client.get("/api/courses/", {"search": "pharmacology", "limit": 1}).json()

    assert body["count"] == 2 and len(body["results"]) == 1


def test_a_nul_character_in_search_is_400(api_client):
    assert_error(api_client.get("/api/courses/", {"search": "a\x00b"}), 400, field="search")


@pytest.mark.parametrize("size", [3, 30])
def test_search_reads_the_cached_catalogue_without_a_query(api_client, student_client, django_assert_num_queries, size):
    CourseFactory.create_batch(size, title="Fundamentals")
    api_client.get("/api/courses/")  # warms the shared cache

    with django_assert_num_queries(0):
        assert len(titles(api_client.get("/api/courses/", {"search": "fundamentals"}))) == size
    with django_assert_num_queries(2):  # the signed-in user, their grants
        assert len(titles(student_client.get("/api/courses/", {"search": "fundamentals"}))) == size
