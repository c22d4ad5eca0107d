"""Writing the question bank: create, edit (with versions), publish, retire, delete, import.

The rules, each enforced in one place below:
- Only an admin publishes or retires an item, or marks it calibrated: a tutor's items stay drafts,
  and a tutor changes or deletes drafts only (`_rights_check`).
- Every item has a `QuestionVersion` for its current `version` from the moment it exists (the
  practice and exam apps serve and score that snapshot). Editing the stem, content, key or rationale
  of an item answered on its current version makes a new version; otherwise the snapshot is
  corrected in place, since nobody has seen it yet (`question_update`).
- An answered item is retired, never deleted: its answers and their versions stay (`question_delete`;
  the `Answer.question` PROTECT foreign key is the guard).
- A case study has exactly six items, one per clinical-judgment step in order; its items share its
  status (published and retired with it) and leave the bank only with it.
- An import is all or nothing, in one transaction, with a constant number of queries per 1,000 items.
"""

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import User
from core.exceptions import INVALID_INPUT, ApplicationError
from courses.models import Course
from questions import itemtypes
from questions.bank_version import bank_changed
from questions.models import Answer, CaseStudy, Question, QuestionVersion, Status

ANSWERED_NOT_DELETABLE = "Answered questions can be retired, not deleted."
ADMIN_ONLY_STATUS = "Only an admin can publish or retire questions."
ADMIN_ONLY_CALIBRATED = "Only an admin can mark questions calibrated."
ADMIN_ONLY_EDIT = "Only an admin can change a published or retired question."
CASE_ITEM_STATUS = "A case study's questions are published and retired with their case study."
CASE_ITEM_DELETE = "A case study's questions are deleted with their case study."
ADMIN_ONLY_EDIT_CASE = "Only an admin can change a published or retired case study."
CASE_ANSWERED_FIXED = (
    "The scenario and exhibits of a case study with answers cannot change: retire it and write a new one."
)
TYPE_FIXED = "The type of an answered question cannot change."
UNKNOWN_COURSE = "No course has the id {id}."

SNAPSHOT_FIELDS = ("stem", "content", "answer", "rationale")
BATCH = 1_000


def _rights_check(*, author: User, status: str | None = None, calibrated: bool | None = None) -> None:
    """What only an admin may do (403 for a tutor): publish, retire, mark calibrated."""
    if author.is_admin:
        return
    if status in (Status.PUBLISHED, Status.RETIRED):
        raise ApplicationError(ADMIN_ONLY_STATUS, status=403)
    if calibrated:
        raise ApplicationError(ADMIN_ONLY_CALIBRATED, status=403)


def _missing_courses(course_ids: Iterable) -> set:
    wanted = set(course_ids)
    if not wanted:
        return set()
    return wanted - set(Course.objects.filter(pk__in=wanted).values_list("pk", flat=True))


def _courses_check(paths: dict[str, list]) -> None:
    """Every course id named exists (one query for all of them): else a 400 under the item's path."""
    missing = _missing_courses(cid for ids in paths.values() for cid in ids)
    errors = {
        f"{path}course_ids": [UNKNOWN_COURSE.format(id=cid) for cid in ids if cid in missing]
        for path, ids in paths.items()
        if missing.intersection(ids)
    }
    if errors:
        raise ApplicationError(INVALID_INPUT, errors=errors)


def _snapshot(question: Question) -> dict:
    return {field: getattr(question, field) for field in SNAPSHOT_FIELDS} | {"max_score": question.max_score}


def question_create(*, author: User, data: dict) -> Question:
    """A new item with its version 1. `data` is `QuestionWriteSerializer`'s validated data."""
    fields = dict(data)
    course_ids = fields.pop("course_ids", [])
    _rights_check(author=author, status=fields.get("status"), calibrated=fields.get("calibrated"))
    _courses_check({"": course_ids})
    question = Question(**fields, created_by=author)
    question.max_score = itemtypes.max_score(question.type, question.content, question.answer)
    with transaction.atomic():
        question.save()
        QuestionVersion.objects.create(question=question, number=question.version, **_snapshot(question))
        question.courses.set(course_ids)
    return question


def question_update(*, author: User, question_id: uuid.UUID, data: dict) -> Question:
    """Changes the fields given. A new `QuestionVersion` when the stem, content, key or rationale
    changes and the current version has answers; the current one corrected in place otherwise.

    The item and its current version are locked: an answer being recorded on that version (its
    insert holds a key-share lock on the version row) commits first and is seen, so a version
    students answered is never rewritten under them."""
    fields = dict(data)
    course_ids = fields.pop("course_ids", None)
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=question_id).first()
        if question is None:  # deleted since the view found it
            raise ApplicationError("Not found.", status=404)
        if not author.is_admin and question.status != Status.DRAFT:
            raise ApplicationError(ADMIN_ONLY_EDIT, status=403)
        _rights_check(author=author, status=fields.get("status"), calibrated=fields.get("calibrated"))
        if question.case_study_id and fields.get("status", question.status) != question.status:
            raise ApplicationError(CASE_ITEM_STATUS, status=409)
        if course_ids is not None:
            _courses_check({"": course_ids})
        _question_apply(question=question, fields=fields, course_ids=course_ids)
    return question


def _question_apply(*, question: Question, fields: dict, course_ids: list | None, path: str = "") -> None:
    """Writes `fields` to a locked item under the version rule (see `question_update`)."""
    current = QuestionVersion.objects.select_for_update().filter(question=question, number=question.version).first()
    if current is None:  # written outside the authoring services: give it the snapshot it should have
        current = QuestionVersion.objects.create(question=question, number=question.version, **_snapshot(question))
    answered = Answer.objects.filter(version=current).exists()
    if answered and fields.get("type", question.type) != question.type:
        raise ApplicationError(INVALID_INPUT, errors={f"{path}type": [TYPE_FIXED]})
    before = _snapshot(question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.max_score = itemtypes.max_score(question.type, question.content, question.answer)
    after = _snapshot(question)
    if after != before:
        if answered:
            question.version += 1
            QuestionVersion.objects.create(question=question, number=question.version, **after)
        else:
            QuestionVersion.objects.filter(pk=current.pk).update(**after)
    question.save()
    if course_ids is not None:
        question.courses.set(course_ids)


def question_delete(*, author: User, question: Question) -> None:
    """Deletes an item nobody has answered (409 otherwise: retire it instead)."""
    if not author.is_admin and question.status != Status.DRAFT:
        raise ApplicationError(ADMIN_ONLY_EDIT, status=403)
    if question.case_study_id:
        raise ApplicationError(CASE_ITEM_DELETE, status=409)
    try:
        with transaction.atomic():
            question.delete()
    except ProtectedError:
        # Answers, an adaptive exam that served it, or an item a student touched in a practice test
        # (answered, saved or flagged) point at the item or one of its versions; a test where it
        # is untouched leaves it out.
        raise ApplicationError(ANSWERED_NOT_DELETABLE, status=409) from None


def case_study_create(*, author: User, data: dict) -> CaseStudy:
    """A new case study with its six items (each with its version 1), in clinical judgment order.
    `data` is `CaseStudyWriteSerializer`'s validated data; its items take its `exam` and `status`."""
    fields = dict(data)
    items = fields.pop("items")
    _rights_check(author=author, status=fields.get("status"), calibrated=any(i.get("calibrated") for i in items))
    _courses_check({f"items[{n}].": item["course_ids"] for n, item in enumerate(items) if item["course_ids"]})
    case = CaseStudy(id=uuid.uuid4(), created_by=author, **fields)
    questions = [
        _new_question(
            {**item, "exam": case.exam, "status": case.status}, author=author, case_study=case, case_position=n
        )
        for n, item in enumerate(items, start=1)
    ]
    through = Question.courses.through
    with transaction.atomic():
        case.save()
        Question.objects.bulk_create(questions)
        QuestionVersion.objects.bulk_create(
            [QuestionVersion(question=q, number=q.version, **_snapshot(q)) for q in questions]
        )
        links = zip(questions, items, strict=True)
        through.objects.bulk_create(
            [through(question_id=q.pk, course_id=cid) for q, item in links for cid in dict.fromkeys(item["course_ids"])]
        )
        bank_changed()  # bulk_create sends no post_save
    return case


def case_study_update(*, author: User, case_id: uuid.UUID, data: dict) -> CaseStudy:
    """Changes the fields given; `items`, when given, are the six items' changes by position, each
    written under the item version rule (`question_update`), so a review shows what was answered.
    The items take the case study's `exam` and `status` (published and retired together, by an
    admin). Students see the scenario and exhibits beside their answers, and those have no
    versions: once any item is answered they are fixed (409) — retire the case and write a new one.
    The case study and its items are locked, as `question_update` locks an item."""
    fields = dict(data)
    items = fields.pop("items", None)
    with transaction.atomic():
        case = CaseStudy.objects.select_for_update().filter(pk=case_id).first()
        if case is None:  # deleted since the view found it
            raise ApplicationError("Not found.", status=404)
        if not author.is_admin and case.status != Status.DRAFT:
            raise ApplicationError(ADMIN_ONLY_EDIT_CASE, status=403)
        _rights_check(
            author=author, status=fields.get("status"), calibrated=any(i.get("calibrated") for i in items or [])
        )
        if items:
            _courses_check({f"items[{n}].": i["course_ids"] for n, i in enumerate(items) if i.get("course_ids")})
        questions = list(Question.objects.select_for_update().filter(case_study=case).order_by("case_position"))
        shown = {"scenario": case.scenario, "exhibits": case.exhibits}
        changes_shown = any(fields.get(name, value) != value for name, value in shown.items())
        if changes_shown and Answer.objects.filter(question__case_study=case).exists():
            raise ApplicationError(CASE_ANSWERED_FIXED, status=409)
        for name, value in fields.items():
            setattr(case, name, value)
        case.save()
        for question in questions:
            change = dict(items[question.case_position - 1]) if items else {}
            course_ids = change.pop("course_ids", None)
            change.update(exam=case.exam, status=case.status)
            _question_apply(
                question=question, fields=change, course_ids=course_ids, path=f"items[{question.case_position - 1}]."
            )
    return case


def case_study_delete(*, author: User, case: CaseStudy) -> None:
    """Deletes a case study and its six items when nobody has answered them (409 otherwise: retire it)."""
    if not author.is_admin and case.status != Status.DRAFT:
        raise ApplicationError(ADMIN_ONLY_EDIT_CASE, status=403)
    try:
        with transaction.atomic():
            Question.objects.filter(case_study=case).delete()
            case.delete()
    except ProtectedError:
        # Answers, an adaptive exam that served it, or a touched practice-test item point at an item,
        # a version or the case.
        raise ApplicationError(ANSWERED_NOT_DELETABLE, status=409) from None


def bank_import(
    *, author: User, items: list[dict], case_studies: list[dict], is_sample: bool = False
) -> list[Question]:
    """Creates every item and case study of an import, or nothing (one transaction). `items` and
    `case_studies` are `ImportSerializer`'s validated data: a case study's six items are in its
    `items`, in clinical-judgment order. A constant number of queries per 1,000 items: rows are
    written with bulk_create, course ids checked in one query. `is_sample`: the demo school's content."""
    _rights_check(
        author=author,
        status=_first_restricted(item.get("status") for item in [*items, *case_studies]),
        calibrated=any(item.get("calibrated") for item in [*items, *(i for c in case_studies for i in c["items"])]),
    )
    _courses_check(
        {f"items[{n}].": item["course_ids"] for n, item in enumerate(items) if item["course_ids"]}
        | {
            f"case_studies[{c}].items[{n}].": item["course_ids"]
            for c, case in enumerate(case_studies)
            for n, item in enumerate(case["items"])
            if item["course_ids"]
        }
    )
    questions: list[Question] = []
    links: list[tuple[Question, list]] = []
    cases: list[CaseStudy] = []
    for item in items:
        questions.append(_new_question(item, author=author, is_sample=is_sample))
        links.append((questions[-1], item["course_ids"]))
    for spec in case_studies:
        case_fields = {k: v for k, v in spec.items() if k != "items"}
        case = CaseStudy(id=uuid.uuid4(), created_by=author, is_sample=is_sample, **case_fields)
        cases.append(case)
        for position, item in enumerate(spec["items"], start=1):
            # A case study's items are for its exam and share its status.
            item = {**item, "exam": case.exam, "status": case.status}
            question = _new_question(item, author=author, case_study=case, case_position=position, is_sample=is_sample)
            questions.append(question)
            links.append((question, item["course_ids"]))
    through = Question.courses.through
    with transaction.atomic():
        CaseStudy.objects.bulk_create(cases, batch_size=BATCH)
        Question.objects.bulk_create(questions, batch_size=BATCH)
        QuestionVersion.objects.bulk_create(
            [QuestionVersion(question=q, number=q.version, **_snapshot(q)) for q in questions], batch_size=BATCH
        )
        through.objects.bulk_create(
            [through(question_id=q.pk, course_id=cid) for q, ids in links for cid in dict.fromkeys(ids)],
            batch_size=BATCH,
        )
        bank_changed()  # bulk_create sends no post_save
    return questions


def _first_restricted(statuses: Iterable[str | None]) -> str | None:
    return next((s for s in statuses if s in (Status.PUBLISHED, Status.RETIRED)), None)


def _new_question(item: dict, *, author: User, **extra) -> Question:
    fields = {k: v for k, v in item.items() if k != "course_ids"}
    question = Question(id=uuid.uuid4(), created_by=author, **fields, **extra)
    question.max_score = itemtypes.max_score(question.type, question.content, question.answer)
    return question
