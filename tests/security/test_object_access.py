"""Object-level access to every per-user resource: progress, enrollments, messages and conversations,
payments. Another user's object answers exactly as an unknown one (404), a list of "my" rows holds
the caller's rows only, and a write through one user's URL never touches another user's row. No
answer carries another user's data: their ids and message contents never appear in the body.
"""

import uuid

import pytest

from courses.models import CourseProgress, Enrollment
from messaging.models import Message
from payments.models import Payment

pytestmark = pytest.mark.django_db

OWN_ROW_LISTS = [
    "/api/users/me/enrollments/",
    "/api/users/me/progress/",
    "/api/messages/conversations/",
    "/api/payments/",
]
OTHERS = ["tutor", "admin", "outsider"]


def _secrets(school) -> list[str]:
    """What only the student (and the peer they talk to) may ever see."""
    return [
        str(school.student.pk),
        school.student.email,
        school.payment.transaction_id,
        str(school.message_to_peer.pk),
        school.message_to_peer.content,
        school.message_from_peer.content,
    ]


def assert_nothing_of_the_students(response, school) -> None:
    body = response.content.decode()
    leaked = [secret for secret in _secrets(school) if secret in body]
    assert not leaked, f"{response.request['PATH_INFO']} revealed {leaked}"


@pytest.mark.parametrize("path", OWN_ROW_LISTS)
@pytest.mark.parametrize("query", ["", "?limit=100&offset=0"])
def test_a_list_of_my_rows_holds_none_of_another_users(school, path, query):
    own = school.client("student").get(path + query)
    theirs = school.client("outsider").get(path + query)

    assert own.status_code == theirs.status_code == 200
    own_rows = own.json() if not query else own.json()["results"]
    assert own_rows, "the student's own rows are listed"
    assert theirs.json() == ([] if not query else {"count": 0, "next": None, "previous": None, "results": []})
    assert_nothing_of_the_students(theirs, school)


@pytest.mark.parametrize("role", OTHERS)
def test_another_users_payment_status_is_404_exactly_like_an_unknown_one(school, role):
    client = school.client(role)

    theirs = client.get(f"/api/payments/status/{school.payment.transaction_id}/")
    unknown = client.get("/api/payments/status/NCX-no-such-payment/")

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json() == {"detail": "Not found."}
    # Polling someone else's payment must not re-verify or change it either.
    school.payment.refresh_from_db()
    assert school.payment.status == Payment.Status.PENDING


@pytest.mark.parametrize("role", OTHERS)
def test_a_conversation_shows_only_the_callers_own_messages(school, role):
    client = school.client(role)

    with_peer = client.get(f"/api/messages/conversation/{school.peer.pk}/")
    with_student = client.get(f"/api/messages/conversation/{school.student.pk}/")
    paged = client.get(f"/api/messages/conversation/{school.peer.pk}/?limit=50")

    for response in (with_peer, with_student, paged):
        assert response.status_code == 200
        assert response.json() == []
        assert_nothing_of_the_students(response, school)


def test_a_conversation_with_an_unknown_user_is_404(school):
    response = school.client("outsider").get(f"/api/messages/conversation/{uuid.uuid4()}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "User not found."}


def test_paging_before_another_conversations_message_reveals_nothing(school):
    response = school.client("outsider").get(
        f"/api/messages/conversation/{school.peer.pk}/?limit=10&before={school.message_to_peer.pk}"
    )

    assert response.status_code in (200, 400)
    assert_nothing_of_the_students(response, school)


@pytest.mark.parametrize("role", OTHERS)
def test_marking_read_touches_only_messages_sent_to_the_caller(school, role):
    response = school.client(role).post(f"/api/messages/conversation/{school.peer.pk}/read/")

    assert response.status_code == 200
    assert response.json() == {"updated": 0}
    assert Message.objects.get(pk=school.message_from_peer.pk).read_at is None


def test_the_peer_marking_read_touches_only_the_message_they_received(school):
    response = school.client("student").post(f"/api/messages/conversation/{school.peer.pk}/read/")

    assert response.json() == {"updated": 1}
    assert Message.objects.get(pk=school.message_from_peer.pk).read_at is not None
    assert Message.objects.get(pk=school.message_to_peer.pk).read_at is None


@pytest.mark.parametrize("role", OTHERS)
def test_setting_progress_writes_only_the_callers_own_row(school, role):
    response = school.client(role).put(
        f"/api/users/me/progress/{school.free_course.pk}/", {"progress_percentage": 100}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["user_id"] == str(school.user(role).pk)
    assert CourseProgress.objects.get(user=school.student, course=school.free_course).progress_percentage == 40


@pytest.mark.parametrize("role", ["student", "tutor", "outsider"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/courses/{course}/"),
        ("post", "/api/courses/{course}/enroll/"),
        ("put", "/api/users/me/progress/{course}/"),
    ],
)
def test_an_unpublished_course_is_404_as_if_it_did_not_exist(school, role, method, path):
    hidden = path.format(course=school.hidden_course.pk)
    unknown = path.format(course=uuid.uuid4())
    client = school.client(role)

    responses = [getattr(client, method)(p, {"progress_percentage": 10}, format="json") for p in (hidden, unknown)]

    assert [r.status_code for r in responses] == [404, 404]
    assert responses[0].json() == responses[1].json() == {"detail": "Not found."}
    assert not Enrollment.objects.filter(course=school.hidden_course).exists()
    assert not CourseProgress.objects.filter(course=school.hidden_course).exists()


def test_sending_a_message_never_lets_the_sender_pick_the_sender(school):
    response = school.client("outsider").post(
        "/api/messages/send/",
        {"receiver_id": str(school.peer.pk), "content": "hi", "sender_id": str(school.student.pk)},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["sender_id"] == str(school.outsider.pk)
    assert not Message.objects.filter(sender=school.student, content="hi").exists()


def test_a_payment_is_always_the_callers_own(school):
    response = school.client("outsider").post(
        "/api/payments/initiate/",
        {"course_id": str(school.paid_course.pk), "payment_method": "sandbox", "user_id": str(school.student.pk)},
        format="json",
    )

    assert response.status_code == 200
    payment = Payment.objects.get(transaction_id=response.json()["transaction_id"])
    assert payment.user == school.outsider
