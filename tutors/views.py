"""Tutor endpoints (CONTRACT §10): the directory (anyone signed in), the workspace (tutors: their
own students only) and cohorts (admins manage them; a tutor lists their own). Views parse input,
call one service or selector, and shape the output."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import IsAdminRole
from core import schema
from tutors import selectors, services
from tutors.models import Cohort
from tutors.permissions import IsTutorRole
from tutors.serializers import (
    CohortFilterSerializer,
    CohortSerializer,
    CohortWriteSerializer,
    TutorProfileSerializer,
    TutorStudentDetailSerializer,
    TutorStudentSerializer,
)

TAGS = ["tutors"]
#: An un-paginated list returns at most this many rows (tutors, a tutor's students).
LIST_CAP = 500


@extend_schema(
    tags=TAGS,
    summary="Active tutors, by name",
    description="How a student finds a tutor to message (`POST messages/send/` with their `id`). "
    f"A plain array of at most {LIST_CAP}, or a page with `?limit=&offset=`.",
    responses={200: TutorProfileSerializer(many=True)},
)
class TutorDirectoryView(ListAPIView):
    serializer_class = TutorProfileSerializer
    unpaginated_cap = LIST_CAP

    def get_queryset(self):
        return selectors.tutor_directory()


@extend_schema(
    tags=TAGS,
    summary="My students (tutors)",
    description="The students assigned to the signed-in tutor, by name, with their course progress, "
    "practice performance by client need, latest finished adaptive exam, readiness and last activity. "
    f"`?cohort=` keeps one cohort's. A plain array of at most {LIST_CAP}, or a page with `?limit=&offset=`.",
    parameters=[CohortFilterSerializer],
    responses={200: TutorStudentSerializer(many=True), 400: schema.INVALID},
)
class TutorStudentListView(ListAPIView):
    permission_classes = [IsTutorRole]
    serializer_class = TutorStudentSerializer
    unpaginated_cap = LIST_CAP

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no tutor
            return User.objects.none()
        filters = CohortFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.tutor_students(tutor=self.request.user, cohort_id=filters.validated_data.get("cohort"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.workspace_rows(students=page)
        return self.get_paginated_response(TutorStudentSerializer(rows, many=True).data)


class TutorStudentDetailView(APIView):
    permission_classes = [IsTutorRole]

    @extend_schema(
        tags=TAGS,
        summary="One of my students (tutors)",
        description="The list's row with the whole performance page and readiness for both tests. "
        "Another tutor's student, or an unknown id, is 404.",
        responses={200: TutorStudentDetailSerializer, 404: schema.error("Not one of your students.")},
    )
    def get(self, request, pk):
        student = selectors.tutor_student_get(tutor=request.user, student_id=pk)
        return Response(TutorStudentDetailSerializer(selectors.workspace_student(student=student)).data)


@extend_schema(
    tags=TAGS,
    summary="My cohorts (tutors)",
    responses={200: CohortSerializer(many=True)},
)
class TutorCohortListView(ListAPIView):
    permission_classes = [IsTutorRole]
    serializer_class = CohortSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Cohort.objects.none()
        return selectors.cohort_list(tutor=self.request.user)


class AdminCohortListView(GenericAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = CohortSerializer
    queryset = Cohort.objects.none()  # the schema's model; reads go through tutors.selectors
    pagination_class = None

    @extend_schema(tags=TAGS, summary="Cohorts, by name", responses={200: CohortSerializer(many=True)})
    def get(self, request):
        return Response(CohortSerializer(selectors.cohort_list(), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Create a cohort",
        description="Every student in `student_ids` joins it (leaving any other cohort) and is assigned to its "
        "tutor; each assignment is recorded. 400 when `tutor_id` is not an active tutor, a member is not a "
        "student, or the name is taken (case-insensitive).",
        request=CohortWriteSerializer,
        responses={201: CohortSerializer, 400: schema.INVALID},
    )
    def post(self, request):
        data = CohortWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = services.cohort_create(actor=request.user, **data.validated_data)
        return Response(
            CohortSerializer(selectors.cohort_list().get(pk=cohort.pk)).data, status=status.HTTP_201_CREATED
        )


class AdminCohortDetailView(APIView):
    permission_classes = [IsAdminRole]

    @extend_schema(tags=TAGS, summary="A cohort", responses={200: CohortSerializer})
    def get(self, request, pk):
        return Response(CohortSerializer(get_object_or_404(selectors.cohort_list(), pk=pk)).data)

    @extend_schema(
        tags=TAGS,
        summary="Rename a cohort, change its tutor or its members",
        description="A new `tutor_id` reassigns every member; `student_ids` replaces the members (those who "
        "leave keep their tutor). Every change of a student's tutor is recorded.",
        request=CohortWriteSerializer(partial=True),
        responses={200: CohortSerializer, 400: schema.INVALID},
    )
    def patch(self, request, pk):
        data = CohortWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        cohort = get_object_or_404(Cohort, pk=pk)
        services.cohort_update(actor=request.user, cohort=cohort, **data.validated_data)
        return Response(CohortSerializer(selectors.cohort_list().get(pk=pk)).data)

    @extend_schema(
        tags=TAGS, summary="Delete a cohort", description="Its students keep their tutor.", responses={204: None}
    )
    def delete(self, request, pk):
        services.cohort_delete(cohort=get_object_or_404(Cohort, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
