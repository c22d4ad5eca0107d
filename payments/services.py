"""Payments: every rule about money, in one place.

- `payment_initiate`: a pending Payment for a course's price, then the gateway's hosted checkout.
- `payment_confirm`: the only way a pending payment becomes `success` or `failed` after checkout —
  used by webhooks, the status poll and `manage.py reconcile_payments` alike.
- `webhook_receive`: signature over the raw body first, then `payment_confirm`.
- `sandbox_checkout_decide`: the sandbox checkout page's Pay / Decline.

Logs name transaction ids, providers and reasons only: never a secret, a header, a body or card data.
"""

import hashlib
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.aftercommit import run_after_commit
from core.cache import strict_cache
from core.exceptions import ApplicationError
from courses.models import Course, Enrollment, Plan, PlanGrant, PlanPrice
from courses.plan_selectors import plan_for_sale
from courses.plan_services import plan_grant
from courses.services import enrollment_create
from payments import selectors, subscriptions
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
from payments.models import TRANSACTION_ID_PATTERN, Payment, SandboxCharge, Subscription
from payments.tasks import payment_receipt_task

logger = logging.getLogger(__name__)

METHOD_UNAVAILABLE = "Payment method not available."
GATEWAY_UNAVAILABLE = "Payment gateway unavailable."
AMOUNT_MISMATCH = "Amount does not match the course price."
CURRENCY_MISMATCH = "Currency does not match the course currency."
COURSE_NOT_FOUND = "Course not found."
FREE_COURSE = "This course is free: enroll without a payment."
ALREADY_ENROLLED = "You are already enrolled in this course."
PLAN_NOT_FOUND = "Plan not found."
CURRENCY_NOT_OFFERED = "Currency not offered for this plan."
PLAN_AMOUNT_MISMATCH = "Amount does not match the plan price."
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


def payment_status_page_url(*, transaction_id: str, status: str | None = None) -> str:
    """Where a gateway sends the customer back: the frontend's payment status page, with the outcome
    (`success` or `failed`) when it is already known, which the page reads before it polls."""
    query = {"transaction_id": transaction_id, **({"status": status} if status else {})}
    return f"{settings.FRONTEND_URL}/payment-status?{urlencode(query)}"


def payment_initiate(
    *,
    user: User,
    payment_method: str,
    public_base_url: str,
    course_id: uuid.UUID | None = None,
    plan_id: uuid.UUID | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
) -> tuple[Payment, str]:
    """Start paying for a course or a plan; returns the pending payment and the checkout URL.

    Rules: the amount is the course's price (or the plan's price in the chosen currency), never the
    client's (a client `amount` or `currency` that differs is refused, not corrected); a free course,
    or one the user is already enrolled in, takes no payment; a plan is sold in the currencies it has
    a price in, and may be bought again while held (the new period stacks); only a configured gateway
    may be used. A plan whose duration is a gateway billing interval is sold as a subscription where
    the gateway offers one (`payments.subscriptions`). The pending Payment is committed before the
    gateway is called, so a crash in between leaves a traceable row, and the gateway is called with
    no transaction or lock open. A gateway failure marks the payment failed (502).
    """
    gateway = gateway_for_payment_method(payment_method)
    if gateway is None:
        raise ApplicationError(METHOD_UNAVAILABLE)
    if plan_id is not None:
        plan, price = _plan_price(plan_id=plan_id, amount=amount, currency=currency)
        purchase = {"plan": plan, "amount": price.amount, "currency": price.currency}
    else:
        course = _course_to_buy(user=user, course_id=course_id, amount=amount, currency=currency)
        purchase = {"course": course, "amount": course.price, "currency": course.currency.upper()}

    recurring = None
    if plan_id is not None and gateway.supports_recurring:
        try:
            recurring = subscriptions.gateway_plan_for(gateway=gateway, plan=plan, price=price)
        except GatewayUnavailable as exc:
            logger.warning("payments: %s plan for %s unavailable: %s", gateway.name, plan.pk, exc.reason)
            raise ApplicationError(GATEWAY_UNAVAILABLE, status=502) from None
    with transaction.atomic():
        subscription = (
            Subscription.objects.create(user=user, gateway_plan=recurring, provider=gateway.name)
            if recurring is not None
            else None
        )
        payment = Payment.objects.create(
            user=user,
            provider=gateway.name,
            transaction_id=new_transaction_id(),
            subscription=subscription,
            **purchase,
        )
    try:
        checkout = gateway.initialize(
            payment=payment,
            customer_email=user.email,
            callback_url=payment_status_page_url(transaction_id=payment.transaction_id),
            public_base_url=public_base_url,
            gateway_plan_code=recurring.code if recurring is not None else "",
        )
    except GatewayUnavailable as exc:
        logger.warning("payments: %s checkout for %s failed: %s", gateway.name, payment.transaction_id, exc.reason)
        _payment_fail_pending(payment=payment, reason=f"Gateway unavailable at checkout: {exc.reason}")
        raise ApplicationError(GATEWAY_UNAVAILABLE, status=502) from None
    logger.info("payments: %s checkout started for %s", gateway.name, payment.transaction_id)
    return payment, checkout.redirect_url


def _course_to_buy(*, user: User, course_id, amount: Decimal | None, currency: str | None) -> Course:
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
    return course


def _plan_price(*, plan_id, amount: Decimal | None, currency: str | None) -> tuple[Plan, PlanPrice]:
    """The active plan and its price in `currency` (omitted: the plan's only currency, or the
    default currency when the plan has it)."""
    plan = plan_for_sale(plan_id=plan_id)
    if plan is None:
        raise ApplicationError(PLAN_NOT_FOUND, status=404)
    prices = {price.currency: price for price in plan.prices.all()}
    if currency is None:
        currency = next(iter(prices)) if len(prices) == 1 else settings.DEFAULT_CURRENCY
    price = prices.get(currency.upper())
    if price is None:
        raise ApplicationError(CURRENCY_NOT_OFFERED)
    if amount is not None and amount != price.amount:
        raise ApplicationError(PLAN_AMOUNT_MISMATCH)
    return plan, price


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
        locked = (
            Payment.objects.select_for_update(of=("self",)).select_related("user", "course", "plan").get(pk=payment.pk)
        )
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
            payment_grant(payment=locked)
            if locked.subscription_id is not None:
                Subscription.objects.filter(pk=locked.subscription_id, status=Subscription.Status.PENDING).update(
                    status=Subscription.Status.ACTIVE, updated_at=timezone.now()
                )
    logger.info("payments: %s is now %s %s", locked.transaction_id, locked.status, reason)
    return locked


def payment_grant(*, payment: Payment) -> None:
    """What a successful payment buys, granted once: the course's enrollment or a plan period
    (`courses.plan_services.plan_grant`, which stacks renewals). Called inside the transaction that
    marks the payment successful; the receipt is emailed once it commits."""
    if payment.plan_id is not None:
        plan_grant(user=payment.user, plan=payment.plan, source=PlanGrant.Source.PAYMENT, payment=payment)
    else:
        _, created = enrollment_create(
            user=payment.user, course=payment.course, source=Enrollment.Source.PAYMENT, payment=payment
        )
        if not created:
            logger.warning(
                "payments: %s succeeded for a course the user already had: a refund may be due",
                payment.transaction_id,
            )
    run_after_commit(payment_receipt_task.delay, str(payment.pk))


MANUAL_USER_NOT_FOUND = "Unknown user."
MANUAL_COURSE_NOT_FOUND = "Unknown course."
MANUAL_PLAN_NOT_FOUND = "Unknown plan."
MANUAL_DUPLICATE_REFERENCE = "A manual payment with this reference was already recorded."


def payment_record_manual(
    *,
    admin: User,
    user_id: uuid.UUID,
    amount: Decimal,
    currency: str,
    reference: str,
    note: str = "",
    course_id: uuid.UUID | None = None,
    plan_id: uuid.UUID | None = None,
) -> Payment:
    """Record a bank transfer or cash payment an admin received: a `manual` payment, successful from
    the start, with the admin who entered it, and its grant (the course's enrollment or a plan period,
    as any payment). Rules: the amount is what was received (any positive amount; the admin decides);
    a reference is recorded once (the database guards it); a course the user already has is refused."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise ApplicationError("Invalid input data.", errors={"user_id": [MANUAL_USER_NOT_FOUND]})
    purchase: dict = {}
    if plan_id is not None:
        purchase["plan"] = Plan.objects.filter(pk=plan_id).first()
        if purchase["plan"] is None:
            raise ApplicationError("Invalid input data.", errors={"plan_id": [MANUAL_PLAN_NOT_FOUND]})
    else:
        purchase["course"] = Course.objects.filter(pk=course_id).first()
        if purchase["course"] is None:
            raise ApplicationError("Invalid input data.", errors={"course_id": [MANUAL_COURSE_NOT_FOUND]})
        if Enrollment.objects.filter(user=user, course=purchase["course"]).exists():
            raise ApplicationError(ALREADY_ENROLLED)
    if Payment.objects.filter(provider=Payment.Provider.MANUAL, gateway_reference=reference).exists():
        raise ApplicationError(MANUAL_DUPLICATE_REFERENCE, status=409)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                user=user,
                provider=Payment.Provider.MANUAL,
                amount=amount,
                currency=currency.upper(),
                status=Payment.Status.SUCCESS,
                transaction_id=f"MAN-{uuid.uuid4().hex}",
                gateway_reference=reference,
                recorded_by=admin,
                note=note,
                **purchase,
            )
            payment_grant(payment=payment)
    except IntegrityError:
        raise ApplicationError(MANUAL_DUPLICATE_REFERENCE, status=409) from None
    logger.info("payments: manual payment %s recorded by %s", payment.transaction_id, admin.pk)
    return payment


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
    not the customer's problem: the payment just stays pending and the poll answers normally. With the
    shared cache down that limit cannot be kept, and every poll of a stale payment re-verifies (logged):
    a lost webhook still settles (tests/faults/test_redis_outage.py)."""
    if payment.status != Payment.Status.PENDING or timezone.now() - payment.created_at < STALE_AFTER:
        return payment
    try:
        # `strict_cache` raises when Redis is down (the default alias would answer None, read as "not due").
        due = strict_cache.add(f"payments:reverify:{payment.pk}", 1, timeout=REVERIFY_EVERY_SECONDS)
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
    if event.event in gateway.subscription_events:
        return subscriptions.subscription_event_receive(gateway=gateway, event=event)
    if event.event not in gateway.payment_events:
        logger.info("payments: %s webhook %s ignored", gateway.name, event.event)
        return "ignored"
    payment = None
    if re.fullmatch(TRANSACTION_ID_PATTERN, event.reference or ""):
        payment = Payment.objects.filter(transaction_id=event.reference, provider=gateway.name).first()
    try:
        if payment is not None:
            payment_confirm(payment=payment)
            return "processed"
        subscription = subscriptions.subscription_for_event(gateway=gateway, event=event)
        if subscription is not None:
            return subscription_renewal_record(gateway=gateway, subscription=subscription, reference=event.reference)
    except GatewayUnavailable as exc:
        logger.warning("payments: verifying %s after its webhook failed: %s", event.reference[:80], exc.reason)
        raise ApplicationError(GATEWAY_UNAVAILABLE, status=502) from None
    logger.warning("payments: %s webhook for unknown reference %r acknowledged", gateway.name, event.reference[:80])
    return "unknown"


def renewal_transaction_id(*, provider: str, reference: str) -> str:
    """Our id for a renewal charge the gateway started: derived from the gateway's reference, so a
    second delivery of the same charge meets the unique `transaction_id` and records nothing."""
    digest = hashlib.sha256(f"{provider}:{reference}".encode()).hexdigest()[:40]
    return f"RNW-{digest}"


def subscription_renewal_record(*, gateway, subscription: Subscription, reference: str) -> str:
    """A renewal charge of a subscription: re-verified with the gateway's verify API, its amount and
    currency compared with the gateway plan's, then recorded as a successful payment that extends the
    plan once (stacked on the current end). Duplicate or concurrent deliveries record it once (unique
    transaction id); a charge that is not (yet) successful, or pays too little, records nothing."""
    charge = gateway.verify(reference=reference)
    gateway_plan = subscription.gateway_plan
    if charge.status != ChargeStatus.SUCCESS:
        logger.info("payments: renewal %r of subscription %s is %s", reference[:80], subscription.pk, charge.status)
        return "ignored"
    if charge.currency != gateway_plan.currency or charge.amount is None or charge.amount < gateway_plan.amount:
        logger.error(
            "payments: renewal %r of subscription %s paid %s %s, expected %s %s: needs manual review",
            reference[:80],
            subscription.pk,
            charge.amount,
            charge.currency,
            gateway_plan.amount,
            gateway_plan.currency,
        )
        return "ignored"
    transaction_id = renewal_transaction_id(provider=gateway.name, reference=reference)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                user=subscription.user,
                plan_id=gateway_plan.plan_id,
                subscription=subscription,
                provider=gateway.name,
                amount=gateway_plan.amount,
                currency=gateway_plan.currency,
                status=Payment.Status.SUCCESS,
                transaction_id=transaction_id,
                gateway_reference=charge.gateway_id[:128],
                gateway_payload=charge.payload,
            )
            payment_grant(payment=payment)
    except IntegrityError:
        logger.info("payments: renewal %r already recorded", reference[:80])
        return "processed"
    if subscription.status == Subscription.Status.CANCELLED:
        logger.warning("payments: %s renewed cancelled subscription %s", payment.transaction_id, subscription.pk)
    logger.info("payments: %s renewed subscription %s", payment.transaction_id, subscription.pk)
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


def sandbox_checkout_return_url(*, transaction_id: str) -> str:
    """Where the sandbox checkout sends the customer after Pay or Decline: the status page with
    `status=success|failed` as the payment now stands (left out while it is still pending, e.g. when
    its webhook was refused: the page polls then, as for any gateway)."""
    status = (
        Payment.objects.filter(transaction_id=transaction_id, provider=Payment.Provider.SANDBOX)
        .values_list("status", flat=True)
        .first()
    )
    outcome = {Payment.Status.SUCCESS: "success", Payment.Status.FAILED: "failed"}.get(status)
    return payment_status_page_url(transaction_id=transaction_id, status=outcome)


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
