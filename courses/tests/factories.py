from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Course, CourseProgress, Enrollment


class CourseFactory(factory.django.DjangoModelFactory):
    """A published free course with a linked (not uploaded) video."""

    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"NCLEX course {n}")
    description = factory.Faker("paragraph")
    video_url = factory.Sequence(lambda n: f"https://videos.example.com/course-{n}.mp4")
    price = Decimal("0.00")
    currency = "USD"
    is_published = True


class PaidCourseFactory(CourseFactory):
    price = Decimal("60.00")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    source = Enrollment.Source.FREE


class CourseProgressFactory(factory.django.DjangoModelFactory):
    """A progress row; `completed_at` follows the percentage as the database demands."""

    class Meta:
        model = CourseProgress

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    progress_percentage = 40
    completed_at = factory.LazyAttribute(lambda o: timezone.now() if o.progress_percentage == 100 else None)
