"""Demo data for `manage.py seed_demo`: the demo tutor's profile, a cohort "RN — May intake" with
the demo students, so each has the tutor assigned (recorded). Idempotent: an existing cohort is
left as it is."""

from accounts.demo import DemoPeople
from tutors.models import Cohort
from tutors.services import cohort_create

COHORT_NAME = "RN — May intake"
BIO = (
    "Critical-care nurse educator with twelve years at the bedside. I help NCLEX-RN candidates turn "
    "pharmacology and prioritisation into instinct: message me with any question you get wrong."
)


def seed(people: DemoPeople) -> None:
    tutor = people.tutor
    if not tutor.bio:
        tutor.bio = BIO
        tutor.subjects = ["NCLEX-RN", "Pharmacology", "Prioritization"]
        tutor.save(update_fields=["bio", "subjects", "updated_at"])
    if not Cohort.objects.filter(name__iexact=COHORT_NAME).exists():
        cohort_create(
            actor=people.admin,
            name=COHORT_NAME,
            tutor_id=tutor.pk,
            student_ids=[student.pk for student in people.students],
        )


def describe(people: DemoPeople) -> list[str]:
    return [f"The tutor's students ({COHORT_NAME}): GET /api/tutor/students/ as {people.tutor.email}."]
