"""Recurring plans at the gateways: a Paystack plan or Flutterwave payment plan per plan, currency
and price (`GatewayPlan`), and each user's subscription to it (`Subscription`).

A plan renews by itself when its `duration_days` is one of the gateways' billing intervals and it is
bought through a gateway that offers subscriptions; otherwise it is a one-off purchase (renewed by
buying again, which stacks). Renewal charges are settled in `payments.services.webhook_receive`.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from courses.models import Plan, PlanPrice
from payments.gateways import Gateway, GatewayUnavailable, WebhookEvent, gateway_named
from payments.models import GatewayPlan, Subscription

logger = logging.getLogger(__name__)

# Plan durations the gateways bill by themselves, in days, and the interval's name.
BILLING_INTERVALS = {1: "daily", 7: "weekly", 30: "monthly", 90: "quarterly", 180: "biannually", 365: "annually"}
SUBSCRIPTION_NOT_FOUND = "Not found."
ALREADY_CANCELLED = "This subscription is already cancelled."
SUBSCRIPTION_UNAVAILABLE = "Payment gateway unavailable."


def gateway_plan_for(*, gateway: Gateway, plan: Plan, price: PlanPrice) -> GatewayPlan | None:
    """The gateway's recurring plan for this plan at this price, created there on first need; None
    when the plan's duration is no billing interval. Raises `GatewayUnavailable` (nothing stored)."""
    interval = BILLING_INTERVALS.get(plan.duration_days or 0)
    if interval is None:
        return None
    found = GatewayPlan.objects.filter(
        plan=plan, provider=gateway.name, currency=price.currency, amount=price.amount
    ).first()
    if found is not None:
        return found
    code = gateway.plan_create(
        name=f"{plan.name} ({price.currency})", amount=price.amount, currency=price.currency, interval=interval
    )
    try:
        with transaction.atomic():
            return GatewayPlan.objects.create(
                plan=plan,
                provider=gateway.name,
                currency=price.currency,
                amount=price.amount,
                interval=interval,
                code=code,
            )
    except IntegrityError:
        # A concurrent checkout created it first; theirs is used (ours stays unused at the gateway).
        return GatewayPlan.objects.get(plan=plan, provider=gateway.name, currency=price.currency, amount=price.amount)


def subscription_for_event(*, gateway: Gateway, event: WebhookEvent) -> Subscription | None:
    """The subscription a renewal or subscription webhook is about: by the gateway's subscription code
    when we know it, else the newest one of the customer (by email) to that gateway plan."""
    subscriptions = Subscription.objects.select_related("gateway_plan", "user").filter(provider=gateway.name)
    if event.subscription_code:
        known = subscriptions.filter(code=event.subscription_code).first()
        if known is not None:
            return known
    if not event.plan_code or not event.customer_email:
        return None
    return (
        subscriptions.filter(gateway_plan__code=event.plan_code, user__email__iexact=event.customer_email)
        .order_by("-created_at")
        .first()
    )


def subscription_event_receive(*, gateway: Gateway, event: WebhookEvent) -> str:
    """A gateway's news about a subscription: created (Paystack: its code and email token, needed to
    cancel it) or disabled/cancelled at the gateway (no more renewals). Returns `processed` or `unknown`."""
    subscription = subscription_for_event(gateway=gateway, event=event)
    if subscription is None:
        logger.warning("payments: %s %s for an unknown subscription acknowledged", gateway.name, event.event)
        return "unknown"
    if event.event == "subscription.create":
        Subscription.objects.filter(pk=subscription.pk).update(
            code=event.subscription_code[:64], token=event.token[:64], updated_at=timezone.now()
        )
    else:
        Subscription.objects.filter(pk=subscription.pk).exclude(status=Subscription.Status.CANCELLED).update(
            status=Subscription.Status.CANCELLED, cancelled_at=timezone.now(), updated_at=timezone.now()
        )
    logger.info("payments: %s %s for subscription %s", gateway.name, event.event, subscription.pk)
    return "processed"


def subscription_cancel(*, user: User, subscription_id) -> Subscription:
    """Stop `user`'s subscription from renewing. Rules: only its owner cancels it (others: 404); the
    gateway is told first and the row changes only once it agreed (502 otherwise, nothing changed);
    the access already paid for runs to its end."""
    subscription = Subscription.objects.select_related("gateway_plan").filter(pk=subscription_id, user=user).first()
    if subscription is None:
        raise ApplicationError(SUBSCRIPTION_NOT_FOUND, status=404)
    if subscription.status == Subscription.Status.CANCELLED:
        raise ApplicationError(ALREADY_CANCELLED)
    gateway = gateway_named(subscription.provider)
    if subscription.status == Subscription.Status.ACTIVE and gateway is not None:
        try:
            gateway.subscription_cancel(
                code=subscription.code,
                token=subscription.token,
                customer_email=user.email,
                plan_code=subscription.gateway_plan.code,
            )
        except GatewayUnavailable as exc:
            logger.warning("payments: cancelling subscription %s failed: %s", subscription.pk, exc.reason)
            raise ApplicationError(SUBSCRIPTION_UNAVAILABLE, status=502) from None
    now = timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        status=Subscription.Status.CANCELLED, cancelled_at=now, updated_at=now
    )
    subscription.refresh_from_db()
    return subscription
