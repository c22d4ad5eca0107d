"""The unread-message digest: a user away from the messaging sockets for UNREAD_DIGEST_AFTER_MINUTES
with unread messages gets ONE email linking to the frontend's messages page; opting out at users/me.
Presence is kept in the shared cache by the socket (messaging.presence)."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import TutorFactory, UserFactory
from core.testing import bearer_client
from messaging import presence
from messaging.models import UnreadDigest
from messaging.tasks import unread_digests_send_task
from messaging.tests.factories import MessageFactory
from messaging.tests.test_websocket import connected

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One beat run of the digest task, with the emails it queues sent (as a worker would)."""

    def run_once() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return unread_digests_send_task()

    return run_once


def unread(receiver, *, sender=None, minutes_ago=60):
    return MessageFactory(
        sender=sender or UserFactory(), receiver=receiver, created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_one_email_for_many_unread_messages_with_a_link_to_the_messages_page(run, settings):
    settings.FRONTEND_URL = "https://school.example"
    tutor = TutorFactory()
    jane, kofi = UserFactory(full_name="Jane Doe"), UserFactory(full_name="Kofi Mensah")
    for sender in (jane, jane, kofi):
        unread(tutor, sender=sender)

    assert run() == 1

    (email,) = mail.outbox
    assert email.to == [tutor.email]
    assert "3 unread messages" in email.subject
    assert "Jane Doe and Kofi Mensah" in email.body
    assert "https://school.example/messages" in email.body


def test_the_next_run_does_not_send_it_again(run):
    tutor = TutorFactory()
    unread(tutor)
    run()

    assert run() == 0
    assert len(mail.outbox) == 1
    assert UnreadDigest.objects.filter(user=tutor).count() == 1


def test_messages_arriving_after_a_digest_make_one_later_digest(run):
    tutor = TutorFactory()
    unread(tutor, minutes_ago=120)
    run()
    unread(tutor, minutes_ago=30)
    unread(tutor, minutes_ago=20)

    run()

    assert len(mail.outbox) == 2
    assert "2 unread messages" in mail.outbox[1].subject


def test_messages_younger_than_the_delay_wait(run, settings):
    settings.UNREAD_DIGEST_AFTER_MINUTES = 15
    tutor = TutorFactory()
    unread(tutor, minutes_ago=5)

    assert run() == 0
    assert mail.outbox == []


def test_read_messages_are_not_digested(run):
    tutor = TutorFactory()
    message = unread(tutor)
    bearer_client(tutor).post(f"/api/messages/conversation/{message.sender_id}/read/")

    assert run() == 0


def test_a_user_who_opted_out_at_users_me_gets_no_email(run):
    tutor = TutorFactory()
    unread(tutor)
    bearer_client(tutor).patch("/api/users/me/", {"unread_message_emails": False}, format="json")

    assert run() == 0
    assert mail.outbox == []


def test_an_inactive_user_gets_no_email(run):
    tutor = TutorFactory(is_active=False)
    unread(tutor)
    assert run() == 0


def test_a_user_with_a_socket_open_gets_no_email(run):
    tutor = TutorFactory()
    unread(tutor)
    presence.connected(tutor.pk)

    assert run() == 0
    presence.disconnected(tutor.pk)  # just closed: still within the delay
    assert run() == 0
    assert mail.outbox == []


def test_a_socket_closed_longer_ago_than_the_delay_counts_as_away(run, settings, monkeypatch):
    tutor = TutorFactory()
    unread(tutor)
    presence.connected(tutor.pk)
    presence.disconnected(tutor.pk)
    later = presence.time.time() + django_settings.UNREAD_DIGEST_AFTER_MINUTES * 60 + 1
    monkeypatch.setattr(presence.time, "time", lambda: later)

    assert run() == 1


def test_two_sockets_one_closed_still_counts_as_present(monkeypatch):
    tutor = TutorFactory()
    presence.connected(tutor.pk)
    presence.connected(tutor.pk)
    presence.disconnected(tutor.pk)

    assert presence.away_for([tutor.pk]) == {tutor.pk: 0.0}
    presence.disconnected(tutor.pk)
    closed = presence.time.time()
    monkeypatch.setattr(presence.time, "time", lambda: closed + 100)
    assert presence.away_for([tutor.pk])[tutor.pk] == pytest.approx(100, abs=1)


def test_a_user_never_seen_is_away():
    user = UserFactory()
    assert presence.away_for([user.pk]) == {user.pk: None}


def test_the_beat_schedule_runs_the_digest_every_few_minutes():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["messaging.tasks.unread_digests_send_task"] <= 300


@pytest.mark.django_db(transaction=True)
async def test_an_open_socket_marks_its_user_present_and_closing_it_does_not():
    tutor = await sync_to_async(TutorFactory)()

    communicator = await connected(tutor)
    assert (await sync_to_async(presence.away_for)([tutor.pk]))[tutor.pk] == 0.0
    await communicator.disconnect()

    away = (await sync_to_async(presence.away_for)([tutor.pk]))[tutor.pk]
    assert away is not None and away < 60
