"""A course's outline (sections of ordered lessons), each student's place in it, and the certificates
earned by finishing it (CONTRACT §11)."""

import uuid

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from courses.models.catalogue import Course


class Section(models.Model):
    """A chapter of a course: an ordered group of lessons. `position` counts from 1 within the course."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            # Deferred, so a reorder may swap two positions inside one transaction.
            models.UniqueConstraint(
                fields=["course", "position"],
                name="courses_section_one_per_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="courses_section_position_from_1"),
            models.CheckConstraint(condition=~models.Q(title=""), name="courses_section_title_not_blank"),
        ]

    def __str__(self):
        return self.title


class Lesson(models.Model):
    """One step of a section: a video (linked, or uploaded to our storage), a reading, or a file (PDF notes).

    Who may open it is decided by `courses.lesson_selectors.lesson_is_open` (the course's access rule,
    or a free preview for anyone signed in)."""

    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        READING = "reading", "Reading"
        FILE = "file", "File"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    video_url = models.URLField(max_length=500, blank=True)
    # Names of files stored through Django's storage (an uploaded video, the PDF of a file lesson).
    video_file = models.CharField(max_length=500, blank=True)
    file = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    is_preview = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                name="courses_lesson_one_per_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="courses_lesson_position_from_1"),
            models.CheckConstraint(condition=~models.Q(title=""), name="courses_lesson_title_not_blank"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["video", "reading", "file"]), name="courses_lesson_kind_valid"
            ),
            # A lesson always has the content its kind promises.
            models.CheckConstraint(
                condition=(models.Q(kind="video") & (~models.Q(video_url="") | ~models.Q(video_file="")))
                | (models.Q(kind="reading") & ~models.Q(body=""))
                | (models.Q(kind="file") & ~models.Q(file="")),
                name="courses_lesson_has_its_content",
            ),
        ]

    def __str__(self):
        return self.title

    # What each kind must have (also a database check); the field named in the error, and the message.
    CONTENT_REQUIRED = {
        Kind.VIDEO: ("video_url", "A video lesson needs a video_url or a video_file."),
        Kind.READING: ("body", "A reading lesson needs a body."),
        Kind.FILE: ("file", "A file lesson needs a file (PDF)."),
    }

    def missing_content(self) -> tuple[str, str] | None:
        """(field, message) when the lesson lacks the content its kind names, else None."""
        present = {
            self.Kind.VIDEO: bool(self.video_url or self.video_file),
            self.Kind.READING: bool(self.body.strip()),
            self.Kind.FILE: bool(self.file),
        }.get(self.kind, True)  # an unknown kind is the choices' error, not this one
        return None if present else self.CONTENT_REQUIRED[self.kind]

    def clean(self):
        # The admin site's forms leave the upload names out of validation, so the database check
        # alone would answer them with an IntegrityError.
        problem = self.missing_content()
        if problem is not None:
            field, message = problem
            raise ValidationError({field if field in ("video_url", "body") else NON_FIELD_ERRORS: message})


class LessonProgress(models.Model):
    """Where a student is in one lesson: the resume position, and when they completed it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    position_seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_lessonprogress_one_per_user_lesson"),
        ]

    def __str__(self):
        return f"{self.user} in {self.lesson}"


class Certificate(models.Model):
    """Proof that a student finished a course: issued once per (user, course) when their progress first
    reaches 100 and kept if it later drops. `full_name` and `course_title` are as they were on that
    day (what the certificate states). `number` is public and unguessable; `revoked_at` voids it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    # A deleted course leaves its certificates standing: what they state is kept above.
    course = models.ForeignKey(Course, null=True, on_delete=models.SET_NULL, related_name="certificates")
    full_name = models.CharField(max_length=150)
    course_title = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_certificate_one_per_user_course"),
        ]

    def __str__(self):
        return f"{self.number} ({self.full_name}, {self.course_title})"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
