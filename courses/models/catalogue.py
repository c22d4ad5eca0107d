import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY


def price_is_free(price: Decimal) -> bool:
    """What "free" means, everywhere: a price of 0.00."""
    return price == 0


class Course(models.Model):
    """A video course. `price` 0.00 means free: anyone signed in may watch it.

    Who may see `video_url` is decided by `courses.selectors.has_access`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    # Set when the video was uploaded to our storage (rather than linked): the stored file's name,
    # so it can be removed when replaced or deleted.
    video_file = models.CharField(max_length=500, blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    currency = models.CharField(max_length=3, default=default_currency)
    is_published = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="courses_course_price_not_negative"),
            models.CheckConstraint(condition=~models.Q(title=""), name="courses_course_title_not_blank"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self) -> bool:
        return price_is_free(self.price)


class Enrollment(models.Model):
    class Source(models.TextChoices):
        FREE = "free", "Free course"
        PAYMENT = "payment", "Payment"
        ADMIN = "admin", "Granted by an admin"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    source = models.CharField(max_length=10, choices=Source.choices)
    payment = models.ForeignKey(
        "payments.Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrollment_one_per_user_course"),
            models.CheckConstraint(
                condition=models.Q(source__in=["free", "payment", "admin"]), name="courses_enrollment_source_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.course}"


class CourseProgress(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_progress")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="progress")
    progress_percentage = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "course progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_progress_one_per_user_course"),
            models.CheckConstraint(
                condition=models.Q(progress_percentage__gte=0, progress_percentage__lte=100),
                name="courses_progress_percentage_0_100",
            ),
            # Complete exactly when at 100.
            models.CheckConstraint(
                condition=models.Q(progress_percentage=100, completed_at__isnull=False)
                | models.Q(progress_percentage__lt=100, completed_at__isnull=True),
                name="courses_progress_completed_at_iff_100",
            ),
        ]
        indexes = [models.Index(fields=["user", "completed_at"], name="courses_progress_user_done")]

    def __str__(self):
        return f"{self.user} {self.progress_percentage}% of {self.course}"
