"""Bodies are refused before they are read under ASGI (issue 11, item 14), driven with raw ASGI
messages as a server would send them: the test counts how much of the body the app pulled."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import AdminFactory, UserFactory
from config.asgi import application, websocket_server_application

MIB = 1024 * 1024
CHUNK = 64 * 1024
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections():
    yield
    await sync_to_async(connections.close_all)()


class Client:
    """One request: the headers, then the body in `chunks` of CHUNK bytes pulled one by one."""

    def __init__(self, method: str, path: str, *, headers: dict[str, str], chunks: int, last: bytes = b""):
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"testserver"), *((k.lower().encode(), v.encode()) for k, v in headers.items())],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        self.chunks, self.last = chunks, last
        self.pulled = 0  # body messages the app received
        self.sent: list[dict] = []

    async def receive(self):
        if self.pulled >= self.chunks + 1:
            await asyncio.Event().wait()  # as a server does: the client is still there, waiting
        self.pulled += 1
        if self.pulled <= self.chunks:
            return {"type": "http.request", "body": b"x" * CHUNK, "more_body": True}
        return {"type": "http.request", "body": self.last, "more_body": False}

    async def send(self, message):
        self.sent.append(message)

    async def run(self, app=application):
        await app(self.scope, self.receive, self.send)
        starts = [m for m in self.sent if m["type"] == "http.response.start"]
        assert len(starts) == 1, self.sent
        self.status = starts[0]["status"]
        self.headers = {name.lower(): value for name, value in starts[0]["headers"]}
        self.body = b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")
        return self

    def json(self):
        assert self.headers[b"content-type"] == b"application/json"
        return json.loads(self.body)


async def token_for(factory) -> str:
    return await sync_to_async(lambda: str(AccessToken.for_user(factory())))()


# --- everywhere: DATA_UPLOAD_MAX_MEMORY_SIZE -----------------------------------------------------


async def test_a_content_length_over_the_limit_is_413_before_a_byte_is_read(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MIB
    client = Client("POST", "/api/auth/login/", headers={"content-length": str(1024 * MIB)}, chunks=16384)

    await client.run()

    assert client.status == 413
    assert client.json() == {"detail": "Request body too large."}
    assert client.pulled == 0


async def test_a_streamed_body_growing_past_the_limit_is_cut_off_there(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MIB
    client = Client("POST", "/api/auth/login/", headers={"transfer-encoding": "chunked"}, chunks=16384)

    await client.run()

    assert client.status == 413
    assert client.json() == {"detail": "Request body too large."}
    assert client.pulled == 2 * MIB // CHUNK + 1  # one chunk past the limit, not 1 GiB


async def test_a_lying_content_length_is_cut_off_too(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MIB
    client = Client("POST", "/api/messages/send/", headers={"content-length": "100"}, chunks=16384)

    await client.run()

    assert client.status == 413
    assert client.pulled == 2 * MIB // CHUNK + 1


async def test_a_body_within_the_limit_reaches_the_view():
    body = json.dumps({"email": "nobody@example.com", "password": "wrong-password"}).encode()
    client = Client(
        "POST",
        "/api/auth/login/",
        headers={"content-type": "application/json", "content-length": str(len(body))},
        chunks=0,
        last=body,
    )

    await client.run()

    assert client.status == 401
    assert client.json()["detail"] == "Invalid credentials."


async def test_the_refusal_carries_cors_headers_for_the_frontend(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MIB
    client = Client(
        "POST",
        "/api/auth/login/",
        headers={"content-length": str(10 * MIB), "origin": "http://localhost:3000"},
        chunks=0,
    )

    await client.run()

    assert client.status == 413
    assert client.headers[b"access-control-allow-origin"] == b"http://localhost:3000"


# --- upload routes: MAX_VIDEO_UPLOAD_MB, and the token and role first ----------------------------


@pytest.mark.parametrize("path", ["/api/admin/courses/", "/api/admin/courses/00000000-0000-0000-0000-000000000001/"])
async def test_an_anonymous_upload_is_401_before_its_body_is_read(path):
    method = "POST" if path.endswith("courses/") else "PUT"
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": str(1024 * MIB)}
    client = Client(method, path, headers=headers, chunks=16384)

    await client.run()

    assert client.status == 401
    assert client.json()["detail"] == "Authentication credentials were not provided."
    assert client.headers[b"www-authenticate"].startswith(b"Bearer")
    assert client.pulled == 0


async def test_a_bad_token_on_an_upload_is_401_before_its_body_is_read():
    headers = {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(1024 * MIB),
        "authorization": "Bearer not.a.token",
    }
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=16384)

    await client.run()

    assert client.status == 401
    assert client.pulled == 0


async def test_a_students_upload_is_403_before_its_body_is_read():
    token = await token_for(UserFactory)
    headers = {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(1024 * MIB),
        "authorization": f"Bearer {token}",
    }
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=16384)

    await client.run()

    assert client.status == 403
    assert client.json() == {"detail": "You do not have permission to perform this action."}
    assert client.pulled == 0


async def test_an_admins_upload_over_max_video_upload_mb_is_413_before_its_body_is_read(settings):
    settings.MAX_VIDEO_UPLOAD_MB = 5
    token = await token_for(AdminFactory)
    headers = {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(6 * MIB + settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "authorization": f"Bearer {token}",
    }
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=16384)

    await client.run()

    assert client.status == 413
    assert client.json() == {"detail": "Video file is too large (maximum 5 MB)."}
    assert client.pulled == 0


async def test_an_admins_upload_streamed_past_the_cap_is_cut_off(settings):
    settings.MAX_VIDEO_UPLOAD_MB = 1
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MIB
    token = await token_for(AdminFactory)
    headers = {
        "content-type": "multipart/form-data; boundary=x",
        "transfer-encoding": "chunked",
        "authorization": f"Bearer {token}",
    }
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=16384)

    await client.run()

    assert client.status == 413
    assert client.pulled == (2 * MIB + 64 * 1024) // CHUNK + 1


async def test_an_admins_upload_within_the_cap_reaches_the_view_which_may_be_bigger_than_other_bodies(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # the form field cap; the video cap is far above
    token = await token_for(AdminFactory)
    body = json.dumps({"title": "T", "description": "D", "video_url": "https://example.com/v.mp4"}).encode()
    body += (
        b" " * 4096
    )  # over DATA_UPLOAD_MAX_MEMORY_SIZE: refused elsewhere, an upload route's cap is MAX_VIDEO_UPLOAD_MB
    headers = {"content-type": "application/json", "content-length": str(len(body)), "authorization": f"Bearer {token}"}
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=0, last=body)

    await client.run()

    # Past the ASGI cap; Django's own DATA_UPLOAD_MAX_MEMORY_SIZE rule then answers for a JSON body.
    assert client.status == 413
    assert client.json() == {"detail": "Request body too large."}
    assert client.pulled == 1


async def test_an_admins_small_json_create_works():
    token = await token_for(AdminFactory)
    body = json.dumps(
        {"title": "Cardiac", "description": "D", "video_url": "https://example.com/v.mp4", "price": "0.00"}
    ).encode()
    headers = {"content-type": "application/json", "content-length": str(len(body)), "authorization": f"Bearer {token}"}
    client = Client("POST", "/api/admin/courses/", headers=headers, chunks=0, last=body)

    await client.run()

    assert client.status == 201, client.body
    assert client.json()["title"] == "Cardiac"


# --- the production WebSocket server ---------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/auth/login/"), ("GET", "/api/courses/"), ("PUT", "/x")])
async def test_the_websocket_server_answers_plain_http_with_404_without_reading_the_body(method, path):
    client = Client(method, path, headers={"content-length": str(300 * MIB)}, chunks=4800)

    await client.run(websocket_server_application)

    assert client.status == 404
    assert client.json() == {"detail": "Not found."}
    assert client.pulled == 0


async def test_the_websocket_server_still_answers_its_health_check():
    client = Client("GET", "/api/health/", headers={}, chunks=0)

    await client.run(websocket_server_application)

    assert client.status == 200
    assert client.json()["database"] == "ok"
