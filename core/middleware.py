"""A request id for every request, one structured log line per request, and JSON for a foreign Host.

The id is the client's `X-Request-ID` when it looks like one (so a load balancer's id follows the
request through), else a new one. It is returned in `X-Request-ID` and attached to every log record
written while the request runs (see `RequestIdFilter`), so one request's lines can be found together.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
from django.utils.functional import SimpleLazyObject, empty

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("nclex.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class SyncAndAsyncMiddleware:
    """A middleware that runs alike under WSGI and ASGI, with no thread hop: a subclass defines
    `before(request)` (a response that answers at once, or None) and/or `after(request, response)`."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def before(self, request):
        return None

    def after(self, request, response):
        return response

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        return self.before(request) or self.after(request, self.get_response(request))

    async def _acall(self, request):
        return self.before(request) or self.after(request, await self.get_response(request))


class RequestLogMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        started, token = self._begin(request)
        try:
            return self._end(request, self.get_response(request), started)
        finally:
            request_id_var.reset(token)

    async def _acall(self, request):
        started, token = self._begin(request)
        try:
            return self._end(request, await self.get_response(request), started)
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _begin(request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        return time.perf_counter(), request_id_var.set(request.request_id)

    @staticmethod
    def _end(request, response, started):
        response["X-Request-ID"] = request.request_id
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user_id": _user_id(request),
            },
        )
        return response


def _user_id(request) -> str | None:
    # Only a user already resolved (DRF sets it from the JWT); never trigger a session lookup here.
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return str(user.pk) if getattr(user, "is_authenticated", False) else None


class ApiHostCheckMiddleware(SyncAndAsyncMiddleware):
    """An `/api/` request whose `Host` is not in `ALLOWED_HOSTS` is a JSON 400 `{"detail": "Bad request."}`.

    Django refuses such a request where something first reads the host, deep in the middleware
    chain, and with DEBUG on answers with its HTML debug report; an API client gets JSON whatever
    the setting (CONTRACT: no HTML error page reaches an /api/ client). Logged as Django does, on
    `django.security.DisallowedHost`. Other paths (the admin site) keep Django's own handling.
    """

    def before(self, request):
        return _foreign_host_refusal(request)


def _foreign_host_refusal(request) -> JsonResponse | None:
    if not request.path.startswith("/api/"):
        return None
    # Imported here: settings.LOGGING loads this module (RequestIdFilter) before the apps are ready.
    from core.exceptions import BAD_REQUEST

    try:
        request.get_host()
    except DisallowedHost as exc:
        logging.getLogger("django.security.DisallowedHost").error(str(exc), extra={"status_code": 400})
        return JsonResponse({"detail": BAD_REQUEST}, status=400)
    return None
