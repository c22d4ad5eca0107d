"""Course endpoints (CONTRACT §2): admin course management, the public catalogue, free enrollment,
own enrollments and progress. Views parse input, call one service or selector, shape the output."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsAdminRole
from core import schema
from core.parsers import JSONParser
from courses.cache import ANONYMOUS_BODY, catalogue_cached
from courses.lesson_selectors import course_outline
from courses.lesson_serializers import CourseDetailSerializer
from courses.models import Course, CourseProgress, Enrollment
from courses.selectors import (
    course_admin_list,
    course_catalogue_entry,
    course_catalogue_for,
    enrollment_list,
    progress_list,
)
from courses.serializers import (
    AdminCourseSerializer,
    CatalogueCourseSerializer,
    CourseFilterSerializer,
    CourseInputSerializer,
    CourseUploadInputSerializer,
    EnrollmentSerializer,
    ProgressInputSerializer,
    ProgressSerializer,
)
from courses.services import course_create, course_delete, course_enroll, course_update, progress_set
from courses.videos import VideoUploadMixin

COURSE_WRITE_REQUEST = {
    "application/json": CourseInputSerializer,
    "multipart/form-data": CourseUploadInputSerializer,
}
COURSE_WRITE_ERRORS = {
    400: schema.INVALID,
    413: schema.error(
        "`Video file is too large (maximum N MB).`: over MAX_VIDEO_UPLOAD_MB; or `Request body too large.`: "
        "the other form fields are over the request size limit."
    ),
    415: schema.error("The uploaded file is not an MP4, MOV or WebM video (checked by its content)."),
}


@extend_schema_view(
    list=extend_schema(
        summary="All courses, newest first",
        parameters=[OpenApiParameter("search", str, description="Matches title or description.")],
        responses={200: AdminCourseSerializer(many=True)},
    ),
    retrieve=extend_schema(responses={200: AdminCourseSerializer}),
    create=extend_schema(
        summary="Create a course",
        description="JSON with `video_url` (http or https), or multipart/form-data with `video_file`: "
        "one of the two is required.",
        request=COURSE_WRITE_REQUEST,
        responses={201: AdminCourseSerializer, **COURSE_WRITE_ERRORS},
    ),
    update=extend_schema(
        summary="Update a course",
        description="`title` is required; other fields left out keep their value. A new `video_url` or "
        "`video_file` replaces the video, and a replaced uploaded file is deleted.",
        request=COURSE_WRITE_REQUEST,
        responses={200: AdminCourseSerializer, **COURSE_WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a course",
        request=COURSE_WRITE_REQUEST,
        responses={200: AdminCourseSerializer, **COURSE_WRITE_ERRORS},
    ),
    destroy=extend_schema(
        responses={
            204: None,
            409: schema.error("The course has payments: unpublish it instead."),
        }
    ),
)
class AdminCourseViewSet(
    VideoUploadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAdminRole]
    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = AdminCourseSerializer

    def get_queryset(self):
        if self.action == "list":
            filters = CourseFilterSerializer(data=self.request.query_params)
            filters.is_valid(raise_exception=True)
            return course_admin_list(search=filters.validated_data["search"])
        return Course.objects.all()

    def create(self, request, *args, **kwargs):
        data = self._validated_input(partial=False, video_required=True)
        course = course_create(**data)
        return Response(self.get_serializer(course).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        # Look the course up before reading the body: an unknown id is 404 without receiving a video.
        course = self.get_object()
        data = self._validated_input(partial=partial, video_required=False)
        course = course_update(course=course, **data)
        return Response(self.get_serializer(course).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        course_delete(course=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _validated_input(self, *, partial: bool, video_required: bool) -> dict:
        # Form fields over DATA_UPLOAD_MAX_MEMORY_SIZE, or too many of them, are refused by the
        # exception handler (413 / 400) like any other body.
        serializer = CourseUploadInputSerializer(
            data=self.request.data, partial=partial, context={"video_required": video_required}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema(
    summary="Published courses",
    description="Open to anyone. `video_url` is null unless the requester has access: an admin, "
    "enrolled, or a signed-in user on a free course; an uploaded video's is a short-lived signed link.",
    parameters=[OpenApiParameter("search", str, description="Matches title or description, ignoring case.")],
)
class CourseCatalogueView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = CatalogueCourseSerializer

    def get_queryset(self):
        # The catalogue's one read model (courses.selectors): the cached published courses with the
        # requester's enrollments. A list: a page of it is sliced from the list.
        if getattr(self, "swagger_fake_view", False):  # schema generation: the model, not a list
            return Course.objects.none()
        filters = CourseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return course_catalogue_for(user=self.request.user, search=filters.validated_data["search"])

    def list(self, request, *args, **kwargs):
        params = request.query_params
        if self.paginator.limit_query_param in params or params.get("search") or request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        # Anonymous visitors all see the same catalogue: its JSON itself is cached (courses.cache).
        body = catalogue_cached(
            ANONYMOUS_BODY, lambda: JSONRenderer().render(self.get_serializer(self.get_queryset(), many=True).data)
        )
        return HttpResponse(body, content_type="application/json")


@extend_schema(
    summary="One published course, with its sections and lessons",
    description="Lessons' `video_url`, `body` and `file_url` are null unless the requester has access to the "
    "course, or the lesson is a free preview and the requester is signed in.",
    responses={200: CourseDetailSerializer},
)
class CourseCatalogueDetailView(RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = CourseDetailSerializer
    queryset = Course.objects.none()  # read through `get_object`; the schema reads the model from it

    def get_object(self):
        # From the cached catalogue (courses.cache) and the user's enrollment in this course, then its
        # outline (two queries: sections, lessons).
        course = course_catalogue_entry(user=self.request.user, course_id=self.kwargs["pk"])
        if course is None:
            raise NotFound()
        user, build_absolute_uri = self.request.user, self.request.build_absolute_uri
        return {**course, **course_outline(user=user, course=course, build_absolute_uri=build_absolute_uri)}


class CourseEnrollView(APIView):
    @extend_schema(
        summary="Enroll in a free course",
        request=None,
        responses={
            201: EnrollmentSerializer,
            200: EnrollmentSerializer,
            402: schema.error("Payment required."),
        },
        description="201 with the new enrollment; 200 with the existing one when already enrolled. "
        "A paid course is entered through a payment (402).",
    )
    def post(self, request, pk):
        enrollment, created = course_enroll(user=request.user, course_id=pk)
        return Response(
            EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


@extend_schema(summary="My enrollments", responses={200: EnrollmentSerializer(many=True)})
class MyEnrollmentsView(ListAPIView):
    serializer_class = EnrollmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Enrollment.objects.none()
        return enrollment_list(user=self.request.user)


@extend_schema(summary="My course progress", responses={200: ProgressSerializer(many=True)})
class MyProgressView(ListAPIView):
    serializer_class = ProgressSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return CourseProgress.objects.none()
        return progress_list(user=self.request.user)


PROGRESS_SCHEMA = extend_schema(
    summary="Set my progress in a course",
    description="Creates the row if absent. `completed_at` is set when it reaches 100 (first completion "
    "time kept when 100 is sent again) and null below 100.",
    # A plain schema, not the serializer: drf-spectacular documents a PATCH serializer as all-optional,
    # and here `progress_percentage` is required for PATCH as for PUT.
    request={
        "application/json": {
            "type": "object",
            "properties": {"progress_percentage": {"type": "integer", "minimum": 0, "maximum": 100}},
            "required": ["progress_percentage"],
        }
    },
    responses={
        200: ProgressSerializer,
        400: schema.INVALID,
        403: schema.error("Enroll in this course to track progress."),
    },
)


class MyProgressDetailView(APIView):
    @PROGRESS_SCHEMA
    def put(self, request, course_id):
        serializer = ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        progress = progress_set(user=request.user, course_id=course_id, **serializer.validated_data)
        return Response(ProgressSerializer(progress).data)

    @PROGRESS_SCHEMA
    def patch(self, request, course_id):
        return self.put(request, course_id)
