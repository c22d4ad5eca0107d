"""Plan endpoints (CONTRACT §9): the public list of active plans, admin CRUD, the user's own plans.
Views parse input, call one service or selector, shape the output."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts.permissions import IsAdminRole
from core import schema
from courses.models import Plan
from courses.plan_selectors import plan_grant_list, plan_list
from courses.plan_serializers import AdminPlanSerializer, MyPlanSerializer, PlanInputSerializer, PlanSerializer
from courses.plan_services import plan_create, plan_delete, plan_update


@extend_schema(summary="Active plans", description="Open to anyone: the plans on sale, with a price per currency.")
class PlanListView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PlanSerializer

    def get_queryset(self):
        return plan_list(active_only=True)


@extend_schema_view(
    list=extend_schema(summary="All plans, newest first", responses={200: AdminPlanSerializer(many=True)}),
    retrieve=extend_schema(responses={200: AdminPlanSerializer}),
    create=extend_schema(request=PlanInputSerializer, responses={201: AdminPlanSerializer, 400: schema.INVALID}),
    update=extend_schema(request=PlanInputSerializer, responses={200: AdminPlanSerializer, 400: schema.INVALID}),
    partial_update=extend_schema(
        request=PlanInputSerializer, responses={200: AdminPlanSerializer, 400: schema.INVALID}
    ),
    destroy=extend_schema(
        responses={204: None, 409: schema.error("The plan has been granted or paid for: deactivate it instead.")}
    ),
)
class AdminPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Admin CRUD. `prices` and `course_ids`, when sent, replace the whole set."""

    permission_classes = [IsAdminRole]
    serializer_class = AdminPlanSerializer

    def get_queryset(self):
        return plan_list(active_only=False)

    def create(self, request, *args, **kwargs):
        serializer = PlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = plan_create(**serializer.validated_data)
        return Response(self._shown(plan), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        # The body first: unreadable JSON or a wrong content type is a 400/415 whatever the id.
        serializer = PlanInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        plan = plan_update(plan=self.get_object(), **serializer.validated_data)
        return Response(self._shown(plan))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        plan_delete(plan=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _shown(plan: Plan) -> dict:
        return AdminPlanSerializer(plan_list(active_only=False).get(pk=plan.pk)).data


@extend_schema(summary="My plans", description="The requester's plan grants, latest start first.")
class MyPlanListView(ListAPIView):
    serializer_class = MyPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return plan_grant_list(user=None).none()
        return plan_grant_list(user=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}
