"""Demo courses with their sections and lessons, enrollments, progress and certificates for
`manage.py seed_demo`. Idempotent: rows are found by title or (user, course) and left as they are
when they exist.

Every demo video, a course's or a lesson's, is a stored copy of one 10-second sample clip
(`demo_media/sample-lesson.mp4`, 13 KB, "Sample lesson video - demo content"), so the demo's
players play: stored and handed out through signed links as any upload is (`courses.videos`). One
copy per row, so that replacing or deleting one demo video removes its own file only."""

from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.demo import DemoPeople
from courses.models import Certificate, Course, CourseProgress, Enrollment, Lesson, Section
from courses.progress import course_progress_refresh, course_progress_set
from courses.videos import video_store

SAMPLE_VIDEO = Path(__file__).resolve().parent / "demo_media" / "sample-lesson.mp4"

COURSES = [
    {
        "title": "NCLEX-RN Fundamentals",
        "description": "Core nursing concepts: the nursing process, safety, infection control and prioritisation.",
        "price": Decimal("0.00"),
    },
    {
        "title": "Test-Taking Strategies for NCLEX",
        "description": "How NGN case studies, SATA and prioritisation questions are built, and how to answer them.",
        "price": Decimal("0.00"),
    },
    {
        "title": "Pharmacology Mastery",
        "description": "Drug classes, dosage calculations, high-alert medications and the side effects tested.",
        "price": Decimal("60.00"),
    },
    {
        "title": "Medical-Surgical Nursing Intensive",
        "description": "Cardiac, respiratory, renal and endocrine care, with case-based practice questions.",
        "price": Decimal("85.00"),
    },
    {
        "title": "Maternal and Newborn Care (draft)",
        "description": "Antepartum, intrapartum and postpartum care. Not yet published.",
        "price": Decimal("45.00"),
        "is_published": False,
    },
]

PRIORITISATION = (
    "Airway, breathing, circulation come first; then Maslow: physiological needs before safety, safety "
    "before love and belonging. Acute before chronic, actual before potential problems."
)
FALL_SAFETY = (
    "Assess fall risk on admission and every shift; keep the bed low and locked, call light in reach. "
    "Restraints need an order, are a last resort and are checked every two hours."
)
PACING = (
    "The exam ends when the computer is 95 % sure you are above or below the passing standard, at the "
    "minimum or maximum number of items, or when time runs out. Do not rush the first items."
)
INSULIN = (
    "Rapid-acting (lispro): onset 15 minutes, peak 1 hour. Short-acting (regular): peak 2 to 4 hours. "
    "Intermediate (NPH): peak 4 to 12 hours. Long-acting (glargine): no peak."
)
ECG = "A normal PR interval is 0.12 to 0.20 seconds; a QRS under 0.12 seconds. Count the R waves in 6 seconds x 10."


def _sample_video() -> str:
    """The stored name of a new copy of the sample clip, stored as an upload is."""
    return video_store(SimpleUploadedFile(SAMPLE_VIDEO.name, SAMPLE_VIDEO.read_bytes(), content_type="video/mp4"))


def _seed_outline(course: Course) -> None:
    """The course's sections and lessons, found by title; a course that gains lessons has its students'
    progress recomputed from them (the one rule)."""
    added = False
    for section_position, (section_title, lessons) in enumerate(OUTLINES.get(course.title, []), start=1):
        section, _ = Section.objects.get_or_create(
            course=course, title=section_title, defaults={"position": section_position}
        )
        for position, (title, kind, body, minutes, preview) in enumerate(lessons, start=1):
            # A callable in `defaults` runs only when the row is created: no file for a lesson that exists.
            content_field, content = ("video_file", _sample_video) if kind == "video" else ("body", body)
            _, created = Lesson.objects.get_or_create(
                section=section,
                title=title,
                defaults={
                    "position": position,
                    "kind": kind,
                    content_field: content,
                    "duration_seconds": minutes * 60,
                    "is_preview": preview,
                },
            )
            added = added or created
    if added:
        course_progress_refresh(course_id=course.pk)


def seed(people: DemoPeople) -> None:
    courses = {}
    for spec in COURSES:
        fields = dict(spec)
        fields["video_file"] = _sample_video  # called only if the course is created
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

    for course in (fundamentals, strategies, pharmacology, courses["Medical-Surgical Nursing Intensive"]):
        _seed_outline(course)

    # Through the one progress rule (courses.progress): lessons are completed in outline order, and
    # Sam's and Kofi's 100 % issue their Fundamentals certificates.
    for user, course, percentage in [
        (sam, fundamentals, 100),
        (sam, strategies, 45),
        (jane, fundamentals, 70),
        (kofi, fundamentals, 100),
        (kofi, pharmacology, 20),
    ]:
        if not CourseProgress.objects.filter(user=user, course=course).exists():
            course_progress_set(user=user, course_id=course.pk, percentage=percentage)


# Each course's outline: sections of (title, kind, body, minutes, free preview) lessons; a video
# lesson has no body (None): it plays its copy of the sample clip.
OUTLINES = {
    "NCLEX-RN Fundamentals": [
        (
            "The nursing process",
            [
                ("Welcome and how the NCLEX is built", "video", None, 6, True),
                ("ADPIE in practice", "video", None, 18, False),
                ("Reading: prioritisation frameworks (ABC, Maslow)", "reading", PRIORITISATION, 10, False),
            ],
        ),
        (
            "Safety and infection control",
            [
                ("Standard and transmission-based precautions", "video", None, 22, False),
                ("Reading: fall and restraint safety", "reading", FALL_SAFETY, 8, False),
            ],
        ),
    ],
    "Test-Taking Strategies for NCLEX": [
        (
            "Question types",
            [
                ("SATA without guessing", "video", None, 14, True),
                ("NGN case studies, step by step", "video", None, 25, False),
            ],
        ),
        (
            "On the day",
            [("Reading: pacing and the stopping rules", "reading", PACING, 7, False)],
        ),
    ],
    "Pharmacology Mastery": [
        (
            "Foundations",
            [
                ("Drug classes by suffix", "video", None, 20, True),
                ("Dosage calculations", "video", None, 30, False),
            ],
        ),
        (
            "High-alert medications",
            [
                (
                    "Anticoagulants: heparin and warfarin",
                    "video",
                    None,
                    24,
                    False,
                ),
                ("Reading: insulin types and peaks", "reading", INSULIN, 12, False),
            ],
        ),
    ],
    "Medical-Surgical Nursing Intensive": [
        (
            "Cardiac",
            [
                ("Heart failure: left versus right", "video", None, 28, True),
                ("Reading: reading an ECG strip", "reading", ECG, 15, False),
            ],
        ),
    ],
}


def describe(people: DemoPeople) -> list[str]:
    sam = people.students[0]
    return [
        f"Certificate of {certificate.full_name} ({certificate.course_title}): /api/certificates/{certificate.number}/"
        for certificate in Certificate.objects.filter(user=sam)
    ]
