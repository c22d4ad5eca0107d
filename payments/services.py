"""Payments: every rule about money, in one place.

- `payment_initiate`: a pending Payment for a course's price, then the gateway's hosted checkout.
- `payment_confirm`: the only way a pending payment becomes `success` or `failed` after checkout —
  used by webhooks, the status poll and `manage.py reconcile_payments` alike.
- `webhook_receive`: signature over the raw body first, then `payment_confirm`.
- `sandbox_checkout_decide`: the sandbox checkout page's Pay / Decline.

Logs name transaction ids, providers and reasons only: never a secret, a header, a body or card data.
"""

import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from courses.models import Course, Enrollment
from courses.services import enrollment_create
from payments import selectors
from payments.gateways import (
    ChargeStatus,
    GatewayUnavailable,
    InvalidWebhook,
    VerifiedCharge,
    gateway_for_payment_method,
    gateway_for_webhook_headers,
    gateway_named,
    sandbox,
)
from payments.models import TRANSACTION_ID_PATTERN, Payment, SandboxCharge

logger = logging.getLogger(__name__)

METHOD_UNAVAILABLE = "Payment method not available."
GATEWAY_UNAVAILABLE = "Payment gateway unavailable."
AMOUNT_MISMATCH = "Amount does not match the course price."
CURRENCY_MISMATCH = "Currency does not match the course currency."
COURSE_NOT_FOUND = "Course not found."
FREE_COURSE = "This course is free: enroll without a payment."
ALREADY_ENROLLED = "You are already enrolled in this course."
INVALID_SIGNATURE = "Invalid signature."
INVALID_WEBHOOK = "Invalid webhook payload."

# A pending payment this old is re-verified when its status is polled (covers a lost webhook) ...
STALE_AFTER = timedelta(minutes=1)
# ... but at most this often per payment, so a page polling every second cannot flood the gateway.
REVERIFY_EVERY_SECONDS = 15


def new_transaction_id() -> str:
    """Ours, sent to the gateway as its reference. It is also the capability that opens the sandbox
    checkout page, so it is unguessable (122 random bits); Paystack allows only [A-Za-z0-9.=-]."""
    return f"NCX-{uuid.uuid4().hex}"


def payment_status_page_url(*, transaction_id: str) -> str:
    """Where a gateway sends the customer back: the frontend's payment status page."""
    return f"{settings.FRONTEND_URL}/payment-status?{urlencode({'transaction_id': transaction_id})}"


def payment_initiate(
    *,
    user: User,
    course_id: uuid.UUID,
    payment_method: str,
    public_base_url: str,
    amount: Decimal | None = None,
    currency: str | None = None,
) -> tuple[Payment, str]:
    """Start paying for a course; returns the pending payment and the checkout URL.

    Rules: the amount is the course's price, never the client's (a client `amount` or `currency`
    that differs is refused, not corrected); a free course, or one the user is already enrolled in,
    takes no payment; only a configured gateway may be used. The pending Payment is committed
    before the gateway is called, so a crash in between leaves a traceable row, and the gateway is
    called with no transaction or lock open. A gateway failure marks the payment failed (502).
    """
    gateway = gateway_for_payment_method(payment_method)
    if gateway is None:
        raise ApplicationError(METHOD_UNAVAILABLE)
    course = Course.objects.filter(pk=course_id, is_published=True).first()
    if course is None:
        raise ApplicationError(COURSE_NOT_FOUND, status=404)
    if course.is_free:
        raise ApplicationError(FREE_COURSE)
    if amount is not None and amount != course.price:
        raise ApplicationError(AMOUNT_MISMATCH)
    if currency is not None and currency.upper() != course.currency.upper():
        raise ApplicationError(CURRENCY_MISMATCH)
    if Enrollment.objects.filter(user=user, course=course).exists():
        raise ApplicationError(ALREADY_ENROLLED)

    with transaction.atomic():
        payment = Payment.objects.create(
            user=user,
            course=course,
            provider=gateway.name,
            amount=course.price,
            currency=course.currency.upper(),
            transaction_id=new_transaction_id(),
        )
    try:
        checkout = gateway.initialize(
            payment=payment,
            customer_email=user.email,
            callback_url=payment_status_page_url(transaction_id=payment.transaction_id),
            public_base_url=public_base_url,
        )
    except GatewayUnavailable as exc:
        logger.warning("payments: %s checkout for %s failed: %s", gateway.name, payment.transaction_id, exc.reason)
        _payment_fail_pending(payment=payment, reason=f"Gateway unavailable at checkout: {exc.reason}")
        raise ApplicationError(GATEWAY_UNAVAILABLE, status=502) from None
    logger.info("payments: %s checkout started for %s", gateway.name, payment.transaction_id)
    return payment, checkout.redirect_url


def payment_confirm(*, payment: Payment) -> Payment:
    """Settle a pending payment from its gateway's verify API; returns the payment as it now stands.

    Rules: only the gateway's verify answer counts, never what a webhook body claims; a charge the
    gateway calls successful but whose amount is below the stored amount, or whose currency differs,
    is recorded as failed and enrolls nobody; status moves only pending -> success | failed, once:
    the transition is one conditional UPDATE under a row lock, and the enrollment is created in the
    same transaction, so duplicate and concurrent calls change state once and enroll once. Raises
    `GatewayUnavailable` when the gateway cannot answer; nothing changes then.
    """
    if payment.status != Payment.Status.PENDING:
        return payment
    gateway = gateway_named(payment.provider)
    if gateway is None or not gateway.is_configured():
        raise GatewayUnavailable(f"{payment.provider} is not configured")
    # Outside any transaction: a slow gateway must never hold a row lock.
    charge = gateway.verify(reference=payment.transaction_id)
    outcome, reason = _settlement(payment=payment, charge=charge)
    if outcome is None:
        return payment

    with transaction.atomic():
        locked = Payment.objects.select_for_update(of=("self",)).select_related("user", "course").get(pk=payment.pk)
        # The conditional UPDATE is the guard even where row locks do not exist (SQLite).
        changed = Payment.objects.filter(pk=locked.pk, status=Payment.Status.PENDING).update(
            status=outcome,
            failure_reason=reason[:255],
            gateway_reference=charge.gateway_id[:128],
            gateway_payload=charge.payload,
            updated_at=timezone.now(),
        )
        if not changed:
            if locked.status == Payment.Status.FAILED and outcome == Payment.Status.SUCCESS:
                logger.error(
                    "payments: %s verified as paid after it was marked failed: needs manual review",
                    locked.transaction_id,
                )
            return locked
        locked.refresh_from_db(
            fields=["status", "failure_reason", "gateway_reference", "gateway_payload", "updated_at"]
        )
        if outcome == Payment.Status.SUCCESS:
            _, created = enrollment_create(
                user=locked.user, course=locked.course, source=Enrollment.Source.PAYMENT, payment=locked
            )
            if not created:
                logger.warning(
                    "payments: %s succeeded for a course the user already had: a refund may be due",
                    locked.transaction_id,
                )
    logger.info("payments: %s is now %s %s", locked.transaction_id, locked.status, reason)
    return locked


def _settlement(*, payment: Payment, charge: VerifiedCharge) -> tuple[str | None, str]:
    """What a verified charge means for `payment`: (new status or None for "not final yet", reason)."""
    if charge.status == ChargeStatus.PENDING:
        return None, ""
    if charge.status == ChargeStatus.FAILED:
        return Payment.Status.FAILED, f"Declined by the gateway. {charge.message}".strip()
    if charge.currency != payment.currency.upper():
        return Payment.Status.FAILED, f"Currency mismatch: paid {charge.currency}, expected {payment.currency}."
    if charge.amount is None or charge.amount < payment.amount:
        return Payment.Status.FAILED, f"Amount mismatch: paid {charge.amount}, expected {payment.amount}."
    if charge.amount > payment.amount:
        # Paid more than asked: the course is theirs; the difference is for a refund.
        logger.warning("payments: %s overpaid: %s for %s", payment.transaction_id, charge.amount, payment.amount)
    return Payment.Status.SUCCESS, ""


def _payment_fail_pending(*, payment: Payment, reason: str) -> None:
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.PENDING).update(
        status=Payment.Status.FAILED, failure_reason=reason[:255], updated_at=timezone.now()
    )
    payment.refresh_from_db(fields=["status", "failure_reason", "updated_at"])


def payment_refresh_if_stale(*, payment: Payment) -> Payment:
    """The status poll's cover for a lost webhook: a payment still pending a minute after it started
    is re-verified with its gateway (at most every few seconds per payment). A gateway failure here is
    not the customer's problem: the payment just stays pending and the poll answers normally."""
    if payment.status != Payment.Status.PENDING or timezone.now() - payment.created_at < STALE_AFTER:
        return payment
    try:
        due = cache.add(f"payments:reverify:{payment.pk}", 1, timeout=REVERIFY_EVERY_SECONDS)
    except Exception:
        logger.warning("payments: cache unavailable; re-verifying %s anyway", payment.transaction_id, exc_info=True)
        due = True
    if not due:
        return payment
    try:
        return payment_confirm(payment=payment)
    except GatewayUnavailable as exc:
        logger.warning("payments: re-verifying %s on poll failed: %s", payment.transaction_id, exc.reason)
        return payment


def webhook_receive(*, provider: str | None, raw_body: bytes, headers: Mapping[str, str]) -> str:
    """Handle one gateway webhook; returns what was done: `processed`, `ignored` or `unknown`.

    Rules: the signature is checked over the raw bytes before anything else, and a missing or bad
    one changes nothing (401); `provider` None routes by which signature header is present; the body
    only names the payment, whose fate is then decided by `payment_confirm` (the gateway's verify
    API). An event about no payment of ours is acknowledged (200) so the gateway stops retrying; a
    gateway that cannot verify right now gets a 502, so it retries later.
    """
    headers = {name.lower(): value for name, value in headers.items()}
    if provider is not None:
        gateway = gateway_named(provider)
        if gateway is None:
            raise ApplicationError("Not found.", status=404)
    else:
        gateway = gateway_for_webhook_headers(headers)
    if gateway is None or not gateway.verify_signature(raw_body=raw_body, headers=headers):
        logger.warning("payments: webhook refused: missing or bad signature (provider=%s)", provider or "by header")
        raise ApplicationError(INVALID_SIGNATURE, status=401)
    try:
        event = gateway.parse_webhook(raw_body=raw_body)
    except InvalidWebhook as exc:
        logger.warning("payments: signed %s webhook unreadable: %s", gateway.name, exc)
        raise ApplicationError(INVALID_WEBHOOK) from None
    if event.event not in gateway.payment_events:
        logger.info("payments: %s webhook %s ignored", gateway.name, event.event)
        return "ignored"
    payment = None
    if re.fullmatch(TRANSACTION_ID_PATTERN, event.reference or ""):
        payment = Payment.objects.filter(transaction_id=event.reference, provider=gateway.name).first()
    if payment is None:
        logger.warning("payments: %s webhook for unknown reference %r acknowledged", gateway.name, event.reference[:80])
        return "unknown"
    try:
        payment_confirm(payment=payment)
    except GatewayUnavailable as exc:
        logger.warning("payments: verifying %s after its webhook failed: %s", payment.transaction_id, exc.reason)
        raise ApplicationError(GATEWAY_UNAVAILABLE, status=502) from None
    return "processed"


def sandbox_checkout_decide(*, payment: Payment, pay: bool) -> SandboxCharge:
    """The sandbox checkout page's Pay (or Decline) for a pending sandbox payment.

    Rules: the decision is recorded as the sandbox gateway's own charge, once (the first button
    pressed wins); then a webhook signed with the sandbox secret is delivered to our webhook handling
    exactly as a gateway's would be, and the payment is settled by re-verification like any other.

    Delivery is in-process (`webhook_receive`, the code the webhook endpoint runs right after reading
    the raw body), not an HTTP request back to this server: a request from inside a request to the
    same server deadlocks wherever requests are served one at a time — sync views under ASGI
    (uvicorn, gunicorn's uvicorn workers) share a single thread — and a webhook that never arrives is worse
    than one that takes a shortcut. The bytes, the signature check, the verify step and the
    transition are the same as for a delivery over the network.
    """
    charge, _ = SandboxCharge.objects.get_or_create(
        payment=payment,
        defaults={
            "outcome": SandboxCharge.Outcome.PAID if pay else SandboxCharge.Outcome.DECLINED,
            "amount": payment.amount,
            "currency": payment.currency,
            "gateway_id": sandbox.new_gateway_id(),
        },
    )
    raw_body = sandbox.webhook_body(charge)
    try:
        webhook_receive(
            provider=Payment.Provider.SANDBOX,
            raw_body=raw_body,
            headers={"content-type": "application/json", "x-sandbox-signature": sandbox.sign(raw_body)},
        )
    except ApplicationError as exc:
        # The payment stays pending; the status poll and reconcile_payments re-verify it later.
        logger.error("payments: sandbox webhook for %s was refused: %s", payment.transaction_id, exc.message)
    return charge


@dataclass
class ReconcileSummary:
    checked: int = 0
    succeeded: int = 0
    failed: int = 0
    still_pending: int = 0
    unavailable: int = 0


def payments_reconcile(*, older_than: timedelta, limit: int) -> ReconcileSummary:
    """Re-verify pending payments older than `older_than` (oldest first, at most `limit`) through
    `payment_confirm`: the cover for webhooks that never came. A gateway that cannot answer is counted
    and skipped; the payment stays pending for the next run."""
    summary = ReconcileSummary()
    for payment in selectors.payments_pending_older_than(age=older_than)[:limit]:
        summary.checked += 1
        try:
            settled = payment_confirm(payment=payment)
        except GatewayUnavailable as exc:
            logger.warning("payments: reconcile could not verify %s: %s", payment.transaction_id, exc.reason)
            summary.unavailable += 1
            continue
        if settled.status == Payment.Status.SUCCESS:
            summary.succeeded += 1
        elif settled.status == Payment.Status.FAILED:
            summary.failed += 1
        else:
            summary.still_pending += 1
    return summary
