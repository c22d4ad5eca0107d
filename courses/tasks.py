"""Background jobs of the courses app: emails are sent by a Celery worker, and the beat runs the
plan reminders (`CELERY_BEAT_SCHEDULE`)."""

from celery import shared_task

from courses import plan_emails
from courses.models import PlanGrant
from courses.plan_services import plan_expiry_reminders_due


@shared_task(name="courses.tasks.plan_expiry_reminders_task")
def plan_expiry_reminders_task() -> int:
    """Queue one email per plan end in the next three days (each end once)."""
    due = plan_expiry_reminders_due()
    for grant_id in due:
        plan_expiry_email_task.delay(str(grant_id))
    return len(due)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def plan_expiry_email_task(grant_id: str) -> None:
    grant = PlanGrant.objects.select_related("user", "plan").filter(pk=grant_id, user__is_active=True).first()
    if grant is not None and grant.ends_at is not None:
        plan_emails.plan_expiry_email_send(grant)
