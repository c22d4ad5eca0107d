"""One shape for every API error: `{"detail": "..."}`, plus `errors` for field errors.

Services raise `ApplicationError` when a business rule refuses a request; DRF's own exceptions
(validation, authentication, permission, throttling, 404, 405, 415) and Django's `Http404` and
`PermissionDenied` are mapped here too, and so are Django's refusals of a request it will not read
(`SuspiciousOperation`: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, too many form fields a
400). A database that cannot be reached (down, restarting, a connection cut mid-query) is a 503 the
client may retry, not a 500: the next request reconnects.
Anything else becomes a logged 500 with a fixed message.
"""

import logging

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

INVALID_INPUT = "Invalid input data."
INTERNAL_ERROR = "Internal server error."
SERVICE_UNAVAILABLE = "Service temporarily unavailable."
BODY_TOO_LARGE = "Request body too large."
TOO_MANY_PARTS = "Too many form fields or files."
BAD_REQUEST = "Bad request."


class ApplicationError(Exception):
    """A business rule refused the request. Rendered as `{"detail": message}` with `status`, plus
    `errors` when given, and the keys of `extra` beside `detail` (e.g. the `id` of the exam already
    in progress, CONTRACT §8)."""

    def __init__(self, message: str, *, status: int = 400, errors: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors
        self.extra = extra


def _validation_body(detail) -> dict:
    """`detail` is the first non-field message when there is one (e.g. "Passwords do not match."),
    else the generic "Invalid input data."; `errors` always maps field -> [messages]."""
    if isinstance(detail, list):
        errors = {"non_field_errors": [str(m) for m in detail]}
    elif isinstance(detail, dict):
        errors = {field: _flatten(messages) for field, messages in detail.items()}
    else:
        errors = {"non_field_errors": [str(detail)]}
    non_field = errors.get("non_field_errors")
    return {"detail": non_field[0] if non_field else INVALID_INPUT, "errors": errors}


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):  # nested serializer: {"sub": [...]} -> ["sub: message"]
        return [f"{key}: {m}" for key, value in messages.items() for m in _flatten(value)]
    if isinstance(messages, list):
        return [m for item in messages for m in _flatten(item)]
    return [str(messages)]


def _refused_request(exc: SuspiciousOperation) -> Response:
    # Unhandled, Django's own handler would answer these with an HTML 400 page (a 500 inside DRF).
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": BODY_TOO_LARGE}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Response({"detail": TOO_MANY_PARTS}, status=status.HTTP_400_BAD_REQUEST)
    logger.warning("Suspicious request refused: %s", exc)
    return Response({"detail": BAD_REQUEST}, status=status.HTTP_400_BAD_REQUEST)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {**(exc.extra or {}), "detail": exc.message}
        if exc.errors:
            body["errors"] = exc.errors
        return Response(body, status=exc.status)
    if isinstance(exc, OperationalError | InterfaceError):
        # Not logged with a traceback: during an outage every request would print one.
        logger.error("Database unavailable in %s: %s", context.get("view").__class__.__name__, exc)
        return Response({"detail": SERVICE_UNAVAILABLE}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, SuspiciousOperation):
        return _refused_request(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        return Response(_validation_body(exc.detail), status=exc.status_code)

    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
        return Response({"detail": INTERNAL_ERROR}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": str(response.data)}
    return response
