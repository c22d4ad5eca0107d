"""Assertions on the contract's response shapes, shared by the messaging tests."""


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
