"""Who tutors whom (CONTRACT §10): assignment, with its history, and cohorts.

Every change of a student's tutor goes through `tutor_assign` (the admin API, the admin site and
cohorts alike), so the history never misses one.
"""

from uuid import UUID

from django.db import IntegrityError, transaction

from accounts.models import Role, User
from core.exceptions import ApplicationError
from tutors.models import Cohort, CohortMember, TutorAssignment

NOT_A_TUTOR = "Not an active tutor."
NOT_A_STUDENT = "Only students can have a tutor."
COHORT_NAME_TAKEN = "A cohort with this name already exists."


def _tutor_field_error(field: str, message: str = NOT_A_TUTOR) -> ApplicationError:
    return ApplicationError(message, errors={field: [message]})


def tutor_get(*, tutor_id: UUID, field: str = "tutor_id") -> User:
    """The active tutor with this id; anything else (unknown, a student, an admin, inactive) is a 400
    naming `field`."""
    tutor = User.objects.filter(pk=tutor_id, role=Role.TUTOR, is_active=True).first()
    if tutor is None:
        raise _tutor_field_error(field)
    return tutor


def _students_locked(student_ids) -> list[User]:
    # Locked in id order, so that two admins assigning overlapping groups cannot deadlock.
    return list(User.objects.select_for_update().filter(pk__in=student_ids).order_by("pk"))


def _assign(*, actor: User | None, student: User, tutor: User | None, cohort: Cohort | None) -> bool:
    """Sets the (locked) student's tutor and records the change; False when it was already so."""
    if student.tutor_id == (tutor.pk if tutor else None):
        return False
    TutorAssignment.objects.create(
        student=student, tutor=tutor, previous_tutor_id=student.tutor_id, assigned_by=actor, cohort=cohort
    )
    student.tutor = tutor
    student.save(update_fields=["tutor", "updated_at"])
    return True


def tutor_assign(*, actor: User | None, student: User, tutor_id: UUID | None) -> User:
    """Assign `student` to the active tutor `tutor_id`, or unassign with None.

    Rule: only students (role `user`) have a tutor, and only an active tutor can be one (else 400
    naming `tutor_id`). Each change is recorded (`TutorAssignment`: when, by whom, from whom to
    whom); assigning the tutor a student already has changes and records nothing. The student's
    row is locked, so concurrent assignments are recorded one after the other, each with the right
    previous tutor. A cohort member given a tutor other than the cohort's leaves the cohort.
    """
    tutor = tutor_get(tutor_id=tutor_id) if tutor_id is not None else None
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=student.pk)
        if locked.role != Role.USER:
            raise _tutor_field_error("tutor_id", NOT_A_STUDENT)
        if _assign(actor=actor, student=locked, tutor=tutor, cohort=None):
            # A cohort decides its members' tutor: a student given another one leaves it.
            CohortMember.objects.filter(student=locked).exclude(cohort__tutor=tutor).delete()
    student.tutor, student.tutor_id = locked.tutor, locked.tutor_id
    return student


def _students_check(student_ids: list[UUID]) -> None:
    found = set(User.objects.filter(pk__in=student_ids, role=Role.USER).values_list("pk", flat=True))
    unknown = [str(pk) for pk in student_ids if pk not in found]
    if unknown:
        message = f"Not students: {', '.join(unknown)}."
        raise ApplicationError(message, errors={"student_ids": [message]})


def _members_set(*, actor: User, cohort: Cohort, student_ids: list[UUID]) -> None:
    """The cohort's members become exactly `student_ids`; each joining student leaves any other
    cohort and is assigned to this cohort's tutor. A student who leaves keeps their tutor."""
    _students_check(student_ids)
    CohortMember.objects.filter(cohort=cohort).exclude(student_id__in=student_ids).delete()
    CohortMember.objects.filter(student_id__in=student_ids).exclude(cohort=cohort).delete()
    present = set(CohortMember.objects.filter(cohort=cohort).values_list("student_id", flat=True))
    CohortMember.objects.bulk_create(
        [CohortMember(cohort=cohort, student_id=pk) for pk in student_ids if pk not in present]
    )
    for student in _students_locked(student_ids):
        _assign(actor=actor, student=student, tutor=cohort.tutor, cohort=cohort)


def _members_follow_tutor(*, actor: User, cohort: Cohort) -> None:
    member_ids = cohort.members.values_list("student_id", flat=True)
    for student in _students_locked(member_ids):
        _assign(actor=actor, student=student, tutor=cohort.tutor, cohort=cohort)


def cohort_create(*, actor: User, name: str, tutor_id: UUID, student_ids: list[UUID] | None = None) -> Cohort:
    """A named group with a tutor. Rule: names are unique (case-insensitive); the tutor is an active
    tutor; every member is a student, and joining assigns them to the cohort's tutor."""
    tutor = tutor_get(tutor_id=tutor_id)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(name=name.strip(), tutor=tutor)
            _members_set(actor=actor, cohort=cohort, student_ids=list(dict.fromkeys(student_ids or [])))
    except IntegrityError:
        raise ApplicationError(COHORT_NAME_TAKEN, errors={"name": [COHORT_NAME_TAKEN]}) from None
    return cohort


def cohort_update(
    *,
    actor: User,
    cohort: Cohort,
    name: str | None = None,
    tutor_id: UUID | None = None,
    student_ids: list[UUID] | None = None,
) -> Cohort:
    """Rename, change the tutor (every member follows: reassigned and recorded) and/or replace the
    members (see `cohort_create` for the rules)."""
    tutor = tutor_get(tutor_id=tutor_id) if tutor_id is not None else None
    try:
        with transaction.atomic():
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
            if name is not None:
                cohort.name = name.strip()
            if tutor is not None:
                cohort.tutor = tutor
            cohort.save()
            if student_ids is not None:
                _members_set(actor=actor, cohort=cohort, student_ids=list(dict.fromkeys(student_ids)))
            elif tutor is not None:
                _members_follow_tutor(actor=actor, cohort=cohort)
    except IntegrityError:
        raise ApplicationError(COHORT_NAME_TAKEN, errors={"name": [COHORT_NAME_TAKEN]}) from None
    return cohort


def cohort_delete(*, cohort: Cohort) -> None:
    """The group goes; its students keep their tutor (and the history keeps the cohort's part)."""
    cohort.delete()
