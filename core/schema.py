"""OpenAPI generation for the whole API: the answers every endpoint shares are documented here, once.

drf-spectacular documents what each view declares. Some answers come from the project-wide
machinery instead of the view, so `SchoolAutoSchema` adds them to every operation they apply to
(unless the view documents that status itself):

- 401 wherever a bearer token is read, optional ones included: a malformed or expired token is
  refused even on a public endpoint;
- 400, 413 and 415 wherever a request body is read: unparseable JSON, a body over the size limit, a
  content type the endpoint does not accept;
- 400 on every list paged with `?limit=&offset=`: a limit or offset that is not a valid number.

The error bodies are the ones `core.exceptions` renders: `{"detail": "..."}`, plus `errors` for
field errors.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer("ErrorResponse", {"detail": serializers.CharField()})
ValidationErrorSerializer = inline_serializer(
    "ValidationErrorResponse",
    {
        "detail": serializers.CharField(),
        # Absent when the body could not be read at all (e.g. "JSON parse error - ...").
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
    },
)

SHARED_ANSWERS = {
    "token": {"401": (ErrorSerializer, "Missing, malformed or expired bearer token.")},
    "body": {
        "400": (ValidationErrorSerializer, "Invalid input data, or a body that is not valid JSON."),
        "413": (ErrorSerializer, "Request body too large."),
        "415": (ErrorSerializer, "Unsupported media type."),
    },
    "paging": {"400": (ValidationErrorSerializer, "Invalid `limit` or `offset`.")},
}


def error(description: str) -> OpenApiResponse:
    """A documented error answer: the one error body, with what the condition means here."""
    return OpenApiResponse(response=ErrorSerializer, description=description)


INVALID = OpenApiResponse(response=ValidationErrorSerializer, description="Invalid input data.")
UNAUTHENTICATED = error("Not authenticated.")
FORBIDDEN = error("Not allowed for this role.")
NOT_FOUND = error("Not found.")


class SchoolAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        applicable = []
        if any("jwtAuth" in requirement for requirement in operation.get("security", [])):
            applicable.append("token")
        if "requestBody" in operation:
            applicable.append("body")
        if any(p["in"] == "query" and p["name"] == "limit" for p in operation.get("parameters", [])):
            applicable.append("paging")
        responses = operation["responses"]
        for kind in applicable:
            for status, (serializer, description) in SHARED_ANSWERS[kind].items():
                if status not in responses:
                    responses[status] = self._get_response_for_code(serializer, status)
                    responses[status]["description"] = description
        operation["responses"] = dict(sorted(responses.items()))
        return operation
