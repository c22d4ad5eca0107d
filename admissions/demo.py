"""Demo access codes for `manage.py seed_demo`: one batch for a paid course, made once."""

from accounts.demo import DemoPeople
from admissions.models import AccessCodeBatch
from admissions.services import access_code_batch_create
from courses.models import Course

DEMO_COURSE = "Pharmacology Mastery"


def seed(people: DemoPeople) -> None:
    course = Course.objects.filter(title=DEMO_COURSE).first()
    if course is None or AccessCodeBatch.objects.filter(course=course).exists():
        return
    access_code_batch_create(created_by=people.admin, count=5, max_uses=3, course_id=course.pk)


def describe(people: DemoPeople) -> list[str]:
    batch = AccessCodeBatch.objects.filter(course__title=DEMO_COURSE).order_by("created_at").first()
    if batch is None:
        return []
    codes = ", ".join(code.grouped for code in batch.codes.all()[:3])
    return [f"Access codes for {DEMO_COURSE} (POST /api/access-codes/redeem/ as a student): {codes}."]
