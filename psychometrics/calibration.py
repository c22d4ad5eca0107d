r"""Item calibration: step difficulties from response data, on the scale the anchored items define.

Input is long-format response data, one entry per answer: `person[n]`, `item[n]` (integer indices)
and `score[n]` (0..m_i), with `max_score[i] = m_i` per item and the already calibrated items'
steps as anchors. Output, per free item (an item with responses and no anchor): its partial credit
step difficulties δ_1..δ_m (Masters 1982; the Rasch difficulty b when m = 1), a standard error,
the infit and outfit mean squares, the number of responses used; and every person's ability.

Method: joint maximum likelihood (JML, "JMLE" in Winsteps; "UCON" in Wright & Masters 1982, ch. 4)
-------------------------------------------------------------------------------------------------
The joint log-likelihood of abilities θ_p and steps δ_ik under the partial credit model is

.. math:: \log L = \sum_n \Big[ x_n \theta_{p_n} - \sum_{k \le x_n} \delta_{i_n k}
          - \log \sum_{h=0}^{m_{i_n}} \exp \sum_{k \le h} (\theta_{p_n} - \delta_{i_n k}) \Big]

Each iteration takes one Newton step for every person given the items, then one for every free item
given the persons (alternating, as Winsteps' JMLE):

.. math:: \theta_p \leftarrow \theta_p + \frac{\sum_n (x_n - E_n)}{\sum_n V_n}, \qquad
          \delta_i \leftarrow \delta_i + H_i^{-1} g_i, \quad
          g_{ik} = \sum_n (G_{nk} - T_{nk}), \quad H_{ikj} = \sum_n (G_{n,\max(k,j)} - G_{nk} G_{nj})

with E_n, V_n the model mean and variance of the score, T_nk = [x_n ≥ k] and G_nk = P(X_n ≥ k)
(so H_i is the covariance matrix of the step indicators: the item's Fisher information, a full
m x m matrix because an item's steps are strongly correlated). A step is capped at `MAX_STEP`
logits, so the first iterations, far from the solution, cannot overshoot. Iteration stops when no
estimated parameter (ability or free step) moves by `tolerance` logits or more.

Why JML and not marginal ML (MML) or conditional ML (CML):
- Anchoring is direct: anchored steps enter the likelihood as constants, persons are measured
  through them, free items come out on their scale. This is the "anchored calibration" of Winsteps
  (IAFILE), the usual way to bring pretest items onto an item bank's scale. MML needs a
  population distribution for θ; anchored MML (fixed item parameter calibration) is biased unless
  that distribution is re-estimated as well (Kim 2006), and our candidates (adaptive exams plus
  self-selected practice answers) are not one normal population. CML needs every person's
  elementary symmetric functions over their own item set (each person sees a different 85-150 of
  100,000 items): feasible for Rasch items, heavy for partial credit items.
- Cost grows linearly with the responses: an iteration is a few passes over the long arrays
  (`np.bincount`); item arrays are n_items x max_m. No person x item matrix is built (the real data
  is about 10M responses over 100k items; dense it would be ~10^10 cells). Measured on this
  project's 2-core machine: 1M one-point responses (10,000 persons x 100 of 10,000 items, half
  anchored) in 0.7 s, 8 iterations. Extreme persons' abilities then take one `estimate_ability`
  call each (about 0.2 ms): the exam's rule kept in one place rather than re-vectorised here.

Documented choices
------------------
- No (L-1)/L bias correction. JML difficulties are spread out by about L/(L-1) for tests of L items
  (Wright & Douglas 1977; Andersen 1973 on the inconsistency; Winsteps' STBIAS, off by default).
  The correction rescales free items about their mean, which fixes the unit in a first calibration
  but contradicts anchoring: with anchors the origin and the unit are the anchors', and rescaling
  the free items about any centre moves them off that scale. With the adaptive exam's lengths
  (at least 70 scored items per candidate) the bias is at most about 1/70 of an item's distance from
  the persons' centre (0.03 logits at 2 logits), well below the standard error of an item with 200
  responses (about 0.15). Partial credit steps spread in the same way (each step further from the
  item's location). The test against a CML oracle measures the factor.
- Extreme scores are excluded from estimation, as JMLE does: a free item is estimable only when
  every score 0..m_i occurs among the responses used (for m = 1: neither all right nor all wrong);
  a person only when their total is neither 0 nor the maximum. Excluding one can make another
  extreme, so both rules are applied in turn until nothing changes. For fixed abilities this is
  exactly the condition for a finite maximum of the item's likelihood.
- A free item with a score nobody obtained (a partial credit category never observed, or all
  answers at 0 or at the maximum) is not calibrated: it is listed in
  `CalibrationResult.unestimable_items` and left out of `items`, so the caller keeps its author
  steps and reports it. Its ML steps are infinite; collapsing the category would leave fewer steps
  than the item has points (the exam scores 0..m with m steps), and a pseudo-count would turn "no
  information" into a number that looks calibrated. Such an item waits for more responses; one whose
  category stays empty is a question for its author (a score the scoring rule gives nobody).
- Scale: with anchors (at least one anchored item answered by an estimable person) the anchored
  steps are fixed and nothing is re-centred. Without anchors (a first calibration) the mean of the
  free items' locations (each item's mean step) is held at 0. Anchors that nobody answered define
  nothing, so that case is centred as well. Data falling into disconnected parts (no person links
  them) have one origin per part; JML does not detect it.
- Abilities: the JML estimates for estimable persons; for an extreme person, the Bayesian modal
  estimate of `irt.estimate_ability` (N(0, 1) prior, the exam's rule for all right / all wrong) on
  the final item estimates; NaN for a person with no response to an anchored or calibrated item.
- Standard error: of the item's location, 1 / √(Σ_n V_n) over the responses used: the information
  about moving all the item's steps together (for m = 1 the usual 1/√ΣP(1-P)). As Winsteps'
  "model" S.E., it treats the abilities as known.
- Fit (Wright & Masters 1982, ch. 5), over the responses used, at the final estimates, with
  residual y_n = x_n - E_n and z_n = y_n / √V_n:
  outfit (unweighted) = Σ z_n² / N; infit (information-weighted) = Σ y_n² / Σ V_n. Both have
  expectation 1 under the model.

Sources:
    Masters, G. N. (1982). A Rasch model for partial credit scoring. Psychometrika 47(2), 149-174.
    Wright, B. D. & Masters, G. N. (1982). Rating Scale Analysis. MESA Press (ch. 4 estimation,
    ch. 5 fit).
    Wright, B. D. & Douglas, G. A. (1977). Best procedures for sample-free item analysis. Applied
    Psychological Measurement 1(2), 281-295 (JML and its (L-1)/L correction).
    Andersen, E. B. (1973). Conditional inference and models for measuring. Mentalhygiejnisk Forlag.
    Kim, S. (2006). A comparative study of IRT fixed parameter calibration methods. Journal of
    Educational Measurement 43(4), 355-381.
    Linacre, J. M. Winsteps Rasch measurement computer program, user's guide (JMLE, IAFILE anchoring,
    STBIAS, extreme scores).
    Wright, B. D. & Linacre, J. M. (1994). Reasonable mean-square fit values. Rasch Measurement
    Transactions 8(3), 370.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from psychometrics.irt import estimate_ability, rasch_probability

#: Largest move of any parameter in one Newton step (logits).
MAX_STEP = 1.0

Progress = Callable[[int, int, float], None]


@dataclass(frozen=True)
class ItemCalibration:
    """One free item's calibration: steps δ_1..δ_m, location SE, infit / outfit, responses used."""

    index: int
    steps: np.ndarray
    standard_error: float
    infit: float
    outfit: float
    responses: int


@dataclass(frozen=True)
class CalibrationResult:
    """The calibrated free items (by index), every person's ability (NaN: none), and the iteration.

    `unestimable_items` are the free items left uncalibrated because a score 0..m_i was never
    obtained among the responses used (see the module docstring).
    """

    items: list[ItemCalibration]
    abilities: np.ndarray
    iterations: int
    converged: bool
    unestimable_items: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Group:
    """The responses used to the items worth m points: one set of array passes per group."""

    m: int
    person: np.ndarray
    item: np.ndarray
    score: np.ndarray
    items: np.ndarray  # the distinct items of the group
    local: np.ndarray  # each response's item as a position in `items`


def misfits(infit: float, outfit: float, low: float = 0.7, high: float = 1.3) -> bool:
    """Whether an item's infit or outfit mean square lies outside [low, high].

    The default 0.7-1.3 is the "run of the mill" multiple-choice range of Wright & Linacre (1994,
    Rasch Measurement Transactions 8:3, p. 370; 0.8-1.2 for high-stakes tests, 0.6-1.4 for rating
    scales), also recommended by Bond & Fox (Applying the Rasch Model, 2015) for MCQ items. Below the
    range the item is too predictable (redundant, e.g. a give-away cue), above it noisy (guessing,
    a miskey). A mean square that could not be computed (NaN) counts as misfitting.
    """
    return not (low <= infit <= high and low <= outfit <= high)


def calibrate(
    person: npt.ArrayLike,
    item: npt.ArrayLike,
    score: npt.ArrayLike,
    max_score: npt.ArrayLike,
    *,
    anchored_steps: Mapping[int, npt.ArrayLike] | None = None,
    max_iterations: int = 100,
    tolerance: float = 1e-4,
    progress: Progress | None = None,
) -> CalibrationResult:
    """Joint maximum likelihood calibration of the free items, anchored (see the module docstring).

    `person`, `item`, `score`: one entry per response; `max_score[i]`: item i's m_i (≥ 1);
    `anchored_steps[i]`: item i's fixed steps (length m_i). `progress(iteration, max_iterations,
    max_change)` is called after every iteration. Invalid input raises ValueError.
    """
    person, item, score, max_score, anchors = _validated(person, item, score, max_score, anchored_steps)
    n_persons = int(person.max()) + 1 if person.size else 0
    n_items = max_score.size
    width = int(max_score.max()) if n_items else 1

    anchored = np.zeros(n_items, dtype=bool)
    steps = np.full((n_items, width), np.nan)
    for index, values in anchors.items():
        anchored[index] = True
        steps[index, : values.size] = values
    free = np.zeros(n_items, dtype=bool)
    free[item] = True
    free &= ~anchored

    used, estimable = _estimation_set(person, item, score, max_score, free, n_persons)
    unestimable = np.flatnonzero(free & ~estimable)
    # Free items that cannot be estimated carry no information about anyone: drop their responses.
    kept = anchored[item] | estimable[item]
    groups = _groups(person[used], item[used], score[used], max_score)
    centred = not np.any(anchored[item[used]])

    counts = np.bincount(item[used] * (width + 1) + score[used], minlength=n_items * (width + 1))
    steps[estimable] = _starting_steps(counts.reshape(n_items, width + 1), max_score)[estimable]
    theta = np.zeros(n_persons)
    if centred:
        _centre(steps, theta, estimable, max_score)

    iteration, converged = 0, not groups
    for iteration in range(1, max_iterations + 1 if groups else 1):
        change = _person_step(groups, theta, steps, n_persons)
        change = max(change, _item_step(groups, theta, steps, estimable))
        if centred:
            change = max(change, abs(_centre(steps, theta, estimable, max_score)))
        if progress is not None:
            progress(iteration, max_iterations, change)
        if change < tolerance:
            converged = True
            break

    items = _item_results(groups, theta, steps, estimable, max_score, n_items)
    abilities = np.full(n_persons, np.nan)
    estimated = np.zeros(n_persons, dtype=bool)
    estimated[person[used]] = True
    abilities[estimated] = theta[estimated]
    extreme = ~used & kept & ~estimated[person]
    _extreme_abilities(abilities, person[extreme], item[extreme], score[extreme], steps, max_score)
    return CalibrationResult(
        items=items,
        abilities=abilities,
        iterations=iteration,
        converged=converged,
        unestimable_items=tuple(int(i) for i in unestimable),
    )


def _validated(
    person: npt.ArrayLike,
    item: npt.ArrayLike,
    score: npt.ArrayLike,
    max_score: npt.ArrayLike,
    anchored_steps: Mapping[int, npt.ArrayLike] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[int, np.ndarray]]:
    arrays = []
    for name, values in (("person", person), ("item", item), ("score", score), ("max_score", max_score)):
        array = np.asarray(values)
        if array.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional.")
        if array.size and not np.all(np.equal(np.mod(array, 1), 0)):
            raise ValueError(f"{name} must hold whole numbers.")
        arrays.append(array.astype(np.int64))
    person, item, score, max_score = arrays
    if not person.size == item.size == score.size:
        raise ValueError("person, item and score need one entry per response.")
    if np.any(max_score < 1):
        raise ValueError("Every item's max_score must be at least 1.")
    if person.size and (person.min() < 0 or item.min() < 0 or item.max() >= max_score.size):
        raise ValueError("Person and item indices must be non-negative, items below len(max_score).")
    if np.any(score < 0) or np.any(score > max_score[item]):
        raise ValueError("Each score must be between 0 and its item's max_score.")
    anchors: dict[int, np.ndarray] = {}
    for index, values in (anchored_steps or {}).items():
        index = int(index)
        steps = np.atleast_1d(np.asarray(values, dtype=float))
        if not 0 <= index < max_score.size or steps.shape != (max_score[index],):
            raise ValueError(f"Anchored item {index} needs one step per point of its max_score.")
        if not np.all(np.isfinite(steps)):
            raise ValueError(f"Anchored item {index} has a step that is not a finite number.")
        anchors[index] = steps
    return person, item, score, max_score, anchors


def _estimation_set(
    person: np.ndarray,
    item: np.ndarray,
    score: np.ndarray,
    max_score: np.ndarray,
    free: np.ndarray,
    n_persons: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The responses used and the estimable free items, after excluding extremes until stable.

    A free item is estimable when every score 0..m_i occurs among the responses used; a person is
    kept when their total over those responses is neither 0 nor the maximum. Anchored items need no
    such condition (their steps are given).
    """
    n_items, width = max_score.size, int(max_score.max()) if max_score.size else 1
    points = max_score[item]
    used = np.ones(person.size, dtype=bool)
    while True:
        counts = np.bincount(item[used] * (width + 1) + score[used], minlength=n_items * (width + 1))
        observed = counts.reshape(n_items, width + 1) > 0
        every_score = observed.sum(axis=1) == max_score + 1  # categories above m_i never occur
        estimable = free & every_score
        totals = np.bincount(person[used], score[used], minlength=n_persons)
        maxima = np.bincount(person[used], points[used], minlength=n_persons)
        mixed = (totals > 0) & (totals < maxima)
        keep = used & (estimable[item] | ~free[item]) & mixed[person]
        if np.array_equal(keep, used):
            return used, estimable
        used = keep


def _groups(person: np.ndarray, item: np.ndarray, score: np.ndarray, max_score: np.ndarray) -> list[_Group]:
    points = max_score[item]
    groups = []
    for m in np.unique(points):
        chosen = points == m
        items, local = np.unique(item[chosen], return_inverse=True)
        groups.append(_Group(int(m), person[chosen], item[chosen], score[chosen], items, local))
    return groups


def _starting_steps(counts: np.ndarray, max_score: np.ndarray) -> np.ndarray:
    """δ_k = log(n_{k-1} / n_k) from the category counts: the PCM solution if every θ were 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        steps = np.log(counts[:, :-1]) - np.log(counts[:, 1:])
    steps[np.arange(steps.shape[1]) >= max_score[:, None]] = np.nan
    return steps


def _centre(steps: np.ndarray, theta: np.ndarray, estimable: np.ndarray, max_score: np.ndarray) -> float:
    """Hold the mean item location of the estimable items at 0; abilities move with them."""
    if not np.any(estimable):
        return 0.0
    locations = np.nansum(steps[estimable], axis=1) / max_score[estimable]
    shift = float(locations.mean())
    steps[estimable] -= shift
    theta -= shift
    return shift


def _category_probabilities(theta: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    r"""P(X_n = k), k = 0..m, for responses n with ability theta[n] and cumulative steps cumulative[n].

    The formula of `irt.pcm_probabilities` (Masters 1982, eq. 3),

    .. math:: P(X_n = k) \propto \exp\Big(k \theta_n - \sum_{j \le k} \delta_{i_n j}\Big),

    for many items at once: that function takes one item's steps, here every row is an answer to its
    own item (shape n x (m + 1) from n x m). Normalised after subtracting the row maximum.
    """
    k = np.arange(1, cumulative.shape[1] + 1)
    log_numerators = np.zeros((theta.size, k.size + 1))
    log_numerators[:, 1:] = theta[:, None] * k - cumulative
    log_numerators -= log_numerators.max(axis=1, keepdims=True)
    probabilities = np.exp(log_numerators, out=log_numerators)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return probabilities


def _moments(group: _Group, theta: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per response of the group: expected score E, score variance V, tails G_k = P(X ≥ k) (n x m)."""
    ability = theta[group.person]
    if group.m == 1:
        p = rasch_probability(ability, steps[group.item, 0])
        return p, p * (1.0 - p), p[:, None]
    cumulative = np.cumsum(steps[:, : group.m], axis=1)[group.item]
    probabilities = _category_probabilities(ability, cumulative)
    k = np.arange(group.m + 1)
    expected = probabilities @ k
    variance = np.maximum(probabilities @ (k * k) - expected * expected, 0.0)
    tails = np.cumsum(probabilities[:, :0:-1], axis=1)[:, ::-1]
    return expected, variance, tails


def _person_step(groups: list[_Group], theta: np.ndarray, steps: np.ndarray, n_persons: int) -> float:
    residual, information = np.zeros(n_persons), np.zeros(n_persons)
    for group in groups:
        expected, variance, _ = _moments(group, theta, steps)
        residual += np.bincount(group.person, group.score - expected, minlength=n_persons)
        information += np.bincount(group.person, variance, minlength=n_persons)
    estimated = information > 0
    move = np.clip(residual[estimated] / information[estimated], -MAX_STEP, MAX_STEP)
    theta[estimated] += move
    return float(np.abs(move).max()) if move.size else 0.0


def _item_step(groups: list[_Group], theta: np.ndarray, steps: np.ndarray, estimable: np.ndarray) -> float:
    largest = 0.0
    for group in groups:
        free = estimable[group.items]
        if not np.any(free):
            continue
        _, _, tails = _moments(group, theta, steps)
        m, n = group.m, group.items.size
        reached = group.score[:, None] >= np.arange(1, m + 1)
        gradient = np.empty((n, m))
        hessian = np.empty((n, m, m))
        for k in range(m):
            gradient[:, k] = np.bincount(group.local, tails[:, k] - reached[:, k], minlength=n)
            for j in range(k, m):
                covariance = tails[:, j] - tails[:, k] * tails[:, j]  # Cov(T_k, T_j) = G_j - G_k G_j, k ≤ j
                hessian[:, k, j] = hessian[:, j, k] = np.bincount(group.local, covariance, minlength=n)
        move = np.linalg.solve(hessian[free], gradient[free][..., None])[..., 0]
        size = np.abs(move).max(axis=1, keepdims=True)
        move *= np.minimum(1.0, MAX_STEP / np.maximum(size, 1e-300))
        steps[group.items[free], :m] += move
        largest = max(largest, float(np.abs(move).max()))
    return largest


def _item_results(
    groups: list[_Group],
    theta: np.ndarray,
    steps: np.ndarray,
    estimable: np.ndarray,
    max_score: np.ndarray,
    n_items: int,
) -> list[ItemCalibration]:
    information, squared, outfit_sum, responses = (np.zeros(n_items) for _ in range(4))
    for group in groups:
        expected, variance, _ = _moments(group, theta, steps)
        residual2 = (group.score - expected) ** 2
        information += np.bincount(group.item, variance, minlength=n_items)
        squared += np.bincount(group.item, residual2, minlength=n_items)
        outfit_sum += np.bincount(group.item, residual2 / np.maximum(variance, 1e-300), minlength=n_items)
        responses += np.bincount(group.item, minlength=n_items)
    return [
        ItemCalibration(
            index=int(i),
            steps=steps[i, : max_score[i]].copy(),
            standard_error=float(1.0 / np.sqrt(information[i])),
            infit=float(squared[i] / information[i]),
            outfit=float(outfit_sum[i] / responses[i]),
            responses=int(responses[i]),
        )
        for i in np.flatnonzero(estimable)
    ]


def _extreme_abilities(
    abilities: np.ndarray,
    person: np.ndarray,
    item: np.ndarray,
    score: np.ndarray,
    steps: np.ndarray,
    max_score: np.ndarray,
) -> None:
    """Abilities of the extreme persons: the exam's Bayesian modal estimate on the final steps."""
    if not person.size:
        return
    order = np.argsort(person, kind="stable")
    person, item, score = person[order], item[order], score[order]
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
    for start, end in zip(starts, [*starts[1:], person.size], strict=True):
        rows = steps[item[start:end]]
        abilities[person[start]] = estimate_ability(score[start:end], rows[:, : max_score[item[start:end]].max()])[0]
