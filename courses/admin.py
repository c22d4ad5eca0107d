from django.contrib import admin
from django.db import models

from courses.models import Course, CourseProgress, Enrollment
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
