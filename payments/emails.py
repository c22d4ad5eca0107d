"""The receipt emailed after every successful payment, in HTML and plain text."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from payments.models import Payment


def payment_receipt_send(payment: Payment) -> None:
    """One receipt for `payment`: what was bought, the amount, how, when, and our transaction id."""
    grant = payment.plan_grants.first() if payment.plan_id else None
    context = {
        "payment": payment,
        "item": payment.plan.name if payment.plan_id else payment.course.title,
        "grant": grant,
        "provider": payment.get_provider_display(),
        # The frontend's payment status page, which every payment already returns to.
        "status_url": f"{settings.FRONTEND_URL}/payment-status?{urlencode({'transaction_id': payment.transaction_id})}",
    }
    message = EmailMultiAlternatives(
        subject=f"Your receipt: {context['item']} ({payment.amount} {payment.currency})",
        body=render_to_string("payments/email/receipt.txt", context),
        to=[payment.user.email],
    )
    message.attach_alternative(render_to_string("payments/email/receipt.html", context), "text/html")
    message.send()
