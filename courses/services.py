from django.db import transaction

from accounts.models import User
from courses.models import Course, Enrollment


def enrollment_create(*, user: User, course: Course, source: str, payment=None) -> tuple[Enrollment, bool]:
    """Enroll `user` in `course`. One enrollment per (user, course): enrolling again returns the
    existing row with `created=False`; two concurrent calls create one row (unique constraint)."""
    with transaction.atomic():
        return Enrollment.objects.get_or_create(
            user=user, course=course, defaults={"source": source, "payment": payment}
        )
