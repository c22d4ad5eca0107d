"""The OpenAPI schema names exactly the fields the messaging endpoints answer with."""

import pytest
from django.urls import reverse

from messaging.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def components(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]


def test_conversation_rows_and_messages_have_exactly_the_documented_properties(
    components, student_client, student, tutor
):
    MessageFactory(sender=tutor, receiver=student)

    [row] = student_client.get(reverse("messaging:conversation-list")).json()
    [message] = student_client.get(reverse("messaging:conversation-messages", args=[tutor.id])).json()
    sent = student_client.post(reverse("messaging:message-send"), {"receiver_id": str(tutor.id), "content": "Hi"})

    assert set(row) == set(components["Conversation"]["properties"])
    assert set(message) == set(sent.json()) == set(components["Message"]["properties"])
