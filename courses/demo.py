"""Demo courses, enrollments and progress for `manage.py seed_demo`. Idempotent: rows are found by
title or (user, course) and left as they are when they exist."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DemoPeople
from courses.models import Course, CourseProgress, Enrollment

COURSES = [
    {
        "title": "NCLEX-RN Fundamentals",
        "description": "Core nursing concepts: the nursing process, safety, infection control and prioritisation.",
        "video_url": "https://videos.nclex-school.example.com/fundamentals/intro.mp4",
        "price": Decimal("0.00"),
    },
    {
        "title": "Test-Taking Strategies for NCLEX",
        "description": "How NGN case studies, SATA and prioritisation questions are built, and how to answer them.",
        "video_url": "https://videos.nclex-school.example.com/strategies/overview.mp4",
        "price": Decimal("0.00"),
    },
    {
        "title": "Pharmacology Mastery",
        "description": "Drug classes, dosage calculations, high-alert medications and the side effects tested.",
        "video_url": "https://videos.nclex-school.example.com/pharmacology/module-1.mp4",
        "price": Decimal("60.00"),
    },
    {
        "title": "Medical-Surgical Nursing Intensive",
        "description": "Cardiac, respiratory, renal and endocrine care, with case-based practice questions.",
        "video_url": "https://videos.nclex-school.example.com/med-surg/week-1.mp4",
        "price": Decimal("85.00"),
    },
    {
        "title": "Maternal and Newborn Care (draft)",
        "description": "Antepartum, intrapartum and postpartum care. Not yet published.",
        "video_url": "https://videos.nclex-school.example.com/maternity/draft.mp4",
        "price": Decimal("45.00"),
        "is_published": False,
    },
]


def seed(people: DemoPeople) -> None:
    courses = {}
    for spec in COURSES:
        fields = dict(spec)
        course, _ = Course.objects.get_or_create(title=fields.pop("title"), defaults=fields)
        courses[course.title] = course
    fundamentals = courses["NCLEX-RN Fundamentals"]
    strategies = courses["Test-Taking Strategies for NCLEX"]
    pharmacology = courses["Pharmacology Mastery"]

    sam, jane, kofi = people.students[:3]
    # Paid enrollments come with their payments from `payments.demo`; here only free ones and one
    # granted by the admin, so the demo shows each source.
    for user, course, source in [
        (sam, fundamentals, Enrollment.Source.FREE),
        (sam, strategies, Enrollment.Source.FREE),
        (jane, fundamentals, Enrollment.Source.FREE),
        (kofi, fundamentals, Enrollment.Source.FREE),
        (kofi, pharmacology, Enrollment.Source.ADMIN),
    ]:
        Enrollment.objects.get_or_create(user=user, course=course, defaults={"source": source})

    now = timezone.now()
    for user, course, percentage in [
        (sam, fundamentals, 100),
        (sam, strategies, 45),
        (jane, fundamentals, 70),
        (kofi, fundamentals, 100),
        (kofi, pharmacology, 20),
    ]:
        CourseProgress.objects.get_or_create(
            user=user,
            course=course,
            defaults={
                "progress_percentage": percentage,
                "completed_at": now - timedelta(days=3) if percentage == 100 else None,
            },
        )
