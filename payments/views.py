"""Payment endpoints (contract section 4). Each view parses input, calls one service or selector,
and shapes the output; the rules are in `services.py`."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsAdminRole
from core import schema
from core.exceptions import ApplicationError
from core.negotiation import FirstRendererNegotiation
from payments import selectors, services, subscriptions
from payments.filters import PaymentFilter
from payments.gateways import sandbox
from payments.models import Payment, Subscription
from payments.serializers import (
    AdminPaymentSerializer,
    ManualPaymentInputSerializer,
    PaymentInitiateResponseSerializer,
    PaymentInitiateSerializer,
    PaymentSerializer,
    PaymentStatusSerializer,
    SandboxDecisionSerializer,
    SubscriptionSerializer,
    WebhookAckSerializer,
)
from payments.throttles import PaymentInitiateThrottle

# Un-paginated payment lists return at most this many rows, newest first (`?limit&offset` pages).
PAYMENT_LIST_CAP = 500
STATUS_MESSAGES = {
    "success": "Payment processed successfully.",
    "pending": "Payment is being processed.",
    "failed": "Payment failed.",
}


def _public_base_url(request) -> str:
    """This API's origin as the outside world reaches it: PUBLIC_BASE_URL, else the request's own."""
    return settings.PUBLIC_BASE_URL or request.build_absolute_uri("/").rstrip("/")


class PaymentInitiateView(APIView):
    throttle_classes = [PaymentInitiateThrottle]

    @extend_schema(
        tags=["payments"],
        request=PaymentInitiateSerializer,
        responses={
            200: PaymentInitiateResponseSerializer,
            400: schema.error(
                "Invalid input, `card_details` sent, amount or currency not the course's, free course, "
                "already enrolled, `Currency not offered for this plan.`, or `Payment method not available.`"
            ),
            404: schema.error("Unknown or unpublished course, or unknown or inactive plan."),
            502: schema.error("`Payment gateway unavailable.`; the payment is marked failed."),
        },
        description=(
            "Start paying for a course (`course_id`) or a plan (`plan_id`). The amount charged is always the "
            "price. A plan whose duration is a billing interval is a subscription on Paystack and Flutterwave."
        ),
    )
    def post(self, request):
        serializer = PaymentInitiateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        payment, redirect_url = services.payment_initiate(
            user=request.user,
            course_id=data.get("course_id"),
            plan_id=data.get("plan_id"),
            payment_method=data["payment_method"],
            amount=data.get("amount"),
            currency=data.get("currency"),
            public_base_url=_public_base_url(request),
        )
        return Response(
            {
                "message": "Payment initiation successful.",
                "transaction_id": payment.transaction_id,
                "redirect_url": redirect_url,
            }
        )


WEBHOOK_RESPONSES = {
    200: OpenApiResponse(WebhookAckSerializer, description="Processed, ignored, or unknown reference."),
    400: schema.error("Signed but unreadable body."),
    401: schema.error("`Invalid signature.` Nothing changed."),
    502: schema.error("The gateway's verify API is unavailable; the gateway retries later."),
}
WEBHOOK_SIGNATURES = (
    "Signature over the raw body: `x-paystack-signature` (Paystack), `verif-hash` or `flutterwave-signature` "
    "(Flutterwave), `x-sandbox-signature` (sandbox)."
)


class WebhookView(APIView):
    """Called by the gateways, not by users: no JWT, the signature over the raw body is the auth."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def receive(self, request, provider: str | None) -> Response:
        # The raw bytes, before anything parses them: the signature is over exactly these. A body over
        # DATA_UPLOAD_MAX_MEMORY_SIZE is the exception handler's 413.
        services.webhook_receive(provider=provider, raw_body=request.body, headers=request.headers)
        return Response({"message": "Webhook received."})


class PaymentWebhookView(WebhookView):
    @extend_schema(
        tags=["payments"],
        operation_id="payments_webhook",
        request={"application/json": OpenApiTypes.OBJECT},
        responses=WEBHOOK_RESPONSES,
        description=f"Gateway webhook, routed by the signature header present. {WEBHOOK_SIGNATURES}",
    )
    def post(self, request):
        return self.receive(request, provider=None)


class ProviderWebhookView(WebhookView):
    @extend_schema(
        tags=["payments"],
        operation_id="payments_webhook_provider",
        request={"application/json": OpenApiTypes.OBJECT},
        responses={**WEBHOOK_RESPONSES, 404: schema.error("Unknown provider.")},
        parameters=[OpenApiParameter("provider", str, OpenApiParameter.PATH, enum=Payment.Provider.values)],
        description=f"Gateway webhook for one provider. {WEBHOOK_SIGNATURES}",
    )
    def post(self, request, provider: str):
        return self.receive(request, provider=provider)


class PaymentStatusView(APIView):
    @extend_schema(
        tags=["payments"],
        responses={200: PaymentStatusSerializer, 404: schema.error("Unknown, or another user's payment.")},
        description="Owner only. A payment pending for over a minute is re-verified with its gateway.",
    )
    def get(self, request, transaction_id: str):
        payment = selectors.payment_for_owner(user=request.user, transaction_id=transaction_id)
        if payment is None:
            raise NotFound()
        payment = services.payment_refresh_if_stale(payment=payment)
        return Response(
            {
                "transaction_id": payment.transaction_id,
                "status": payment.status,
                "message": STATUS_MESSAGES[payment.status],
                "enrollment_status": selectors.payment_enrollment_status(payment=payment),
            }
        )


class PaymentListView(generics.ListAPIView):
    """The requester's own payments, newest first (at most 500 without `?limit`)."""

    serializer_class = PaymentSerializer
    permission_classes = [IsAuthenticated]
    unpaginated_cap = PAYMENT_LIST_CAP
    filterset_class = PaymentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Payment.objects.none()
        return selectors.payment_list(user=self.request.user)

    @extend_schema(tags=["payments"], responses={200: PaymentSerializer(many=True), 400: schema.INVALID})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AdminPaymentListView(generics.ListAPIView):
    """Every payment, newest first (at most 500 without `?limit`); `?status=`, `?provider=`."""

    serializer_class = AdminPaymentSerializer
    permission_classes = [IsAdminRole]
    unpaginated_cap = PAYMENT_LIST_CAP
    filterset_class = PaymentFilter

    def get_queryset(self):
        return selectors.payment_list()

    @extend_schema(tags=["admin"], responses={200: AdminPaymentSerializer(many=True), 400: schema.INVALID})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AdminManualPaymentView(APIView):
    permission_classes = [IsAdminRole]

    @extend_schema(
        tags=["admin"],
        request=ManualPaymentInputSerializer,
        responses={
            201: AdminPaymentSerializer,
            400: schema.error("Invalid input, unknown user, course or plan, or a course the user already has."),
            409: schema.error("`A manual payment with this reference was already recorded.`"),
        },
        description="Record a bank transfer or cash payment: a successful `manual` payment and its grant.",
    )
    def post(self, request):
        serializer = ManualPaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payment = services.payment_record_manual(admin=request.user, **serializer.validated_data)
        payment = selectors.payment_list().get(pk=payment.pk)
        return Response(AdminPaymentSerializer(payment).data, status=201)


class MySubscriptionListView(generics.ListAPIView):
    """The requester's recurring plans, newest first."""

    serializer_class = SubscriptionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Subscription.objects.none()
        return selectors.subscription_list(user=self.request.user)

    @extend_schema(tags=["payments"], responses={200: SubscriptionSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MySubscriptionCancelView(APIView):
    @extend_schema(
        tags=["payments"],
        request=None,
        responses={
            200: SubscriptionSerializer,
            400: schema.error("`This subscription is already cancelled.`"),
            404: schema.error("Unknown, or another user's subscription."),
            502: schema.error("`Payment gateway unavailable.`; nothing changed."),
        },
        description="Stop the next renewals; the access already paid for runs to its end.",
    )
    def post(self, request, pk):
        subscription = subscriptions.subscription_cancel(user=request.user, subscription_id=pk)
        subscription = selectors.subscription_list(user=request.user).get(pk=subscription.pk)
        return Response(SubscriptionSerializer(subscription).data)


class SandboxCheckoutView(APIView):
    """The sandbox gateway's hosted checkout page. Opened by the customer's browser from the
    `redirect_url`, so no JWT: the unguessable transaction id is the capability."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser]
    # The checkout page is HTML whatever a browser's Accept says; its errors are JSON.
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        tags=["payments"],
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Checkout page: Pay / Decline."),
            404: schema.error("Sandbox disabled, unknown or no longer pending."),
        },
        parameters=[OpenApiParameter("transaction_id", OpenApiTypes.STR, OpenApiParameter.PATH)],
    )
    def get(self, request, transaction_id: str):
        payment = selectors.sandbox_checkout_payment(transaction_id=transaction_id)
        if payment is None:
            raise NotFound()
        return TemplateResponse(
            request,
            "payments/sandbox_checkout.html",
            {"payment": payment, "token": sandbox.checkout_form_token(payment.transaction_id)},
        )

    @extend_schema(
        tags=["payments"],
        request={"application/x-www-form-urlencoded": SandboxDecisionSerializer},
        responses={
            302: OpenApiResponse(
                description="To `FRONTEND_URL/payment-status?transaction_id=...&status=success|failed` "
                "(`status` left out while the payment is still pending)."
            ),
            400: schema.error("Invalid input, or `This checkout page has expired. Start the payment again.`"),
        },
        parameters=[OpenApiParameter("transaction_id", OpenApiTypes.STR, OpenApiParameter.PATH)],
    )
    def post(self, request, transaction_id: str):
        form = SandboxDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if not sandbox.checkout_form_token_valid(form.validated_data["token"], transaction_id):
            raise ApplicationError("This checkout page has expired. Start the payment again.")
        payment = selectors.sandbox_checkout_payment(transaction_id=transaction_id)
        if payment is not None:
            services.sandbox_checkout_decide(payment=payment, pay=form.validated_data["decision"] == "pay")
        # Otherwise already decided (a double click, the back button): the valid token shows this page
        # was rendered for this transaction, so just show the outcome.
        return HttpResponseRedirect(services.sandbox_checkout_return_url(transaction_id=transaction_id))
