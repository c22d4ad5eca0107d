"""ApplicationError is the one error path: `detail`, then `errors`, and `extra` keys beside `detail`."""

from core.exceptions import ApplicationError, api_exception_handler


def render(error: ApplicationError):
    return api_exception_handler(error, {"view": None})


def test_extra_keys_are_merged_into_the_body_beside_detail():
    response = render(ApplicationError("You already have an exam in progress.", status=409, extra={"id": "e1"}))

    assert response.status_code == 409
    assert response.data == {"detail": "You already have an exam in progress.", "id": "e1"}


def test_extra_never_replaces_detail_or_errors():
    error = ApplicationError("Refused.", errors={"f": ["Bad."]}, extra={"detail": "other", "errors": {}})

    assert render(error).data == {"detail": "Refused.", "errors": {"f": ["Bad."]}}


def test_without_extra_the_body_is_detail_alone():
    assert render(ApplicationError("Refused.", status=403)).data == {"detail": "Refused."}
