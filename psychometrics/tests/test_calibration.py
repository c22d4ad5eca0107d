"""psychometrics.calibration: recovery of known difficulties, anchoring, fit, extremes, an oracle.

The oracles: girth's conditional maximum likelihood (CML) for Rasch items, a different estimator
from another library; and, for partial credit items, scipy's direct maximisation of the same joint
likelihood on a small data set (girth's partial credit routines estimate a discrimination too, so
they are not the partial credit model).
"""

import tracemalloc

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import logsumexp

from psychometrics.calibration import CalibrationResult, _category_probabilities, calibrate, misfits
from psychometrics.irt import estimate_ability, pcm_probabilities


def simulate(theta: np.ndarray, step_list: list[np.ndarray], seed: int) -> tuple[np.ndarray, ...]:
    """Every person answers every item; scores drawn from the partial credit model (irt's formula)."""
    rng = np.random.default_rng(seed)
    person, item = (a.ravel() for a in np.meshgrid(np.arange(theta.size), np.arange(len(step_list)), indexing="ij"))
    score = np.empty(person.size, dtype=np.int64)
    for i, steps in enumerate(step_list):
        rows = item == i
        cumulative = np.cumsum(pcm_probabilities(theta[person[rows]], steps), axis=1)
        score[rows] = (rng.random(rows.sum())[:, None] > cumulative[:, :-1]).sum(axis=1)
    max_score = np.array([steps.size for steps in step_list])
    return person, item, score, max_score


def rasch_data(n_persons=2000, n_items=60, seed=11, shift=0.0):
    rng = np.random.default_rng(seed)
    difficulties = rng.normal(shift, 1.0, n_items)
    theta = rng.normal(0.0, 1.0, n_persons)
    return difficulties, simulate(theta, [np.array([b]) for b in difficulties], seed + 1)


def pcm_data(n_persons=2000, n_items=40, seed=21):
    """Three-category items (scores 0..2): location ± 0.7 logits plus some noise."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0, 1, (n_items, 1)) + np.array([-0.7, 0.7]) + rng.normal(0, 0.2, (n_items, 2))
    theta = rng.normal(0.0, 1.0, n_persons)
    return steps, simulate(theta, list(steps), seed + 1)


def difficulties_of(result: CalibrationResult) -> np.ndarray:
    return np.array([c.steps[0] for c in result.items])


# --- recovery -------------------------------------------------------------------------------------


def test_rasch_difficulties_are_recovered_after_centring():
    true, data = rasch_data()
    result = calibrate(*data)
    assert result.converged
    assert [c.index for c in result.items] == list(range(60))
    estimate = difficulties_of(result)
    assert estimate.mean() == pytest.approx(0.0, abs=1e-9)  # first calibration: centred at 0
    centred = true - true.mean()
    assert np.corrcoef(estimate, centred)[0, 1] > 0.98
    assert np.sqrt(np.mean((estimate - centred) ** 2)) < 0.15


def test_anchored_items_define_the_scale_and_free_items_recover_on_it_without_recentring():
    true, data = rasch_data(shift=0.8)  # centring would put the free items 0.8 too low
    anchors = {i: np.array([true[i]]) for i in range(0, 60, 2)}
    result = calibrate(*data, anchored_steps=anchors)
    assert result.converged
    assert [c.index for c in result.items] == list(range(1, 60, 2))  # anchored items are not re-estimated
    error = difficulties_of(result) - true[1::2]
    assert abs(error.mean()) < 0.05
    assert np.sqrt(np.mean(error**2)) < 0.15
    assert np.corrcoef(difficulties_of(result), true[1::2])[0, 1] > 0.98


def test_partial_credit_steps_are_recovered():
    true, data = pcm_data()
    result = calibrate(*data)
    assert result.converged and not result.unestimable_items
    estimate = np.array([c.steps for c in result.items])
    centred = true - true.mean()
    assert estimate.shape == (40, 2)
    assert np.corrcoef(estimate.ravel(), centred.ravel())[0, 1] > 0.98
    assert np.sqrt(np.mean((estimate - centred) ** 2)) < 0.15


def test_partial_credit_items_recover_on_anchored_one_point_items():
    difficulties, _ = rasch_data(n_items=30, seed=31)
    steps, _ = pcm_data(n_items=10, seed=32)
    step_list = [np.array([b]) for b in difficulties] + list(steps)
    theta = np.random.default_rng(33).normal(0.0, 1.0, 2000)
    data = simulate(theta, step_list, 34)
    result = calibrate(*data, anchored_steps={i: step_list[i] for i in range(30)})
    estimate = np.array([c.steps for c in result.items])
    assert [c.index for c in result.items] == list(range(30, 40))
    assert np.sqrt(np.mean((estimate - steps) ** 2)) < 0.15
    assert abs((estimate - steps).mean()) < 0.05


def test_vectorised_probabilities_match_irt_pcm_probabilities_row_by_row():
    rng = np.random.default_rng(3)
    theta = rng.normal(0, 2, 50)
    steps = rng.normal(0, 1.5, (50, 4))
    probabilities = _category_probabilities(theta, np.cumsum(steps, axis=1))
    for n in range(50):
        np.testing.assert_allclose(probabilities[n], pcm_probabilities(theta[n], steps[n]), rtol=1e-12, atol=1e-15)


# --- oracles --------------------------------------------------------------------------------------


def test_agrees_with_girth_conditional_maximum_likelihood():
    """girth's CML is consistent; JML spreads difficulties by about L/(L-1) (not corrected here).

    Same 2,000 x 60 data; origins aligned by centring both. Measured: correlation 0.9999999,
    largest difference 0.043 logits, spread ratio 1.018 against L/(L-1) = 1.017.
    """
    from girth import rasch_conditional

    _, data = rasch_data(seed=7)
    person, item, score, _ = data
    ours = difficulties_of(calibrate(*data))
    dense = np.zeros((60, 2000), dtype=int)  # girth's layout: items x persons, complete data
    dense[item, person] = score
    cml = rasch_conditional(dense, options={"max_iteration": 100})["Difficulty"]
    ours, cml = ours - ours.mean(), cml - cml.mean()
    assert np.corrcoef(ours, cml)[0, 1] > 0.9995
    assert np.abs(ours - cml).max() < 0.1
    assert ours.std() / cml.std() == pytest.approx(60 / 59, abs=0.005)
    assert np.abs(ours * 59 / 60 - cml).max() < 0.02  # what the (L-1)/L correction would give


def test_partial_credit_estimates_maximise_the_joint_likelihood_as_scipy_finds_it():
    rng = np.random.default_rng(5)
    step_list = [np.sort(rng.normal(0, 1, m)) for m in (2, 2, 2, 2, 1, 1, 3, 3)]
    person, item, score, max_score = simulate(rng.normal(0, 1, 120), step_list, 6)
    result = calibrate(person, item, score, max_score, tolerance=1e-9, max_iterations=500)
    assert result.converged and not result.unestimable_items

    totals = np.bincount(person, score)
    maxima = np.bincount(person, max_score[item])
    mixed = (totals > 0) & (totals < maxima)  # extreme persons have no finite maximum
    rows = mixed[person]
    p, i, x = np.searchsorted(np.flatnonzero(mixed), person[rows]), item[rows], score[rows]
    n_persons, n_steps = int(mixed.sum()), int(max_score.sum())
    first_step = np.r_[0, np.cumsum(max_score)[:-1]]
    k = np.arange(4)
    beyond = k[None, :] > max_score[i][:, None]

    def centred(deltas):
        locations = np.add.reduceat(deltas, first_step) / max_score
        return deltas - locations.mean()

    def negative_log_likelihood(parameters):
        theta, deltas = parameters[:n_persons], centred(parameters[n_persons:])
        padded = np.zeros((8, 4))
        for j in range(8):
            padded[j, 1 : max_score[j] + 1] = np.cumsum(deltas[first_step[j] : first_step[j] + max_score[j]])
        logits = theta[p][:, None] * k - padded[i]
        logits[beyond] = -np.inf
        return -(logits[np.arange(x.size), x] - logsumexp(logits, axis=1)).sum()

    found = minimize(
        negative_log_likelihood,
        np.zeros(n_persons + n_steps),
        method="L-BFGS-B",
        options={"maxiter": 20000, "maxfun": 10**7, "ftol": 1e-15, "gtol": 1e-10},
    )
    ours = np.concatenate([c.steps for c in result.items])
    np.testing.assert_allclose(ours, centred(found.x[n_persons:]), atol=1e-4)
    np.testing.assert_allclose(result.abilities[mixed], found.x[:n_persons], atol=1e-4)


# --- fit ------------------------------------------------------------------------------------------


def test_data_from_the_model_fit():
    _, data = rasch_data()
    result = calibrate(*data)
    infit = np.array([c.infit for c in result.items])
    outfit = np.array([c.outfit for c in result.items])
    assert infit.mean() == pytest.approx(1.0, abs=0.02)
    assert outfit.mean() == pytest.approx(1.0, abs=0.05)
    assert np.all((infit > 0.9) & (infit < 1.1))
    assert not any(misfits(c.infit, c.outfit) for c in result.items)


@pytest.mark.parametrize("kind", ["random", "reversed"])
def test_an_item_answered_at_random_or_reversed_misfits(kind):
    _, (person, item, score, max_score) = rasch_data()
    rng = np.random.default_rng(99)
    bad = item == 5
    score = score.copy()
    score[bad] = rng.integers(0, 2, bad.sum()) if kind == "random" else 1 - score[bad]
    result = calibrate(person, item, score, max_score)
    by_index = {c.index: c for c in result.items}
    assert by_index[5].infit > 1.3 and by_index[5].outfit > 1.3
    assert misfits(by_index[5].infit, by_index[5].outfit)
    assert sum(misfits(c.infit, c.outfit) for c in result.items) == 1


def test_misfits_uses_the_mean_square_bounds():
    assert not misfits(1.0, 1.0)
    assert not misfits(0.7, 1.3)
    assert misfits(0.69, 1.0)
    assert misfits(1.0, 1.31)
    assert not misfits(1.35, 1.0, high=1.4)
    assert misfits(float("nan"), 1.0)


def test_standard_error_is_one_over_root_information():
    _, data = rasch_data(n_persons=500, n_items=20, seed=41)
    result = calibrate(*data)
    person, item, score, _ = data
    first = result.items[0]
    p = 1 / (1 + np.exp(first.steps[0] - result.abilities[person[item == 0]]))
    extreme = np.isin(score.reshape(500, 20).sum(axis=1), [0, 20])
    p = p[~extreme]
    assert first.responses == (~extreme).sum()
    assert first.standard_error == pytest.approx(1 / np.sqrt(np.sum(p * (1 - p))))


# --- extremes and edge cases ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1])
def test_an_item_all_right_or_all_wrong_is_unestimable_and_the_rest_calibrate(value):
    _, (person, item, score, max_score) = rasch_data(n_persons=500, n_items=20, seed=51)
    score = score.copy()
    score[item == 3] = value
    result = calibrate(person, item, score, max_score)
    assert result.unestimable_items == (3,)
    assert 3 not in [c.index for c in result.items]
    assert len(result.items) == 19 and result.converged


def test_extreme_persons_are_left_out_of_estimation_and_get_the_exams_bayesian_estimate():
    _, (person, item, score, max_score) = rasch_data(n_persons=500, n_items=20, seed=61)
    mixed = calibrate(person, item, score, max_score)
    extra = np.repeat([500, 501], 20)  # one person all right, one all wrong
    with_extremes = calibrate(
        np.r_[person, extra], np.r_[item, np.tile(np.arange(20), 2)], np.r_[score, [1] * 20, [0] * 20], max_score
    )
    np.testing.assert_allclose(difficulties_of(with_extremes), difficulties_of(mixed), atol=1e-12)
    final_steps = [c.steps for c in with_extremes.items]
    assert with_extremes.abilities[500] == pytest.approx(estimate_ability([1] * 20, final_steps)[0])
    assert with_extremes.abilities[501] == pytest.approx(estimate_ability([0] * 20, final_steps)[0])
    assert with_extremes.abilities[500] > 1 and with_extremes.abilities[501] < -1


def test_a_person_with_no_usable_response_has_no_ability():
    result = calibrate([0, 0, 1, 1, 2], [0, 1, 0, 1, 2], [1, 0, 0, 1, 1], [1, 1, 1])
    assert result.unestimable_items == (2,)  # one answer: one score observed
    assert np.isnan(result.abilities[2])
    assert np.all(np.isfinite(result.abilities[:2]))


def test_a_single_response():
    free = calibrate([0], [0], [1], [1])
    assert free.items == [] and free.unestimable_items == (0,)
    assert np.isnan(free.abilities).all() and free.abilities.shape == (1,)
    anchored = calibrate([0], [0], [1], [1], anchored_steps={0: [0.5]})
    assert anchored.items == [] and anchored.unestimable_items == ()
    assert anchored.abilities[0] == pytest.approx(estimate_ability([1], [[0.5]])[0])


def test_empty_input():
    result = calibrate([], [], [], [1, 2])
    assert result.items == [] and result.unestimable_items == ()
    assert result.abilities.shape == (0,)
    assert result.iterations == 0 and result.converged


def test_an_unobserved_partial_credit_category_leaves_the_item_uncalibrated():
    _, (person, item, score, max_score) = pcm_data(n_persons=500, n_items=10, seed=71)
    score = score.copy()
    score[(item == 4) & (score == 1)] = 2  # nobody gets exactly 1 of 2 on item 4
    result = calibrate(person, item, score, max_score)
    assert result.unestimable_items == (4,)
    assert [c.index for c in result.items] == [0, 1, 2, 3, 5, 6, 7, 8, 9]
    assert all(np.all(np.isfinite(c.steps)) for c in result.items)


def test_a_category_reached_only_by_extreme_persons_does_not_count():
    # Item 1's top score comes only from person 2, whose total is perfect: excluded, so the item has
    # no score-2 answer left among the responses used.
    person = [0, 0, 1, 1, 2, 2, 3, 3]
    item = [0, 1, 0, 1, 0, 1, 0, 1]
    score = [1, 1, 0, 1, 1, 2, 0, 0]
    result = calibrate(person, item, score, [1, 2], anchored_steps={0: [0.0]})
    assert result.unestimable_items == (1,)
    assert np.all(np.isfinite(result.abilities))


@pytest.mark.parametrize(
    ("arguments", "anchors"),
    [
        (([0], [0], [2], [1]), None),  # score above max_score
        (([0], [1], [1], [1]), None),  # item without a max_score
        (([0, 1], [0], [1], [1]), None),  # lengths differ
        (([0], [0], [1], [0]), None),  # max_score 0
        (([0], [0], [1], [2]), {0: [0.1]}),  # anchored steps: wrong count
        (([0], [0], [1], [1]), {0: [np.nan]}),
    ],
)
def test_invalid_input_is_refused(arguments, anchors):
    with pytest.raises(ValueError):
        calibrate(*arguments, anchored_steps=anchors)


# --- iteration and cost ---------------------------------------------------------------------------


def test_progress_is_reported_every_iteration_until_the_change_is_below_tolerance():
    _, data = rasch_data(n_persons=300, n_items=20, seed=81)
    calls = []
    result = calibrate(*data, max_iterations=50, progress=lambda *call: calls.append(call))
    assert [c[0] for c in calls] == list(range(1, result.iterations + 1))
    assert all(c[1] == 50 for c in calls)
    assert calls[-1][2] < 1e-4 <= calls[-2][2]
    assert result.converged


def test_stopping_at_max_iterations_is_not_converged():
    _, data = rasch_data(n_persons=300, n_items=20, seed=81)
    result = calibrate(*data, max_iterations=2)
    assert result.iterations == 2 and not result.converged


def test_sparse_data_runs_without_a_dense_person_by_item_matrix():
    """200,000 responses, 20,000 items, 50,000 persons: a float matrix would take 8 GB."""
    rng = np.random.default_rng(91)
    n_persons, n_items, per_person = 50_000, 20_000, 4
    difficulties = rng.normal(0, 1, n_items)
    theta = rng.normal(0, 1, n_persons)
    person = np.repeat(np.arange(n_persons), per_person)
    item = rng.integers(0, n_items, person.size)
    score = (rng.random(person.size) < 1 / (1 + np.exp(difficulties[item] - theta[person]))).astype(np.int64)
    anchors = {i: [difficulties[i]] for i in range(0, n_items, 2)}
    tracemalloc.start()
    result = calibrate(person, item, score, np.ones(n_items, dtype=np.int64), anchored_steps=anchors)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 2**20  # measured: 19 MB
    assert result.abilities.shape == (n_persons,)
    assert len(result.items) + len(result.unestimable_items) == 10_000
    assert result.converged
