"""Reads for tutors (CONTRACT §10): the directory and a tutor's workspace.

The workspace's figures are the other apps' own reads, batched for a page of students:
performance is `practice.selectors.client_need_performance_for`, readiness
`exams.selectors.readiness_for_students`, the latest result `exams.selectors.latest_finished_exams`.
A page costs the same number of queries whatever its size.
"""

from uuid import UUID

from django.db.models import F, Max, OuterRef, QuerySet, Subquery

from accounts.models import Role, User
from core.exceptions import ApplicationError
from courses.models import CourseProgress
from exams.selectors import latest_finished_exams, readiness, readiness_for_students
from messaging.models import Message
from practice.selectors import client_need_performance_for, performance_for
from questions.models import Answer, Exam
from tutors.models import Cohort

#: The exam a student's readiness is estimated for when they have sat no adaptive exam yet.
DEFAULT_READINESS_EXAM = Exam.RN
STUDENT_NOT_FOUND = "Student not found."
STUDENT_COLUMNS = ("id", "full_name", "email", "is_active", "last_login", "created_at")


def tutor_directory() -> QuerySet[dict]:
    """Active tutors by name, with their public profile: how a student finds someone to message."""
    return (
        User.objects.filter(role=Role.TUTOR, is_active=True)
        .order_by("full_name", "pk")
        .values("id", "full_name", "bio", "photo_url", "subjects")
    )


def cohort_list(*, tutor: User | None = None) -> QuerySet[Cohort]:
    """Cohorts by name with their tutor and member ids (two queries); a tutor's own with `tutor`."""
    cohorts = Cohort.objects.select_related("tutor").prefetch_related("members").order_by("name")
    return cohorts.filter(tutor=tutor) if tutor is not None else cohorts


def _latest(model, field: str, owner: str) -> Subquery:
    rows = model.objects.filter(**{owner: OuterRef("pk")}).order_by().values(owner).annotate(at=Max(field))
    return Subquery(rows.values("at"))


def tutor_students(*, tutor: User, cohort_id: UUID | None = None) -> QuerySet[dict]:
    """The tutor's students (those whose `tutor` they are), by name, as dicts with their cohort and
    the times of their latest answer, progress update and sent message (for `last_activity`)."""
    students = User.objects.filter(tutor=tutor, role=Role.USER)
    if cohort_id is not None:
        students = students.filter(cohort_member__cohort_id=cohort_id)
    return (
        students.annotate(
            last_answer_at=_latest(Answer, "answered_at", "user"),
            last_progress_at=_latest(CourseProgress, "updated_at", "user"),
            last_message_at=_latest(Message, "created_at", "sender"),
            cohort_id=F("cohort_member__cohort_id"),
            cohort_name=F("cohort_member__cohort__name"),
        )
        .order_by("full_name", "pk")
        .values(*STUDENT_COLUMNS, "last_answer_at", "last_progress_at", "last_message_at", "cohort_id", "cohort_name")
    )


def tutor_student_get(*, tutor: User, student_id: UUID) -> dict:
    """One of the tutor's students; anyone else's student (or no student) is a 404."""
    row = tutor_students(tutor=tutor).filter(pk=student_id).first()
    if row is None:
        raise ApplicationError(STUDENT_NOT_FOUND, status=404)
    return row


def _progress_for(user_ids: list) -> dict:
    # The published courses only, as the student's own progress list shows them.
    rows = (
        CourseProgress.objects.filter(user_id__in=user_ids, course__is_published=True)
        .order_by("-updated_at")
        .values("user_id", "course_id", "progress_percentage", "completed_at", "updated_at", title=F("course__title"))
    )
    progress: dict = {user_id: [] for user_id in user_ids}
    for row in rows:
        progress[row.pop("user_id")].append(row)
    return progress


def _last_activity(row: dict):
    times = [row[key] for key in ("last_login", "last_answer_at", "last_progress_at", "last_message_at") if row[key]]
    return max(times) if times else None


def workspace_rows(*, students: list[dict]) -> list[dict]:
    """A page of `tutor_students` rows with each student's course progress, performance by client
    need, latest finished adaptive exam and readiness (for that exam's test, RN before any):
    five queries for the page, whatever its size."""
    user_ids = [row["id"] for row in students]
    progress = _progress_for(user_ids)
    performance = client_need_performance_for(user_ids=user_ids)
    exams = latest_finished_exams(user_ids=user_ids)
    ready = readiness_for_students(
        user_exams={pk: exams[pk].exam if pk in exams else DEFAULT_READINESS_EXAM for pk in user_ids}
    )
    return [
        {
            **row,
            "last_activity": _last_activity(row),
            "courses": progress[row["id"]],
            "performance": performance[row["id"]],
            "latest_exam": exams.get(row["id"]),
            "readiness": ready[row["id"]],
        }
        for row in students
    ]


def workspace_student(*, student: dict) -> dict:
    """One student in full: the list's row, with the whole performance page (`performance_for`:
    by client need, item type and clinical-judgment step, weekly, with peers) and readiness for
    both tests."""
    row = workspace_rows(students=[student])[0]
    user = User(pk=student["id"])
    row["performance"] = performance_for(user=user)
    row["readiness_by_exam"] = [readiness(user=user, exam=exam) for exam in Exam.values]
    return row
