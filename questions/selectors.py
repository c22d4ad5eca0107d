"""Reads of the question bank."""

from typing import NamedTuple
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from courses.models import Course
from courses.selectors import accessible_course_ids
from questions.bank_version import bank_version
from questions.models import CaseStudy, Exam, ItemExam, Question, Status


def exam_filter(exam: str) -> list[str]:
    """The item `exam` values that serve an `RN` or `PN` test: its own and `both`."""
    return [exam, ItemExam.BOTH] if exam in Exam.values else [ItemExam.BOTH]


def practisable_questions(*, user: User, exam: str) -> QuerySet[Question]:
    """Published items for `exam` that `user` may practise: the school's access rule
    (`courses.selectors.accessible_course_ids`) applied to the item's courses — an item linked to no
    course is open to every signed-in user, otherwise to those with access to one of its courses.
    While no item is linked to a course (`linked_course_ids`), that is every item: no condition,
    and the student's access is not read."""
    access = Q()
    linked = linked_course_ids()
    if linked and not user.is_admin:
        links = Question.courses.through.objects.filter(question_id=OuterRef("pk"))
        mine = linked & accessible_course_ids(user=user)
        access = ~Exists(links) | Exists(links.filter(course_id__in=mine)) if mine else ~Exists(links)
    return Question.objects.filter(access, status=Status.PUBLISHED, exam__in=exam_filter(exam))


#: (bank version, linked course ids) of the newest version this process read.
_LINKED: list[tuple[str, frozenset[str]]] = []


def linked_course_ids() -> frozenset[str]:
    """Every course some item is linked to, as id strings: one query per bank version
    (`questions.bank_version`, which changes when an item's courses do), kept in this process.
    A course deleted since only makes the set larger than it is, which costs a condition, never
    access."""
    version = bank_version()
    if _LINKED and _LINKED[0][0] == version:
        return _LINKED[0][1]
    through = Question.courses.through.objects.order_by().values_list("course_id", flat=True).distinct()
    linked = frozenset(str(course_id) for course_id in through)
    _LINKED[:] = [(version, linked)]
    return linked


class ServedCase(NamedTuple):
    """What a student sees of a case study (`questions.student_view.student_case_study` reads it)."""

    pk: UUID
    title: str
    scenario: str
    exhibits: list


class ServedItem(NamedTuple):
    """One item as a new test serves it: its current version's student view, with the ids a test
    row needs. `questions.student_view.student_item` reads it as both the item and the version."""

    pk: UUID
    version_id: UUID
    type: str
    stem: str
    content: dict
    max_score: int
    client_need: str
    cjmm_step: str
    case_position: int | None
    case_study: ServedCase | None

    @property
    def case_study_id(self) -> UUID | None:
        return self.case_study.pk if self.case_study else None


#: What a student sees of an item (`ServedItem`'s fields, in order), read from the item's row joined
#: to its current version: the version's content, never the item's own copy, nor any key or rationale.
_SERVED_COLUMNS = (
    "pk",
    "versions__id",
    "type",
    "versions__stem",
    "versions__content",
    "versions__max_score",
    "client_need",
    "cjmm_step",
    "case_position",
    "case_study_id",
    "case_study__title",
    "case_study__scenario",
    "case_study__exhibits",
)


def student_view_rows(questions: QuerySet[Question], *extra: str) -> QuerySet:
    """`questions` as rows of what a student sees of them (`served`), with the `extra` columns after
    them; an item without its current version's row is left out (never served)."""
    return questions.filter(versions__number=F("version")).values_list(*_SERVED_COLUMNS, *extra)


def served(rows) -> list[ServedItem]:
    """`ServedItem`s from `student_view_rows` rows (extra columns dropped); the items of one case
    study share one `ServedCase`."""
    cases: dict = {}
    items = []
    width = len(_SERVED_COLUMNS)
    for row in rows:
        *item, case_id, title, scenario, exhibits = row[:width]
        case = None
        if case_id is not None:
            case = cases.setdefault(case_id, ServedCase(case_id, title, scenario, exhibits))
        items.append(ServedItem(*item, case))
    return items


def served_case_studies(*, case_study_ids: list, questions: QuerySet[Question]) -> dict[UUID, list[ServedItem]]:
    """The items of these case studies that are among `questions`, in step order, by case study
    (one query)."""
    rows = student_view_rows(questions.filter(case_study_id__in=case_study_ids).order_by("case_position"))
    by_case: dict = {}
    for item in served(rows):
        by_case.setdefault(item.case_study_id, []).append(item)
    return by_case


def question_list(
    *,
    exam: str | None = None,
    type: str | None = None,
    client_need: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> QuerySet[Question]:
    """The bank as authors browse it, newest first, with each item's course ids prefetched (two
    queries for any number of items). `exam=RN` lists RN items only, not `both`: authors filter on
    what the item says. `search` matches words in the stem, case-insensitively."""
    questions = Question.objects.all()
    filters = {"exam": exam, "type": type, "client_need": client_need, "status": status}
    questions = questions.filter(**{field: value for field, value in filters.items() if value})
    for word in (search or "").split()[:10]:
        questions = questions.filter(stem__icontains=word)
    return questions.prefetch_related(_course_ids()).order_by("-created_at", "-id")


def case_study_list(*, exam: str | None = None, status: str | None = None, search: str | None = None):
    """Case studies as authors browse them, newest first, each with its six items and their course
    ids prefetched (three queries for any number). `search` matches words in the title or scenario."""
    cases = CaseStudy.objects.all()
    filters = {"exam": exam, "status": status}
    cases = cases.filter(**{field: value for field, value in filters.items() if value})
    for word in (search or "").split()[:10]:
        cases = cases.filter(Q(title__icontains=word) | Q(scenario__icontains=word))
    items = Question.objects.prefetch_related(_course_ids()).order_by("case_position")
    return cases.prefetch_related(Prefetch("questions", queryset=items)).order_by("-created_at", "-id")


def bank_export(**filters) -> dict:
    """The bank in the import format: stand-alone items oldest first, and case studies with their
    six items (`filters` as `question_list`'s, applied to the stand-alone items)."""
    items = question_list(**filters).filter(case_study__isnull=True).order_by("created_at", "id")
    cases = CaseStudy.objects.order_by("created_at", "id").prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related(_course_ids()))
    )
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("exam"):
        cases = cases.filter(exam=filters["exam"])
    return {"items": list(items), "case_studies": list(cases)}


def _course_ids() -> Prefetch:
    return Prefetch("courses", queryset=Course.objects.only("id"))
