from django.urls import path

from courses import plan_views

admin_plans = plan_views.AdminPlanViewSet.as_view({"get": "list", "post": "create"})
admin_plan = plan_views.AdminPlanViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    path("plans/", plan_views.PlanListView.as_view(), name="plan-list"),
    path("admin/plans/", admin_plans, name="admin-plan-list"),
    path("admin/plans/<uuid:pk>/", admin_plan, name="admin-plan-detail"),
    path("users/me/plans/", plan_views.MyPlanListView.as_view(), name="my-plans"),
]
