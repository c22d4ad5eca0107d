"""The engine against catsim (BSD-3-Clause), an independent implementation, on one-point items.

catsim 0.21 API, read from its installed source:
- `catsim.item_bank.ItemBank(params)`: a 1-column array is taken as difficulties (a=1, c=0, d=1: Rasch).
- `catsim.estimation.NumericalSearchEstimator(method="bounded").estimate(item_bank=, administered_items=,
  response_vector=, est_theta=)`: the MLE by scipy's bounded Brent search on [-6, 6] for a mixed pattern.
- `catsim.irt.see(theta, items)`: 1 / sqrt(test information).
- `catsim.selection.MaxInfoSelector().select(item_bank=, administered_items=, est_theta=)`: the most
  informative item not yet administered (for 1PL: the b nearest theta).
"""

import numpy as np
import pytest

# A plain import, not importorskip: catsim is in requirements-dev.txt, and a skipped oracle tests nothing.
from catsim import irt as catsim_irt
from catsim.estimation import NumericalSearchEstimator
from catsim.item_bank import ItemBank as CatsimBank
from catsim.selection import MaxInfoSelector, RandomesqueSelector

from psychometrics.cat import ItemBank, select_item
from psychometrics.irt import bank_information, estimate_ability, rasch_probability


def random_mixed_pattern(rng: np.random.Generator, n_items: int):
    while True:
        b = rng.normal(0, 1, size=n_items)
        theta = rng.normal(0, 1.2)
        responses = rng.random(n_items) < rasch_probability(theta, b)
        if 0 < responses.sum() < n_items:
            return b, responses


@pytest.mark.parametrize("seed", range(40))
def test_mle_and_standard_error_agree_with_catsim(seed):
    rng = np.random.default_rng(seed)
    n_items = int(rng.integers(5, 151))
    b, responses = random_mixed_pattern(rng, n_items)
    bank = CatsimBank(b[:, None])
    items = list(range(n_items))
    theirs = NumericalSearchEstimator(method="bounded").estimate(
        item_bank=bank, administered_items=items, response_vector=responses.tolist(), est_theta=0.0
    )
    theirs_se = catsim_irt.see(theirs, bank.get_items(items))

    ours, ours_se = estimate_ability(responses.astype(int), b[:, None])

    assert ours == pytest.approx(theirs, abs=1e-3)
    assert ours_se == pytest.approx(theirs_se, abs=1e-3)


@pytest.mark.parametrize("seed", range(10))
def test_bank_information_agrees_with_catsim(seed):
    rng = np.random.default_rng(100 + seed)
    b = rng.normal(0, 1.5, size=500)
    theta = float(rng.normal())
    theirs = CatsimBank(b[:, None]).information(theta)
    ours = bank_information(theta, b[:, None], np.ones(500, dtype=int))
    assert ours == pytest.approx(theirs, rel=1e-9)


@pytest.mark.parametrize("seed", range(30))
def test_most_informative_item_agrees_with_catsims_max_info_selector(seed):
    rng = np.random.default_rng(200 + seed)
    n_items = 400
    b = rng.normal(0, 1, size=n_items)
    administered = rng.choice(n_items, size=int(rng.integers(0, 100)), replace=False).tolist()
    theta = float(rng.normal(0, 1.5))

    theirs = MaxInfoSelector().select(
        item_bank=CatsimBank(b[:, None]), administered_items=administered, est_theta=theta
    )

    bank = ItemBank.from_difficulties(b, rng.integers(0, 8, size=n_items))
    eligible = np.ones(n_items, dtype=bool)
    eligible[administered] = False
    ours = select_item(theta, bank, eligible, area=None, k=1, rng=np.random.default_rng(0))

    assert ours == theirs


@pytest.mark.parametrize("seed", range(10))
def test_randomesque_pool_is_catsims_bin(seed):
    # catsim's RandomesqueSelector draws from its `bin_size` most informative items: over many draws
    # both engines draw from the same five items.
    rng = np.random.default_rng(300 + seed)
    n_items = 300
    b = rng.normal(0, 1, size=n_items)
    theta = float(rng.normal())
    catsim_bank = CatsimBank(b[:, None])
    selector = RandomesqueSelector(bin_size=5)
    draw_rng = np.random.default_rng(seed)
    theirs = {
        int(selector.select(item_bank=catsim_bank, administered_items=[], est_theta=theta, rng=draw_rng))
        for _ in range(300)
    }
    bank = ItemBank.from_difficulties(b, np.zeros(n_items, dtype=int))
    eligible = np.ones(n_items, dtype=bool)
    ours = {select_item(theta, bank, eligible, None, 5, draw_rng) for _ in range(300)}
    assert ours == theirs
    assert len(ours) == 5
