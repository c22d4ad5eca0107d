import pytest
from django.urls import reverse

from accounts import demo as accounts_demo
from core.testing import bearer_client
from messaging import demo
from messaging.models import Message


@pytest.mark.django_db
def test_demo_gives_the_tutor_a_conversation_with_each_student_once():
    people = accounts_demo.seed()
    demo.seed(people)
    count = Message.objects.count()

    demo.seed(people)

    assert Message.objects.count() == count > 0
    inbox = bearer_client(people.tutor).get(reverse("messaging:conversation-list")).json()
    assert {row["user_id"] for row in inbox} == {str(s.id) for s in people.students}
    assert sum(row["unread_count"] for row in inbox) > 0
    student_inbox = bearer_client(people.students[0]).get(reverse("messaging:conversation-list")).json()
    assert [row["unread_count"] for row in student_inbox] == [0]
