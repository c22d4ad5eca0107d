"""Reads about payments. Writes and rules live in `services.py`."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from courses.models import Enrollment, PlanGrant
from payments.gateways import gateway_named
from payments.models import Payment, Subscription


def payment_list(*, user: User | None = None) -> QuerySet[Payment]:
    """Payments newest first with their course (and payer) joined, so a list is one query.
    `user` limits it to that user's own history; None is every payment (admins)."""
    payments = Payment.objects.select_related("course", "plan", "user").order_by("-created_at", "-id")
    return payments if user is None else payments.filter(user=user)


def payment_for_owner(*, user: User, transaction_id: str) -> Payment | None:
    """The payment with `transaction_id` if `user` made it. Another user's payment is "not found"
    (never revealed to exist)."""
    return Payment.objects.filter(user=user, transaction_id=transaction_id).first()


def payment_enrollment_status(*, payment: Payment) -> str:
    """What this payment means for the course or plan it bought: `enrolled` (enrolled, or the plan
    granted), `pending` or `failed`."""
    if payment.status == Payment.Status.PENDING:
        return "pending"
    if payment.status == Payment.Status.FAILED:
        return "failed"
    if payment.plan_id is not None:
        enrolled = PlanGrant.objects.filter(payment=payment).exists()
    else:
        enrolled = Enrollment.objects.filter(user_id=payment.user_id, course_id=payment.course_id).exists()
    return "enrolled" if enrolled else "pending"


def payments_pending_older_than(*, age: timedelta) -> QuerySet[Payment]:
    """Pending payments started more than `age` ago, oldest first: candidates for re-verification."""
    cutoff = timezone.now() - age
    return Payment.objects.filter(status=Payment.Status.PENDING, created_at__lt=cutoff).order_by("created_at")


def sandbox_checkout_payment(*, transaction_id: str) -> Payment | None:
    """The payment a sandbox checkout page may act on: a pending sandbox payment, and only while the
    sandbox is enabled. The unguessable transaction id is the capability that opens the page."""
    sandbox = gateway_named(Payment.Provider.SANDBOX)
    if sandbox is None or not sandbox.is_configured():
        return None
    return (
        Payment.objects.select_related("course", "plan", "user")
        .filter(transaction_id=transaction_id, provider=Payment.Provider.SANDBOX, status=Payment.Status.PENDING)
        .first()
    )


def subscription_list(*, user: User) -> QuerySet[Subscription]:
    """`user`'s subscriptions that got past checkout, newest first, with their plan: one query."""
    return (
        Subscription.objects.filter(user=user)
        .exclude(status=Subscription.Status.PENDING)
        .select_related("gateway_plan__plan")
        .order_by("-created_at")
    )
