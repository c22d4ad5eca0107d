"""OpenAPI pieces shared by the course and admin endpoints: the error bodies of CONTRACT "Conventions"."""

from drf_spectacular.utils import OpenApiResponse

from config.schema import ErrorSerializer, ValidationErrorSerializer


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


INVALID = OpenApiResponse(response=ValidationErrorSerializer, description="Invalid input data.")
UNAUTHENTICATED = error("Not authenticated.")
FORBIDDEN = error("Not allowed for this role.")
NOT_FOUND = error("Not found.")
