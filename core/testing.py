"""Test support shared by every app's tests: the clients and assertions the contract's tests need.

Imported by tests (`from core.testing import assert_error, bearer_client`) and by the root
`conftest.py`, whose fixtures are built on them; never by application code.
"""

from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


def bearer_client(user) -> APIClient:
    """An APIClient that sends `user`'s access JWT, as the frontend does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    client.user = user
    return client


def assert_error(response, status: int, detail: str | None = None, field: str | None = None) -> dict:
    """The contract's error shape: JSON with a string `detail`, and field messages under `errors`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    if detail is not None:
        assert body["detail"] == detail
    if field is not None:
        assert body["errors"][field]
    return body
