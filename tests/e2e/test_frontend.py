"""The frontend's origin talks to the API from a real browser: CORS with a bearer token (reads, and
the JSON POSTs of practice and the adaptive exam), and the messaging WebSocket receiving a push for a
message another user sent over REST."""

import pytest
import requests
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tests.factories import TutorFactory, UserFactory
from courses.tests.factories import CourseFactory, PaidCourseFactory
from exams.tests.factories import calibrated_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sturdy-Passphrase-9"


def test_the_frontend_origin_registers_logs_in_and_reads_with_its_bearer_token(page, frontend, api_server, screenshot):
    free = CourseFactory(title="Pharmacology basics")
    PaidCourseFactory(title="Cardiac care")
    page.goto(f"{frontend}/index.html")

    result = page.evaluate(
        "([api, email, password]) => signUpAndLoad(api, 'Ama Mensah', email, password)",
        [api_server.url, "ama@example.com", PASSWORD],
    )

    screenshot(page, "frontend")
    assert result["register"]["status"] == 201
    assert result["login"]["status"] == 200
    assert result["me"]["status"] == 200
    me = result["me"]["body"]
    assert (me["email"], me["full_name"], me["role"]) == ("ama@example.com", "Ama Mensah", "user")
    assert result["courses"]["status"] == 200
    titles = {course["title"]: course for course in result["courses"]["body"]}
    assert set(titles) == {"Pharmacology basics", "Cardiac care"}
    assert titles["Pharmacology basics"]["video_url"] == free.video_url  # free: open to everyone
    assert titles["Cardiac care"]["video_url"] is None  # paid, not enrolled


def test_the_frontend_origin_practises_and_sits_an_adaptive_exam(page, frontend, api_server, screenshot):
    calibrated_bank(200)  # multiple choice, key B
    token = str(AccessToken.for_user(UserFactory()))
    page.goto(f"{frontend}/index.html")

    result = page.evaluate("([api, token]) => practiseAndSit(api, token)", [api_server.url, token])

    screenshot(page, "frontend-practice-exam")
    assert result["test"]["status"] == 201
    assert len(result["test"]["body"]["items"]) == 5
    assert "answer" not in result["test"]["body"]["items"][0]["item"]  # no key before an answer
    assert result["answer"]["status"] == 200
    assert (result["answer"]["body"]["score"], result["answer"]["body"]["answer"]) == (1, {"correct": ["B"]})
    assert result["exam"]["status"] == 201
    assert result["exam"]["body"]["position"] == 1
    assert result["next"]["status"] == 200
    assert (result["next"]["body"]["status"], result["next"]["body"]["position"]) == ("in_progress", 2)
    assert result["readiness"]["status"] == 200
    assert result["readiness"]["body"]["based_on"] == {"exams": 0, "responses": 1}  # the practice answer


def test_another_origin_cannot_read_the_api(page, frontend, api_server):
    # The same page from http://127.0.0.1:<port>: a different origin, not in CORS_ALLOWED_ORIGINS.
    token = str(AccessToken.for_user(UserFactory()))
    page.goto(frontend.replace("localhost", "127.0.0.1") + "/index.html")

    with_token = page.evaluate("([api, token]) => tryFetch(api, '/api/users/me/', token)", [api_server.url, token])
    simple_get = page.evaluate("([api]) => tryFetch(api, '/api/courses/', null)", [api_server.url])

    assert with_token == {"ok": False, "error": "TypeError: Failed to fetch"}
    assert simple_get == {"ok": False, "error": "TypeError: Failed to fetch"}
    # The server did answer the preflight, just not for this origin.
    preflight = requests.options(
        f"{api_server.url}/api/users/me/",
        headers={"Origin": "http://127.0.0.1:3000", "Access-Control-Request-Method": "GET"},
        timeout=10,
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_the_frontend_socket_receives_a_message_another_user_sends(page, frontend, api_server, screenshot):
    student, tutor = UserFactory(), TutorFactory()
    page.goto(f"{frontend}/index.html")
    page.evaluate(
        "([ws, token]) => openMessagesSocket(ws, token)", [api_server.ws_url, str(AccessToken.for_user(student))]
    )
    page.wait_for_function("() => window.socketState === 'open'")

    sent = requests.post(
        f"{api_server.url}/api/messages/send/",
        json={"receiver_id": str(student.pk), "content": "Your care plan looks good."},
        headers={"Authorization": f"Bearer {AccessToken.for_user(tutor)}"},
        timeout=10,
    )

    assert sent.status_code == 201, sent.text
    page.wait_for_function("() => window.received.some(frame => frame.type === 'message.new')", timeout=10_000)
    screenshot(page, "socket")
    frames = page.evaluate("() => window.received")
    assert frames == [{"type": "message.new", "message": sent.json()}]
    assert frames[0]["message"]["sender_id"] == str(tutor.pk)
