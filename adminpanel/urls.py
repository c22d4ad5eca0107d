from django.urls import path

from adminpanel import views

urlpatterns = [
    path("admin/users/", views.AdminUserListView.as_view(), name="admin-user-list"),
    path("admin/users/<uuid:pk>/", views.AdminUserDetailView.as_view(), name="admin-user-detail"),
    path("admin/stats/", views.AdminStatsView.as_view(), name="admin-stats"),
]
