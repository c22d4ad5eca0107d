"""Endpoints for sections, lessons, lesson progress and certificates (CONTRACT §11). Views parse
input, call one service or selector, and shape the output."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView, ListCreateAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsAdminRole
from core import schema
from core.exceptions import ApplicationError
from core.parsers import JSONParser
from core.throttles import ClientIPThrottle
from courses.certificates import certificate_pdf, verification_url
from courses.lesson_files import LessonUploadMixin
from courses.lesson_selectors import certificate_list, lesson_admin_list, lesson_progress_list, section_admin_list
from courses.lesson_serializers import (
    AdminCertificateSerializer,
    AdminLessonSerializer,
    AdminSectionSerializer,
    CertificateSerializer,
    CertificateVerificationSerializer,
    LessonInputSerializer,
    LessonProgressFilterSerializer,
    LessonProgressInputSerializer,
    LessonProgressSerializer,
    LessonUploadInputSerializer,
    ReorderInputSerializer,
    SectionInputSerializer,
)
from courses.lesson_services import (
    certificate_revoke,
    lesson_create,
    lesson_delete,
    lesson_reorder,
    lesson_update,
    my_lesson_progress_set,
    section_create,
    section_delete,
    section_reorder,
    section_update,
)
from courses.models import Certificate, Course, Lesson, LessonProgress, Section
from courses.progress import normalized_certificate_number

CERTIFICATE_REVOKED = "This certificate has been revoked."
LESSON_WRITE_REQUEST = {"application/json": LessonInputSerializer, "multipart/form-data": LessonUploadInputSerializer}
LESSON_WRITE_ERRORS = {
    400: schema.INVALID,
    413: schema.error("The video is over MAX_VIDEO_UPLOAD_MB, or the PDF over MAX_LESSON_FILE_UPLOAD_MB."),
    415: schema.error("`video_file` is not an MP4, MOV or WebM video, or `file` not a PDF (checked by content)."),
}


# --- Admin: sections ---------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="A course's sections, in order"),
    post=extend_schema(
        summary="Add a section at the end of a course",
        request=SectionInputSerializer,
        responses={201: AdminSectionSerializer, 400: schema.INVALID},
    ),
)
class AdminSectionListView(ListCreateAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = AdminSectionSerializer

    def _course(self) -> Course:
        return get_object_or_404(Course, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the model, no course
            return Section.objects.none()
        return section_admin_list(course_id=self._course().pk)

    def create(self, request, *args, **kwargs):
        course = self._course()
        data = SectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        section = section_create(course=course, **data.validated_data)
        return Response(AdminSectionSerializer(section).data, status=status.HTTP_201_CREATED)


class AdminSectionDetailView(GenericAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = AdminSectionSerializer
    queryset = Section.objects.all()

    @extend_schema(summary="One section")
    def get(self, request, pk):
        return Response(AdminSectionSerializer(self.get_object()).data)

    @extend_schema(summary="Rename a section", request=SectionInputSerializer, responses={200: AdminSectionSerializer})
    def put(self, request, pk):
        section = self.get_object()
        data = SectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AdminSectionSerializer(section_update(section=section, **data.validated_data)).data)

    @extend_schema(summary="Rename a section", request=SectionInputSerializer, responses={200: AdminSectionSerializer})
    def patch(self, request, pk):
        return self.put(request, pk)

    @extend_schema(summary="Delete a section with its lessons", responses={204: None})
    def delete(self, request, pk):
        section_delete(section=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdminSectionReorderView(GenericAPIView):
    permission_classes = [IsAdminRole]
    pagination_class = None
    serializer_class = AdminSectionSerializer
    queryset = Course.objects.all()

    @extend_schema(
        summary="Reorder a course's sections",
        description="`ids`: every section of the course once, in the new order; positions become 1..n.",
        request=ReorderInputSerializer,
        responses={200: AdminSectionSerializer(many=True), 400: schema.INVALID},
    )
    def post(self, request, pk):
        course = self.get_object()
        data = ReorderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AdminSectionSerializer(section_reorder(course=course, **data.validated_data), many=True).data)


# --- Admin: lessons ------------------------------------------------------------------------------------


def _lesson_input(request, *, partial: bool) -> dict:
    serializer = LessonUploadInputSerializer(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    get=extend_schema(summary="A section's lessons, in order"),
    post=extend_schema(
        summary="Add a lesson at the end of a section",
        description="JSON, or multipart/form-data with `video_file` (a video lesson) or `file` (a PDF: a file "
        "lesson). A video lesson needs `video_url` or `video_file`, a reading one `body`, a file one `file`.",
        request=LESSON_WRITE_REQUEST,
        responses={201: AdminLessonSerializer, **LESSON_WRITE_ERRORS},
    ),
)
class AdminLessonListView(LessonUploadMixin, ListCreateAPIView):
    permission_classes = [IsAdminRole]
    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = AdminLessonSerializer

    def _section(self) -> Section:
        return get_object_or_404(Section, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the model, no section
            return Lesson.objects.none()
        return lesson_admin_list(section_id=self._section().pk)

    def create(self, request, *args, **kwargs):
        section = self._section()  # before the body: an unknown section is 404 without receiving a file
        lesson = lesson_create(section=section, **_lesson_input(request, partial=False))
        return Response(self.get_serializer(lesson).data, status=status.HTTP_201_CREATED)


class AdminLessonDetailView(LessonUploadMixin, GenericAPIView):
    permission_classes = [IsAdminRole]
    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = AdminLessonSerializer
    queryset = Lesson.objects.select_related("section")

    @extend_schema(summary="One lesson")
    def get(self, request, pk):
        return Response(AdminLessonSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(
        summary="Update a lesson",
        description="`title` and `kind` are required; other fields left out keep their value.",
        request=LESSON_WRITE_REQUEST,
        responses={200: AdminLessonSerializer, **LESSON_WRITE_ERRORS},
    )
    def put(self, request, pk, partial: bool = False):
        lesson = self.get_object()
        lesson = lesson_update(lesson=lesson, **_lesson_input(request, partial=partial))
        return Response(AdminLessonSerializer(lesson, context={"request": request}).data)

    @extend_schema(
        summary="Change some fields of a lesson",
        request=LESSON_WRITE_REQUEST,
        responses={200: AdminLessonSerializer, **LESSON_WRITE_ERRORS},
    )
    def patch(self, request, pk):
        return self.put(request, pk, partial=True)

    @extend_schema(summary="Delete a lesson", responses={204: None})
    def delete(self, request, pk):
        lesson_delete(lesson=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdminLessonReorderView(GenericAPIView):
    permission_classes = [IsAdminRole]
    pagination_class = None
    serializer_class = AdminLessonSerializer
    queryset = Section.objects.all()

    @extend_schema(
        summary="Reorder a section's lessons",
        description="`ids`: every lesson of the section once, in the new order; positions become 1..n.",
        request=ReorderInputSerializer,
        responses={200: AdminLessonSerializer(many=True), 400: schema.INVALID},
    )
    def post(self, request, pk):
        section = self.get_object()
        data = ReorderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lessons = lesson_reorder(section=section, **data.validated_data)
        return Response(AdminLessonSerializer(lessons, many=True, context={"request": request}).data)


# --- Students: lesson progress ---------------------------------------------------------------------------


class MyLessonProgressView(APIView):
    @extend_schema(
        summary="Report my progress in a lesson",
        description="`position_seconds`: where to resume; `completed`: true completes the lesson (the first "
        "completion time is kept), false un-completes it. The course's `progress_percentage` becomes the share "
        "of its lessons completed; reaching 100 issues its certificate.",
        request=LessonProgressInputSerializer,
        responses={
            200: LessonProgressSerializer,
            400: schema.INVALID,
            403: schema.error("Enroll in this course to track progress."),
        },
    )
    def put(self, request, lesson_id):
        data = LessonProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = my_lesson_progress_set(user=request.user, lesson_id=lesson_id, **data.validated_data)
        return Response(LessonProgressSerializer(row).data)


@extend_schema(
    summary="My lesson progress (resume positions)",
    parameters=[OpenApiParameter("course_id", OpenApiTypes.UUID, description="Only this course's lessons.")],
    responses={200: LessonProgressSerializer(many=True)},
)
class MyLessonsView(ListAPIView):
    serializer_class = LessonProgressSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return LessonProgress.objects.none()
        filters = LessonProgressFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return lesson_progress_list(user=self.request.user, course_id=filters.validated_data.get("course_id"))


# --- Certificates -------------------------------------------------------------------------------------------


@extend_schema(summary="My certificates", responses={200: CertificateSerializer(many=True)})
class MyCertificatesView(ListAPIView):
    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Certificate.objects.none()
        return certificate_list(user=self.request.user)


class MyCertificatePdfView(APIView):
    @extend_schema(
        summary="One of my certificates as a PDF",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            404: schema.NOT_FOUND,
            409: schema.error(CERTIFICATE_REVOKED),
        },
    )
    def get(self, request, pk):
        certificate = get_object_or_404(certificate_list(user=request.user), pk=pk)
        if not certificate.is_valid:
            raise ApplicationError(CERTIFICATE_REVOKED, status=409)
        url = verification_url(certificate.number, build_absolute_uri=request.build_absolute_uri)
        response = HttpResponse(certificate_pdf(certificate, verify_url=url), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
        return response


class CertificateVerificationThrottle(ClientIPThrottle):
    scope = "certificate_verification"
    default_rate = "60/min"


class CertificateVerifyView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [CertificateVerificationThrottle]

    @extend_schema(
        summary="Check a certificate by its number",
        description="Open to anyone (an employer): what the certificate states, and `valid` (false once revoked).",
        responses={200: CertificateVerificationSerializer, 404: schema.NOT_FOUND},
    )
    def get(self, request, number):
        number = normalized_certificate_number(number)
        if number is None:
            raise NotFound()
        certificate = get_object_or_404(Certificate, number=number)
        return Response(CertificateVerificationSerializer(certificate).data)


class AdminCertificateRevokeView(GenericAPIView):
    permission_classes = [IsAdminRole]
    serializer_class = AdminCertificateSerializer
    queryset = Certificate.objects.all()

    @extend_schema(
        summary="Revoke a certificate",
        request=None,
        responses={200: AdminCertificateSerializer, 400: schema.error("This certificate is already revoked.")},
    )
    def post(self, request, pk):
        return Response(AdminCertificateSerializer(certificate_revoke(certificate=self.get_object())).data)
