"""The adaptive exam as the NCLEX runs it: test plan, content balancing, item selection, stopping.

Rules (NCSBN, nclex.com "Computerized Adaptive Testing", NGN era since April 2023; CONTRACT section 8):
length 85-150 items counting up to 15 unscored pretest items; the next item is the most informative
at the current ability from the client need furthest below its test-plan share, chosen at random
among the few best (randomesque); three six-item case studies; stop by the 95 % confidence rule,
at the maximum length, or when time runs out.

Sources:
    Kingsbury, G. G. & Zara, A. R. (1989). Procedures for selecting items for computerized adaptive
        tests. Applied Measurement in Education 2(4), 359-375 (content balancing, randomesque).
    NCSBN (2023). NCLEX-RN / NCLEX-PN Test Plans (client-need percentages).
    Weiss, D. J. & Kingsbury, G. G. (1984). Application of computerized adaptive testing to
        educational problems. Journal of Educational Measurement 21(4) (confidence-interval stopping).

The caller (the Django exam service) owns everything stored: which items are eligible (published,
calibrated, not seen in the last 365 days, not yet in this exam), the positions it drew, the
responses. This module only decides.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter

import numpy as np

from psychometrics.irt import bank_information, estimate_ability, pad_steps

#: The test plan's eight client-need subcategories (CONTRACT section 7), in test-plan order.
CLIENT_NEEDS: tuple[str, ...] = (
    "management_of_care",
    "safety_infection_control",
    "health_promotion",
    "psychosocial_integrity",
    "basic_care_comfort",
    "pharmacological_therapies",
    "reduction_of_risk",
    "physiological_adaptation",
)

#: Percent of the exam per client need, (low, high), NCSBN's 2023 (= 2026) test plans. Each range is
#: its midpoint +- 3 and the midpoints sum to 100: the midpoints are the content-balancing targets.
TEST_PLAN: dict[str, dict[str, tuple[float, float]]] = {
    "RN": {
        "management_of_care": (15.0, 21.0),
        "safety_infection_control": (10.0, 16.0),
        "health_promotion": (6.0, 12.0),
        "psychosocial_integrity": (6.0, 12.0),
        "basic_care_comfort": (6.0, 12.0),
        "pharmacological_therapies": (13.0, 19.0),
        "reduction_of_risk": (9.0, 15.0),
        "physiological_adaptation": (11.0, 17.0),
    },
    "PN": {
        "management_of_care": (18.0, 24.0),  # "Coordinated Care" in the PN plan
        "safety_infection_control": (10.0, 16.0),
        "health_promotion": (6.0, 12.0),
        "psychosocial_integrity": (9.0, 15.0),
        "basic_care_comfort": (7.0, 13.0),
        "pharmacological_therapies": (10.0, 16.0),
        "reduction_of_risk": (9.0, 15.0),
        "physiological_adaptation": (7.0, 13.0),
    },
}

#: Items in a case study: one per step of the clinical judgment model.
CASE_STUDY_ITEMS = 6


@dataclass(frozen=True)
class ExamRules:
    """The NCLEX's rules since April 2023 (defaults), configurable per exam.

    `min_items` and `max_items` count every item answered, pretest items included (NCSBN: 85 = 70
    scored + 15 pretest, 150 = 135 + 15). `passing_standard` is in logits: RN 0.00, PN -0.18.
    """

    min_items: int = 85
    max_items: int = 150
    max_pretest: int = 15
    passing_standard: float = 0.0
    confidence_z: float = 1.96
    randomesque_k: int = 5
    first_item_offset: float = -1.0
    case_studies: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.min_items <= self.max_items:
            raise ValueError("Need 0 < min_items <= max_items.")
        if not 0 <= self.max_pretest < self.min_items:
            raise ValueError("Pretest items must leave at least one scored item in the minimum length.")
        if self.randomesque_k < 1:
            raise ValueError("randomesque_k must be at least 1.")
        if self.case_studies * CASE_STUDY_ITEMS + self.max_pretest >= self.min_items:
            raise ValueError("Case studies and pretest items must fit inside the minimum length.")

    @property
    def first_item_theta(self) -> float:
        """The ability the first item is chosen at: relatively easy, about one logit below the standard."""
        return self.passing_standard + self.first_item_offset


def test_plan_targets(exam: str) -> np.ndarray:
    """Target share (0..1) per client need, in CLIENT_NEEDS order: the test-plan range midpoints.

    (Named for the test plan; a test module should call it as `cat.test_plan_targets`, since pytest
    collects a module-level name starting with `test_`.)"""
    plan = TEST_PLAN[exam]
    return np.array([(plan[need][0] + plan[need][1]) / 200.0 for need in CLIENT_NEEDS])


def test_plan_ranges(exam: str) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) share (0..1) per client need, in CLIENT_NEEDS order."""
    plan = TEST_PLAN[exam]
    return (
        np.array([plan[need][0] / 100.0 for need in CLIENT_NEEDS]),
        np.array([plan[need][1] / 100.0 for need in CLIENT_NEEDS]),
    )


@dataclass(frozen=True, eq=False)
class ItemBank:
    """The calibrated items an exam may draw from, as arrays (row i = item i).

    `step_matrix` (n x max_m) holds each item's partial-credit step difficulties, NaN-padded after its
    `n_steps[i]` steps (a one-point item: one step, its Rasch difficulty b); `client_need[i]` is an
    index into CLIENT_NEEDS.
    """

    step_matrix: np.ndarray
    n_steps: np.ndarray
    client_need: np.ndarray
    _need_masks: tuple[np.ndarray, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        step_matrix = np.asarray(self.step_matrix, dtype=float)
        if step_matrix.ndim != 2:
            raise ValueError("step_matrix must be 2-D (items x steps).")
        n_steps = np.asarray(self.n_steps, dtype=np.int64)
        client_need = np.asarray(self.client_need, dtype=np.int64)
        if not n_steps.shape == client_need.shape == (step_matrix.shape[0],):
            raise ValueError("step_matrix, n_steps and client_need must have one row per item.")
        if np.any(client_need < 0) or np.any(client_need >= len(CLIENT_NEEDS)):
            raise ValueError("client_need must index CLIENT_NEEDS.")
        object.__setattr__(self, "step_matrix", step_matrix)
        object.__setattr__(self, "n_steps", n_steps)
        object.__setattr__(self, "client_need", client_need)
        object.__setattr__(self, "_need_masks", tuple(client_need == a for a in range(len(CLIENT_NEEDS))))

    @classmethod
    def from_difficulties(cls, difficulties: Sequence[float] | np.ndarray, client_need: Sequence[int]) -> "ItemBank":
        """A bank of one-point Rasch items."""
        b = np.asarray(difficulties, dtype=float)
        return cls(b[:, None], np.ones(b.size, dtype=np.int64), np.asarray(client_need))

    @classmethod
    def from_steps(cls, step_list: Sequence[Sequence[float]], client_need: Sequence[int]) -> "ItemBank":
        """A bank from each item's list of step difficulties (one step = a one-point item)."""
        step_matrix, n_steps = pad_steps(step_list)
        return cls(step_matrix, n_steps, np.asarray(client_need))

    def __len__(self) -> int:
        return self.step_matrix.shape[0]

    def need_mask(self, area: int) -> np.ndarray:
        """Boolean mask of the items in client need `area` (index into CLIENT_NEEDS)."""
        return self._need_masks[area]


def content_area_to_serve(exam: str, counts: Mapping[str, int]) -> str:
    """Kingsbury-Zara content balancing: the client need furthest below its target share.

    shortfall_a = target_a - n_a / N over the scored items so far (N = sum of counts; with N = 0 every
    share is 0, so the need with the largest target comes first). Ties go to the earlier need in the
    test plan's order. Needs missing from `counts` count 0.
    """
    targets = test_plan_targets(exam)
    observed = np.array([counts.get(need, 0) for need in CLIENT_NEEDS], dtype=float)
    total = observed.sum()
    shares = observed / total if total > 0 else observed
    return CLIENT_NEEDS[int(np.argmax(targets - shares))]


def select_item(
    theta: float,
    bank: ItemBank,
    eligible: np.ndarray,
    area: int | None,
    k: int,
    rng: np.random.Generator,
) -> int | None:
    r"""The next item: among the eligible items of client need `area`, one of the k most informative.

    .. math:: i^* \sim \mathrm{Uniform}\{\text{the } k \text{ eligible items of the area, largest } I_i(\hat\theta)\}

    Information is the partial-credit score variance (irt.bank_information); for one-point items the
    largest is the item with b nearest θ̂. When the area has no eligible item, every area is used.
    `area=None` means no content constraint. Returns None when no item is eligible at all.
    """
    eligible = np.asarray(eligible, dtype=bool)
    pool = eligible & bank.need_mask(area) if area is not None else eligible
    candidates = np.flatnonzero(pool)
    if candidates.size == 0:
        candidates = np.flatnonzero(eligible)
        if candidates.size == 0:
            return None
    if bank.step_matrix.shape[1] == 1:
        # One-point items: information falls with |b - theta|; sorting the distances avoids exponentials.
        closeness = -np.abs(bank.step_matrix[candidates, 0] - theta)
        return _randomesque_subset(closeness, candidates, k, rng)
    information = bank_information(theta, bank.step_matrix[candidates], bank.n_steps[candidates])
    return _randomesque_subset(information, candidates, k, rng)


def _randomesque_subset(values: np.ndarray, candidates: np.ndarray, k: int, rng: np.random.Generator) -> int:
    """One of the k candidates with the highest values, uniformly at random (Kingsbury & Zara 1989)."""
    best = np.argpartition(-values, k - 1)[:k] if values.size > k else np.arange(values.size)
    return int(candidates[best[rng.integers(best.size)]])


def area_room(exam: str, area_counts: Sequence[int] | np.ndarray, min_scored: int) -> np.ndarray:
    """How many more scored items each client need may take (CLIENT_NEEDS order) and still be inside
    its test-plan range should the exam end at its shortest, `min_scored` scored items:
    floor(high_a * min_scored) - n_a (negative when an area is already over)."""
    _, high = test_plan_ranges(exam)
    return np.floor(high * min_scored + 1e-9).astype(np.int64) - np.asarray(area_counts, dtype=np.int64)


def select_case_study(
    theta: float,
    bank: ItemBank,
    case_rows: np.ndarray,
    k: int,
    rng: np.random.Generator,
    eligible: np.ndarray | None = None,
    room: np.ndarray | None = None,
) -> int | None:
    r"""The case study to serve: one of the k eligible ones with the largest summed information at θ̂.

    .. math:: c^* \sim \mathrm{Uniform}\{\text{the } k \text{ case studies, largest } \sum_{i \in c} I_i(\hat\theta)\}

    `case_rows` (n_cases x 6) holds each case study's items as `bank` rows; the return value is an
    index into it. `eligible[c]` False excludes one (seen in the last 365 days, or already in this
    exam). `room` (`area_room`): while some eligible case study fits it - none of its client needs
    takes more items than the room left - only those are considered. Content balancing steers the
    stand-alone items only; a case study's six items come as they are, and one that arrives late
    could otherwise push an area past its range in an exam that ends at the minimum length. None
    when no case study is eligible. One information call over every case study's items at once.
    """
    case_rows = np.asarray(case_rows, dtype=np.int64).reshape(-1, CASE_STUDY_ITEMS)
    eligible = np.ones(len(case_rows), dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    if room is not None and len(case_rows):
        needs = bank.client_need[case_rows]
        per_area = np.stack([np.count_nonzero(needs == a, axis=1) for a in range(len(CLIENT_NEEDS))], axis=1)
        fits = eligible & np.all(per_area <= np.asarray(room)[None, :], axis=1)
        eligible = fits if fits.any() else eligible
    candidates = np.flatnonzero(eligible)
    if candidates.size == 0:
        return None
    rows = case_rows[candidates].ravel()
    information = bank_information(theta, bank.step_matrix[rows], bank.n_steps[rows]).reshape(-1, CASE_STUDY_ITEMS)
    return _randomesque_subset(information.sum(axis=1), candidates, k, rng)


def stop_decision(
    n_scored: int,
    n_answered: int,
    theta: float,
    se: float,
    rules: ExamRules,
    *,
    timed_out: bool = False,
) -> tuple[bool, str] | None:
    """Whether the exam ends now and how: None while it goes on, else (passed, reason).

    NCSBN's three rules, checked after every answered item; `n_answered` counts every item answered,
    pretest included (85/150 include the 15 pretest items), `n_scored` the scored ones:
    - "time": time ran out. Fewer than `min_items` answered fails; otherwise θ̂ > standard passes.
    - "confidence": from `min_items` answered on (and with at least one scored item), θ̂ - z·SE above
      the standard passes, θ̂ + z·SE below it fails; an interval that touches the standard goes on.
      Checked first, so an exam whose interval clears the standard at item 150 ends by this rule.
    - "max_length": `max_items` answered: θ̂ > standard passes; at or below the standard fails.
    """
    standard = rules.passing_standard
    if timed_out:
        return (n_answered >= rules.min_items and theta > standard), "time"
    if n_answered >= rules.min_items and n_scored > 0:
        margin = rules.confidence_z * se
        if theta - margin > standard:
            return True, "confidence"
        if theta + margin < standard:
            return False, "confidence"
    if n_answered >= rules.max_items:
        return theta > standard, "max_length"
    return None


def case_study_positions(rules: ExamRules, rng: np.random.Generator, available: int) -> tuple[int, ...]:
    """Start positions (1-based, ascending) of up to `rules.case_studies` six-item case studies.

    Each block of six positions lies within 2..min_items (so every candidate gets them, and the first
    item is a stand-alone easy one) and the blocks do not overlap. Draw these before the pretest
    positions and pass them to `pretest_positions` as `reserved`.
    """
    count = max(0, min(rules.case_studies, available))
    # Place `count` blocks in the min_items - 1 positions after the first: choose the free positions'
    # split uniformly (stars and bars), so every non-overlapping arrangement is equally likely.
    free = rules.min_items - 1 - count * CASE_STUDY_ITEMS
    gaps = np.sort(rng.choice(free + count, size=count, replace=False))
    return tuple(int(2 + gap + i * (CASE_STUDY_ITEMS - 1)) for i, gap in enumerate(gaps))


def case_study_block(starts: Sequence[int]) -> frozenset[int]:
    """Every position the case studies starting at `starts` occupy."""
    return frozenset(p for s in starts for p in range(s, s + CASE_STUDY_ITEMS))


def pretest_positions(
    rules: ExamRules,
    rng: np.random.Generator,
    available: int,
    *,
    reserved: frozenset[int] = frozenset(),
) -> frozenset[int]:
    """Positions (1-based) of the unscored pretest items: min(max_pretest, available) of them, drawn
    at random without replacement from 1..min_items outside `reserved` (the case-study positions).

    Inside the minimum length, so every candidate answers all of them and has at least
    min_items - max_pretest scored items (NCSBN: 70) before the exam can end.
    """
    open_positions = np.array([p for p in range(1, rules.min_items + 1) if p not in reserved])
    count = max(0, min(rules.max_pretest, available, open_positions.size))
    return frozenset(int(p) for p in rng.choice(open_positions, size=count, replace=False))


def area_level(theta_area: float, se_area: float, standard: float, z: float = 1.96) -> str:
    """A content area's grade on NCSBN's candidate performance report: "above", "near" or "below".

    "near" when θ_area ± z·SE includes the standard (touching included), otherwise the side the
    interval lies on. θ_area and SE are the ability estimate from that area's scored items alone.
    """
    if theta_area - z * se_area > standard:
        return "above"
    if theta_area + z * se_area < standard:
        return "below"
    return "near"


def draw_score(true_theta: float, steps: np.ndarray, rng: np.random.Generator) -> int:
    """A simulated candidate's score on one item, drawn from the partial credit model at true θ."""
    steps = steps[~np.isnan(steps)]
    k = np.arange(1, steps.size + 1)
    log_numerators = np.concatenate(([0.0], k * true_theta - np.cumsum(steps)))
    weights = np.exp(log_numerators - log_numerators.max())
    return int(np.searchsorted(np.cumsum(weights), rng.random() * weights.sum(), side="right"))


def simulate_exam(
    true_theta: float,
    bank: ItemBank,
    rules: ExamRules,
    exam: str,
    rng: np.random.Generator,
    *,
    case_studies: Sequence[Sequence[int]] | np.ndarray = (),
    pretest_available: int = 0,
    time_limit_items: int | None = None,
    eligible: np.ndarray | None = None,
    content_balancing: bool = True,
) -> dict:
    """One simulated candidate through the whole exam, responses drawn from the model at `true_theta`.

    `case_studies`: each a sequence of six bank indices, or an (n x 6) array of them (those items
    are served only inside their case study). `pretest_available`: how many uncalibrated items the
    bank has (served at `pretest_positions`, unscored, not simulated further). `time_limit_items`:
    time runs out after this many answered items. `eligible`: the items this candidate may see
    (default all).

    Returns {passed, reason, length (items answered), scored, estimate, se, administered (bank
    indices of the scored items, in order), scores, area_counts (scored items per client need, in
    CLIENT_NEEDS order), pretest_positions, case_study_starts, case_studies_served, seconds_per_item
    (engine time after each answered item: estimate, stop rule and next selection)}.
    """
    standalone = np.ones(len(bank), dtype=bool) if eligible is None else np.array(eligible, dtype=bool)
    case_rows = np.asarray(case_studies, dtype=np.int64).reshape(-1, CASE_STUDY_ITEMS)
    standalone[case_rows.ravel()] = False
    case_eligible = np.ones(len(case_rows), dtype=bool)

    starts = case_study_positions(rules, rng, len(case_rows))
    pretest = pretest_positions(rules, rng, pretest_available, reserved=case_study_block(starts))
    start_set = set(starts)

    administered: list[int] = []
    scores: list[int] = []
    area_counts = np.zeros(len(CLIENT_NEEDS), dtype=np.int64)
    theta, se = rules.first_item_theta, float("inf")
    estimated = False
    queue: list[int] = []
    served_cases: list[int] = []
    seconds: list[float] = []
    n_answered = 0
    decision: tuple[bool, str] | None = None

    while decision is None:
        position = n_answered + 1
        started = perf_counter()
        if position in pretest:
            item = None
        elif queue:
            item = queue.pop(0)
        elif position in start_set and case_eligible.any():
            room = area_room(exam, area_counts, rules.min_items - len(pretest)) if content_balancing else None
            chosen = select_case_study(theta, bank, case_rows, rules.randomesque_k, rng, case_eligible, room)
            case_eligible[chosen] = False
            served_cases.append(chosen)
            queue = case_rows[chosen].tolist()
            item = queue.pop(0)
        else:
            area = None
            if content_balancing:
                counts = dict(zip(CLIENT_NEEDS, area_counts.tolist(), strict=True))
                area = CLIENT_NEEDS.index(content_area_to_serve(exam, counts))
            item = select_item(theta, bank, standalone, area, rules.randomesque_k, rng)
            if item is None:
                raise ValueError("The bank ran out of items.")
            standalone[item] = False
        selection_time = perf_counter() - started

        n_answered += 1
        if item is not None:
            scores.append(draw_score(true_theta, bank.step_matrix[item], rng))
            administered.append(item)
            area_counts[bank.client_need[item]] += 1
        started = perf_counter()
        if item is not None:
            theta, se = estimate_ability(scores, bank.step_matrix[administered], start=theta if estimated else None)
            estimated = True
        timed_out = time_limit_items is not None and n_answered >= time_limit_items
        decision = stop_decision(len(scores), n_answered, theta, se, rules, timed_out=timed_out)
        seconds.append(selection_time + perf_counter() - started)

    passed, reason = decision
    return {
        "passed": passed,
        "reason": reason,
        "length": n_answered,
        "scored": len(scores),
        "estimate": theta,
        "se": se,
        "administered": administered,
        "scores": scores,
        "area_counts": area_counts,
        "pretest_positions": pretest,
        "case_study_starts": starts,
        "case_studies_served": served_cases,
        "seconds_per_item": seconds,
    }
