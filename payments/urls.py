from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("payments/", views.PaymentListView.as_view(), name="list"),
    path("payments/initiate/", views.PaymentInitiateView.as_view(), name="initiate"),
    path("payments/webhook/", views.PaymentWebhookView.as_view(), name="webhook"),
    path("payments/webhook/<str:provider>/", views.ProviderWebhookView.as_view(), name="webhook-provider"),
    path("payments/status/<str:transaction_id>/", views.PaymentStatusView.as_view(), name="status"),
    path(
        "payments/sandbox/checkout/<str:transaction_id>/",
        views.SandboxCheckoutView.as_view(),
        name="sandbox-checkout",
    ),
    path("admin/payments/", views.AdminPaymentListView.as_view(), name="admin-list"),
]
