"""Bad input, swept over every operation of the OpenAPI schema: bodies over the size limit, JSON
nested 10,000 levels deep, bytes that are not UTF-8, content types an endpoint does not read, absurd
`limit`/`offset` values, and ids that are not ids in every path parameter.

Each answer is a clear 4xx in JSON with a string `detail` (never a 5xx, never an HTML page), with
the status that says what was wrong: 413 too large, 415 unsupported media type, 400 unreadable or
invalid, 404 no such object. The operations come from the schema the API serves, so a new endpoint
is swept as soon as it exists; path parameters are filled with real objects (see `conftest.py`).
One test per operation tries every bad value and reports all the wrong answers together.
"""

import json
import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from core.parsers import view_body_limit
from courses.tests.lesson_factories import outline_for
from payments.urls import TransactionIdConverter

pytestmark = pytest.mark.django_db

WEBHOOKS = {"/api/payments/webhook/", "/api/payments/webhook/{provider}/"}  # unsigned bodies: 401 first


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in sorted(schema["paths"].items()):
        for method, operation in methods.items():
            yield path, method.upper(), operation


OPERATIONS = list(_operations())
BODY_OPERATIONS = [(p, m, next(iter(o["requestBody"]["content"]))) for p, m, o in OPERATIONS if "requestBody" in o]
JSON_BODY_OPERATIONS = [(p, m) for p, m, media in BODY_OPERATIONS if media == "application/json"]
PAGED_OPERATIONS = [
    (p, {x["name"] for x in o["parameters"] if x["in"] == "query"})
    for p, m, o in OPERATIONS
    if any(x["name"] == "limit" for x in o.get("parameters", []))
]
PATH_PARAMETER_OPERATIONS = [(p, m) for p, m, o in OPERATIONS if "{" in p]


def _id(value) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


def _object_id(path: str, school):
    """A real object of the caller for an `{id}` in `path`, so that bad input reaches the view (a
    course's id elsewhere: a course, or a 404 that shows nothing about the object)."""
    outline = outline_for(school)  # a section, a lesson and the student's certificate of the free course
    owners = {
        "/api/admin/sections/": outline.section,
        "/api/admin/lessons/": outline.lesson,
        "/api/admin/certificates/": outline.certificate,
        "/api/users/me/certificates/": outline.certificate,
        "/api/admin/users/": school.student,
        "/api/admin/questions/": school.question,
        "/api/admin/case-studies/": school.case_study,
        "/api/exams/": school.adaptive_exam,
        "/api/practice/tests/": school.practice_test,
    }
    return next((obj.pk for prefix, obj in owners.items() if path.startswith(prefix)), school.free_course.pk)


def concrete(path: str, school, **replace: str) -> str:
    """`path` with real objects' ids for its parameters (or the given replacements)."""
    values = {
        "id": str(_object_id(path, school)),
        "course_id": str(school.free_course.pk),
        "lesson_id": str(outline_for(school).lesson.pk),
        "number": outline_for(school).certificate.number,
        "other_user_id": str(school.peer.pk),
        "transaction_id": school.payment.transaction_id,
        "provider": "sandbox",
        **replace,
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, path
    return path


def caller(school, path: str):
    if path.startswith("/api/tutor/"):  # the tutor's workspace
        return school.client("tutor")
    return school.client("admin" if path.startswith("/api/admin/") else "student")


class Answers:
    """Collects the answers that are not the expected clear JSON error, to report them all at once."""

    def __init__(self):
        self.wrong: list[str] = []

    def expect(self, response, status: int | set[int], label: str) -> None:
        allowed = {status} if isinstance(status, int) else status
        problem = None
        if response.status_code not in allowed:
            problem = f"{response.status_code}, expected {sorted(allowed)}"
        elif response.status_code >= 400 or response.content:
            if response.get("Content-Type") != "application/json":
                problem = f"Content-Type {response.get('Content-Type')}"
            elif response.status_code >= 400 and not isinstance(response.json().get("detail"), str):
                problem = "no string `detail`"
        if problem:
            self.wrong.append(f"{label[:80]!r}: {problem}: {response.content[:160]!r}")

    def assert_all_clear(self) -> None:
        assert not self.wrong, "\n".join(self.wrong)


# --- Bodies -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "method", "media_type"), BODY_OPERATIONS, ids=_id)
def test_a_body_over_the_size_limit_is_413(school, path, method, media_type):
    # The route's own cap where it sets one (the question import), else DATA_UPLOAD_MAX_MEMORY_SIZE.
    limit = view_body_limit(getattr(resolve(concrete(path, school)).func, "cls", None))
    field = "x" * ((limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + 1)
    body = json.dumps({"field": field}) if media_type == "application/json" else f"field={field}"
    answers = Answers()

    response = caller(school, path).generic(method, concrete(path, school), body, content_type=media_type)

    answers.expect(response, 413, "oversized")
    answers.assert_all_clear()


UNREADABLE_JSON = {
    "arrays nested 10,000 deep": "[" * 10_000 + "]" * 10_000,
    "objects nested 10,000 deep": '{"a": ' * 10_000 + "1" + "}" * 10_000,
    "invalid UTF-8 in strings": b'{"email": "\xff\xfe\xfd", "content": "\xc3\x28"}',
    "not UTF-8 at all": b"\x80\x81\x82",
    "UTF-8 encoded surrogate": b'{"a": "\xed\xa0\x80"}',
    "truncated": '{"email": "nurse@example.com", "password": ',
}


@pytest.mark.parametrize(("path", "method"), JSON_BODY_OPERATIONS, ids=_id)
def test_json_that_cannot_be_read_is_400(school, path, method):
    client, answers = caller(school, path), Answers()

    for label, body in UNREADABLE_JSON.items():
        response = client.generic(method, concrete(path, school), body, content_type="application/json")
        answers.expect(response, 401 if path in WEBHOOKS else 400, label)

    answers.assert_all_clear()


UNREAD_CONTENT_TYPES = [
    "text/plain",
    "application/xml",
    "application/x-www-form-urlencoded",
    "application/json-patch+json",
]


@pytest.mark.parametrize(("path", "method"), JSON_BODY_OPERATIONS, ids=_id)
def test_a_content_type_the_endpoint_does_not_read_is_415(school, path, method):
    client, answers = caller(school, path), Answers()

    for content_type in UNREAD_CONTENT_TYPES:
        response = client.generic(method, concrete(path, school), "a=1", content_type=content_type)
        answers.expect(response, 401 if path in WEBHOOKS else 415, content_type)

    answers.assert_all_clear()


# --- Paging -------------------------------------------------------------------------------------

BAD_PAGING = [
    ("limit", "-1"),
    ("limit", "0"),
    ("limit", "abc"),
    ("limit", "1.5"),
    ("offset", "-1"),
    ("offset", "abc"),
    ("offset", str(10**30)),
    ("before", "not-a-message-id"),
]
HUGE_LIMITS = [str(10**30), str(2**63), "101"]


@pytest.mark.parametrize(("path", "parameters"), PAGED_OPERATIONS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_limit_or_offset_that_is_not_a_sane_number_is_400(school, path, parameters):
    client, answers = caller(school, path), Answers()

    for name, value in BAD_PAGING:
        if name in parameters:
            query = f"?limit=5&{name}={value}" if name != "limit" else f"?limit={value}"
            answers.expect(client.get(concrete(path, school) + query), 400, query)

    answers.assert_all_clear()


@pytest.mark.parametrize("path", [path for path, _ in PAGED_OPERATIONS])
def test_a_huge_limit_is_capped_or_refused_never_obeyed(school, path):
    client, answers = caller(school, path), Answers()

    for limit in HUGE_LIMITS:
        response = client.get(concrete(path, school) + f"?limit={limit}")
        # Capped at 100, or (the chat history) refused over 100 rather than capped.
        answers.expect(response, {200, 400}, f"limit={limit}")
        if response.status_code == 200:
            body = response.json()
            rows = body["results"] if isinstance(body, dict) else body
            assert len(rows) <= 100
            assert not isinstance(body, dict) or not body["next"] or "limit=100" in body["next"]

    answers.assert_all_clear()


# --- Ids that are not ids -------------------------------------------------------------------------

NOT_IDS = [
    "abc",
    "123",
    "00000000-0000-0000-0000-00000000000g",
    "' OR '1'='1",
    "%00",
    "a%00b",
    "%ff%fe",
    "..%2F..%2Fetc%2Fpasswd",
    "x" * 2_000,
    "%E2%80%AE%F0%9F%92%A5",
]


@pytest.mark.parametrize(("path", "method"), PATH_PARAMETER_OPERATIONS, ids=_id)
def test_an_id_that_is_not_an_id_is_a_json_404(school, path, method):
    parameters = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    client, answers = caller(school, path), Answers()

    for parameter in parameters:
        for junk in NOT_IDS:
            response = client.generic(method, concrete(path, school, **{parameter: junk}))
            checkout_form = path == "/api/payments/sandbox/checkout/{transaction_id}/" and method == "POST"
            if checkout_form and re.fullmatch(TransactionIdConverter.regex, unquote(junk)):
                # An id we could have issued: the form's token is checked first, and the forged page is refused.
                answers.expect(response, 400, f"{parameter}={junk}")
            else:
                answers.expect(response, 404, f"{parameter}={junk}")

    answers.assert_all_clear()


# --- Query strings --------------------------------------------------------------------------------

QUERY_OPERATIONS = [(p, m, x["name"]) for p, m, o in OPERATIONS for x in o.get("parameters", []) if x["in"] == "query"]
ODD_QUERY_VALUES = ["%00", "a%00b", "%ff%fe", "%25", "\\", "'\"", "x" * 5_000]


@pytest.mark.parametrize(("path", "method", "name"), QUERY_OPERATIONS, ids=_id)
def test_odd_characters_in_a_query_parameter_are_answered_not_crashed_on(school, path, method, name):
    client, answers = caller(school, path), Answers()

    for value in ODD_QUERY_VALUES:
        response = client.generic(method, f"{concrete(path, school)}?{name}={value}")
        answers.expect(response, {200, 400}, f"{name}={value}")

    answers.assert_all_clear()


# --- Tokens that are not tokens -----------------------------------------------------------------

TOKEN_OPERATIONS = [
    (p, m) for p, m, o in OPERATIONS if any("jwtAuth" in requirement for requirement in o.get("security", []))
]
NOT_TOKENS = ["Bearer", "Bearer not.a.jwt", "Bearer " + "a" * 5_000, "Bearer \xe9\xff", "Bearer a b"]


@pytest.mark.parametrize(("path", "method"), TOKEN_OPERATIONS, ids=_id)
def test_an_authorization_header_that_is_not_a_bearer_jwt_is_401(school, path, method):
    client, answers = school.client("anonymous"), Answers()

    for authorization in NOT_TOKENS:
        response = client.generic(method, concrete(path, school), HTTP_AUTHORIZATION=authorization)
        answers.expect(response, 401, authorization)

    answers.assert_all_clear()
