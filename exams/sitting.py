"""The glue between one sitting's rows and the adaptive engine (`psychometrics.cat`, `psychometrics.irt`).

Two loaders read the database, each in a fixed number of queries whatever the bank's size: `bank_load`
(the items a student may be served, as the engine's arrays, from rows cached per bank version) and
`sitting_load` (what this exam has presented and how each was scored, one query). Everything else
here is a decision taken by the engine on those arrays; no formula is computed in this module.
"""

from dataclasses import dataclass, field
from uuid import UUID

import numpy as np
from django.conf import settings
from django.core.cache import cache

from accounts.models import User
from courses.selectors import accessible_course_ids
from psychometrics import cat
from psychometrics.irt import estimate_ability
from questions.bank_version import bank_version
from questions.calibrate import question_steps
from questions.models import Question, Status
from questions.selectors import exam_filter

NEED_INDEX = {need: i for i, need in enumerate(cat.CLIENT_NEEDS)}


@dataclass
class Bank:
    """The published items `user` may be served in an `exam`, as arrays (row i = item `ids[i]`).

    `scorable`: calibrated stand-alone items (what the engine selects from). `case_studies`: the
    published case studies whose six items are all calibrated, each as its items' rows in
    `case_position` order. `pretest`: published, uncalibrated stand-alone items.
    """

    ids: list[UUID]
    items: cat.ItemBank
    scorable: np.ndarray
    case_studies: dict[UUID, list[int]]
    pretest: list[UUID]
    row: dict[UUID, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BankRow:
    """What the engine reads of one published item (cached: see `bank_rows`)."""

    id: UUID
    steps: list[float]  # `questions.calibrate.question_steps`
    client_need: str
    calibrated: bool
    case_study_id: UUID | None
    case_position: int | None
    case_study_status: str | None
    course_ids: frozenset[str]  # empty: open to every signed-in student


#: This process's copy of the newest rows per exam, as (bank version, rows): the shared cache's
#: copy is unpickled once per version, not on every answer.
_LOCAL: dict[str, tuple[str, list[BankRow]]] = {}
BANK_CACHE_SECONDS = 24 * 3600


def bank_rows(exam: str) -> list[BankRow]:
    """Every published item an `exam` may serve, in id order, before the access rule: read from the
    database (two queries) once per bank version (`questions.bank_version`, which changes when an
    item is published, retired, edited or recalibrated) and kept in the shared cache under it, so
    every process reads the same rows without the database until the bank changes."""
    return _versioned_bank_rows(exam)[1]


def _versioned_bank_rows(exam: str) -> tuple[str, list[BankRow]]:
    """`bank_rows` with the bank version they were read under."""
    version = bank_version()
    local = _LOCAL.get(exam)
    if local is not None and local[0] == version:
        return local
    key = f"exams:bank:{exam}:{version}"
    rows = cache.get(key)
    if rows is None:
        rows = _bank_rows_read(exam)
        cache.set(key, rows, timeout=BANK_CACHE_SECONDS)
    _LOCAL[exam] = (version, rows)
    return version, rows


def _bank_rows_read(exam: str) -> list[BankRow]:
    published = Question.objects.filter(status=Status.PUBLISHED, exam__in=exam_filter(exam))
    links: dict[UUID, set[str]] = {}
    courses = Question.courses.through.objects.filter(question__in=published).values_list("question_id", "course_id")
    for question_id, course_id in courses:
        links.setdefault(question_id, set()).add(str(course_id))
    rows = published.order_by("id").values_list(  # a fixed order: the seeded choices index into it
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
    return [
        BankRow(
            id=qid,
            steps=question_steps(difficulty=difficulty, steps=steps, max_score=max_score).tolist(),
            client_need=need,
            calibrated=calibrated,
            case_study_id=case_id,
            case_position=case_position,
            case_study_status=case_status,
            course_ids=frozenset(links.get(qid, ())),
        )
        for qid, difficulty, steps, max_score, need, calibrated, case_id, case_position, case_status in rows
    ]


#: The engine's arrays built from one version's rows, in this process, by (exam, version, the
#: student's courses among those the items are linked to): building them costs more than an answer
#: (a few hundred ms for 90,000 items; bench/RESULTS.md), and students with the same access share
#: one. Read-only once built. The oldest is dropped past BANKS_KEPT.
_BANKS: dict[tuple, Bank] = {}
_LINKED: dict[str, tuple[str, frozenset[str]]] = {}  # exam -> (version, every course an item is linked to)
BANKS_KEPT = 32


def bank_load(*, user: User, exam: str) -> Bank:
    """The items `user` may be served (`bank_rows` under the access rule of
    `questions.selectors.practisable_questions`: an item linked to no course is open to every
    signed-in student, otherwise to those with access to one of its courses), as the engine's
    arrays. No query while the bank is unchanged, but for the student's course access when some
    item is linked to a course."""
    version, rows = _versioned_bank_rows(exam)
    known = _LINKED.get(exam)
    if known is None or known[0] != version:
        known = _LINKED[exam] = (version, frozenset().union(*(row.course_ids for row in rows)))
    linked = known[1]
    access = None if user.is_admin or not linked else frozenset(linked & accessible_course_ids(user=user))
    key = (exam, version, access)
    bank = _BANKS.get(key)
    if bank is None:
        if access is not None:
            rows = [row for row in rows if not row.course_ids or not row.course_ids.isdisjoint(access)]
        bank = _bank_build(rows)
        while len(_BANKS) >= BANKS_KEPT:
            _BANKS.pop(next(iter(_BANKS)), None)
        _BANKS[key] = bank
    return bank


def _bank_build(rows: list[BankRow]) -> Bank:
    ids, step_list, needs, scorable, pretest = [], [], [], [], []
    cases: dict[UUID, dict[int, int]] = {}
    incomplete: set[UUID] = set()
    for row in rows:
        index = len(ids)
        qid, case_id = row.id, row.case_study_id
        ids.append(qid)
        step_list.append(row.steps)
        needs.append(NEED_INDEX[row.client_need])
        scorable.append(row.calibrated and case_id is None)
        if case_id is None:
            if not row.calibrated:
                pretest.append(qid)
        elif row.calibrated and row.case_study_status == Status.PUBLISHED:
            cases.setdefault(case_id, {})[row.case_position] = index
        else:
            incomplete.add(case_id)
    case_studies = {
        case_id: [positions[p] for p in range(1, cat.CASE_STUDY_ITEMS + 1)]
        for case_id, positions in cases.items()
        if case_id not in incomplete and len(positions) == cat.CASE_STUDY_ITEMS
    }
    items = cat.ItemBank.from_steps(step_list or [[0.0]], needs or [0])
    return Bank(
        ids=ids,
        items=items,
        scorable=np.array(scorable, dtype=bool),
        case_studies=case_studies,
        pretest=pretest,
        row={qid: i for i, qid in enumerate(ids)},
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
    seen: set[UUID],
) -> NextItem | None:
    """The item for the next position, decided by the engine; None when the bank has nothing left.

    In order: the rest of a case study under way (its six items in order); a pretest item at a
    pretest position (random among the published uncalibrated items); a case study at a case-study
    start (`psychometrics.cat.select_case_study`, near θ̂); otherwise `psychometrics.cat.select_item`
    (Kingsbury-Zara area, randomesque among the k most informative at θ̂). `theta` None (nothing
    scored yet): the first-item ability, one logit below the standard. Items in `seen` (the
    student's exams of the last EXAM_REPEAT_EXCLUSION_DAYS days) are avoided while the bank allows.
    The random choices are seeded by (seed, position): a resumed sitting makes the same choices.
    """
    position = len(presented) + 1
    rng = np.random.default_rng([seed, position])
    rules = exam_rules(exam=exam, pretest=len(pretest_positions), case_studies=len(case_study_positions))
    theta = rules.first_item_theta if theta is None else theta
    in_exam = {p.question_id for p in presented}

    last = presented[-1] if presented else None
    if last is not None and last.case_study_id is not None and (last.case_position or 0) < cat.CASE_STUDY_ITEMS:
        rows = bank.case_studies.get(last.case_study_id)
        if rows is not None:
            qid = bank.ids[rows[last.case_position]]
            if qid not in in_exam:
                return NextItem(qid, False, last.case_study_id)

    if position in pretest_positions:
        fresh = [q for q in bank.pretest if q not in in_exam and q not in seen]
        candidates = fresh or [q for q in bank.pretest if q not in in_exam]
        if candidates:
            return NextItem(candidates[int(rng.integers(len(candidates)))], True, None)

    if position in case_study_positions:
        used = {p.case_study_id for p in presented if p.case_study_id is not None}
        case_ids = [c for c in bank.case_studies if c not in used]
        unseen = np.array([not any(bank.ids[r] in seen for r in bank.case_studies[c]) for c in case_ids], dtype=bool)
        eligible = unseen if unseen.any() else np.ones(len(case_ids), dtype=bool)
        matrices = [
            (bank.items.step_matrix[bank.case_studies[c]], bank.items.n_steps[bank.case_studies[c]]) for c in case_ids
        ]
        chosen = cat.select_case_study(theta, matrices, rules.randomesque_k, rng, eligible)
        if chosen is not None:
            case_id = case_ids[chosen]
            return NextItem(bank.ids[bank.case_studies[case_id][0]], False, case_id)

    available = bank.scorable.copy()
    for qid in in_exam:
        if qid in bank.row:
            available[bank.row[qid]] = False
    eligible = available.copy()
    for qid in seen:
        if qid in bank.row:
            eligible[bank.row[qid]] = False
    if not eligible.any():
        eligible = available
    counts: dict[str, int] = {}
    for p in scored(presented):
        counts[p.client_need] = counts.get(p.client_need, 0) + 1
    area = NEED_INDEX[cat.content_area_to_serve(exam, counts)]
    chosen = cat.select_item(theta, bank.items, eligible, area, rules.randomesque_k, rng)
    return None if chosen is None else NextItem(bank.ids[chosen], False, None)
