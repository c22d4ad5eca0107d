"""The Rasch and partial credit models: probabilities, information, ability estimation.

Every item is a partial credit item (Masters 1982): an item worth m points has step difficulties
δ_1..δ_m, and a one-point (dichotomous) Rasch item is the case m = 1 with δ_1 = b. The ability θ and
the difficulties are on the Rasch logit scale.

A bank of items is held as a step matrix: one row per item, the item's m steps first and NaN after
them (shape n_items x max_m), with `n_steps` (n_items,) giving each item's m. `pad_steps` builds one.

Sources:
    Masters, G. N. (1982). A Rasch model for partial credit scoring. Psychometrika 47(2), 149-174.
    Wright, B. D. & Masters, G. N. (1982). Rating Scale Analysis. MESA Press (ch. 3, 4: PCM, information).
    Embretson, S. E. & Reise, S. P. (2000). Item Response Theory for Psychologists, ch. 7 (ML, MAP, SE).
    De Rizzo Meneghetti, D. catsim, irt.py (the manner of these functions).
"""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logsumexp, ndtr

ArrayLike = npt.ArrayLike

#: Newton iterations stop when a step moves θ by less than this (logits).
TOLERANCE = 1e-9
MAX_ITERATIONS = 100


def rasch_probability(theta: ArrayLike, b: ArrayLike) -> np.ndarray | float:
    r"""Probability of a correct answer to a one-point Rasch item (Rasch 1960).

    .. math:: P(X = 1 \mid \theta, b) = \frac{1}{1 + e^{b - \theta}}

    `theta` and `b` broadcast against each other (floats or arrays); computed as expit(θ - b), which
    neither overflows nor loses precision far from b.
    """
    result = expit(np.subtract(theta, b))
    return float(result) if np.ndim(result) == 0 else result


def pcm_probabilities(theta: ArrayLike, steps: ArrayLike) -> np.ndarray:
    r"""Probabilities of the scores 0..m of a partial credit item (Masters 1982, eq. 3).

    .. math:: P(X = k \mid \theta) = \frac{\exp \sum_{j=1}^{k} (\theta - \delta_j)}
              {\sum_{h=0}^{m} \exp \sum_{j=1}^{h} (\theta - \delta_j)}, \quad k = 0..m

    (the empty sum for k = 0 is 0). `steps` is the 1-D array δ_1..δ_m. For a float θ the result has
    length m + 1; for an array θ its shape is θ.shape + (m + 1,). Normalised with log-sum-exp, so
    |θ - δ| of any size gives probabilities that sum to 1 and no overflow.
    """
    steps = np.atleast_1d(np.asarray(steps, dtype=float))
    theta = np.asarray(theta, dtype=float)
    k = np.arange(steps.size + 1)
    cumulative = np.concatenate(([0.0], np.cumsum(steps)))
    log_numerators = theta[..., None] * k - cumulative
    return np.exp(log_numerators - logsumexp(log_numerators, axis=-1, keepdims=True))


def expected_score(theta: float, steps: ArrayLike) -> float:
    r"""Expected score of a partial credit item at θ (Masters 1982).

    .. math:: E[X \mid \theta] = \sum_{k=0}^{m} k \, P(X = k \mid \theta)

    For m = 1 this is the Rasch probability.
    """
    probabilities = pcm_probabilities(theta, steps)
    return float(probabilities @ np.arange(probabilities.size))


def item_information(theta: float, steps: ArrayLike) -> float:
    r"""Fisher information of a partial credit item at θ: the variance of its score (Masters 1982).

    .. math:: I(\theta) = \sum_{k} k^2 P_k - \Big(\sum_{k} k P_k\Big)^2

    For m = 1 this is P(1 - P), largest (0.25) at θ = b.
    """
    probabilities = pcm_probabilities(theta, steps)
    k = np.arange(probabilities.size)
    mean = probabilities @ k
    # Sum of squared deviations, not E[k^2] - E[k]^2, which cancels to noise far from the steps.
    return float(probabilities @ (k - mean) ** 2)


def pad_steps(step_list: Sequence[ArrayLike]) -> tuple[np.ndarray, np.ndarray]:
    """A list of 1-D step arrays as (step_matrix, n_steps): rows padded with NaN to the longest item."""
    arrays = [np.atleast_1d(np.asarray(steps, dtype=float)) for steps in step_list]
    n_steps = np.array([a.size for a in arrays], dtype=np.int64)
    if np.any(n_steps < 1):
        raise ValueError("An item needs at least one step.")
    width = int(n_steps.max()) if arrays else 1
    step_matrix = np.full((len(arrays), width), np.nan)
    for row, a in enumerate(arrays):
        step_matrix[row, : a.size] = a
    return step_matrix, n_steps


def _score_moments(theta: float, step_matrix: np.ndarray, n_steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per item, the expected score and its variance (the information) at θ; see `bank_information`."""
    if step_matrix.shape[1] == 1:
        p = expit(theta - step_matrix[:, 0])
        return p, p * expit(step_matrix[:, 0] - theta)  # 1 - p without cancellation
    n_items, width = step_matrix.shape
    # Column by column into a (max_m, n_items) array: reductions over a short axis 0 are vector adds,
    # several times faster than over the short rows of the padded matrix.
    log_numerators = np.empty((width, n_items))
    cumulative = np.zeros(n_items)
    top = np.zeros(n_items)  # row maximum of the log-numerators; score 0 has log-numerator 0
    valid = np.arange(width)[:, None] < n_steps  # (max_m, n_items): step j exists for item i
    for j in range(width):
        cumulative = cumulative + (theta - step_matrix[:, j])
        log_numerators[j] = np.where(valid[j], cumulative, -np.inf)
        np.maximum(top, log_numerators[j], out=top)
    log_numerators -= top
    # exp of -inf or below -708 (denormal results) is ~10x slower than of ordinary numbers; weights
    # under e^-700 (1e-304) change no probability that matters.
    np.maximum(log_numerators, -700.0, out=log_numerators)
    weights = np.exp(log_numerators, out=log_numerators)
    weights *= valid  # the padding weighs exactly 0
    weight_zero = np.exp(np.maximum(-top, -700.0))
    normaliser = weight_zero + weights.sum(axis=0)
    k = np.arange(1.0, width + 1.0)
    mean = (k @ weights) / normaliser
    # Squared deviations from the mean (score 0 included), not E[k^2] - E[k]^2: no cancellation.
    variance = (((k[:, None] - mean) ** 2 * weights).sum(axis=0) + weight_zero * mean**2) / normaliser
    return mean, variance


def bank_information(theta: float, step_matrix: np.ndarray, n_steps: np.ndarray) -> np.ndarray:
    r"""Information of every item of a bank at θ, at once (Masters 1982; score variance per item).

    .. math:: I_i(\theta) = \sum_{k=0}^{m_i} k^2 P_{ik} - \Big(\sum_{k=0}^{m_i} k P_{ik}\Big)^2

    `step_matrix` (n_items x max_m) holds each item's steps, NaN-padded after its `n_steps[i]` steps.
    A bank of one-point items (max_m = 1) takes the P(1 - P) path. Log-numerators are shifted by their
    row maximum before exponentiating (log-sum-exp), so no overflow at any θ.
    """
    return _score_moments(float(theta), np.asarray(step_matrix, dtype=float), np.asarray(n_steps))[1]


def _as_bank(step_list: Sequence[ArrayLike] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(step_list, np.ndarray) and step_list.ndim == 2:
        return step_list.astype(float, copy=False), (~np.isnan(step_list)).sum(axis=1)
    return pad_steps(step_list)


def estimate_ability(
    scores: Sequence[int] | np.ndarray,
    step_list: Sequence[ArrayLike] | np.ndarray,
    *,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
    bounds: tuple[float, float] = (-6.0, 6.0),
    start: float | None = None,
) -> tuple[float, float]:
    r"""Ability θ̂ and its standard error from item scores under the partial credit model.

    `scores[i]` is the score (0..m_i) on the item whose steps are `step_list[i]` (a sequence of 1-D
    step arrays, or the same as a NaN-padded n x max_m array).

    Mixed pattern (0 < total score < total maximum): maximum likelihood. The likelihood equation is
    (Masters 1982; Wright & Masters 1982, ch. 4)

    .. math:: \sum_i x_i = \sum_i E[X_i \mid \hat\theta], \qquad SE = 1 / \sqrt{\sum_i I_i(\hat\theta)}

    solved by Newton steps θ ← θ + (Σx - ΣE)/ΣI kept inside `bounds` (a step leaving the current
    bracket bisects it instead). The log-likelihood is concave in θ, so the root is unique; when it
    lies beyond a bound, the bound is returned.

    Every score at its minimum, or every score at its maximum (no finite MLE), and the empty pattern:
    the Bayesian modal estimate (MAP) with a N(prior_mean, prior_sd²) prior (Embretson & Reise 2000,
    ch. 7), which solves

    .. math:: \sum_i x_i - \sum_i E[X_i \mid \hat\theta] - (\hat\theta - \mu)/\sigma^2 = 0,
              \qquad SE = 1 / \sqrt{\sum_i I_i(\hat\theta) + 1/\sigma^2}

    (the posterior standard deviation in the normal (Laplace) approximation). With no items this is
    (prior_mean, prior_sd). MAP rather than EAP: the same Newton iteration, no quadrature grid, and the
    estimate moves monotonically with each further all-right (all-wrong) answer.

    `start` is the first Newton iterate (default: prior_mean); passing the previous estimate of an
    exam saves iterations and does not change the result.
    """
    step_matrix, n_steps = _as_bank(step_list)
    scores = np.asarray(scores, dtype=float)
    if scores.shape != (step_matrix.shape[0],):
        raise ValueError("One score per item is needed.")
    if np.any(scores < 0) or np.any(scores > n_steps) or np.any(scores != np.round(scores)):
        raise ValueError("Each score must be a whole number between 0 and the item's maximum.")
    low, high = float(bounds[0]), float(bounds[1])
    if not low < high:
        raise ValueError("bounds must be (low, high) with low < high.")
    total, maximum = scores.sum(), n_steps.sum()
    bayesian = total == 0 or total == maximum  # also true for the empty pattern
    precision = 1.0 / prior_sd**2 if bayesian else 0.0
    mean = prior_mean if bayesian else 0.0

    def slope_and_curvature(theta: float) -> tuple[float, float]:
        expected, information = _score_moments(theta, step_matrix, n_steps)
        return (
            total - expected.sum() - precision * (theta - mean),
            information.sum() + precision,
        )

    theta = min(max(prior_mean if start is None else float(start), low), high)
    bracket_low, bracket_high = low, high
    edge_tested = {low: False, high: False}
    for _ in range(MAX_ITERATIONS):
        slope, curvature = slope_and_curvature(theta)
        if slope == 0:
            break
        if slope > 0:
            bracket_low = theta
        else:
            bracket_high = theta
        proposal = theta + slope / curvature if curvature > 0 else np.copysign(np.inf, slope)
        if not bracket_low < proposal < bracket_high:
            edge = high if slope > 0 else low
            if not edge_tested[edge] and (proposal >= high or proposal <= low):
                edge_tested[edge] = True
                # The root lies past the bound when the slope there still points outwards.
                edge_slope = slope if edge == theta else slope_and_curvature(edge)[0]
                if edge_slope * slope >= 0:
                    theta = edge
                    break
            proposal = 0.5 * (bracket_low + bracket_high)
        if abs(proposal - theta) < TOLERANCE:
            theta = proposal
            break
        theta = proposal
    _, curvature = slope_and_curvature(theta)
    return float(theta), float(1.0 / np.sqrt(curvature)) if curvature > 0 else float("inf")


def pass_probability(theta: float, se: float, standard: float) -> float:
    r"""Probability that the true ability is above the passing standard, given θ̂ and its SE.

    .. math:: P(\theta > \theta_{cut}) = \Phi\big((\hat\theta - \theta_{cut}) / SE\big)

    (normal approximation to the sampling distribution of θ̂). SE = 0 gives 1 above the standard and
    0 at or below it.
    """
    if se <= 0:
        return 1.0 if theta > standard else 0.0
    return float(ndtr((theta - standard) / se))
