import uuid

import pytest
from django.urls import reverse

from accounts.tests.factories import TutorFactory, UserFactory
from core.testing import assert_error
from messaging import selectors
from messaging.tests.factories import MessageFactory


def url(other_user_id) -> str:
    return reverse("messaging:conversation-messages", args=[other_user_id])


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["id"] for m in response.json()]


@pytest.fixture
def exchange(student, tutor):
    """Ten messages alternating between the student and the tutor, oldest first."""
    return [
        MessageFactory(sender=student, receiver=tutor) if i % 2 == 0 else MessageFactory(sender=tutor, receiver=student)
        for i in range(10)
    ]


@pytest.mark.django_db
def test_conversation_is_both_directions_oldest_first(student_client, tutor, exchange):
    response = student_client.get(url(tutor.id))

    assert ids(response) == [str(m.id) for m in exchange]
    first = response.json()[0]
    assert set(first) == {"id", "sender_id", "receiver_id", "content", "created_at", "read_at"}
    assert first["content"] == exchange[0].content
    assert first["created_at"].endswith("Z")


@pytest.mark.django_db
def test_conversation_excludes_other_conversations(student_client, student, tutor, exchange):
    other_tutor = TutorFactory()
    MessageFactory(sender=student, receiver=other_tutor)
    MessageFactory(sender=other_tutor, receiver=UserFactory())

    assert ids(student_client.get(url(tutor.id))) == [str(m.id) for m in exchange]


@pytest.mark.django_db
def test_a_third_user_sees_nothing_of_the_conversation(outsider_client, student, tutor, exchange):
    assert outsider_client.get(url(tutor.id)).json() == []
    assert outsider_client.get(url(student.id)).json() == []


@pytest.mark.django_db
def test_conversation_with_unknown_user_is_404(student_client):
    assert_error(student_client.get(url(uuid.uuid4())), 404, "User not found.")


@pytest.mark.django_db
def test_conversation_with_malformed_user_id_is_a_json_404(student_client):
    response = student_client.get("/api/messages/conversation/not-a-uuid/")

    assert_error(response, 404)


@pytest.mark.django_db
def test_conversation_with_a_deactivated_user_stays_readable(student_client, student):
    former = UserFactory()
    message = MessageFactory(sender=former, receiver=student)
    former.is_active = False
    former.save()

    assert ids(student_client.get(url(former.id))) == [str(message.id)]


@pytest.mark.django_db
def test_limit_returns_the_newest_messages_oldest_first(student_client, tutor, exchange):
    assert ids(student_client.get(url(tutor.id), {"limit": 3})) == [str(m.id) for m in exchange[-3:]]


@pytest.mark.django_db
def test_before_returns_the_messages_just_older(student_client, tutor, exchange):
    response = student_client.get(url(tutor.id), {"limit": 3, "before": str(exchange[7].id)})

    assert ids(response) == [str(m.id) for m in exchange[4:7]]


@pytest.mark.django_db
def test_paging_back_from_the_newest_yields_every_message_once(student_client, student, tutor):
    # Five messages share one timestamp: the (created_at, id) keyset must neither skip nor repeat them.
    same_time = MessageFactory(sender=student, receiver=tutor).created_at
    for _ in range(4):
        MessageFactory(sender=tutor, receiver=student, created_at=same_time)
    MessageFactory.create_batch(6, sender=student, receiver=tutor)
    everything = ids(student_client.get(url(tutor.id)))

    pages, before = [], None
    while True:
        params = {"limit": 4} | ({"before": before} if before else {})
        page = ids(student_client.get(url(tutor.id), params))
        if not page:
            break
        pages.insert(0, page)
        before = page[0]

    assert [len(p) for p in pages] == [3, 4, 4]
    assert [m for page in pages for m in page] == everything
    assert len(set(everything)) == 11


@pytest.mark.django_db
def test_before_the_oldest_message_is_an_empty_page(student_client, tutor, exchange):
    assert student_client.get(url(tutor.id), {"limit": 5, "before": str(exchange[0].id)}).json() == []


@pytest.mark.django_db
def test_before_a_message_of_another_conversation_is_400(student_client, student, tutor, exchange):
    elsewhere = MessageFactory(sender=student, receiver=TutorFactory())
    others = MessageFactory(sender=UserFactory(), receiver=tutor)

    for message_id in (elsewhere.id, others.id, uuid.uuid4()):
        response = student_client.get(url(tutor.id), {"limit": 5, "before": str(message_id)})
        assert_error(response, 400, "Invalid input data.", field="before")


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "-1", "101", "ten", "1.5"])
def test_invalid_limit_is_400(student_client, tutor, limit):
    assert_error(student_client.get(url(tutor.id), {"limit": limit}), 400, "Invalid input data.", field="limit")


@pytest.mark.django_db
def test_malformed_before_is_400(student_client, tutor):
    response = student_client.get(url(tutor.id), {"limit": 5, "before": "yesterday"})

    assert_error(response, 400, "Invalid input data.", field="before")


@pytest.mark.django_db
def test_without_limit_the_newest_messages_up_to_the_cap(monkeypatch, student_client, tutor, exchange):
    monkeypatch.setattr(selectors, "UNPAGINATED_MESSAGES_CAP", 4)

    assert ids(student_client.get(url(tutor.id))) == [str(m.id) for m in exchange[-4:]]


def test_the_unpaginated_cap_is_500():
    assert selectors.UNPAGINATED_MESSAGES_CAP == 500


@pytest.mark.django_db
@pytest.mark.parametrize("messages", [2, 50])
def test_conversation_query_count_does_not_grow(student_client, student, tutor, django_assert_num_queries, messages):
    sent = [MessageFactory(sender=student, receiver=tutor) for _ in range(messages)]

    # The requesting user (JWT), the other user, the page.
    with django_assert_num_queries(3):
        assert len(ids(student_client.get(url(tutor.id)))) == messages
    # ... and the `before` anchor.
    with django_assert_num_queries(4):
        assert len(ids(student_client.get(url(tutor.id), {"limit": 100, "before": str(sent[-1].id)}))) == messages - 1
