"""Input validation and output shapes for sections, lessons, lesson progress and certificates
(CONTRACT §11). Output serializers read rows the selectors built: no query per row."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import FastOutputSerializer, FormBooleanField
from courses.lesson_selectors import lesson_content
from courses.models import Certificate, Lesson, Section
from courses.serializers import VIDEO_EITHER, CatalogueCourseSerializer, HttpUrlField

NULLABLE_URL = {"type": "string", "format": "uri", "nullable": True}
MAX_POSITION_SECONDS = 7 * 24 * 3600  # no lesson is a week long: a larger value is a client's bug
REPORT_SOMETHING = "Send position_seconds, completed or both."


# --- The course outline (course detail) ------------------------------------------------------------


class LessonOutlineSerializer(FastOutputSerializer):
    """A lesson in a course's outline: content null unless the requester may open it."""

    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Lesson.Kind.choices, read_only=True)
    video_url = serializers.CharField(read_only=True, allow_null=True, help_text="Null without access.")
    body = serializers.CharField(read_only=True, allow_null=True, help_text="Reading text; null without access.")
    file_url = serializers.CharField(read_only=True, allow_null=True, help_text="PDF link; null without access.")
    duration_seconds = serializers.IntegerField(read_only=True)
    is_preview = serializers.BooleanField(read_only=True, help_text="Free preview: open to anyone signed in.")


class SectionOutlineSerializer(FastOutputSerializer):
    id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    lessons = LessonOutlineSerializer(many=True, read_only=True)


class CourseDetailSerializer(CatalogueCourseSerializer):
    """One published course: its catalogue row and its outline (`courses.lesson_selectors.course_outline`)."""

    sections = SectionOutlineSerializer(many=True, read_only=True)
    total_lessons = serializers.IntegerField(read_only=True)
    total_duration_seconds = serializers.IntegerField(read_only=True)


# --- Admin: sections and lessons ---------------------------------------------------------------------


class AdminSectionSerializer(serializers.ModelSerializer):
    course_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = Section
        fields = ["id", "course_id", "title", "position", "created_at", "updated_at"]
        read_only_fields = fields


class SectionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)


class ReorderInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(), allow_empty=False, help_text="Every child's id once, in the new order."
    )


class AdminLessonSerializer(serializers.ModelSerializer):
    """A lesson as admins see it: every link (signed where the file is ours)."""

    section_id = serializers.UUIDField(read_only=True)
    video_url = serializers.SerializerMethodField()
    body = serializers.CharField(read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "section_id",
            "title",
            "position",
            "kind",
            "video_url",
            "body",
            "file_url",
            "duration_seconds",
            "is_preview",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _content(self, lesson: Lesson) -> dict:
        row = {"video_url": lesson.video_url, "video_file": lesson.video_file, "file": lesson.file, "body": ""}
        return lesson_content(row, build_absolute_uri=self.context["request"].build_absolute_uri)

    @extend_schema_field(NULLABLE_URL)
    def get_video_url(self, lesson: Lesson) -> str | None:
        return self._content(lesson)["video_url"]

    @extend_schema_field(NULLABLE_URL)
    def get_file_url(self, lesson: Lesson) -> str | None:
        return self._content(lesson)["file_url"]


class LessonInputSerializer(serializers.Serializer):
    """A lesson as an admin sends it as JSON. Fields left out keep their value on PUT and PATCH (as
    courses); a new lesson needs `title`, `kind` and the content of its kind."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Lesson.Kind.choices)
    video_url = HttpUrlField(required=False, max_length=500)
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    duration_seconds = serializers.IntegerField(required=False, min_value=0, max_value=MAX_POSITION_SECONDS)
    is_preview = FormBooleanField(required=False)

    def validate(self, attrs: dict) -> dict:
        if "video_url" in attrs and attrs.get("video_file") is not None:
            raise serializers.ValidationError(VIDEO_EITHER)
        return attrs


class LessonUploadInputSerializer(LessonInputSerializer):
    """A lesson as multipart/form-data, with its uploaded video or PDF."""

    video_file = serializers.FileField(
        required=False, allow_empty_file=False, use_url=False, help_text="MP4, MOV or WebM (checked by content)."
    )
    file = serializers.FileField(
        required=False,
        allow_empty_file=False,
        use_url=False,
        help_text="A PDF (checked by content), at most MAX_LESSON_FILE_UPLOAD_MB.",
    )


# --- Lesson progress -----------------------------------------------------------------------------------


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: "yes", 1 and "true" are refused (a client sending them has a bug)."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if type(data) is not bool:
            self.fail("invalid")
        return data


class StrictSecondsField(serializers.IntegerField):
    default_error_messages = {"invalid": f"A whole number of seconds from 0 to {MAX_POSITION_SECONDS} is required."}

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_POSITION_SECONDS, **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = self.error_messages["invalid"]

    def to_internal_value(self, data):
        if type(data) is not int:
            self.fail("invalid")
        return super().to_internal_value(data)


class LessonProgressInputSerializer(serializers.Serializer):
    position_seconds = StrictSecondsField(required=False, help_text="Where to resume the lesson.")
    completed = StrictBooleanField(required=False, help_text="false un-completes the lesson.")

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(REPORT_SOMETHING)
        return attrs


def _completed_at(row):
    return row["completed_at"] if isinstance(row, dict) else row.completed_at


class LessonProgressSerializer(FastOutputSerializer):
    """A student's row for one lesson: a row of `lesson_progress_list`, or a saved LessonProgress."""

    lesson_id = serializers.UUIDField(read_only=True)
    position_seconds = serializers.IntegerField(read_only=True)
    completed = serializers.SerializerMethodField()
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_completed(self, row) -> bool:
        return _completed_at(row) is not None


class LessonProgressFilterSerializer(serializers.Serializer):
    course_id = serializers.UUIDField(required=False)


# --- Certificates --------------------------------------------------------------------------------------


class CertificateSerializer(FastOutputSerializer):
    """One of the student's certificates; `valid` is false once an admin revoked it."""

    id = serializers.UUIDField(read_only=True)
    number = serializers.CharField(read_only=True)
    course_id = serializers.UUIDField(read_only=True, allow_null=True)
    course_title = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    valid = serializers.SerializerMethodField()

    def get_valid(self, certificate: Certificate) -> bool:
        return certificate.is_valid


class AdminCertificateSerializer(CertificateSerializer):
    user_id = serializers.UUIDField(read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CertificateVerificationSerializer(FastOutputSerializer):
    """What anyone holding a certificate's number may learn: nothing beyond what it states."""

    number = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    course_title = serializers.CharField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    valid = serializers.SerializerMethodField()

    def get_valid(self, certificate: Certificate) -> bool:
        return certificate.is_valid
