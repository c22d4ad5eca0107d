"""The "your plan ends in three days" email (issue 14, item 2): sent by a beat task, once per end,
and not when a renewal already moved the end further."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from courses.tasks import plan_expiry_reminders_task
from courses.tests.plan_factories import PlanGrantFactory

pytestmark = pytest.mark.django_db


def ending_in(delta: timedelta, **fields):
    now = timezone.now()
    return PlanGrantFactory(starts_at=now - timedelta(days=27), ends_at=now + delta, **fields)


def test_a_plan_ending_within_three_days_gets_one_reminder():
    grant = ending_in(timedelta(days=2, hours=23))

    assert plan_expiry_reminders_task() == 1
    assert plan_expiry_reminders_task() == 0

    [email] = mail.outbox
    assert email.to == [grant.user.email]
    assert grant.plan.name in email.subject
    assert f"{settings.FRONTEND_URL}/plans" in email.body
    grant.refresh_from_db()
    assert grant.reminded_at is not None


def test_plans_ending_later_or_already_ended_get_none():
    ending_in(timedelta(days=3, hours=1))
    ending_in(-timedelta(minutes=1))
    PlanGrantFactory(ends_at=None)

    assert plan_expiry_reminders_task() == 0
    assert mail.outbox == []


def test_a_renewed_plan_gets_no_reminder_for_the_end_it_moved_past():
    first = ending_in(timedelta(days=1))
    PlanGrantFactory(user=first.user, plan=first.plan, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(30))

    assert plan_expiry_reminders_task() == 0


def test_an_inactive_user_gets_no_email():
    grant = ending_in(timedelta(days=1))
    grant.user.is_active = False
    grant.user.save()

    plan_expiry_reminders_task()

    assert mail.outbox == []


def test_the_reminder_runs_on_the_beat():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("plan_expiry_reminders_task"))
    assert entry["task"] == plan_expiry_reminders_task.name
