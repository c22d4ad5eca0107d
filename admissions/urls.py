from django.urls import path

from admissions import views

app_name = "admissions"

urlpatterns = [
    path("admin/access-codes/", views.AccessCodeBatchListCreateView.as_view(), name="batch-list"),
    path("admin/access-codes/<uuid:pk>/", views.AccessCodeBatchDetailView.as_view(), name="batch-detail"),
    path("admin/access-codes/<uuid:pk>/csv/", views.AccessCodeBatchCsvView.as_view(), name="batch-csv"),
    path("access-codes/redeem/", views.AccessCodeRedeemView.as_view(), name="redeem"),
    path("admin/users/import/", views.StudentImportView.as_view(), name="student-import"),
]
