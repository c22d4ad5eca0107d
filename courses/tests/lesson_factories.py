"""Factories for sections, lessons, lesson progress and certificates."""

from types import SimpleNamespace

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Certificate, Lesson, LessonProgress, Section
from courses.progress import certificate_number
from courses.tests.factories import CourseFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.LazyAttribute(lambda o: Section.objects.filter(course=o.course).count() + 1)


class LessonFactory(factory.django.DjangoModelFactory):
    """A linked video lesson, last in its section."""

    class Meta:
        model = Lesson

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    position = factory.LazyAttribute(lambda o: Lesson.objects.filter(section=o.section).count() + 1)
    kind = Lesson.Kind.VIDEO
    video_url = factory.Sequence(lambda n: f"https://videos.example.com/lesson-{n}.mp4")
    duration_seconds = 600


class ReadingLessonFactory(LessonFactory):
    kind = Lesson.Kind.READING
    video_url = ""
    body = "Read the chapter on fluid balance."


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)
    position_seconds = 30


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    number = factory.LazyFunction(certificate_number)
    full_name = factory.LazyAttribute(lambda o: o.user.full_name)
    course_title = factory.LazyAttribute(lambda o: o.course.title)
    issued_at = factory.LazyFunction(timezone.now)


def course_with_lessons(count: int, *, sections: int = 1, **course_fields):
    """A course with `count` linked video lessons spread over `sections` sections; returns (course, lessons)."""
    course = CourseFactory(**course_fields)
    parts = [SectionFactory(course=course) for _ in range(sections)]
    lessons = [LessonFactory(section=parts[i % sections]) for i in range(count)]
    return course, sorted(lessons, key=lambda lesson: (lesson.section.position, lesson.position))


def outline_for(school):
    """A section, a lesson and the student's certificate in the security suites' free course
    (`tests/security/conftest.py`'s `School`), made once per school."""
    if "outline" not in vars(school):
        section = SectionFactory(course=school.free_course)
        school.outline = SimpleNamespace(
            section=section,
            lesson=LessonFactory(section=section),
            certificate=CertificateFactory(user=school.student, course=school.free_course),
        )
    return school.outline
