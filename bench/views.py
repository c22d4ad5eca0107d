"""The two references every endpoint is measured against, served behind the same middleware.

- `ceiling`: a bare Django view that returns an endpoint's response bytes from memory (captured by
  bench/run.py before the server starts). No authentication, no query, no serializer: the most
  this server configuration can do with a response of that size.
- the twins: what a developer without DRF would write for each list endpoint — the same
  authentication and the same query (the project's selectors), read with `.values()` and returned
  with `JsonResponse`.
"""

import json
import os
from pathlib import Path

from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings

from adminpanel.selectors import user_list
from courses.models import Course, Enrollment
from courses.selectors import progress_list
from messaging.selectors import conversation_list, conversation_messages, conversation_partner_get

CEILING_FILE = Path(os.environ.get("BENCH_CEILING_FILE", Path(__file__).resolve().parent / ".data" / "ceiling.json"))
_bodies: dict[str, tuple[int, bytes]] = {}


@csrf_exempt
def ceiling(request, name: str):
    if not _bodies:
        captured = json.loads(CEILING_FILE.read_text())
        _bodies.update({key: (value["status"], value["body"].encode()) for key, value in captured.items()})
    status, body = _bodies[name]
    return HttpResponse(body, status=status, content_type="application/json")


def _user(request):
    """The requester, authenticated exactly as the API does it (the configured JWT class)."""
    from django.contrib.auth.models import AnonymousUser

    for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES:
        try:
            result = authentication().authenticate(request)
        except AuthenticationFailed:
            return None
        if result is not None:
            return result[0]
    return AnonymousUser()


def _unauthorized():
    return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)


def courses(request):
    user = _user(request)
    if user is None:
        return _unauthorized()
    # Hand-written: one query, enrollment as an EXISTS, the access rule inline (an admin, enrolled, or free).
    signed_in = user.is_authenticated
    enrolled = Enrollment.objects.filter(user=user, course=OuterRef("pk")) if signed_in else Enrollment.objects.none()
    rows = (
        Course.objects.filter(is_published=True)
        .order_by("-created_at")
        .annotate(is_enrolled=Exists(enrolled))
        .values("id", "title", "description", "video_url", "price", "currency", "is_enrolled")
    )
    body = []
    for row in rows:
        allowed = signed_in and (user.is_admin or row["is_enrolled"] or row["price"] == 0)
        if not (allowed and row["video_url"]):
            row["video_url"] = None
        body.append(row)
    return JsonResponse(body, safe=False)


def progress(request):
    user = _user(request)
    if user is None or not user.is_authenticated:
        return _unauthorized()
    rows = progress_list(user=user).values("user_id", "course_id", "progress_percentage", "completed_at", "updated_at")
    return JsonResponse(list(rows), safe=False)


def conversations(request):
    user = _user(request)
    if user is None or not user.is_authenticated:
        return _unauthorized()
    body = [
        {
            "user_id": row["partner_id"],
            "full_name": row["partner_name"],
            "email": row["partner_email"],
            "last_message_content": row["last_message_content"],
            "last_message_time": row["last_message_at"],
            "unread_count": row["unread_count"],
        }
        for row in conversation_list(user=user)[:500]
    ]
    return JsonResponse(body, safe=False)


def conversation_page(request, other_user_id):
    user = _user(request)
    if user is None or not user.is_authenticated:
        return _unauthorized()
    other_user = conversation_partner_get(user_id=other_user_id)
    messages = conversation_messages(user=user, other_user=other_user, limit=int(request.GET.get("limit", 50)))
    return JsonResponse(messages, safe=False)


def admin_users(request):
    user = _user(request)
    if user is None or not user.is_authenticated:
        return _unauthorized()
    if not user.is_admin:
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    limit, offset = min(int(request.GET.get("limit", 100)), 100), int(request.GET.get("offset", 0))
    users = user_list()
    count = users.count()
    fields = ("id", "full_name", "email", "role", "created_at", "courses_completed_count", "is_active", "last_login")
    rows = list(users.values(*fields)[offset : offset + limit])
    base = request.build_absolute_uri(request.path)
    return JsonResponse(
        {
            "count": count,
            "next": f"{base}?limit={limit}&offset={offset + limit}" if offset + limit < count else None,
            "previous": f"{base}?limit={limit}&offset={max(offset - limit, 0)}" if offset else None,
            "results": rows,
        }
    )
