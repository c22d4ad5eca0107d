"""Input validation and output shapes for courses, enrollments and progress (CONTRACT §2).

Output serializers read plain columns and annotations only: no query and no storage call per row.
"""

import re
from urllib.parse import urlsplit

from django.core.validators import URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import FastOutputSerializer, FormBooleanField
from courses.models import Course, Enrollment
from courses.videos import signed_media_url

CURRENCY_CODE = re.compile(r"^[A-Za-z]{3}$")
VIDEO_REQUIRED = "Provide a video_url or upload a video_file."
VIDEO_EITHER = "Provide either video_url or video_file, not both."


def course_video_link(*, video_url: str, video_file: str, request=None) -> str | None:
    """A course's `video_url` for a requester with access: its uploaded file as a fresh signed link
    (`courses.videos.signed_media_url`, absolute when there is a request), else the external link as
    given, else None. Signed here, at serialization, so no cached row ever holds an expiring link."""
    if video_file:
        link = signed_media_url(video_file)
        return request.build_absolute_uri(link) if request is not None else link
    return video_url or None


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class VideoUrlField(serializers.Field):
    """`video_url` as clients see it: a URL (a signed, expiring one for an uploaded file), or null
    when there is none. Reads the whole course (`video_url` and `video_file`)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, course):
        request = self.context.get("request")
        return course_video_link(video_url=course.video_url, video_file=course.video_file, request=request)


class CatalogueCourseSerializer(FastOutputSerializer):
    """A course in the catalogue: a row of `courses.selectors.course_catalogue_for`."""

    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True, max_length=200)
    description = serializers.CharField(read_only=True)
    video_url = serializers.SerializerMethodField(help_text="Null unless the requester has access to the course.")
    price = serializers.DecimalField(read_only=True, max_digits=10, decimal_places=2)
    currency = serializers.CharField(read_only=True, max_length=3)
    is_enrolled = serializers.BooleanField(read_only=True)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_video_url(self, row: dict) -> str | None:
        # Without access the link is withheld, not the course: the catalogue still sells it.
        if not row["has_access"]:
            return None
        request = self.context.get("request")
        return course_video_link(video_url=row["video_url"], video_file=row["video_file"], request=request)


class AdminCourseSerializer(serializers.ModelSerializer):
    video_url = VideoUrlField()

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "description",
            "video_url",
            "created_at",
            "updated_at",
            "price",
            "currency",
            "is_published",
        ]
        read_only_fields = fields


def validate_http_url(value: str) -> None:
    """An absolute http(s) URL with a host. Looser than Django's URLValidator on purpose: a video
    served from an intranet host or from this API's own host (`http://backend/media/...`) is valid."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in value)
    ):
        raise serializers.ValidationError("Enter a valid http:// or https:// URL.")


class HttpUrlField(serializers.URLField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)] + [validate_http_url]


class CourseFilterSerializer(serializers.Serializer):
    # A CharField refuses NUL characters (400): PostgreSQL cannot search for them, and answered a 500.
    search = serializers.CharField(required=False, allow_blank=True, default="")


class CourseInputSerializer(serializers.Serializer):
    """A course as an admin sends it as JSON: `video_url` links a video hosted elsewhere.

    Optional fields left out keep their value on PUT and PATCH alike (the frontend PUTs only
    title, description and video_url); on create they take their defaults.
    """

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    video_url = HttpUrlField(required=False, max_length=500)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    currency = serializers.CharField(required=False, help_text="ISO 4217 code, e.g. USD. Default: DEFAULT_CURRENCY.")
    is_published = FormBooleanField(required=False)

    def validate_currency(self, value: str) -> str:
        if not CURRENCY_CODE.match(value):
            raise serializers.ValidationError("Use a three-letter ISO 4217 currency code, e.g. USD.")
        return value.upper()

    def validate(self, attrs: dict) -> dict:
        has_link, has_file = "video_url" in attrs, attrs.get("video_file") is not None
        if has_link and has_file:
            raise serializers.ValidationError(VIDEO_EITHER)
        if self.context.get("video_required") and not (has_link or has_file):
            raise serializers.ValidationError(VIDEO_REQUIRED)
        return attrs


class CourseUploadInputSerializer(CourseInputSerializer):
    """A course as an admin sends it as multipart/form-data, with the video file itself."""

    video_file = serializers.FileField(
        required=False,
        allow_empty_file=False,
        use_url=False,
        help_text="MP4, MOV or WebM (checked by content), at most MAX_VIDEO_UPLOAD_MB.",
    )


class EnrolledCourseSerializer(serializers.ModelSerializer):
    """The course of one of the requester's enrollments: being enrolled, they see its video."""

    video_url = VideoUrlField()

    class Meta:
        model = Course
        fields = ["id", "title", "description", "video_url", "price", "currency"]
        read_only_fields = fields


class EnrollmentSerializer(serializers.ModelSerializer):
    course_id = serializers.UUIDField(read_only=True)
    course = EnrolledCourseSerializer(read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "course_id", "course", "source", "created_at"]
        read_only_fields = fields


class ProgressSerializer(FastOutputSerializer):
    """How far the user is through a course: a row of `progress_list`, or a saved CourseProgress."""

    user_id = serializers.UUIDField(read_only=True)
    course_id = serializers.UUIDField(read_only=True)
    progress_percentage = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)


class StrictPercentageField(serializers.IntegerField):
    """A JSON integer 0..100. Unlike DRF's IntegerField, "50", 50.0 and true are refused: a client
    sending them has a bug worth hearing about."""

    default_error_messages = {"invalid": "A whole number between 0 and 100 is required."}

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=100, **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = self.error_messages["invalid"]

    def to_internal_value(self, data):
        if type(data) is not int:  # bool is an int subclass: `type` (not isinstance) rejects it
            self.fail("invalid")
        return super().to_internal_value(data)


class ProgressInputSerializer(serializers.Serializer):
    progress_percentage = StrictPercentageField()
