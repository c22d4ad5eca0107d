import uuid

import pytest
from django.urls import reverse

from core.testing import assert_error
from messaging.models import Message
from messaging.tests.factories import MessageFactory


def read_url(other_user_id) -> str:
    return reverse("messaging:conversation-read", args=[other_user_id])


def messages_url(other_user_id) -> str:
    return reverse("messaging:conversation-messages", args=[other_user_id])


@pytest.mark.django_db
def test_mark_read_marks_messages_received_from_that_user(student_client, student, tutor):
    received = MessageFactory.create_batch(3, sender=tutor, receiver=student)
    sent = MessageFactory(sender=student, receiver=tutor)

    response = student_client.post(read_url(tutor.id))

    assert response.status_code == 200
    assert response.json() == {"updated": 3}
    assert all(Message.objects.get(pk=m.pk).read_at for m in received)
    # The student's own message is the tutor's to read.
    assert Message.objects.get(pk=sent.pk).read_at is None


@pytest.mark.django_db
def test_read_at_appears_in_the_conversation(student_client, tutor_client, student, tutor):
    MessageFactory(sender=tutor, receiver=student)
    student_client.post(read_url(tutor.id))

    [message] = tutor_client.get(messages_url(student.id)).json()

    assert message["read_at"].endswith("Z")


@pytest.mark.django_db
def test_mark_read_twice_updates_nothing_the_second_time(student_client, student, tutor):
    MessageFactory.create_batch(2, sender=tutor, receiver=student)
    student_client.post(read_url(tutor.id))

    assert student_client.post(read_url(tutor.id)).json() == {"updated": 0}


@pytest.mark.django_db
def test_mark_read_leaves_other_conversations_alone(student_client, student, tutor, outsider):
    MessageFactory(sender=tutor, receiver=student)
    elsewhere = MessageFactory(sender=outsider, receiver=student)

    assert student_client.post(read_url(tutor.id)).json() == {"updated": 1}
    assert Message.objects.get(pk=elsewhere.pk).read_at is None


@pytest.mark.django_db
def test_a_third_user_cannot_mark_a_conversation_read(outsider_client, student, tutor):
    message = MessageFactory(sender=tutor, receiver=student)

    assert outsider_client.post(read_url(tutor.id)).json() == {"updated": 0}
    assert outsider_client.post(read_url(student.id)).json() == {"updated": 0}
    assert Message.objects.get(pk=message.pk).read_at is None


@pytest.mark.django_db
def test_mark_read_with_unknown_user_is_404(student_client):
    assert_error(student_client.post(read_url(uuid.uuid4())), 404, "User not found.")


@pytest.mark.django_db
@pytest.mark.parametrize("unread", [2, 50])
def test_mark_read_query_count_does_not_grow(student_client, student, tutor, django_assert_num_queries, unread):
    MessageFactory.create_batch(unread, sender=tutor, receiver=student)

    # User (JWT), other user, savepoint, newest unread, the UPDATE, the inbox row, release savepoint.
    with django_assert_num_queries(7):
        assert student_client.post(read_url(tutor.id)).json() == {"updated": unread}
