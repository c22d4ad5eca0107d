"""Who may call what: every `/api/` route of the URLconf, every method it answers, every kind of
caller, against one table of expected statuses.

The routes are discovered from `get_resolver()`, not listed by hand, and the test suite fails when
the discovered (route, method) pairs and the table's keys differ: a new route, or a new method on an
old one, cannot ship without someone deciding here who may call it. Each request is otherwise valid
(real ids in the path, a well-formed body), so the status shows the permission decision rather than
a validation error. Callers: anonymous, the student who owns the objects, a tutor, an admin, and
another student who owns nothing. HEAD mirrors GET and OPTIONS is CORS/metadata; neither is listed.
The WebSocket route (`/ws/messages/`) is covered by messaging's tests.
"""

import json
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tokens import password_reset_token_make, verification_token_make
from courses.tests.lesson_factories import outline_for
from tests.security.conftest import ROLES, School

pytestmark = pytest.mark.django_db

ANY_METHOD = ("GET", "POST", "PUT", "PATCH", "DELETE")  # what a plain Django view answers


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, **per_role: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), "anonymous": 401, **per_role}


def admin_only(status: int) -> dict[str, int]:
    return {"anonymous": 401, "student": 403, "tutor": 403, "outsider": 403, "admin": status}


def authors(status: int) -> dict[str, int]:
    """Tutors and admins: who writes the question bank."""
    return {"anonymous": 401, "student": 403, "tutor": status, "outsider": 403, "admin": status}


def _question(s: School, role: str) -> dict:
    from questions.itemtypes import EXAMPLES

    example = EXAMPLES["multiple_choice"]
    return {
        "type": "multiple_choice",
        "stem": "Which medication reverses heparin?",
        "content": example["content"],
        "answer": example["answer"],
        "client_need": "pharmacological_therapies",
    }


def _case_study(s: School, role: str) -> dict:
    return {"title": "Chest pain", "scenario": "A 60-year-old client.", "items": [_question(s, role)] * 6}


def _signed_media_path() -> str:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from courses.videos import signed_media_url

    name = default_storage.save("course_videos/matrix.mp4", ContentFile(b"\x00\x00\x00\x18ftypisom"))
    return signed_media_url(name)


def _owner_only(status: int) -> dict[str, int]:
    """The student's own object: anybody else, admins included, is told it does not exist."""
    return {"anonymous": 401, "student": status, "tutor": 404, "admin": 404, "outsider": 404}


def _practice_answer(s: School) -> dict:
    return {"item_id": s.practice_test.slots[0][0], "response": {"selected": ["B"]}}


def tutor_only(status: int) -> dict[str, int]:
    return {"anonymous": 401, "student": 403, "tutor": status, "outsider": 403, "admin": 403}


def _tutored(s: School):
    """The student, assigned to the school's tutor (the tutor's own student: 200 for them)."""
    from tutors.services import tutor_assign

    return tutor_assign(actor=s.admin, student=s.student, tutor_id=s.tutor.pk)


def _cohort(s: School):
    from tutors.models import Cohort

    return Cohort.objects.get_or_create(name="RN — May intake", defaults={"tutor": s.tutor})[0]


def _plan(s: School):
    """A plan nobody holds (so an admin may delete it)."""
    from courses.tests.plan_factories import PlanFactory

    return PlanFactory()


def _plan_body(s: School, role: str) -> dict:
    return {"name": f"Monthly {role}", "prices": [{"currency": "NGN", "amount": "15000.00"}], "all_courses": True}


def _subscription(s: School):
    """The student's recurring plan, still at checkout (cancelling it asks no gateway)."""
    from payments.models import GatewayPlan, Subscription

    gateway_plan = GatewayPlan.objects.create(
        plan=_plan(s), provider="paystack", currency="NGN", amount="15000.00", interval="monthly", code="PLN_x"
    )
    return Subscription.objects.create(user=s.student, gateway_plan=gateway_plan, provider="paystack")


def _access_codes(s: School):
    """A batch of one code for the paid course that every caller may use (ten uses)."""
    from admissions.models import AccessCodeBatch
    from admissions.services import access_code_batch_create

    batch = AccessCodeBatch.objects.filter(course=s.paid_course).first()
    return batch or access_code_batch_create(created_by=s.admin, count=1, max_uses=10, course_id=s.paid_course.pk)


# A route's path with real objects for its parameters.
PATHS: dict[str, Callable[[School], str]] = {
    "api/admin/courses/<uuid:pk>/": lambda s: f"/api/admin/courses/{s.free_course.pk}/",
    "api/courses/<uuid:pk>/": lambda s: f"/api/courses/{s.free_course.pk}/",
    "api/courses/<uuid:pk>/enroll/": lambda s: f"/api/courses/{s.free_course.pk}/enroll/",
    "api/users/me/progress/<uuid:course_id>/": lambda s: f"/api/users/me/progress/{s.free_course.pk}/",
    "api/messages/conversation/<uuid:other_user_id>/": lambda s: f"/api/messages/conversation/{s.peer.pk}/",
    "api/messages/conversation/<uuid:other_user_id>/read/": (lambda s: f"/api/messages/conversation/{s.peer.pk}/read/"),
    "api/payments/webhook/<str:provider>/": lambda s: "/api/payments/webhook/sandbox/",
    "api/payments/status/<transaction_id:transaction_id>/": lambda s: (
        f"/api/payments/status/{s.payment.transaction_id}/"
    ),
    "api/payments/sandbox/checkout/<transaction_id:transaction_id>/": (
        lambda s: f"/api/payments/sandbox/checkout/{s.payment.transaction_id}/"
    ),
    "api/admin/users/<uuid:pk>/": lambda s: f"/api/admin/users/{s.student.pk}/",
    "api/admin/questions/<uuid:pk>/": lambda s: f"/api/admin/questions/{s.question.pk}/",
    "api/admin/case-studies/<uuid:pk>/": lambda s: f"/api/admin/case-studies/{s.case_study.pk}/",
    "api/practice/tests/<uuid:pk>/": lambda s: f"/api/practice/tests/{s.practice_test.pk}/",
    "api/practice/tests/<uuid:pk>/answers/": lambda s: f"/api/practice/tests/{s.practice_test.pk}/answers/",
    "api/practice/tests/<uuid:pk>/flags/": lambda s: f"/api/practice/tests/{s.practice_test.pk}/flags/",
    "api/practice/tests/<uuid:pk>/finish/": lambda s: f"/api/practice/tests/{s.practice_test.pk}/finish/",
    "api/exams/<uuid:pk>/": lambda s: f"/api/exams/{s.adaptive_exam.pk}/",
    "api/exams/<uuid:pk>/answer/": lambda s: f"/api/exams/{s.adaptive_exam.pk}/answer/",
    "api/users/me/readiness/": lambda s: "/api/users/me/readiness/?exam=RN",
    "api/tutor/students/<uuid:pk>/": lambda s: f"/api/tutor/students/{_tutored(s).pk}/",
    "api/admin/cohorts/<uuid:pk>/": lambda s: f"/api/admin/cohorts/{_cohort(s).pk}/",
    "api/admin/courses/<uuid:pk>/sections/": lambda s: f"/api/admin/courses/{s.free_course.pk}/sections/",
    "api/admin/courses/<uuid:pk>/sections/reorder/": lambda s: (
        f"/api/admin/courses/{s.free_course.pk}/sections/reorder/"
    ),
    "api/admin/sections/<uuid:pk>/": lambda s: f"/api/admin/sections/{outline_for(s).section.pk}/",
    "api/admin/sections/<uuid:pk>/lessons/": lambda s: f"/api/admin/sections/{outline_for(s).section.pk}/lessons/",
    "api/admin/sections/<uuid:pk>/lessons/reorder/": lambda s: (
        f"/api/admin/sections/{outline_for(s).section.pk}/lessons/reorder/"
    ),
    "api/admin/lessons/<uuid:pk>/": lambda s: f"/api/admin/lessons/{outline_for(s).lesson.pk}/",
    "api/admin/certificates/<uuid:pk>/revoke/": lambda s: (
        f"/api/admin/certificates/{outline_for(s).certificate.pk}/revoke/"
    ),
    "api/users/me/lessons/<uuid:lesson_id>/progress/": lambda s: (
        f"/api/users/me/lessons/{outline_for(s).lesson.pk}/progress/"
    ),
    "api/users/me/certificates/<uuid:pk>/pdf/": lambda s: (
        f"/api/users/me/certificates/{outline_for(s).certificate.pk}/pdf/"
    ),
    "api/certificates/<str:number>/": lambda s: f"/api/certificates/{outline_for(s).certificate.number}/",
    "api/media/<str:token>/": lambda s: _signed_media_path(),
    "api/admin/plans/<uuid:pk>/": lambda s: f"/api/admin/plans/{_plan(s).pk}/",
    "api/users/me/subscriptions/<uuid:pk>/cancel/": lambda s: (
        f"/api/users/me/subscriptions/{_subscription(s).pk}/cancel/"
    ),
    "api/admin/access-codes/<uuid:pk>/": lambda s: f"/api/admin/access-codes/{_access_codes(s).pk}/",
    "api/admin/access-codes/<uuid:pk>/csv/": lambda s: f"/api/admin/access-codes/{_access_codes(s).pk}/csv/",
    "^api/": lambda s: "/api/no-such-endpoint/",
}

NEW_PASSWORD = "Another-Horse-43"


def _refresh(s: School) -> dict:
    from accounts.services import token_pair_issue

    return {"refresh": token_pair_issue(user=s.student)["refresh"]}


# The table: (route as the URLconf spells it, method) -> (expected status per caller, request body).
# A body is a function of the school and the caller's role (e.g. their own current password).
MATRIX: dict[tuple[str, str], tuple[dict[str, int], Callable[[School, str], dict] | None]] = {
    # Operations: public.
    ("api/health/", "GET"): (everyone(200), None),
    ("api/schema/", "GET"): (everyone(200), None),
    ("api/docs/", "GET"): (everyone(200), None),
    # Accounts: credentials travel in the body; a bearer token is neither needed nor in the way.
    ("api/auth/register/", "POST"): (
        everyone(201),
        lambda s, role: {
            "full_name": "New Nurse",
            "email": f"new-{role}@example.com",
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    ),
    ("api/auth/verify-email/", "POST"): (
        everyone(200),
        lambda s, role: {"token": verification_token_make(UserFactory(email_verified=False))},
    ),
    ("api/auth/resend-verification/", "POST"): (everyone(200), lambda s, role: {"email": s.student.email}),
    ("api/auth/login/", "POST"): (
        everyone(200),
        lambda s, role: {"email": s.student.email, "password": DEFAULT_PASSWORD},
    ),
    ("api/auth/token/refresh/", "POST"): (everyone(200), lambda s, role: _refresh(s)),
    ("api/auth/logout/", "POST"): (everyone(200), lambda s, role: _refresh(s)),
    ("api/auth/forgot-password/", "POST"): (everyone(200), lambda s, role: {"email": s.student.email}),
    ("api/auth/reset-password/confirm/", "POST"): (
        everyone(200),
        lambda s, role: {
            "token": password_reset_token_make(s.outsider),
            "new_password": NEW_PASSWORD,
            "confirm_new_password": NEW_PASSWORD,
        },
    ),
    # Me: any signed-in user, about themselves only.
    ("api/users/me/", "GET"): (signed_in(200), None),
    ("api/users/me/", "PUT"): (signed_in(200), lambda s, role: {"full_name": "Renamed"}),
    ("api/users/me/", "PATCH"): (signed_in(200), lambda s, role: {"full_name": "Renamed"}),
    ("api/users/me/change-password/", "POST"): (
        signed_in(200),
        lambda s, role: {
            "current_password": DEFAULT_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_new_password": NEW_PASSWORD,
        },
    ),
    ("api/users/me/enrollments/", "GET"): (signed_in(200), None),
    ("api/users/me/progress/", "GET"): (signed_in(200), None),
    # Free course: anyone signed in has access, so tracks progress (their own row).
    ("api/users/me/progress/<uuid:course_id>/", "PUT"): (
        signed_in(200),
        lambda s, role: {"progress_percentage": 50},
    ),
    ("api/users/me/progress/<uuid:course_id>/", "PATCH"): (
        signed_in(200),
        lambda s, role: {"progress_percentage": 50},
    ),
    # Catalogue: public; enrolling needs an account (the student is already enrolled: 200).
    ("api/courses/", "GET"): (everyone(200), None),
    ("api/courses/<uuid:pk>/", "GET"): (everyone(200), None),
    ("api/courses/<uuid:pk>/enroll/", "POST"): (signed_in(201, student=200), None),
    # Admin course management.
    ("api/admin/courses/", "GET"): (admin_only(200), None),
    ("api/admin/courses/", "POST"): (
        admin_only(201),
        lambda s, role: {"title": "New course", "video_url": "https://videos.example.com/new.mp4"},
    ),
    ("api/admin/courses/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/courses/<uuid:pk>/", "PUT"): (admin_only(200), lambda s, role: {"title": "Renamed course"}),
    ("api/admin/courses/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"title": "Renamed course"}),
    ("api/admin/courses/<uuid:pk>/", "DELETE"): (admin_only(204), None),
    # Messaging: any signed-in user, with anyone; only their own messages.
    ("api/messages/conversations/", "GET"): (signed_in(200), None),
    ("api/messages/conversation/<uuid:other_user_id>/", "GET"): (signed_in(200), None),
    ("api/messages/conversation/<uuid:other_user_id>/read/", "POST"): (signed_in(200), None),
    ("api/messages/send/", "POST"): (
        signed_in(201),
        lambda s, role: {"receiver_id": str(s.peer.pk), "content": "Hello"},
    ),
    # Payments.
    ("api/payments/", "GET"): (signed_in(200), None),
    ("api/payments/initiate/", "POST"): (
        signed_in(200),
        lambda s, role: {"course_id": str(s.paid_course.pk), "payment_method": "sandbox"},
    ),
    # Gateways are not users: no token is read, the signature is the auth (unsigned here: 401).
    ("api/payments/webhook/", "POST"): (everyone(401), lambda s, role: {"event": "charge.success"}),
    ("api/payments/webhook/<str:provider>/", "POST"): (everyone(401), lambda s, role: {"event": "charge.success"}),
    # Owner only: anybody else, admins included, is told it does not exist.
    ("api/payments/status/<transaction_id:transaction_id>/", "GET"): (
        {"anonymous": 401, "student": 200, "tutor": 404, "admin": 404, "outsider": 404},
        None,
    ),
    # The hosted checkout page: opened by a browser from the redirect, the unguessable transaction id is
    # the capability. Its form needs the token the page carries (none here: 400).
    ("api/payments/sandbox/checkout/<transaction_id:transaction_id>/", "GET"): (everyone(200), None),
    ("api/payments/sandbox/checkout/<transaction_id:transaction_id>/", "POST"): (
        everyone(400),
        lambda s, role: {"decision": "pay", "token": "forged"},
    ),
    ("api/admin/payments/", "GET"): (admin_only(200), None),
    # Admin monitoring.
    ("api/admin/users/", "GET"): (admin_only(200), None),
    ("api/admin/users/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/users/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"role": "tutor"}),
    ("api/admin/stats/", "GET"): (admin_only(200), None),
    # The question bank's authoring side: tutors and admins (the school's item is a draft).
    ("api/admin/questions/", "GET"): (authors(200), None),
    ("api/admin/questions/", "POST"): (authors(201), _question),
    ("api/admin/questions/<uuid:pk>/", "GET"): (authors(200), None),
    ("api/admin/questions/<uuid:pk>/", "PUT"): (authors(200), _question),
    ("api/admin/questions/<uuid:pk>/", "PATCH"): (authors(200), lambda s, role: {"stem": "Reworded"}),
    ("api/admin/questions/<uuid:pk>/", "DELETE"): (authors(204), None),
    ("api/admin/questions/import/", "POST"): (authors(201), lambda s, role: {"items": [_question(s, role)]}),
    ("api/admin/questions/export/", "GET"): (authors(200), None),
    ("api/admin/case-studies/", "GET"): (authors(200), None),
    ("api/admin/case-studies/", "POST"): (authors(201), lambda s, role: _case_study(s, role)),
    ("api/admin/case-studies/<uuid:pk>/", "GET"): (authors(200), None),
    ("api/admin/case-studies/<uuid:pk>/", "PUT"): (authors(200), lambda s, role: {"title": "T", "items": [{}] * 6}),
    ("api/admin/case-studies/<uuid:pk>/", "PATCH"): (authors(200), lambda s, role: {"title": "Renamed"}),
    ("api/admin/case-studies/<uuid:pk>/", "DELETE"): (authors(204), None),
    # Practice: every signed-in role may practise; a test is its owner's alone (admins included: 404).
    ("api/practice/tests/", "GET"): (signed_in(200), None),
    ("api/practice/tests/", "POST"): (signed_in(201), lambda s, role: {"exam": "RN", "mode": "tutor", "count": 5}),
    ("api/practice/tests/<uuid:pk>/", "GET"): (_owner_only(200), None),
    ("api/practice/tests/<uuid:pk>/answers/", "POST"): (_owner_only(200), lambda s, role: _practice_answer(s)),
    ("api/practice/tests/<uuid:pk>/flags/", "POST"): (
        _owner_only(200),
        lambda s, role: {"item_id": s.practice_test.slots[0][0], "flagged": True},
    ),
    ("api/practice/tests/<uuid:pk>/finish/", "POST"): (_owner_only(200), None),
    ("api/users/me/performance/", "GET"): (signed_in(200), None),
    # Adaptive exam: every signed-in role may sit one; an exam is its owner's alone. Starting one is
    # refused for the student (one in progress: 409) and for the others (the school's bank is one item: 400).
    ("api/exams/", "GET"): (signed_in(200), None),
    ("api/exams/", "POST"): (signed_in(400, student=409), lambda s, role: {"exam": "RN"}),
    ("api/exams/<uuid:pk>/", "GET"): (_owner_only(200), None),
    ("api/exams/<uuid:pk>/answer/", "POST"): (
        _owner_only(200),
        lambda s, role: {"item_id": str(s.adaptive_exam.items.get().question_id), "response": {"selected": ["B"]}},
    ),
    ("api/users/me/readiness/", "GET"): (signed_in(200), None),
    # Tutors: the directory is for everyone signed in; the workspace is a tutor's, over their own
    # students; cohorts are managed by admins.
    ("api/tutors/", "GET"): (signed_in(200), None),
    ("api/tutor/students/", "GET"): (tutor_only(200), None),
    ("api/tutor/students/<uuid:pk>/", "GET"): (tutor_only(200), None),
    ("api/tutor/cohorts/", "GET"): (tutor_only(200), None),
    ("api/admin/cohorts/", "GET"): (admin_only(200), None),
    ("api/admin/cohorts/", "POST"): (
        admin_only(201),
        lambda s, role: {"name": f"PN — {role}", "tutor_id": str(s.tutor.pk), "student_ids": [str(s.student.pk)]},
    ),
    ("api/admin/cohorts/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/cohorts/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"name": "RN — June intake"}),
    ("api/admin/cohorts/<uuid:pk>/", "DELETE"): (admin_only(204), None),
    # Sections, lessons and certificates: admins write the outline; the free course's lessons are
    # tracked by anyone signed in; a certificate's PDF is its owner's, its check is public.
    ("api/admin/courses/<uuid:pk>/sections/", "GET"): (admin_only(200), None),
    ("api/admin/courses/<uuid:pk>/sections/", "POST"): (admin_only(201), lambda s, role: {"title": "New section"}),
    ("api/admin/courses/<uuid:pk>/sections/reorder/", "POST"): (
        admin_only(200),
        lambda s, role: {"ids": [str(outline_for(s).section.pk)]},
    ),
    ("api/admin/sections/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/sections/<uuid:pk>/", "PUT"): (admin_only(200), lambda s, role: {"title": "Renamed section"}),
    ("api/admin/sections/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"title": "Renamed section"}),
    ("api/admin/sections/<uuid:pk>/", "DELETE"): (admin_only(204), None),
    ("api/admin/sections/<uuid:pk>/lessons/", "GET"): (admin_only(200), None),
    ("api/admin/sections/<uuid:pk>/lessons/", "POST"): (
        admin_only(201),
        lambda s, role: {"title": "Reading", "kind": "reading", "body": "Read this."},
    ),
    ("api/admin/sections/<uuid:pk>/lessons/reorder/", "POST"): (
        admin_only(200),
        lambda s, role: {"ids": [str(outline_for(s).lesson.pk)]},
    ),
    ("api/admin/lessons/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/lessons/<uuid:pk>/", "PUT"): (admin_only(200), lambda s, role: {"title": "Renamed", "kind": "video"}),
    ("api/admin/lessons/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"title": "Renamed"}),
    ("api/admin/lessons/<uuid:pk>/", "DELETE"): (admin_only(204), None),
    ("api/admin/certificates/<uuid:pk>/revoke/", "POST"): (admin_only(200), None),
    ("api/users/me/lessons/", "GET"): (signed_in(200), None),
    ("api/users/me/lessons/<uuid:lesson_id>/progress/", "PUT"): (
        signed_in(200),
        lambda s, role: {"position_seconds": 30},
    ),
    ("api/users/me/certificates/", "GET"): (signed_in(200), None),
    ("api/users/me/certificates/<uuid:pk>/pdf/", "GET"): (_owner_only(200), None),
    ("api/certificates/<str:number>/", "GET"): (everyone(200), None),
    # A stored video or PDF by its signed link (courses.media): the link is the capability, no token.
    ("api/media/<str:token>/", "GET"): (everyone(200), None),
    # Plans: the list is public, admins manage them, a user sees their own grants and subscriptions.
    ("api/plans/", "GET"): (everyone(200), None),
    ("api/admin/plans/", "GET"): (admin_only(200), None),
    ("api/admin/plans/", "POST"): (admin_only(201), _plan_body),
    ("api/admin/plans/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/plans/<uuid:pk>/", "PUT"): (admin_only(200), _plan_body),
    ("api/admin/plans/<uuid:pk>/", "PATCH"): (admin_only(200), lambda s, role: {"is_active": False}),
    ("api/admin/plans/<uuid:pk>/", "DELETE"): (admin_only(204), None),
    ("api/users/me/plans/", "GET"): (signed_in(200), None),
    ("api/users/me/subscriptions/", "GET"): (signed_in(200), None),
    ("api/users/me/subscriptions/<uuid:pk>/cancel/", "POST"): (_owner_only(200), None),
    ("api/admin/payments/manual/", "POST"): (
        admin_only(201),
        lambda s, role: {
            "user_id": str(s.student.pk),
            "plan_id": str(_plan(s).pk),
            "amount": "15000.00",
            "currency": "NGN",
            "reference": f"BANK-{role}",
        },
    ),
    # Access codes: admins make and read batches, any signed-in user redeems a code.
    ("api/admin/access-codes/", "GET"): (admin_only(200), None),
    ("api/admin/access-codes/", "POST"): (
        admin_only(201),
        lambda s, role: {"course_id": str(s.paid_course.pk), "count": 2, "max_uses": 1},
    ),
    ("api/admin/access-codes/<uuid:pk>/", "GET"): (admin_only(200), None),
    ("api/admin/access-codes/<uuid:pk>/csv/", "GET"): (admin_only(200), None),
    ("api/access-codes/redeem/", "POST"): (signed_in(200), lambda s, role: {"code": _access_codes(s).codes.get().code}),
    # The sheet is multipart: this JSON body gets an admin past the permission check to a 415.
    ("api/admin/users/import/", "POST"): (admin_only(415), lambda s, role: {"file": "students.csv"}),
    # Anything else under /api/: a JSON 404 for everyone, whatever the method.
    **{("^api/", method): (everyone(404), None) for method in ANY_METHOD},
}

# Bodies sent as forms (the checkout page's own form); everything else is JSON.
FORM_ROUTES = {"api/payments/sandbox/checkout/<transaction_id:transaction_id>/"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def _methods(callback) -> set[str]:
    if getattr(callback, "actions", None):  # a viewset bound to its actions (DRF adds `head` on first use)
        methods = set(callback.actions)
    elif view_class := getattr(callback, "cls", None) or getattr(callback, "view_class", None):
        methods = {method for method in view_class.http_method_names if hasattr(view_class, method)}
    else:
        return set(ANY_METHOD)
    return {method.upper() for method in methods - {"head", "options", "trace"}}


def discovered_api_operations() -> set[tuple[str, str]]:
    return {
        (route, method)
        for route, callback in _walk(get_resolver().url_patterns)
        if route.startswith(("api/", "^api/"))
        for method in _methods(callback)
    }


def test_every_api_route_and_method_has_a_permission_decision():
    discovered = discovered_api_operations()

    undecided = sorted(discovered - MATRIX.keys())
    stale = sorted(MATRIX.keys() - discovered)
    assert not undecided, f"routes without a permission decision in MATRIX: {undecided}"
    assert not stale, f"MATRIX rows for routes or methods that no longer exist: {stale}"


CASES = [
    pytest.param(route, method, role, expected[role], id=f"{method} {route} as {role}")
    for (route, method), (expected, _) in sorted(MATRIX.items())
    for role in ROLES
]


@pytest.mark.parametrize(("route", "method", "role", "status"), CASES)
def test_permission_matrix(school, route, method, role, status):
    body = MATRIX[(route, method)][1]
    path = PATHS[route](school) if route in PATHS else f"/{route}"

    response = school.client(role).generic(method, path, **_encoded(body(school, role) if body else None, route))

    assert response.status_code == status, response.content[:300]
    if status >= 400:
        assert response["Content-Type"] == "application/json", response.content[:300]
        assert isinstance(response.json()["detail"], str)


def _encoded(data: dict | None, route: str) -> dict:
    if data is None:
        return {}
    if route in FORM_ROUTES:
        return {"data": urlencode(data), "content_type": "application/x-www-form-urlencoded"}
    return {"data": json.dumps(data), "content_type": "application/json"}
