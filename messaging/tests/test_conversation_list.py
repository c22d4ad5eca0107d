from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.tests.factories import TutorFactory, UserFactory
from messaging.tests.factories import MessageFactory

LIST_URL = reverse("messaging:conversation-list")


def read_url(other_user) -> str:
    return reverse("messaging:conversation-read", args=[other_user.id])


@pytest.mark.django_db
def test_conversation_list_has_one_row_per_other_user_with_the_last_message(student_client, student, tutor):
    MessageFactory(sender=student, receiver=tutor, content="Question about insulin")
    last = MessageFactory(sender=tutor, receiver=student, content="Rapid-acting peaks in 1-2 hours.")

    response = student_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.json() == [
        {
            "user_id": str(tutor.id),
            "full_name": tutor.full_name,
            "email": tutor.email,
            "last_message_content": "Rapid-acting peaks in 1-2 hours.",
            "last_message_time": last.created_at.isoformat().replace("+00:00", "Z"),
            "unread_count": 1,
        }
    ]


@pytest.mark.django_db
def test_conversation_list_is_newest_first(student_client, student):
    first, second, third = TutorFactory(), TutorFactory(), UserFactory()
    MessageFactory(sender=student, receiver=first)
    MessageFactory(sender=second, receiver=student)
    MessageFactory(sender=student, receiver=third)
    MessageFactory(sender=first, receiver=student)  # brings `first` back to the top

    ids = [row["user_id"] for row in student_client.get(LIST_URL).json()]

    assert ids == [str(first.id), str(third.id), str(second.id)]


@pytest.mark.django_db
def test_unread_count_counts_only_unread_messages_received(student_client, student, tutor):
    MessageFactory.create_batch(3, sender=tutor, receiver=student)
    MessageFactory.create_batch(2, sender=student, receiver=tutor)

    [row] = student_client.get(LIST_URL).json()

    assert row["unread_count"] == 3


@pytest.mark.django_db
def test_unread_count_drops_to_zero_for_the_reader_only(student_client, tutor_client, student, tutor):
    MessageFactory.create_batch(2, sender=tutor, receiver=student)
    MessageFactory(sender=student, receiver=tutor)

    student_client.post(read_url(tutor))

    assert student_client.get(LIST_URL).json()[0]["unread_count"] == 0
    assert tutor_client.get(LIST_URL).json()[0]["unread_count"] == 1


@pytest.mark.django_db
def test_messages_after_a_read_count_as_unread_again(student_client, student, tutor):
    MessageFactory(sender=tutor, receiver=student)
    student_client.post(read_url(tutor))
    MessageFactory.create_batch(2, sender=tutor, receiver=student)

    assert student_client.get(LIST_URL).json()[0]["unread_count"] == 2


@pytest.mark.django_db
def test_a_third_user_sees_none_of_the_conversation(outsider_client, student, tutor):
    MessageFactory(sender=student, receiver=tutor)

    assert outsider_client.get(LIST_URL).json() == []


@pytest.mark.django_db
def test_conversation_list_is_empty_without_messages(student_client):
    assert student_client.get(LIST_URL).json() == []


@pytest.mark.django_db
def test_conversation_list_pages_with_limit_and_offset(student_client, student):
    for _ in range(3):
        MessageFactory(sender=student, receiver=TutorFactory())

    body = student_client.get(LIST_URL, {"limit": 2, "offset": 1}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["previous"] is not None


@pytest.mark.django_db
@pytest.mark.parametrize("conversations", [2, 50])
def test_conversation_list_query_count_does_not_grow(student_client, student, django_assert_num_queries, conversations):
    for _ in range(conversations):
        other = UserFactory()
        MessageFactory.create_batch(2, sender=other, receiver=student)
        MessageFactory(sender=student, receiver=other)

    # The requesting user (JWT authentication), then the whole list in one query.
    with django_assert_num_queries(2):
        response = student_client.get(LIST_URL)

    assert len(response.json()) == conversations
    assert {row["unread_count"] for row in response.json()} == {2}


@pytest.mark.django_db
def test_a_message_recorded_late_does_not_replace_a_newer_last_message(student_client, student, tutor):
    # Two concurrent sends can commit in either order; the inbox keeps the newest by time.
    newer = MessageFactory(sender=tutor, receiver=student, content="newer")
    MessageFactory(sender=student, receiver=tutor, content="older", created_at=newer.created_at - timedelta(minutes=1))

    [row] = student_client.get(LIST_URL).json()

    assert row["last_message_content"] == "newer"
    assert row["unread_count"] == 1
