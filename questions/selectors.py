"""Reads of the question bank."""

from typing import NamedTuple
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from courses.models import Course
from courses.selectors import accessible_course_ids
from questions.bank_version import bank_version
from questions.models import CaseStudy, Exam, ItemExam, Question, QuestionVersion, Status


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


def served_items(*, item_ids: list, case_study_ids: list, questions: QuerySet[Question]) -> dict:
    """The current version of the items `item_ids` and of every item of the case studies
    `case_study_ids` that is among `questions`, by item id, as `ServedItem` rows, in one query.
    `item_ids` are taken as they are (the caller drew them from `questions` a moment ago); what a
    student sees is the version's: the item's own copies of its content and key are not read, nor
    the version's key and rationale."""
    match = Q(question_id__in=item_ids)
    if case_study_ids:
        match |= Q(question__in=questions.filter(case_study_id__in=case_study_ids).values("pk"))
    rows = (
        QuestionVersion.objects.filter(match, number=F("question__version"))
        .order_by()
        .values_list(
            "question_id",
            "id",
            "question__type",
            "stem",
            "content",
            "max_score",
            "question__client_need",
            "question__cjmm_step",
            "question__case_position",
            "question__case_study_id",
            "question__case_study__title",
            "question__case_study__scenario",
            "question__case_study__exhibits",
        )
    )
    cases: dict = {}
    served = {}
    for *item, case_id, title, scenario, exhibits in rows:
        case = None
        if case_id is not None:
            case = cases.setdefault(case_id, ServedCase(case_id, title, scenario, exhibits))
        served[item[0]] = ServedItem(*item, case)
    return served


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
