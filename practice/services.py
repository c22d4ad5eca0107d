"""Writes for practice tests (CONTRACT §7): building a test, answering, flagging, finishing.

Every write to one test runs with that test's row locked (`select_for_update`), so two requests on
one test (two tabs, a double click, the expiry task) take turns: an answer is recorded once, and a
test is scored once. The database's one-to-one `PracticeItem.answer` is the last guard.

A timed test ends by itself at its deadline: any request that touches it settles it first (its saved
responses are scored as of the deadline), and `practice.tasks.practice_tests_expire` settles the
ones nobody touches.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import User
from core.exceptions import ApplicationError
from practice.models import Mode, PracticeItem, PracticeTest, TestStatus
from practice.selectors import practice_test_items
from questions.models import Answer, ClientNeed, Question, QuestionVersion, Status
from questions.selectors import ServedItem, practisable_questions, served, served_case_studies, student_view_rows
from questions.services import AnswerDraft, answers_record, response_validate

NOT_FOUND = "Not found."
NO_MATCH = "No questions match these filters."
ALREADY_ANSWERED = "Already answered."
FINISHED = "This test is finished."


class Pool:
    ALL = "all"
    UNUSED = "unused"  # never answered by me, from any source
    INCORRECT = "incorrect"  # my latest answer scored below its maximum
    FLAGGED = "flagged"  # flagged by me in any practice test

    values = (ALL, UNUSED, INCORRECT, FLAGGED)


@dataclass(frozen=True)
class TestFilters:
    exam: str
    mode: str
    count: int
    client_needs: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    pool: str = Pool.ALL


# ------------------------------------------------------------------------------------------------
# Building a test


def _pool_condition(*, user: User, pool: str):
    """The per-item condition of a pool, as an SQL boolean expression (None: every item)."""
    if pool == Pool.UNUSED:
        return ~Exists(Answer.objects.filter(user=user, question=OuterRef("pk")))
    if pool == Pool.INCORRECT:
        latest_short = (
            Answer.objects.filter(user=user, question=OuterRef("pk"))
            .order_by("-answered_at")
            .annotate(short=ExpressionWrapper(Q(score__lt=F("max_score")), output_field=BooleanField()))
            .values("short")[:1]
        )
        return Subquery(latest_short, output_field=BooleanField())
    if pool == Pool.FLAGGED:
        return Exists(PracticeItem.objects.filter(test__user=user, question=OuterRef("pk"), flagged=True))
    return None


def _content_condition(filters: TestFilters) -> Q:
    condition = Q()
    if filters.client_needs:
        condition &= Q(client_need__in=filters.client_needs)
    if filters.types:
        condition &= Q(type__in=filters.types)
    return condition


def _flag(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _own_items(*, user: User, pool: str) -> QuerySet | None:
    """The ids a pool of the student's own items draws from (None: a pool over the whole bank)."""
    if pool == Pool.INCORRECT:
        return Answer.objects.filter(user=user).values("question_id")
    if pool == Pool.FLAGGED:
        return PracticeItem.objects.filter(test__user=user, flagged=True).values("question_id")
    return None


def _draw(items: QuerySet[Question], count: int) -> list[ServedItem]:
    """`count` random items with what a student sees of them: those that follow a random point in
    `draw_key` order (each item's random number), wrapping round to the start. An index walk of
    `count` rows, not a sort of the whole bank at random: the second half of the UNION is only read
    when the first comes short. The draw is shuffled with the case studies afterwards. SQLite
    cannot order the two halves of a UNION, so there the bank is sorted at random (it holds a
    school's bank quickly enough; production runs PostgreSQL)."""
    if not connection.features.supports_slicing_ordering_in_compound:  # SQLite, the embedded default
        return served(student_view_rows(items.order_by("?"))[:count])
    start = random.random()  # noqa: S311 (a practice draw, not a secret)
    after = student_view_rows(items.filter(draw_key__gte=start).order_by("draw_key"), "draw_key")[:count]
    before = student_view_rows(items.filter(draw_key__lt=start).order_by("draw_key"), "draw_key")[:count]
    rows = sorted(after.union(before, all=True)[:count], key=lambda row: (row[-1] < start, row[-1]))
    return served(rows)


def _units_pick(*, bank: QuerySet[Question], user: User, filters: TestFilters) -> list[tuple]:
    """Random units of the test: ("item", ServedItem, 1) for a stand-alone item, ("case", id, size)
    for a case study (served whole). Two queries whatever the bank's size: the database draws the
    sample (`_draw`'s index walk, or ORDER BY random() over the student's own items for `incorrect`
    and `flagged`), never Python over the whole bank.

    A case study matches when every one of its items passes `client_needs` and `types`; for the
    pools, when none of its items was answered (`unused`) or any of them is `incorrect`/`flagged`."""
    content = _content_condition(filters)
    pool = _pool_condition(user=user, pool=filters.pool)
    standalone = bank.filter(content, case_study__isnull=True)
    if pool is not None:
        standalone = standalone.filter(pool)
    own = _own_items(user=user, pool=filters.pool)
    if own is None:
        items = _draw(standalone, filters.count)
    else:  # a few of the student's own items: sorted at random
        items = served(student_view_rows(standalone.filter(pk__in=own).order_by("?"))[: filters.count])

    cases = (
        bank.filter(case_study__isnull=False, case_study__status=Status.PUBLISHED)
        .values("case_study_id")
        .annotate(size=Count("pk"))
        .filter(size__lte=filters.count)
    )
    if content:
        cases = cases.annotate(content_all=Min(_flag(content))).filter(content_all=1)
    if pool is not None:
        matches = Min(_flag(pool)) if filters.pool == Pool.UNUSED else Max(_flag(pool))
        cases = cases.annotate(pool_match=matches).filter(pool_match=1)
    case_rows = list(cases.order_by("?").values_list("case_study_id", "size")[: filters.count])

    units = [("item", item, 1) for item in items] + [("case", pk, size) for pk, size in case_rows]
    random.shuffle(units)
    chosen, room = [], filters.count
    for unit in units:
        if unit[2] <= room:
            chosen.append(unit)
            room -= unit[2]
        if room == 0:
            break
    return chosen


def practice_test_create(*, user: User, filters: TestFilters) -> tuple[PracticeTest, list[ServedItem]]:
    """A new test of up to `count` items the user may practise (`practisable_questions`, the
    school's access rule), from the chosen client needs, types and pool, in random order; a case
    study's items stay together and in order, and count one each toward `count` (a case study is
    only taken when it fits). Fewer items than asked when fewer match; none: 400.

    Timed mode: the limit is `count` * `PRACTICE_SECONDS_PER_ITEM` and the deadline runs from now.
    Each item shows the version current at creation: an edit later does not change the test.
    Returns the test and its items in position order, as `practice.serializers.created_test_body`
    shows them. A constant number of queries whatever the bank's size: one more when a case study
    is drawn (its items)."""
    bank = practisable_questions(user=user, exam=filters.exam)
    units = _units_pick(bank=bank, user=user, filters=filters)
    case_ids = [pk for kind, pk, _ in units if kind == "case"]
    cases = served_case_studies(case_study_ids=case_ids, questions=bank) if case_ids else {}
    ordered: list[ServedItem] = []
    for kind, unit, _ in units:
        ordered.extend(cases.get(unit, []) if kind == "case" else [unit])
    if not ordered:
        raise ApplicationError(NO_MATCH)

    now = timezone.now()
    limit = len(ordered) * settings.PRACTICE_SECONDS_PER_ITEM if filters.mode == Mode.TIMED else None
    with transaction.atomic():
        _commit_without_waiting_for_the_disk()
        test = PracticeTest.objects.create(
            user=user,
            exam=filters.exam,
            mode=filters.mode,
            count=len(ordered),
            filters={
                "count": filters.count,
                "client_needs": list(filters.client_needs),
                "types": list(filters.types),
                "pool": filters.pool,
            },
            time_limit_seconds=limit,
            started_at=now,
            deadline=now + timedelta(seconds=limit) if limit else None,
            slots=[[str(item.pk), str(item.version_id)] for item in ordered],
        )
    return test, ordered


def _commit_without_waiting_for_the_disk() -> None:
    """PostgreSQL: this transaction's COMMIT returns before its WAL reaches the disk
    (`synchronous_commit = off` for it alone; the flush follows within ~0.6 s). On this host the
    durable COMMIT was the create's slowest query (9 ms, bench/RESULTS.md). A new, unanswered test
    is the one write a server crash may undo; the student sees it gone and starts another. Nothing
    else is at risk: the database stays consistent, and every answer's own durable COMMIT flushes the
    test's rows before it (WAL is written in order)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


# ------------------------------------------------------------------------------------------------
# Finishing and settling


def _is_expired(test: PracticeTest, now: datetime) -> bool:
    return test.status == TestStatus.IN_PROGRESS and test.deadline is not None and now >= test.deadline


def test_result(*, test: PracticeTest, items: list[PracticeItem]) -> dict:
    """The result of a finished test. `score` and `max_score` sum the items' points (an item left
    unanswered scores 0 of its maximum); `percent` = score / max_score * 100, one decimal; per
    client need the same, in the test plan's order; `seconds` from start to finish."""

    def share(score: int, possible: int) -> float:
        return round(100 * score / possible, 1) if possible else 0.0

    needs: dict[str, list[int]] = {}
    for item in items:
        row = needs.setdefault(item.question.client_need, [0, 0])
        row[0] += item.answer.score if item.answer else 0
        row[1] += item.version.max_score
    score, possible = sum(r[0] for r in needs.values()), sum(r[1] for r in needs.values())
    return {
        "score": score,
        "max_score": possible,
        "percent": share(score, possible),
        "by_client_need": [
            {"client_need": need, "score": needs[need][0], "max_score": needs[need][1], "percent": share(*needs[need])}
            for need in ClientNeed.values
            if need in needs
        ],
        "seconds": int((test.finished_at - test.started_at).total_seconds()),
    }


def _finish(test: PracticeTest, *, at: datetime) -> list[PracticeItem]:
    """Scores the saved (timed) responses as of `at` and closes the test with its result. The
    caller holds the test's row lock."""
    items = practice_test_items(test=test)
    pending = [item for item in items if item.answer_id is None and item.pending_response is not None]
    answers = answers_record(
        [
            AnswerDraft(
                user=test.user,
                question=item.question,
                version=item.version,
                response=item.pending_response,
                answered_at=at,
                seconds=item.pending_seconds,
            )
            for item in pending
        ]
    )
    for item, answer in zip(pending, answers, strict=True):
        item.answer, item.pending_response, item.pending_seconds = answer, None, None
    if pending:
        PracticeItem.objects.bulk_update(pending, ["answer", "pending_response", "pending_seconds"])
    test.status, test.finished_at = TestStatus.FINISHED, at
    test.result = test_result(test=test, items=items)
    test.save(update_fields=["status", "finished_at", "result"])
    return items


def _locked_test(*, user: User, test_id) -> PracticeTest:
    """The user's test with its row locked until the transaction ends; another user's: 404."""
    test = PracticeTest.objects.select_for_update().select_related("user").filter(pk=test_id, user=user).first()
    if test is None:
        raise ApplicationError(NOT_FOUND, status=404)
    return test


def practice_test_finish(*, user: User, test_id) -> PracticeTest:
    """Ends the user's test now and scores it. Idempotent: a finished test is returned as it is. A
    timed test past its deadline is scored as of the deadline (what was saved by then counts)."""
    with transaction.atomic():
        test = _locked_test(user=user, test_id=test_id)
        if test.status == TestStatus.IN_PROGRESS:
            now = timezone.now()
            _finish(test, at=test.deadline if _is_expired(test, now) else now)
    return test


def practice_test_settle(*, user: User, test_id) -> PracticeTest:
    """The user's test (404 for anybody else's), finished first if it is timed and past its
    deadline: a test ends at its limit whether or not the student asks."""
    test = PracticeTest.objects.filter(pk=test_id, user=user).first()
    if test is None:
        raise ApplicationError(NOT_FOUND, status=404)
    if _is_expired(test, timezone.now()):
        return practice_test_finish(user=user, test_id=test_id)
    return test


def practice_tests_settle(*, user: User) -> None:
    """Finishes the user's timed tests that are past their deadline (one query when there are none)."""
    expired = PracticeTest.objects.filter(user=user, status=TestStatus.IN_PROGRESS, deadline__lte=timezone.now())
    for test_id in expired.values_list("pk", flat=True):
        practice_test_finish(user=user, test_id=test_id)


def practice_tests_expire(*, now: datetime | None = None) -> int:
    """Finishes every timed test past its deadline (the periodic task), each in its own transaction;
    a test another request is finishing right now is skipped (SKIP LOCKED) and left to it.
    Returns how many it finished."""
    now = now or timezone.now()
    finished = 0
    expired = PracticeTest.objects.filter(status=TestStatus.IN_PROGRESS, deadline__lte=now)
    for test_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            test = PracticeTest.objects.select_for_update(skip_locked=True).select_related("user")
            test = test.filter(pk=test_id, status=TestStatus.IN_PROGRESS).first()
            if test is not None:
                _finish(test, at=test.deadline)
                finished += 1
    return finished


# ------------------------------------------------------------------------------------------------
# Answering and flagging


def practice_answer_submit(*, user: User, test_id, item_id, response, seconds: int | None = None) -> PracticeItem:
    """Records the user's response to an item of their test.

    Rules: a finished test takes no answer (409), and a timed test past its deadline is finished
    on the spot and refuses it (409); an item not in the test: 404; a response of the wrong shape:
    400 with `errors` (`questions.services.response_validate`), nothing stored.
    Tutor mode: the answer is scored at once and is final (a second one: 409 "Already answered.").
    Timed mode: the response is saved, replacing any earlier one; the last one saved before the
    test ends is scored when it finishes.
    One answer per (test, item): the test's row lock orders concurrent submissions, and the update
    that links the answer only applies to an item still without one."""
    expired = False
    with transaction.atomic():
        test = _locked_test(user=user, test_id=test_id)
        if test.status == TestStatus.FINISHED:
            raise ApplicationError(FINISHED, status=409)
        if _is_expired(test, timezone.now()):
            _finish(test, at=test.deadline)
            expired = True
        else:
            item = _test_item(test, item_id)
            if test.mode == Mode.TUTOR:
                _tutor_answer(test=test, item=item, response=response, seconds=seconds)
            else:
                response_validate(version=item.version, item_type=item.question.type, response=response)
                item.pending_response, item.pending_seconds = response, seconds
                _item_save(item, ["pending_response", "pending_seconds"])
    if expired:  # raised after the commit, so that the finished test stays finished
        raise ApplicationError(FINISHED, status=409)
    return item


def _tutor_answer(*, test: PracticeTest, item: PracticeItem, response, seconds: int | None) -> None:
    if item.answer_id is not None:
        raise ApplicationError(ALREADY_ANSWERED, status=409)
    response_validate(version=item.version, item_type=item.question.type, response=response)
    (answer,) = answers_record(
        [
            AnswerDraft(
                user=test.user,
                question=item.question,
                version=item.version,
                response=response,
                answered_at=timezone.now(),
                seconds=seconds,
            )
        ]
    )
    if item._state.adding:
        item.answer = answer
        item.save(force_insert=True)  # the unique (test, question) refuses a second row
    elif PracticeItem.objects.filter(pk=item.pk, answer__isnull=True).update(answer=answer):
        item.answer = answer
    else:
        raise ApplicationError(ALREADY_ANSWERED, status=409)  # rolls the new answer back
    # The running totals were raised in SQL; the item in hand shows them as they now are.
    question = item.question
    question.answer_count += 1
    question.full_credit_count += int(answer.score == answer.max_score)


def _test_item(test: PracticeTest, item_id) -> PracticeItem:
    """The item of `test` with its question and version: its row when the student has touched it,
    else a new, unsaved row for its slot (`_item_save` writes it). Not in the test: 404."""
    slot = test.slot(item_id)
    if slot is None:
        raise ApplicationError(NOT_FOUND, status=404)
    item = test.items.select_related("question", "version").filter(question_id=slot.question_id).first()
    if item is not None:
        return item
    version = QuestionVersion.objects.select_related("question").filter(pk=slot.version_id).first()
    if version is None:  # deleted since the test was built (nobody had answered it)
        raise ApplicationError(NOT_FOUND, status=404)
    return PracticeItem(test=test, position=slot.position, question=version.question, version=version)


def _item_save(item: PracticeItem, fields: list[str]) -> None:
    """Writes the item's row: the first write of an untouched item inserts it."""
    if item._state.adding:
        item.save(force_insert=True)
    else:
        item.save(update_fields=fields)


def practice_flag_set(*, user: User, test_id, item_id, flagged: bool) -> None:
    """Marks (or unmarks) an item of the user's test for review; allowed during the test and after
    it (a flagged item feeds the `flagged` pool of later tests). 404 for an item not in the test.
    The test's row lock orders it with an answer to the same item (either may write its row first)."""
    practice_test_settle(user=user, test_id=test_id)
    with transaction.atomic():
        item = _test_item(_locked_test(user=user, test_id=test_id), item_id)
        if item.flagged != flagged:  # an untouched item is unflagged: unflagging it writes nothing
            item.flagged = flagged
            _item_save(item, ["flagged"])
