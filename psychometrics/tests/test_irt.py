"""psychometrics.irt against the formulas it states, and against direct numerical maximisation."""

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp

from psychometrics.irt import (
    bank_information,
    estimate_ability,
    expected_score,
    item_information,
    pad_steps,
    pass_probability,
    pcm_probabilities,
    rasch_probability,
)


def random_pcm_item(rng: np.random.Generator) -> np.ndarray:
    return rng.normal(0, 1.2, size=rng.integers(1, 6))


def log_likelihood(theta: float, scores, step_list) -> float:
    return sum(math.log(pcm_probabilities(theta, steps)[score]) for score, steps in zip(scores, step_list))


def numeric_information(theta: float, steps, h: float = 1e-4) -> float:
    """Information as minus the expected second derivative of the log-probability, by finite differences."""
    probabilities = pcm_probabilities(theta, steps)
    second = (
        np.log(pcm_probabilities(theta + h, steps))
        - 2 * np.log(probabilities)
        + np.log(pcm_probabilities(theta - h, steps))
    ) / h**2
    return float(-(probabilities * second).sum())


# --- probabilities -------------------------------------------------------------------------------


def test_rasch_probability_formula_and_broadcasting():
    assert rasch_probability(0.0, 0.0) == pytest.approx(0.5)
    assert rasch_probability(1.0, 0.0) == pytest.approx(1 / (1 + math.exp(-1)))
    grid = rasch_probability(np.array([[-1.0], [0.0], [2.0]]), np.array([0.0, 1.0]))
    assert grid.shape == (3, 2)
    assert grid[2, 1] == pytest.approx(1 / (1 + math.exp(-1)))


def test_rasch_probability_is_finite_far_from_the_difficulty():
    assert rasch_probability(800.0, 0.0) == 1.0
    assert rasch_probability(-800.0, 0.0) == 0.0


def test_pcm_probabilities_sum_to_one_on_random_items_and_abilities():
    rng = np.random.default_rng(1)
    for _ in range(200):
        steps = random_pcm_item(rng)
        probabilities = pcm_probabilities(rng.normal(0, 3), steps)
        assert probabilities.shape == (steps.size + 1,)
        assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
        assert np.all(probabilities >= 0)


def test_pcm_probabilities_are_stable_at_extreme_abilities():
    probabilities = pcm_probabilities(1000.0, [-1.0, 0.0, 1.0])
    assert np.all(np.isfinite(probabilities))
    assert probabilities[-1] == pytest.approx(1.0)
    assert pcm_probabilities(-1000.0, [-1.0, 0.0, 1.0])[0] == pytest.approx(1.0)


def test_pcm_probabilities_match_masters_formula():
    steps = np.array([-0.5, 0.3, 1.1])
    theta = 0.4
    numerators = np.exp([0, theta + 0.5, 2 * theta + 0.5 - 0.3, 3 * theta + 0.5 - 0.3 - 1.1])
    assert pcm_probabilities(theta, steps) == pytest.approx(numerators / numerators.sum())


def test_pcm_probabilities_of_an_array_of_abilities():
    thetas = np.array([-1.0, 0.0, 1.5])
    table = pcm_probabilities(thetas, [0.0, 1.0])
    assert table.shape == (3, 3)
    for row, theta in zip(table, thetas):
        assert row == pytest.approx(pcm_probabilities(theta, [0.0, 1.0]))


@pytest.mark.parametrize("theta", [-3.0, -0.7, 0.0, 0.25, 4.0])
@pytest.mark.parametrize("b", [-1.5, 0.0, 2.2])
def test_one_step_pcm_equals_rasch(theta, b):
    probabilities = pcm_probabilities(theta, [b])
    assert probabilities[1] == pytest.approx(rasch_probability(theta, b), abs=1e-14)
    assert expected_score(theta, [b]) == pytest.approx(rasch_probability(theta, b), abs=1e-14)
    p = rasch_probability(theta, b)
    assert item_information(theta, [b]) == pytest.approx(p * (1 - p), abs=1e-14)


def test_expected_score_rises_with_ability_from_zero_to_the_maximum():
    steps = [-1.0, 0.5, 0.2]
    values = [expected_score(t, steps) for t in np.linspace(-8, 8, 50)]
    assert np.all(np.diff(values) > 0)
    assert values[0] == pytest.approx(0, abs=1e-3)
    assert values[-1] == pytest.approx(3, abs=1e-3)


# --- information ---------------------------------------------------------------------------------


def test_information_is_the_score_variance():
    rng = np.random.default_rng(2)
    for _ in range(100):
        steps = random_pcm_item(rng)
        theta = rng.normal(0, 2)
        probabilities = pcm_probabilities(theta, steps)
        k = np.arange(steps.size + 1)
        variance = probabilities @ (k - probabilities @ k) ** 2
        assert item_information(theta, steps) == pytest.approx(variance, rel=1e-10, abs=1e-14)


def test_information_equals_the_fisher_information_numerically():
    rng = np.random.default_rng(3)
    for _ in range(50):
        steps = random_pcm_item(rng)
        theta = rng.normal(0, 1.5)
        assert item_information(theta, steps) == pytest.approx(numeric_information(theta, steps), rel=1e-4)


def test_information_is_the_slope_of_the_expected_score():
    rng = np.random.default_rng(4)
    h = 1e-6
    for _ in range(50):
        steps = random_pcm_item(rng)
        theta = rng.normal()
        slope = (expected_score(theta + h, steps) - expected_score(theta - h, steps)) / (2 * h)
        assert item_information(theta, steps) == pytest.approx(slope, rel=1e-5)


@pytest.mark.parametrize("b", [-2.0, 0.0, 1.3])
def test_one_point_information_peaks_at_a_quarter_where_theta_equals_b(b):
    grid = np.linspace(b - 4, b + 4, 801)
    values = np.array([item_information(t, [b]) for t in grid])
    assert values.max() == pytest.approx(0.25)
    assert grid[values.argmax()] == pytest.approx(b, abs=1e-9)


def test_bank_information_equals_item_information_per_item():
    rng = np.random.default_rng(5)
    step_list = [random_pcm_item(rng) for _ in range(300)]
    step_matrix, n_steps = pad_steps(step_list)
    for theta in (-2.5, 0.0, 1.7, 30.0):
        expected = [item_information(theta, steps) for steps in step_list]
        assert bank_information(theta, step_matrix, n_steps) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_bank_information_of_one_point_items_is_p_times_one_minus_p():
    b = np.linspace(-3, 3, 13)
    p = rasch_probability(0.4, b)
    assert bank_information(0.4, b[:, None], np.ones(13, dtype=int)) == pytest.approx(p * (1 - p))


def test_bank_information_is_finite_at_extreme_abilities():
    step_matrix, n_steps = pad_steps([[0.0], [-1.0, 1.0], [0.0, 0.0, 0.0, 0.0]])
    for theta in (-700.0, 700.0):
        values = bank_information(theta, step_matrix, n_steps)
        assert np.all(np.isfinite(values))
        assert np.all(values >= 0)


def test_bank_information_of_10000_items_takes_well_under_a_millisecond():
    from time import perf_counter

    rng = np.random.default_rng(6)
    b = rng.normal(size=(10_000, 1))
    n_steps = np.ones(10_000, dtype=int)
    timings = []
    for _ in range(200):
        started = perf_counter()
        bank_information(0.3, b, n_steps)
        timings.append(perf_counter() - started)
    assert np.median(timings) < 0.5e-3


def test_pad_steps_pads_with_nan():
    step_matrix, n_steps = pad_steps([[0.5], [1.0, 2.0, 3.0]])
    assert n_steps.tolist() == [1, 3]
    assert step_matrix[0, 0] == 0.5
    assert np.isnan(step_matrix[0, 1:]).all()
    with pytest.raises(ValueError):
        pad_steps([[]])


# --- ability estimation --------------------------------------------------------------------------


def random_pattern(rng, n_items, true_theta, max_steps=5):
    step_list = [rng.normal(0, 1.2, size=rng.integers(1, max_steps + 1)) for _ in range(n_items)]
    scores = [int(rng.choice(s.size + 1, p=pcm_probabilities(true_theta, s))) for s in step_list]
    return scores, step_list


def mixed_patterns(seed: int, count: int, max_steps: int = 5):
    rng = np.random.default_rng(seed)
    patterns = []
    while len(patterns) < count:
        scores, step_list = random_pattern(rng, int(rng.integers(3, 60)), rng.normal(0, 1.5), max_steps)
        if 0 < sum(scores) < sum(s.size for s in step_list):
            patterns.append((scores, step_list))
    return patterns


def test_mle_solves_observed_total_equals_expected_total():
    for scores, step_list in mixed_patterns(7, 100):
        theta, _ = estimate_ability(scores, step_list)
        expected = sum(expected_score(theta, steps) for steps in step_list)
        assert expected == pytest.approx(sum(scores), abs=1e-6)


def test_partial_credit_mle_equals_direct_numerical_maximisation():
    for scores, step_list in mixed_patterns(8, 100):
        theta, _ = estimate_ability(scores, step_list)
        result = minimize_scalar(
            lambda t: -log_likelihood(t, scores, step_list),
            bounds=(-6, 6),
            method="bounded",
            options={"xatol": 1e-9},
        )
        assert theta == pytest.approx(result.x, abs=1e-4)


def test_mle_standard_error_is_one_over_root_test_information():
    for scores, step_list in mixed_patterns(9, 30):
        theta, se = estimate_ability(scores, step_list)
        information = sum(item_information(theta, steps) for steps in step_list)
        assert se == pytest.approx(1 / math.sqrt(information))


def test_one_point_mle_has_the_closed_form_on_equal_difficulties():
    # n items of difficulty b, r right: P(theta) = r / n, so theta = b + log(r / (n - r)).
    theta, se = estimate_ability([1] * 7 + [0] * 3, [[0.5]] * 10)
    assert theta == pytest.approx(0.5 + math.log(7 / 3), abs=1e-8)
    assert se == pytest.approx(1 / math.sqrt(10 * 0.7 * 0.3), rel=1e-6)


def test_estimate_accepts_a_padded_step_matrix():
    scores, step_list = mixed_patterns(10, 1)[0]
    step_matrix, _ = pad_steps(step_list)
    assert estimate_ability(scores, step_matrix) == pytest.approx(estimate_ability(scores, step_list))


def test_a_start_value_does_not_change_the_estimate():
    for scores, step_list in mixed_patterns(11, 20):
        reference = estimate_ability(scores, step_list)
        for start in (-5.9, -1.0, 2.0, 5.9):
            assert estimate_ability(scores, step_list, start=start) == pytest.approx(reference, abs=1e-8)


def test_all_right_gives_a_finite_estimate_above_the_prior_and_rising_with_each_item():
    estimates = [estimate_ability([1] * n, [[0.0]] * n)[0] for n in range(1, 8)]
    assert all(math.isfinite(t) for t in estimates)
    assert estimates[0] > 0
    assert np.all(np.diff(estimates) > 0)


def test_all_wrong_gives_a_finite_estimate_below_the_prior_and_falling_with_each_item():
    estimates = [estimate_ability([0] * n, [[0.0, 1.0]] * n)[0] for n in range(1, 8)]
    assert all(math.isfinite(t) for t in estimates)
    assert estimates[0] < 0
    assert np.all(np.diff(estimates) < 0)


def test_all_maximum_partial_credit_scores_use_the_bayesian_estimate():
    theta, se = estimate_ability([2, 3], [[0.0, 0.5], [-1.0, 0.0, 1.0]])
    assert 0 < theta < 6
    assert math.isfinite(se)


def test_bayesian_estimate_is_the_posterior_mode_with_the_documented_standard_error():
    step_list = [[-0.5], [0.2, 0.9], [1.0]]
    scores = [1, 2, 1]
    mean, sd = 0.3, 0.8
    theta, se = estimate_ability(scores, step_list, prior_mean=mean, prior_sd=sd)
    result = minimize_scalar(
        lambda t: -log_likelihood(t, scores, step_list) + (t - mean) ** 2 / (2 * sd**2),
        bounds=(-6, 6),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert theta == pytest.approx(result.x, abs=1e-5)
    information = sum(item_information(theta, steps) for steps in step_list)
    assert se == pytest.approx(1 / math.sqrt(information + 1 / sd**2))


def test_the_prior_moves_the_bayesian_estimate():
    low, _ = estimate_ability([1, 1], [[0.0], [0.0]], prior_mean=-1.0)
    high, _ = estimate_ability([1, 1], [[0.0], [0.0]], prior_mean=1.0)
    assert low < high


def test_no_items_gives_the_prior():
    assert estimate_ability([], []) == (0.0, 1.0)
    assert estimate_ability([], [], prior_mean=-0.18, prior_sd=2.0) == (-0.18, 2.0)


def test_standard_error_shrinks_with_more_items():
    rng = np.random.default_rng(12)
    scores, step_list = [], []
    errors = []
    for _ in range(60):
        b = rng.normal(0, 0.5)
        step_list.append([b])
        scores.append(int(rng.random() < rasch_probability(0.0, b)))
        if 0 < sum(scores) < len(scores):
            errors.append(estimate_ability(scores, step_list)[1])
    assert errors[-1] < errors[0] / 3
    assert errors[-1] == pytest.approx(1 / math.sqrt(60 * 0.25), rel=0.15)


def test_estimate_stays_inside_the_bounds():
    # Mixed, but the likelihood peaks beyond +3 and below -3: the bound is returned.
    high, se_high = estimate_ability([1] * 50 + [0], [[0.0]] * 51, bounds=(-3.0, 3.0))
    low, _ = estimate_ability([0] * 50 + [1], [[0.0]] * 51, bounds=(-3.0, 3.0))
    assert high == 3.0
    assert low == -3.0
    assert se_high == pytest.approx(1 / math.sqrt(51 * rasch_probability(3.0, 0.0) * rasch_probability(0.0, 3.0)))
    for scores, step_list in mixed_patterns(13, 50):
        theta, _ = estimate_ability(scores, step_list, bounds=(-0.5, 0.5))
        assert -0.5 <= theta <= 0.5


def test_bounded_estimate_equals_the_unbounded_one_inside_the_bounds():
    for scores, step_list in mixed_patterns(14, 30):
        theta, _ = estimate_ability(scores, step_list, bounds=(-20.0, 20.0))
        if -6 < theta < 6:
            assert estimate_ability(scores, step_list)[0] == pytest.approx(theta, abs=1e-8)


@pytest.mark.parametrize(
    ("scores", "step_list"),
    [([1, 0], [[0.0]]), ([2], [[0.0]]), ([-1], [[0.0]]), ([0.5], [[0.0, 1.0]])],
)
def test_invalid_scores_are_refused(scores, step_list):
    with pytest.raises(ValueError):
        estimate_ability(scores, step_list)


def test_log_likelihood_reference_is_consistent():
    # The helper used above agrees with a log-sum-exp computation written out once more.
    steps = np.array([0.2, -0.4])
    theta = 0.7
    logs = np.array([0, theta - 0.2, 2 * theta + 0.2])
    assert log_likelihood(theta, [1], [steps]) == pytest.approx(logs[1] - logsumexp(logs))


# --- pass probability ----------------------------------------------------------------------------


def test_pass_probability_values():
    assert pass_probability(0.0, 0.3, 0.0) == pytest.approx(0.5)
    assert pass_probability(0.588, 0.3, 0.0) == pytest.approx(0.975, abs=1e-4)
    assert pass_probability(-0.18 - 0.3, 0.3, -0.18) == pytest.approx(0.158655, abs=1e-6)
    assert pass_probability(1.0, 0.5, 0.0) == pytest.approx(0.977250, abs=1e-6)


def test_pass_probability_with_no_error_is_the_decision():
    assert pass_probability(0.1, 0.0, 0.0) == 1.0
    assert pass_probability(0.0, 0.0, 0.0) == 0.0
