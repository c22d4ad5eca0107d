"""Payment emails are sent by a Celery worker, queued only once the payment's transaction commits."""

from celery import shared_task

from payments import emails
from payments.models import Payment


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def payment_receipt_task(payment_id: str) -> None:
    payment = (
        Payment.objects.select_related("user", "course", "plan")
        .filter(pk=payment_id, status=Payment.Status.SUCCESS)
        .first()
    )
    if payment is not None:
        emails.payment_receipt_send(payment)
