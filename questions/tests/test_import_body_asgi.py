"""Under ASGI the question import's body is capped at QUESTION_IMPORT_MAX_BYTES before it is read
(core.asgi.BodyLimitMiddleware reads the view's `max_body_setting`), and its author checks come first,
as for uploads: nobody but an author gets to send a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE."""

import json

import pytest

from accounts.tests.factories import AdminFactory, UserFactory
from tests.security.test_asgi_body_limits import MIB, Client, _close_worker_thread_connections, token_for

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["_close_worker_thread_connections"]  # the fixture, used here too

IMPORT = "/api/admin/questions/import/"


def json_headers(length: int, token: str | None = None) -> dict[str, str]:
    headers = {"content-type": "application/json", "content-length": str(length)}
    return headers | ({"authorization": f"Bearer {token}"} if token else {})


async def test_an_import_over_question_import_max_bytes_is_413_before_a_byte_is_read(settings):
    settings.QUESTION_IMPORT_MAX_BYTES = 4 * MIB
    client = Client("POST", IMPORT, headers=json_headers(5 * MIB, await token_for(AdminFactory)), chunks=80)

    await client.run()

    assert client.status == 413
    assert client.json() == {"detail": "Request body too large."}
    assert client.pulled == 0


async def test_an_import_over_data_upload_max_memory_size_is_let_through_to_the_view(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    settings.QUESTION_IMPORT_MAX_BYTES = 4 * MIB
    body = json.dumps({"items": [], "case_studies": [], "padding": "x" * 5_000}).encode()
    token = await token_for(AdminFactory)
    client = Client("POST", IMPORT, headers=json_headers(len(body), token), chunks=0, last=body)

    await client.run()

    assert client.status == 400  # read and validated by the view: nothing to import
    assert client.json()["errors"]["items"] == ["Nothing to import: give items or case studies."]


@pytest.mark.parametrize("who", ["anonymous", "student"])
async def test_a_large_import_from_a_non_author_is_refused_before_its_body_is_read(settings, who):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    token = None if who == "anonymous" else await token_for(UserFactory)
    client = Client("POST", IMPORT, headers=json_headers(2 * MIB, token), chunks=32)

    await client.run()

    assert client.status == (401 if who == "anonymous" else 403)
    assert client.pulled == 0


async def test_other_routes_keep_data_upload_max_memory_size(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    token = await token_for(AdminFactory)
    client = Client("POST", "/api/admin/questions/", headers=json_headers(2 * MIB, token), chunks=32)

    await client.run()

    assert client.status == 413
    assert client.pulled == 0
