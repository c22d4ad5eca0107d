"""The glue between one sitting's rows and the adaptive engine (`psychometrics.cat`, `psychometrics.irt`).

Two loaders read the database, each in a fixed number of queries whatever the bank's size: `bank_load`
(the items a student may be served, as the engine's arrays, from rows cached per bank version) and
`sitting_load` (what this exam has presented and how each was scored, one query). Everything else
here is a decision taken by the engine on those arrays; no formula is computed in this module.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

import numpy as np
from django.conf import settings
from django.core.cache import cache

from accounts.models import User
from courses.selectors import accessible_course_ids
from psychometrics import cat
from psychometrics.irt import estimate_ability, pad_steps
from questions.bank_version import bank_version
from questions.calibrate import question_steps
from questions.models import Question, Status
from questions.selectors import exam_filter

NEED_INDEX = {need: i for i, need in enumerate(cat.CLIENT_NEEDS)}


@dataclass
class Bank:
    """The published items `user` may be served in an `exam`, as arrays (row i = the item whose id is
    `question_id(i)`, rows in id order).

    `scorable`: calibrated stand-alone items (what the engine selects from). `case_studies`: the
    published case studies whose six items are all calibrated, each as its items' rows in
    `case_position` order; `case_ids` and `case_rows` (n x 6) are the same, as arrays for the engine.
    `pretest`: the rows of published, uncalibrated stand-alone items.
    """

    ids: np.ndarray  # the items' ids as 32-character hex bytes, ascending
    items: cat.ItemBank
    scorable: np.ndarray
    case_studies: dict[UUID, list[int]]
    pretest: np.ndarray
    case_ids: list[UUID] = field(init=False)
    case_rows: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.case_ids = list(self.case_studies)
        self.case_rows = np.array(list(self.case_studies.values()), dtype=np.int64).reshape(-1, cat.CASE_STUDY_ITEMS)

    def question_id(self, row: int) -> UUID:
        return UUID(hex=self.ids[row].decode())

    def question_ids(self) -> list[UUID]:
        return [UUID(hex=h.decode()) for h in self.ids.tolist()]

    def rows_of(self, question_ids: Iterable[UUID] | np.ndarray) -> np.ndarray:
        """The rows of those of `question_ids` (UUIDs, or `hex_ids`) that are in this bank (a binary
        search each)."""
        return _rows_of(self.ids, question_ids)

    def mask_of(self, question_ids: Iterable[UUID] | np.ndarray) -> np.ndarray:
        """A boolean row mask, True at the rows of `question_ids` (UUIDs, or `hex_ids`)."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[self.rows_of(question_ids)] = True
        return mask


def hex_ids(question_ids: Iterable[UUID]) -> np.ndarray:
    """Item ids as the bank keeps them: 32-character hex bytes."""
    return np.array([q.hex.encode() for q in question_ids], dtype="S32")


def _rows_of(ids: np.ndarray, question_ids: Iterable[UUID] | np.ndarray) -> np.ndarray:
    keys = question_ids if isinstance(question_ids, np.ndarray) else hex_ids(question_ids)
    if not len(keys) or not len(ids):
        return np.empty(0, dtype=np.intp)
    rows = np.minimum(np.searchsorted(ids, keys), len(ids) - 1)
    return rows[ids[rows] == keys]


@dataclass(frozen=True)
class BankColumns:
    """What the engine reads of every published item of an exam, before the access rule, one array
    per column in id order (cached: see `bank_columns`). Arrays, not an object per item: a new
    process unpickles 90,000 items' columns in milliseconds (one dataclass per item took 1.9 s).

    `case_index[i]`: the row's case study in `case_ids`, -1 for a stand-alone item. `course_ids`:
    every course some item is linked to, `course_rows[j]` the rows linked to `course_ids[j]`;
    `linked[i]`: item i is linked to some course (else it is open to every signed-in student).
    """

    ids: np.ndarray  # "S32": hex, ascending
    step_matrix: np.ndarray  # `questions.calibrate.question_steps`, NaN-padded
    n_steps: np.ndarray
    client_need: np.ndarray  # index into cat.CLIENT_NEEDS
    calibrated: np.ndarray
    case_index: np.ndarray
    case_position: np.ndarray  # 0 for a stand-alone item
    case_published: np.ndarray
    case_ids: tuple[UUID, ...]
    linked: np.ndarray
    course_ids: tuple[str, ...]
    course_rows: tuple[np.ndarray, ...]

    def select(self, mask: np.ndarray | None) -> "BankColumns":
        """The rows where `mask` is True (None: all), as columns again."""
        if mask is None:
            return self
        old_rows = np.flatnonzero(mask)
        new_row = np.full(len(self.ids), -1, dtype=np.int64)
        new_row[old_rows] = np.arange(len(old_rows))
        return BankColumns(
            ids=self.ids[mask],
            step_matrix=self.step_matrix[mask],
            n_steps=self.n_steps[mask],
            client_need=self.client_need[mask],
            calibrated=self.calibrated[mask],
            case_index=self.case_index[mask],
            case_position=self.case_position[mask],
            case_published=self.case_published[mask],
            case_ids=self.case_ids,
            linked=self.linked[mask],
            course_ids=self.course_ids,
            course_rows=tuple(new_row[rows[mask[rows]]] for rows in self.course_rows),
        )


#: This process's copy of the newest columns per exam, as (bank version, columns): the shared
#: cache's copy is unpickled once per version, not on every answer.
_LOCAL: dict[str, tuple[str, BankColumns]] = {}
BANK_CACHE_SECONDS = 24 * 3600


def bank_columns(exam: str) -> BankColumns:
    """Every published item an `exam` may serve, in id order, before the access rule: read from the
    database (two queries) once per bank version (`questions.bank_version`, which changes when an
    item is published, retired, edited or recalibrated) and kept in the shared cache under it, so
    every process reads the same columns without the database until the bank changes."""
    return _versioned_bank_columns(exam)[1]


def _versioned_bank_columns(exam: str) -> tuple[str, BankColumns]:
    """`bank_columns` with the bank version they were read under."""
    version = bank_version()
    local = _LOCAL.get(exam)
    if local is not None and local[0] == version:
        return local
    key = f"exams:bank-columns:{exam}:{version}"
    columns = cache.get(key)
    if columns is None:
        columns = _bank_columns_read(exam)
        cache.set(key, columns, timeout=BANK_CACHE_SECONDS)
    _LOCAL[exam] = (version, columns)
    return version, columns


def _bank_columns_read(exam: str) -> BankColumns:
    published = Question.objects.filter(status=Status.PUBLISHED, exam__in=exam_filter(exam))
    rows = list(
        published.values_list(
            "id",
            "difficulty",
            "steps",
            "max_score",
            "client_need",
            "calibrated",
            "case_study_id",
            "case_position",
            "case_study__status",
        )
    )
    ids = hex_ids(row[0] for row in rows)
    order = np.argsort(ids, kind="stable")  # a fixed order: the seeded choices index into it
    rows = [rows[i] for i in order.tolist()]
    ids = ids[order]
    case_ids: dict[UUID, int] = {}
    step_list, needs, calibrated, case_index, case_position, case_published = [], [], [], [], [], []
    for _, difficulty, steps, max_score, need, is_calibrated, case_id, position, case_status in rows:
        step_list.append(question_steps(difficulty=difficulty, steps=steps, max_score=max_score))
        needs.append(NEED_INDEX[need])
        calibrated.append(is_calibrated)
        case_index.append(-1 if case_id is None else case_ids.setdefault(case_id, len(case_ids)))
        case_position.append(position or 0)
        case_published.append(case_status == Status.PUBLISHED)
    step_matrix, n_steps = pad_steps(step_list)

    links: dict[str, list[UUID]] = {}
    courses = Question.courses.through.objects.filter(question__in=published).values_list("course_id", "question_id")
    for course_id, question_id in courses:
        links.setdefault(str(course_id), []).append(question_id)
    course_ids = tuple(sorted(links))
    course_rows = tuple(np.sort(_rows_of(ids, links[c])) for c in course_ids)
    linked = np.zeros(len(ids), dtype=bool)
    for linked_rows in course_rows:
        linked[linked_rows] = True
    return BankColumns(
        ids=ids,
        step_matrix=step_matrix,
        n_steps=n_steps.astype(np.int8),
        client_need=np.array(needs, dtype=np.int8),
        calibrated=np.array(calibrated, dtype=bool),
        case_index=np.array(case_index, dtype=np.int32),
        case_position=np.array(case_position, dtype=np.int8),
        case_published=np.array(case_published, dtype=bool),
        case_ids=tuple(case_ids),
        linked=linked,
        course_ids=course_ids,
        course_rows=course_rows,
    )


#: The engine's arrays built from one version's columns, in this process, by (exam, version, the
#: student's courses among those the items are linked to): students with the same access share
#: one. Read-only once built. The oldest is dropped past BANKS_KEPT.
_BANKS: dict[tuple, Bank] = {}
BANKS_KEPT = 32


def bank_load(*, user: User, exam: str) -> Bank:
    """The items `user` may be served (`bank_columns` under the access rule of
    `questions.selectors.practisable_questions`: an item linked to no course is open to every
    signed-in student, otherwise to those with access to one of its courses), as the engine's
    arrays. No query while the bank is unchanged, but for the student's course access when some
    item is linked to a course."""
    version, columns = _versioned_bank_columns(exam)
    access = None
    if not user.is_admin and columns.course_ids:
        access = frozenset(set(columns.course_ids) & accessible_course_ids(user=user))
    key = (exam, version, access)
    bank = _BANKS.get(key)
    if bank is None:
        mask = None
        if access is not None:
            mask = ~columns.linked
            for course_id, rows in zip(columns.course_ids, columns.course_rows, strict=True):
                if course_id in access:
                    mask[rows] = True
        bank = _bank_build(columns.select(mask))
        while len(_BANKS) >= BANKS_KEPT:
            _BANKS.pop(next(iter(_BANKS)), None)
        _BANKS[key] = bank
    return bank


_CASE_POSITIONS = set(range(1, cat.CASE_STUDY_ITEMS + 1))


def _bank_build(columns: BankColumns) -> Bank:
    standalone = columns.case_index < 0
    cases: dict[int, dict[int, int]] = {}
    incomplete: set[int] = set()
    for row in np.flatnonzero(~standalone).tolist():
        case = int(columns.case_index[row])
        if columns.calibrated[row] and columns.case_published[row]:
            cases.setdefault(case, {})[int(columns.case_position[row])] = row
        else:
            incomplete.add(case)
    case_studies = {
        columns.case_ids[case]: [positions[p] for p in range(1, cat.CASE_STUDY_ITEMS + 1)]
        for case, positions in cases.items()
        if case not in incomplete and positions.keys() == _CASE_POSITIONS
    }
    if len(columns.ids):
        items = cat.ItemBank(columns.step_matrix, columns.n_steps, columns.client_need)
    else:  # no published item: one placeholder row, never scorable
        items = cat.ItemBank.from_steps([[0.0]], [0])
    return Bank(
        ids=columns.ids,
        items=items,
        scorable=columns.calibrated & standalone,
        case_studies=case_studies,
        pretest=np.flatnonzero(~columns.calibrated & standalone),
    )


def bank_supports_exam(bank: Bank, exam: str) -> bool:
    """Rule: an adaptive exam may start when the calibrated stand-alone items alone could fill the
    maximum length (`EXAM_MAX_ITEMS`) and every client need has enough of them to reach the low end
    of its test-plan range at that length (e.g. RN management of care: 15 % of 150 = 23 items).
    Case studies and pretest items are extras the exam uses when the bank has them."""
    max_items = settings.EXAM_MAX_ITEMS
    if int(bank.scorable.sum()) < max_items:
        return False
    lows, _ = cat.test_plan_ranges(exam)
    per_need = np.bincount(bank.items.client_need[bank.scorable], minlength=len(cat.CLIENT_NEEDS))
    return bool(np.all(per_need >= np.ceil(lows * max_items - 1e-9)))


def exam_rules(*, exam: str, pretest: int, case_studies: int) -> cat.ExamRules:
    """The NCLEX rules from the settings, with the number of pretest items and case studies this
    sitting has (fixed at its start; fewer when the bank has fewer, or the minimum length is short)."""
    min_items = settings.EXAM_MIN_ITEMS
    case_studies = max(0, min(case_studies, 3, (min_items - 1) // cat.CASE_STUDY_ITEMS))
    pretest = max(0, min(pretest, settings.EXAM_MAX_PRETEST_ITEMS, min_items - 1 - case_studies * cat.CASE_STUDY_ITEMS))
    return cat.ExamRules(
        min_items=min_items,
        max_items=settings.EXAM_MAX_ITEMS,
        max_pretest=pretest,
        passing_standard=passing_standard(exam),
        randomesque_k=settings.EXAM_RANDOMESQUE_K,
        case_studies=case_studies,
    )


def passing_standard(exam: str) -> float:
    return settings.PASSING_STANDARD_RN if exam == "RN" else settings.PASSING_STANDARD_PN


def plan_positions(*, bank: Bank, exam: str, seed: int) -> tuple[list[int], list[int]]:
    """(case-study start positions, pretest positions) of a new sitting, drawn once from its seed."""
    rng = np.random.default_rng([seed, 0])
    rules = exam_rules(exam=exam, pretest=len(bank.pretest), case_studies=len(bank.case_studies))
    starts = cat.case_study_positions(rules, rng, len(bank.case_studies))
    pretest = cat.pretest_positions(rules, rng, len(bank.pretest), reserved=cat.case_study_block(starts))
    return sorted(starts), sorted(pretest)


@dataclass(frozen=True)
class Presented:
    """One item this sitting presented, as `sitting_load` reads it."""

    position: int
    question_id: UUID
    pretest: bool
    case_study_id: UUID | None
    case_position: int | None
    client_need: str
    score: int | None  # None: not answered (the current item)
    steps: np.ndarray | None  # the scored item's steps, on the answer's maximum


def sitting_load(exam_id: UUID) -> list[Presented]:
    """Every item of the exam in position order, with its score: one query."""
    from exams.models import ExamItem

    rows = (
        ExamItem.objects.filter(exam_id=exam_id)
        .order_by("position")
        .values_list(
            "position",
            "question_id",
            "pretest",
            "case_study_id",
            "question__case_position",
            "question__client_need",
            "answer__score",
            "answer__max_score",
            "question__difficulty",
            "question__steps",
        )
    )
    return [
        Presented(
            position=position,
            question_id=qid,
            pretest=pretest,
            case_study_id=case_id,
            case_position=case_position,
            client_need=need,
            score=score,
            steps=None
            if score is None
            else question_steps(difficulty=difficulty, steps=steps, max_score=answer_max_score),
        )
        for position, qid, pretest, case_id, case_position, need, score, answer_max_score, difficulty, steps in rows
    ]


def scored(presented: list[Presented]) -> list[Presented]:
    return [p for p in presented if p.score is not None and not p.pretest]


def ability_estimate(items: list[Presented], start: float | None = None) -> tuple[float, float]:
    """θ̂ and SE from these scored items (`psychometrics.irt.estimate_ability`: MLE, MAP while all
    right or all wrong, the N(0, 1) prior alone with no items)."""
    return estimate_ability([p.score for p in items], [p.steps for p in items], start=start)


def area_levels(items: list[Presented], standard: float) -> list[dict]:
    """Per client need, in test-plan order: above / near / below the standard from that area's own
    scored items (`psychometrics.cat.area_level`; an area with no items is the prior alone: near)."""
    levels = []
    for need in cat.CLIENT_NEEDS:
        theta, se = ability_estimate([p for p in items if p.client_need == need])
        levels.append({"client_need": need, "level": cat.area_level(theta, se, standard)})
    return levels


@dataclass(frozen=True)
class NextItem:
    question_id: UUID
    pretest: bool
    case_study_id: UUID | None


def next_item(
    *,
    bank: Bank,
    exam: str,
    seed: int,
    presented: list[Presented],
    pretest_positions: list[int],
    case_study_positions: list[int],
    theta: float | None,
    seen: Iterable[UUID] | np.ndarray,
) -> NextItem | None:
    """The item for the next position, decided by the engine; None when the bank has nothing left.

    In order: the rest of a case study under way (its six items in order); a pretest item at a
    pretest position (random among the published uncalibrated items); a case study at a case-study
    start (`psychometrics.cat.select_case_study`, near θ̂, one that keeps the client needs in their
    ranges while one does); otherwise `psychometrics.cat.select_item`
    (Kingsbury-Zara area, randomesque among the k most informative at θ̂). `theta` None (nothing
    scored yet): the first-item ability, one logit below the standard. Items in `seen` (UUIDs or
    `hex_ids`: the student's earlier exams of the last EXAM_REPEAT_EXCLUSION_DAYS days; this exam's
    own come from `presented`) are avoided while the bank allows.
    The random choices are seeded by (seed, position): a resumed sitting makes the same choices.
    """
    position = len(presented) + 1
    rng = np.random.default_rng([seed, position])
    rules = exam_rules(exam=exam, pretest=len(pretest_positions), case_studies=len(case_study_positions))
    theta = rules.first_item_theta if theta is None else theta
    in_exam = {p.question_id for p in presented}

    taken = bank.mask_of(in_exam)
    seen_rows = bank.mask_of(seen)

    last = presented[-1] if presented else None
    if last is not None and last.case_study_id is not None and (last.case_position or 0) < cat.CASE_STUDY_ITEMS:
        rows = bank.case_studies.get(last.case_study_id)
        if rows is not None:
            row = rows[last.case_position]
            if not taken[row]:
                return NextItem(bank.question_id(row), False, last.case_study_id)

    if position in pretest_positions:
        fresh = bank.pretest[~taken[bank.pretest] & ~seen_rows[bank.pretest]]
        candidates = fresh if len(fresh) else bank.pretest[~taken[bank.pretest]]
        if len(candidates):
            return NextItem(bank.question_id(candidates[int(rng.integers(len(candidates)))]), True, None)

    counts: dict[str, int] = {}
    for p in scored(presented):
        counts[p.client_need] = counts.get(p.client_need, 0) + 1

    if position in case_study_positions:
        # A case study this exam served is out; one with an item seen in an earlier exam only while
        # an unseen one remains; among those, one that keeps every client need in its range.
        used = {p.case_study_id for p in presented if p.case_study_id is not None}
        free = np.array([c not in used for c in bank.case_ids], dtype=bool)
        fresh = free & ~seen_rows[bank.case_rows].any(axis=1)
        room = cat.area_room(
            exam, [counts.get(need, 0) for need in cat.CLIENT_NEEDS], rules.min_items - len(pretest_positions)
        )
        eligible = fresh if fresh.any() else free
        chosen = cat.select_case_study(theta, bank.items, bank.case_rows, rules.randomesque_k, rng, eligible, room)
        if chosen is not None:
            return NextItem(bank.question_id(int(bank.case_rows[chosen, 0])), False, bank.case_ids[chosen])

    available = bank.scorable & ~taken
    eligible = available & ~seen_rows
    if not eligible.any():
        eligible = available
    area = NEED_INDEX[cat.content_area_to_serve(exam, counts)]
    chosen = cat.select_item(theta, bank.items, eligible, area, rules.randomesque_k, rng)
    return None if chosen is None else NextItem(bank.question_id(chosen), False, None)
