import re
import uuid

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.testing import assert_error, bearer_client
from messaging.models import Conversation, Message

SEND_URL = reverse("messaging:message-send")
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@pytest.mark.django_db
def test_send_returns_201_with_the_message(student_client, student, tutor):
    response = student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": "Hello, Dr. Chen"})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "sender_id", "receiver_id", "content", "created_at", "read_at"}
    assert body["sender_id"] == str(student.id)
    assert body["receiver_id"] == str(tutor.id)
    assert body["content"] == "Hello, Dr. Chen"
    assert ISO_UTC.match(body["created_at"])
    assert body["read_at"] is None
    assert Message.objects.get(pk=body["id"]).content == "Hello, Dr. Chen"


@pytest.mark.django_db
def test_send_stores_content_trimmed(student_client, tutor):
    response = student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": "  \n Hi there \t "})

    assert response.status_code == 201
    assert response.json()["content"] == "Hi there"


@pytest.mark.django_db
@pytest.mark.parametrize("content", ["", "   ", "\n\t "])
def test_send_blank_content_is_400(student_client, tutor, content):
    response = student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": content})

    assert_error(response, 400, "Invalid input data.", field="content")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_send_over_5000_characters_is_400(student_client, tutor):
    response = student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": "x" * 5001})

    assert_error(response, 400, "Invalid input data.", field="content")


@pytest.mark.django_db
def test_send_exactly_5000_characters_after_trimming_is_accepted(student_client, tutor):
    response = student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": "  " + "x" * 5000 + "  "})

    assert response.status_code == 201
    assert len(response.json()["content"]) == 5000


@pytest.mark.django_db
def test_send_to_oneself_is_400(student_client, student):
    response = student_client.post(SEND_URL, {"receiver_id": str(student.id), "content": "Note to self"})

    assert_error(response, 400, "You cannot send a message to yourself.", field="receiver_id")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_send_to_unknown_user_is_404(student_client):
    response = student_client.post(SEND_URL, {"receiver_id": str(uuid.uuid4()), "content": "Anyone there?"})

    assert_error(response, 404, "User not found.")


@pytest.mark.django_db
def test_send_to_inactive_user_is_404(student_client):
    gone = UserFactory(is_active=False)

    response = student_client.post(SEND_URL, {"receiver_id": str(gone.id), "content": "Anyone there?"})

    assert_error(response, 404, "User not found.")
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_send_with_malformed_receiver_id_is_400(student_client):
    response = student_client.post(SEND_URL, {"receiver_id": "not-a-uuid", "content": "Hi"})

    assert_error(response, 400, "Invalid input data.", field="receiver_id")


@pytest.mark.django_db
def test_send_without_fields_is_400_naming_both(student_client):
    body = assert_error(student_client.post(SEND_URL, {}), 400, "Invalid input data.")

    assert set(body["errors"]) == {"receiver_id", "content"}


@pytest.mark.django_db
def test_a_tutor_can_write_to_a_student(tutor_client, student):
    response = tutor_client.post(SEND_URL, {"receiver_id": str(student.id), "content": "How is revision going?"})

    assert response.status_code == 201


@pytest.mark.django_db
def test_send_puts_the_conversation_in_both_inboxes(student_client, student, tutor):
    student_client.post(SEND_URL, {"receiver_id": str(tutor.id), "content": "Hello"})

    mine = Conversation.objects.get(user=student, other_user=tutor)
    theirs = Conversation.objects.get(user=tutor, other_user=student)
    assert (mine.unread_count, theirs.unread_count) == (0, 1)
    assert mine.last_message_id == theirs.last_message_id


@pytest.mark.django_db
def test_send_is_throttled_per_user(settings, student_client, tutor):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "send_message": "2/min"},
    }
    payload = {"receiver_id": str(tutor.id), "content": "Hi"}
    assert [student_client.post(SEND_URL, payload).status_code for _ in range(2)] == [201, 201]

    response = student_client.post(SEND_URL, payload)

    assert_error(response, 429)
    assert int(response["Retry-After"]) > 0
    assert Message.objects.count() == 2
    # Another user has their own allowance.
    other = bearer_client(UserFactory())
    assert other.post(SEND_URL, payload).status_code == 201
