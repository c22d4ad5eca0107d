from django.urls import path, register_converter

from payments import views
from payments.models import TRANSACTION_ID_PATTERN


class TransactionIdConverter:
    """A transaction id as we issue them (`NCX-<hex>`): letters, digits, `.`, `_`, `-`. Anything else is
    no payment of ours and never reaches the database (a NUL byte there was a 500 on PostgreSQL): the
    catch-all answers 404."""

    regex = TRANSACTION_ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TransactionIdConverter, "transaction_id")

app_name = "payments"

urlpatterns = [
    path("payments/", views.PaymentListView.as_view(), name="list"),
    path("payments/initiate/", views.PaymentInitiateView.as_view(), name="initiate"),
    path("payments/webhook/", views.PaymentWebhookView.as_view(), name="webhook"),
    path("payments/webhook/<str:provider>/", views.ProviderWebhookView.as_view(), name="webhook-provider"),
    path("payments/status/<transaction_id:transaction_id>/", views.PaymentStatusView.as_view(), name="status"),
    path(
        "payments/sandbox/checkout/<transaction_id:transaction_id>/",
        views.SandboxCheckoutView.as_view(),
        name="sandbox-checkout",
    ),
    path("admin/payments/", views.AdminPaymentListView.as_view(), name="admin-list"),
    path("admin/payments/manual/", views.AdminManualPaymentView.as_view(), name="admin-manual"),
    path("users/me/subscriptions/", views.MySubscriptionListView.as_view(), name="my-subscriptions"),
    path(
        "users/me/subscriptions/<uuid:pk>/cancel/", views.MySubscriptionCancelView.as_view(), name="subscription-cancel"
    ),
]
