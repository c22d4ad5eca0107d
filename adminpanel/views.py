"""Admin dashboard endpoints (CONTRACT §5): users and school totals. Admin role only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsAdminRole
from adminpanel.selectors import school_stats, user_list, user_rows
from adminpanel.serializers import (
    AdminUserFilterSerializer,
    AdminUserSerializer,
    AdminUserUpdateSerializer,
    SchoolStatsSerializer,
)
from adminpanel.services import user_update_by_admin
from core import schema


@extend_schema(
    summary="All users, newest first",
    description="Without `limit`, the newest 500 users (use `limit`/`offset` to page through all of them).",
    parameters=[AdminUserFilterSerializer],
    responses={200: AdminUserSerializer(many=True), 400: schema.INVALID},
)
class AdminUserListView(ListAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = AdminUserSerializer
    # Users grow without bound: an un-paginated request returns the newest 500 (CONTRACT "Conventions").
    unpaginated_cap = 500

    def get_queryset(self):
        filters = AdminUserFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return user_rows(**filters.validated_data)


class AdminUserDetailView(APIView):
    permission_classes = [IsAdminRole]

    @extend_schema(responses={200: AdminUserSerializer})
    def get(self, request, pk):
        return Response(AdminUserSerializer(self._annotated_user(pk)).data)

    @extend_schema(
        summary="Change a user's role, active flag or tutor",
        description="Only `role`, `is_active` and `tutor_id` are read; other fields are ignored. An admin cannot "
        "demote or deactivate themselves (400). `tutor_id` assigns a student's tutor (null unassigns; recorded "
        "with when and by whom); not an active tutor, or not a student, is a 400 naming `tutor_id`.",
        request=AdminUserUpdateSerializer,
        responses={200: AdminUserSerializer, 400: schema.INVALID},
    )
    def patch(self, request, pk):
        user = self._annotated_user(pk)
        serializer = AdminUserUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_update_by_admin(actor=request.user, user=user, **serializer.validated_data)
        return Response(AdminUserSerializer(self._annotated_user(pk)).data)

    @staticmethod
    def _annotated_user(pk) -> User:
        return get_object_or_404(user_list(), pk=pk)


@extend_schema(
    summary="School totals",
    description="Counted at most every `ADMIN_STATS_CACHE_SECONDS` (default 30): a total can be that many seconds old.",
    responses={200: SchoolStatsSerializer},
)
class AdminStatsView(APIView):
    permission_classes = [IsAdminRole]

    def get(self, request):
        return Response(SchoolStatsSerializer(school_stats()).data)
