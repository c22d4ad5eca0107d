"""Reads of the question bank."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from accounts.models import User
from courses.selectors import accessible_course_ids
from questions.models import Exam, ItemExam, Question, QuestionVersion, Status


def exam_filter(exam: str) -> list[str]:
    """The item `exam` values that serve an `RN` or `PN` test: its own and `both`."""
    return [exam, ItemExam.BOTH] if exam in Exam.values else [ItemExam.BOTH]


def practisable_questions(*, user: User, exam: str) -> QuerySet[Question]:
    """Published items for `exam` that `user` may practise: the school's access rule
    (`courses.selectors.accessible_course_ids`) applied to the item's courses — an item linked to no
    course is open to every signed-in user, otherwise to those with access to one of its courses."""
    access = Q()
    if not user.is_admin:
        linked = Question.courses.through.objects.filter(question_id=OuterRef("pk"))
        access = ~Exists(linked) | Exists(linked.filter(course_id__in=accessible_course_ids(user=user)))
    return Question.objects.filter(access, status=Status.PUBLISHED, exam__in=exam_filter(exam))


def current_versions(question_ids) -> dict:
    """The current `QuestionVersion` of each item, by question id, in one query."""
    rows = QuestionVersion.objects.filter(question_id__in=list(question_ids), number=F("question__version"))
    return {version.question_id: version for version in rows}
