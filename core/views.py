"""Project-wide endpoints that belong to no domain: health, and JSON for unknown /api/ routes."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

logger = logging.getLogger(__name__)


@extend_schema(
    responses={
        (200, "application/json"): inline_serializer(
            "Health",
            {"status": serializers.CharField(), "database": serializers.CharField(), "cache": serializers.CharField()},
        ),
        (503, "application/json"): inline_serializer(
            "HealthDown",
            {"status": serializers.CharField(), "database": serializers.CharField(), "cache": serializers.CharField()},
        ),
    },
    tags=["operations"],
)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    """Liveness of the app and its backing services. 503 when the database is unreachable;
    a cache outage is reported but does not fail the check (the API degrades without it)."""
    database = _probe("database", _database_ping)
    cache_state = _probe("cache", _cache_ping)
    body = {"status": "ok" if database == "ok" else "error", "database": database, "cache": cache_state}
    return Response(body, status=200 if database == "ok" else 503)


def _database_ping():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_ping():
    # Read back: the Redis cache hides its errors from callers (a miss), so a write alone proves nothing.
    cache.set("health:ping", "1", timeout=5)
    if cache.get("health:ping") != "1":
        raise ConnectionError("the cache did not keep a value")


def _probe(name, ping) -> str:
    try:
        ping()
    except Exception:
        logger.warning("health: %s unreachable", name, exc_info=True)
        return "error"
    return "ok"


@csrf_exempt  # a plain Django view: unexempted, a POST here got CsrfViewMiddleware's HTML 403 page
def api_not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found."}, status=404)


def bad_request(request, exception=None):
    # Django's refusals before any view runs, e.g. a Host header not in ALLOWED_HOSTS.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception)


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return defaults.server_error(request, *args, **kwargs)


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)
