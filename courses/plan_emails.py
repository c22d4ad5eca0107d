"""The "your plan ends in three days" email. It links to the frontend's plans page to renew."""

from django.conf import settings
from django.core.mail import send_mail

from courses.models import PlanGrant


def plan_expiry_email_send(grant: PlanGrant) -> None:
    ends = grant.ends_at.strftime("%Y-%m-%d %H:%M UTC")
    send_mail(
        subject=f"Your {grant.plan.name} plan ends on {grant.ends_at:%Y-%m-%d}",
        message=(
            f"Hello {grant.user.full_name},\n\n"
            f"Your access through the {grant.plan.name} plan ends on {ends}. "
            "After that, its courses are locked again.\n\n"
            f"To keep learning without a break, renew it here:\n{settings.FRONTEND_URL}/plans\n\n"
            "A renewal starts when your current access ends, so you lose no days by renewing early. "
            "If your plan renews by itself (a card subscription), there is nothing to do.\n\n"
            "NCLEX Virtual School"
        ),
        from_email=None,
        recipient_list=[grant.user.email],
    )
