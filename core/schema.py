"""OpenAPI generation for the whole API: the answers every endpoint shares are documented here, once.

drf-spectacular documents what each view declares. Some answers come from the project-wide
machinery instead of the view, so `SchoolAutoSchema` adds them to every operation they apply to
(unless the view documents that status itself, with a description of what it means there):

- 401 wherever a bearer token is read, optional ones included: a malformed or expired token is
  refused even on a public endpoint;
- 403 wherever a permission class other than `IsAuthenticated` / `AllowAny` guards the view (a role);
- 404 on every path with a parameter: an unknown id, or another user's private object;
- 429 on every view with throttle classes;
- 400, 413 and 415 wherever a request body is read: unparseable JSON, a body over the size limit, a
  content type the endpoint does not accept;
- 400 on every list paged with `?limit=&offset=`: a limit or offset that is not a valid number.

Every error answer has the one body `core.exceptions` renders, `ErrorResponse`: `{"detail": "..."}`,
plus `errors` for field errors.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated

ErrorSerializer = inline_serializer(
    "ErrorResponse",
    {
        "detail": serializers.CharField(),
        # Field errors only; absent otherwise, also when a body could not be read at all
        # (e.g. "JSON parse error - ...").
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
    },
)

# Permissions that say nothing about roles: their refusals are the 401 of a missing token.
ROLE_BLIND_PERMISSIONS = (IsAuthenticated, AllowAny)

SHARED_ANSWERS = {
    "token": {"401": "Missing, malformed or expired bearer token."},
    "role": {"403": "Not allowed for this role."},
    "path": {"404": "Not found."},
    "throttle": {"429": "Too many requests: retry after the `Retry-After` header's seconds."},
    "body": {
        "400": "Invalid input data, or a body that is not valid JSON.",
        "413": "Request body too large.",
        "415": "Unsupported media type.",
    },
    "paging": {"400": "Invalid `limit` or `offset`."},
}


def error(description: str) -> OpenApiResponse:
    """A documented error answer: the one error body, with what the condition means here."""
    return OpenApiResponse(response=ErrorSerializer, description=description)


INVALID = error("Invalid input data.")
UNAUTHENTICATED = error("Not authenticated.")
FORBIDDEN = error("Not allowed for this role.")
NOT_FOUND = error("Not found.")


class SchoolAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for kind in self._shared_answers(path, operation):
            for status, description in SHARED_ANSWERS[kind].items():
                if status not in responses:
                    responses[status] = self._get_response_for_code(ErrorSerializer, status)
                    responses[status]["description"] = description
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _shared_answers(self, path: str, operation: dict) -> list[str]:
        applicable = []
        if any("jwtAuth" in requirement for requirement in operation.get("security", [])):
            applicable.append("token")
        if any(not isinstance(p, ROLE_BLIND_PERMISSIONS) for p in self.view.get_permissions()):
            applicable.append("role")
        if "{" in path:
            applicable.append("path")
        if self.view.get_throttles():
            applicable.append("throttle")
        if "requestBody" in operation:
            applicable.append("body")
        if any(p["in"] == "query" and p["name"] == "limit" for p in operation.get("parameters", [])):
            applicable.append("paging")
        return applicable
