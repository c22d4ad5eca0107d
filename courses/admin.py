from django.contrib import admin, messages
from django.db import models

from courses.lesson_services import certificate_revoke
from courses.models import Certificate, Course, CourseProgress, Enrollment, Lesson, LessonProgress, Section
from courses.progress import course_progress_refresh
from courses.services import course_delete


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "price", "currency", "is_published", "has_uploaded_video", "created_at"]
    list_filter = ["is_published", "currency", "created_at"]
    search_fields = ["title", "description"]
    date_hierarchy = "created_at"
    # Uploads go through the API, which checks the file and owns its lifecycle; here the stored
    # name is shown, not edited.
    readonly_fields = ["id", "video_file", "created_at", "updated_at"]
    fields = ["id", "title", "description", "video_url", "video_file", "price", "currency", "is_published"]
    fields += ["created_at", "updated_at"]
    # A link typed without a scheme is taken as https (Django 6's default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(boolean=True, description="Uploaded video")
    def has_uploaded_video(self, course: Course) -> bool:
        return bool(course.video_file)

    def delete_model(self, request, obj):
        # Through the service, so the uploaded video is removed with the course.
        course_delete(course=obj)

    def delete_queryset(self, request, queryset):
        for course in queryset:
            course_delete(course=course)


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "source", "payment", "created_at"]
    list_filter = ["source", "created_at"]
    search_fields = ["user__email", "user__full_name", "course__title"]
    list_select_related = ["user", "course", "payment"]
    raw_id_fields = ["user", "course", "payment"]
    date_hierarchy = "created_at"


@admin.register(CourseProgress)
class CourseProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "progress_percentage", "completed_at", "updated_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter), "updated_at"]
    search_fields = ["user__email", "user__full_name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user", "course"]


# --- Sections, lessons, lesson progress and certificates (CONTRACT §11) --------------------------------


class LessonInline(admin.TabularInline):
    """A section's lessons, edited in place. Uploads go through the API (type checks, file lifecycle);
    here a lesson links its video or shows the stored file's name."""

    model = Lesson
    fields = ["position", "title", "kind", "video_url", "video_file", "file", "body", "duration_seconds", "is_preview"]
    readonly_fields = ["video_file", "file"]
    ordering = ["position"]
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position", "updated_at"]
    list_select_related = ["course"]
    search_fields = ["title", "course__title"]
    raw_id_fields = ["course"]
    ordering = ["course", "position"]
    inlines = [LessonInline]

    def save_related(self, request, form, formsets, change):
        # Added or removed lessons change every student's share of the course completed.
        super().save_related(request, form, formsets, change)
        course_progress_refresh(course_id=form.instance.course_id)


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "position_seconds", "completed_at", "updated_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "lesson__title"]
    list_select_related = ["user", "lesson"]
    raw_id_fields = ["user", "lesson"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "full_name", "course_title", "issued_at", "is_valid"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "issued_at"]
    search_fields = ["number", "full_name", "user__email", "course_title"]
    readonly_fields = ["number", "user", "course", "full_name", "course_title", "issued_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # issued by finishing a course, never by hand

    @admin.display(boolean=True, description="Valid")
    def is_valid(self, certificate: Certificate) -> bool:
        return certificate.is_valid

    @admin.action(description="Revoke the selected certificates")
    def revoke(self, request, queryset):
        revoked = 0
        for certificate in queryset.filter(revoked_at__isnull=True):
            certificate_revoke(certificate=certificate)
            revoked += 1
        self.message_user(request, f"{revoked} certificate(s) revoked.", messages.SUCCESS)


# Plans and plan grants: their own module.
from courses import plan_admin  # noqa: E402, F401
