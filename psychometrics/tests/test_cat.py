"""psychometrics.cat: the NCLEX's test plan, content balancing, selection, stopping, and whole exams."""

import itertools

import numpy as np
import pytest

from psychometrics import cat
from psychometrics.cat import (
    CASE_STUDY_ITEMS,
    CLIENT_NEEDS,
    TEST_PLAN,
    ExamRules,
    ItemBank,
    area_level,
    area_room,
    case_study_block,
    case_study_positions,
    content_area_to_serve,
    draw_score,
    pretest_positions,
    select_case_study,
    select_item,
    simulate_exam,
    stop_decision,
)
from psychometrics.irt import bank_information, pcm_probabilities

RULES = ExamRules()


def rn_bank(n_items: int = 3000, seed: int = 0) -> ItemBank:
    rng = np.random.default_rng(seed)
    needs = rng.choice(len(CLIENT_NEEDS), size=n_items, p=cat.test_plan_targets("RN"))
    return ItemBank.from_difficulties(rng.normal(0, 1, size=n_items), needs)


# --- the test plan -------------------------------------------------------------------------------


def test_client_needs_are_the_contracts_eight_in_test_plan_order():
    assert CLIENT_NEEDS == (
        "management_of_care",
        "safety_infection_control",
        "health_promotion",
        "psychosocial_integrity",
        "basic_care_comfort",
        "pharmacological_therapies",
        "reduction_of_risk",
        "physiological_adaptation",
    )


def test_test_plan_is_ncsbns_table():
    assert [TEST_PLAN["RN"][need] for need in CLIENT_NEEDS] == [
        (15, 21),
        (10, 16),
        (6, 12),
        (6, 12),
        (6, 12),
        (13, 19),
        (9, 15),
        (11, 17),
    ]
    assert [TEST_PLAN["PN"][need] for need in CLIENT_NEEDS] == [
        (18, 24),
        (10, 16),
        (6, 12),
        (9, 15),
        (7, 13),
        (10, 16),
        (9, 15),
        (7, 13),
    ]


@pytest.mark.parametrize("exam", ["RN", "PN"])
def test_test_plan_ranges_are_midpoint_plus_minus_three_and_midpoints_sum_to_100(exam):
    low, high = cat.test_plan_ranges(exam)
    assert high - low == pytest.approx(np.full(8, 0.06))
    assert cat.test_plan_targets(exam) == pytest.approx((low + high) / 2)
    assert cat.test_plan_targets(exam).sum() == pytest.approx(1.0)


# --- Kingsbury-Zara content balancing ------------------------------------------------------------


@pytest.mark.parametrize("exam", ["RN", "PN"])
def test_first_area_is_the_one_with_the_largest_target(exam):
    assert content_area_to_serve(exam, {}) == "management_of_care"


def test_area_with_the_largest_shortfall_is_served():
    # 100 RN items on target except pharmacology 10 (target 16, shortfall 6) and reduction of risk
    # 8 (target 12, shortfall 4); the surplus went to management of care.
    counts = dict(zip(CLIENT_NEEDS, [28, 13, 9, 9, 9, 10, 8, 14], strict=True))
    assert content_area_to_serve("RN", counts) == "pharmacological_therapies"
    counts["pharmacological_therapies"] = 16
    counts["management_of_care"] = 22
    assert content_area_to_serve("RN", counts) == "reduction_of_risk"


def test_largest_shortfall_is_not_the_smallest_count():
    # PN, 20 items: management of care 2 (10 % against 21 %: 11 points short) comes before health
    # promotion, which has the fewest items (1: 5 % against 9 %, 4 points short).
    counts = dict(zip(CLIENT_NEEDS, [2, 3, 1, 3, 2, 3, 3, 3], strict=True))
    shortfalls = {need: cat.test_plan_targets("PN")[i] - counts[need] / 20 for i, need in enumerate(CLIENT_NEEDS)}
    assert min(counts, key=counts.get) == "health_promotion"
    assert max(shortfalls, key=shortfalls.get) == "management_of_care"
    assert content_area_to_serve("PN", counts) == "management_of_care"


def test_missing_areas_count_zero():
    assert content_area_to_serve("RN", {"management_of_care": 5}) == "pharmacological_therapies"


def test_ties_go_to_the_earlier_need():
    # RN: health promotion, psychosocial, basic care all 9 %: with nothing served the first of them.
    counts = dict(zip(CLIENT_NEEDS, [18, 13, 0, 0, 0, 16, 12, 14], strict=True))
    assert content_area_to_serve("RN", counts) == "health_promotion"


# --- item selection ------------------------------------------------------------------------------


def test_selection_stays_in_the_requested_area():
    bank = rn_bank()
    rng = np.random.default_rng(1)
    eligible = np.ones(len(bank), dtype=bool)
    for area in range(8):
        for _ in range(20):
            item = select_item(rng.normal(), bank, eligible, area, 5, rng)
            assert bank.client_need[item] == area


def test_selection_falls_back_to_any_area_when_the_area_has_none_left():
    bank = ItemBank.from_difficulties([0.0, 0.1, 5.0], [0, 0, 1])
    eligible = np.array([True, True, False])
    assert select_item(5.0, bank, eligible, 1, 1, np.random.default_rng(0)) == 1


def test_no_eligible_item_gives_none():
    bank = ItemBank.from_difficulties([0.0, 0.1], [0, 0])
    assert select_item(0.0, bank, np.zeros(2, dtype=bool), 0, 5, np.random.default_rng(0)) is None


def test_ineligible_items_are_never_chosen():
    bank = rn_bank(500)
    rng = np.random.default_rng(2)
    eligible = rng.random(500) < 0.3
    for _ in range(200):
        assert eligible[select_item(rng.normal(), bank, eligible, None, 5, rng)]


def test_k_one_picks_the_most_informative_eligible_item_of_the_area():
    bank = rn_bank(800)
    rng = np.random.default_rng(3)
    eligible = rng.random(800) < 0.8
    for _ in range(50):
        theta, area = rng.normal(), int(rng.integers(8))
        pool = np.flatnonzero(eligible & (bank.client_need == area))
        information = bank_information(theta, bank.step_matrix[pool], bank.n_steps[pool])
        assert select_item(theta, bank, eligible, area, 1, rng) == pool[information.argmax()]


def test_randomesque_picks_among_the_k_best_only_and_uses_all_of_them():
    bank = rn_bank(1000)
    rng = np.random.default_rng(4)
    eligible = np.ones(1000, dtype=bool)
    theta, area = 0.4, 5
    pool = np.flatnonzero(bank.client_need == area)
    best = set(pool[np.argsort(-bank_information(theta, bank.step_matrix[pool], bank.n_steps[pool]))[:5]].tolist())
    chosen = [select_item(theta, bank, eligible, area, 5, rng) for _ in range(500)]
    assert set(chosen) == best
    assert min(chosen.count(i) for i in best) > 60  # uniform: about 100 each


def test_randomesque_with_fewer_candidates_than_k_uses_them_all():
    bank = ItemBank.from_difficulties([0.0, 3.0, -3.0], [2, 2, 2])
    rng = np.random.default_rng(5)
    assert {select_item(0.0, bank, np.ones(3, dtype=bool), 2, 5, rng) for _ in range(100)} == {0, 1, 2}


def test_partial_credit_items_are_ranked_by_their_information():
    # A 3-point item whose steps straddle theta is more informative than a one-point item at theta.
    bank = ItemBank.from_steps([[0.0], [-0.5, 0.0, 0.5], [3.0, 3.5]], [0, 0, 0])
    assert select_item(0.0, bank, np.ones(3, dtype=bool), 0, 1, np.random.default_rng(0)) == 1
    assert select_item(3.2, bank, np.ones(3, dtype=bool), 0, 1, np.random.default_rng(0)) == 2


def test_item_bank_rejects_bad_input():
    with pytest.raises(ValueError):
        ItemBank.from_difficulties([0.0, 1.0], [0])
    with pytest.raises(ValueError):
        ItemBank.from_difficulties([0.0], [8])


# --- case studies --------------------------------------------------------------------------------


def case_study_bank(centres, seed=6):
    """A bank of len(centres) case studies, six partial-credit items each, near each centre (case c's
    items are rows 6c..6c+5), with a few one-point items after them; and the case studies' rows."""
    rng = np.random.default_rng(seed)
    step_list = [
        centre + rng.normal(0, 0.3, size=rng.integers(1, 4)) for centre in centres for _ in range(CASE_STUDY_ITEMS)
    ]
    step_list += [[b] for b in rng.normal(size=5)]
    bank = ItemBank.from_steps(step_list, np.zeros(len(step_list), dtype=int))
    return bank, np.arange(CASE_STUDY_ITEMS * len(centres)).reshape(-1, CASE_STUDY_ITEMS)


def summed_information(theta, bank, case_rows):
    """The oracle: each case study's information summed item by item, one call per case study."""
    return [bank_information(theta, bank.step_matrix[rows], bank.n_steps[rows]).sum() for rows in case_rows]


def test_case_study_with_the_most_information_at_theta_is_chosen():
    bank, case_rows = case_study_bank([-2.0, 0.0, 2.0, 4.0])
    rng = np.random.default_rng(0)
    assert select_case_study(2.1, bank, case_rows, 1, rng) == 2
    assert select_case_study(-1.5, bank, case_rows, 1, rng) == 0
    summed = summed_information(0.7, bank, case_rows)
    assert select_case_study(0.7, bank, case_rows, 1, rng) == int(np.argmax(summed))


def test_case_study_choice_agrees_with_summing_each_case_study_on_its_own():
    rng = np.random.default_rng(12)
    bank, case_rows = case_study_bank(rng.normal(size=300), seed=13)
    shuffled = rng.permutation(case_rows)  # rows need not be in bank order
    for theta in rng.normal(0, 1.5, size=50):
        eligible = rng.random(len(shuffled)) < 0.8
        summed = np.where(eligible, summed_information(theta, bank, shuffled), -np.inf)
        assert select_case_study(theta, bank, shuffled, 1, rng, eligible) == int(np.argmax(summed))


def test_area_room_is_what_each_need_may_still_take_at_the_shortest_exam():
    counts = np.zeros(len(CLIENT_NEEDS), dtype=int)
    counts[CLIENT_NEEDS.index("physiological_adaptation")] = 9
    room = area_room("RN", counts, min_scored=70)
    _, high = cat.test_plan_ranges("RN")
    assert room.tolist() == (np.floor(high * 70 + 1e-9).astype(int) - counts).tolist()
    assert room[CLIENT_NEEDS.index("physiological_adaptation")] == 11 - 9  # 17 % of 70 = 11.9
    assert room[CLIENT_NEEDS.index("management_of_care")] == 14  # 21 % of 70 = 14.7
    assert area_room("RN", np.full(8, 20), 70).max() < 0  # over everywhere: nothing fits


def test_a_case_study_that_does_not_fit_the_room_gives_way_while_one_fits():
    # Case study 0 (most informative at 0) has six items in need 0, case 1 one item in each of six.
    bank = ItemBank.from_steps([[0.0]] * 6 + [[1.5]] * 6, [0] * 6 + [0, 1, 2, 3, 4, 5])
    case_rows = np.arange(12).reshape(2, CASE_STUDY_ITEMS)
    rng = np.random.default_rng(0)
    room = np.full(len(CLIENT_NEEDS), 6)
    assert select_case_study(0.0, bank, case_rows, 1, rng, room=room) == 0  # both fit: information decides
    room[0] = 5
    assert select_case_study(0.0, bank, case_rows, 1, rng, room=room) == 1  # 0 would overfill need 0
    assert select_case_study(0.0, bank, case_rows, 1, rng, room=np.zeros(8, dtype=int)) == 0  # none fits
    assert select_case_study(0.0, bank, case_rows, 1, rng, np.array([True, False]), room) == 0  # only 0 eligible


def test_case_study_is_drawn_among_the_k_best_eligible():
    bank, case_rows = case_study_bank([-2.0, 0.0, 2.0, 4.0])
    rng = np.random.default_rng(0)
    assert {select_case_study(0.9, bank, case_rows, 2, rng) for _ in range(100)} == {1, 2}
    eligible = np.array([True, False, True, True])
    assert {select_case_study(0.9, bank, case_rows, 2, rng, eligible) for _ in range(100)} == {2, 0}
    assert select_case_study(0.0, bank, case_rows, 2, rng, np.zeros(4, dtype=bool)) is None
    assert select_case_study(0.0, bank, np.empty((0, CASE_STUDY_ITEMS), dtype=int), 2, rng) is None


def test_case_study_positions_fit_inside_the_minimum_length_without_overlap():
    for seed in range(200):
        starts = case_study_positions(RULES, np.random.default_rng(seed), available=10)
        assert len(starts) == 3
        assert list(starts) == sorted(starts)
        assert starts[0] >= 2
        assert starts[-1] + CASE_STUDY_ITEMS - 1 <= RULES.min_items
        assert all(b - a >= CASE_STUDY_ITEMS for a, b in itertools.pairwise(starts))


def test_case_study_positions_cover_the_whole_range():
    starts = [case_study_positions(RULES, np.random.default_rng(s), 3) for s in range(500)]
    assert min(s[0] for s in starts) == 2
    assert max(s[-1] for s in starts) == RULES.min_items - CASE_STUDY_ITEMS + 1


def test_fewer_case_studies_when_the_bank_has_fewer():
    assert len(case_study_positions(RULES, np.random.default_rng(0), available=1)) == 1
    assert case_study_positions(RULES, np.random.default_rng(0), available=0) == ()


# --- pretest positions ---------------------------------------------------------------------------


def test_pretest_positions_are_fifteen_within_the_minimum_length():
    for seed in range(100):
        positions = pretest_positions(RULES, np.random.default_rng(seed), available=500)
        assert len(positions) == 15
        assert min(positions) >= 1
        assert max(positions) <= RULES.min_items


def test_pretest_positions_are_at_random():
    draws = [pretest_positions(RULES, np.random.default_rng(seed), 500) for seed in range(50)]
    assert len(set(draws)) == 50
    assert {p for d in draws for p in d} == set(range(1, RULES.min_items + 1))


def test_fewer_pretest_items_when_the_bank_has_fewer():
    assert len(pretest_positions(RULES, np.random.default_rng(0), available=4)) == 4
    assert pretest_positions(RULES, np.random.default_rng(0), available=0) == frozenset()


def test_pretest_positions_avoid_the_case_studies():
    for seed in range(100):
        rng = np.random.default_rng(seed)
        reserved = case_study_block(case_study_positions(RULES, rng, 3))
        positions = pretest_positions(RULES, rng, 500, reserved=reserved)
        assert len(positions) == 15
        assert not positions & reserved


# --- stopping rules ------------------------------------------------------------------------------

CLEARLY_ABOVE = (1.0, 0.2)  # theta, se: 1.0 - 1.96 * 0.2 = 0.61 > 0
CLEARLY_BELOW = (-1.0, 0.2)
UNDECIDED = (0.1, 0.3)


def test_no_confidence_stop_at_84_items():
    assert stop_decision(69, 84, *CLEARLY_ABOVE, RULES) is None
    assert stop_decision(69, 84, *CLEARLY_BELOW, RULES) is None


def test_confidence_pass_and_fail_at_85_items():
    assert stop_decision(70, 85, *CLEARLY_ABOVE, RULES) == (True, "confidence")
    assert stop_decision(70, 85, *CLEARLY_BELOW, RULES) == (False, "confidence")


def test_minimum_counts_every_item_answered_pretest_included():
    # 85 answered of which 70 scored: the minimum is reached.
    assert stop_decision(70, 85, *CLEARLY_ABOVE, RULES) is not None
    assert stop_decision(84, 84, *CLEARLY_ABOVE, RULES) is None


def test_confidence_interval_touching_the_standard_continues():
    se = 0.25
    theta = RULES.confidence_z * se  # lower bound exactly 0
    assert theta - RULES.confidence_z * se == 0.0
    assert stop_decision(100, 100, theta, se, RULES) is None
    assert stop_decision(100, 100, -theta, se, RULES) is None
    assert stop_decision(100, 100, theta + 1e-9, se, RULES) == (True, "confidence")
    assert stop_decision(100, 100, -theta - 1e-9, se, RULES) == (False, "confidence")


def test_undecided_exam_goes_on_until_the_maximum():
    assert stop_decision(134, 149, *UNDECIDED, RULES) is None
    assert stop_decision(135, 150, *UNDECIDED, RULES) == (True, "max_length")


def test_at_the_maximum_theta_exactly_at_the_standard_fails():
    assert stop_decision(135, 150, 0.0, 0.3, RULES) == (False, "max_length")
    assert stop_decision(135, 150, -0.01, 0.3, RULES) == (False, "max_length")
    assert stop_decision(135, 150, 0.01, 0.3, RULES) == (True, "max_length")


def test_at_the_maximum_a_clear_interval_ends_by_the_confidence_rule():
    assert stop_decision(135, 150, *CLEARLY_ABOVE, RULES) == (True, "confidence")


def test_time_out_below_the_minimum_fails_whatever_the_ability():
    assert stop_decision(60, 84, 3.0, 0.2, RULES, timed_out=True) == (False, "time")
    assert stop_decision(0, 1, 0.0, 1.0, RULES, timed_out=True) == (False, "time")


def test_time_out_from_the_minimum_on_is_decided_by_the_ability():
    assert stop_decision(70, 85, 0.05, 0.3, RULES, timed_out=True) == (True, "time")
    assert stop_decision(70, 85, 0.0, 0.3, RULES, timed_out=True) == (False, "time")
    assert stop_decision(100, 120, -0.05, 0.3, RULES, timed_out=True) == (False, "time")


def test_pn_passing_standard_is_used():
    pn = ExamRules(passing_standard=-0.18)
    assert stop_decision(135, 150, -0.1, 0.3, pn) == (True, "max_length")
    assert stop_decision(135, 150, -0.18, 0.3, pn) == (False, "max_length")
    assert stop_decision(70, 85, -0.18 + 1.96 * 0.2 + 1e-6, 0.2, pn) == (True, "confidence")


def test_no_scored_item_never_ends_by_confidence():
    assert stop_decision(0, 90, 0.0, 0.0001, RULES) is None


def test_custom_lengths_are_respected():
    rules = ExamRules(min_items=30, max_items=40, max_pretest=0, case_studies=0)
    assert stop_decision(29, 29, *CLEARLY_ABOVE, rules) is None
    assert stop_decision(30, 30, *CLEARLY_ABOVE, rules) == (True, "confidence")
    assert stop_decision(40, 40, *UNDECIDED, rules) == (True, "max_length")


def test_exam_rules_reject_impossible_settings():
    with pytest.raises(ValueError):
        ExamRules(min_items=90, max_items=80)
    with pytest.raises(ValueError):
        ExamRules(min_items=20, max_pretest=15, case_studies=3)
    with pytest.raises(ValueError):
        ExamRules(randomesque_k=0)


# --- content-area report -------------------------------------------------------------------------


def test_area_levels():
    assert area_level(1.0, 0.3, 0.0) == "above"
    assert area_level(-1.0, 0.3, 0.0) == "below"
    assert area_level(0.2, 0.3, 0.0) == "near"
    assert area_level(-0.2, 0.3, 0.0) == "near"


def test_area_level_interval_touching_the_standard_is_near():
    assert area_level(1.96 * 0.5, 0.5, 0.0) == "near"
    assert area_level(-1.96 * 0.5, 0.5, 0.0) == "near"
    assert area_level(0.5, 0.2, -0.18, z=1.0) == "above"


# --- simulated exams -----------------------------------------------------------------------------


def test_first_item_is_about_one_logit_below_the_standard():
    bank = rn_bank()
    for standard in (0.0, -0.18):
        rules = ExamRules(passing_standard=standard)
        assert rules.first_item_theta == pytest.approx(standard - 1.0)
        firsts = [
            simulate_exam(0.0, bank, rules, "RN", np.random.default_rng(seed))["administered"][0] for seed in range(20)
        ]
        assert np.abs(bank.step_matrix[firsts, 0] - (standard - 1.0)).max() < 0.1
        assert set(bank.client_need[firsts].tolist()) == {0}  # management of care has the largest target


def test_draw_score_follows_the_model():
    rng = np.random.default_rng(7)
    steps = np.array([-0.5, 0.5, np.nan])
    draws = np.array([draw_score(0.3, steps, rng) for _ in range(20_000)])
    observed = np.bincount(draws, minlength=3) / draws.size
    assert observed == pytest.approx(pcm_probabilities(0.3, [-0.5, 0.5]), abs=0.015)


def test_simulated_exam_respects_the_rules():
    bank = rn_bank()
    rng = np.random.default_rng(8)
    for true_theta in rng.normal(0, 1, size=30):
        result = simulate_exam(true_theta, bank, RULES, "RN", rng, pretest_available=100)
        assert RULES.min_items <= result["length"] <= RULES.max_items
        assert result["scored"] == result["length"] - 15
        assert len(set(result["administered"])) == result["scored"]
        assert result["area_counts"].sum() == result["scored"]
        assert len(result["pretest_positions"]) == 15
        assert result["reason"] in {"confidence", "max_length"}
        if result["reason"] == "max_length":
            assert result["length"] == 150
            assert result["passed"] == (result["estimate"] > 0)
        else:
            margin = 1.96 * result["se"]
            assert (result["estimate"] - margin > 0) if result["passed"] else (result["estimate"] + margin < 0)


def test_simulated_exams_keep_every_client_need_inside_the_test_plan():
    bank = rn_bank()
    rng = np.random.default_rng(9)
    low, high = cat.test_plan_ranges("RN")
    for true_theta in rng.normal(0.3, 1, size=50):
        result = simulate_exam(true_theta, bank, RULES, "RN", rng)
        shares = result["area_counts"] / result["scored"]
        assert np.all(shares >= low) and np.all(shares <= high), shares


def test_with_case_studies_and_pretest_every_client_need_stays_in_its_range():
    # The NCLEX's whole shape: 15 pretest items (70 scored at the shortest) and three case studies
    # whose items' needs are drawn at random, so content balancing steers only 52 of 70 items.
    rng = np.random.default_rng(14)
    n_cases = 60
    one_point = rn_bank(2000, seed=15)
    steps = [[float(b)] for b in one_point.step_matrix[:, 0]] + [
        (c + rng.normal(0, 0.5) + np.sort(rng.normal(0, 0.8, size=3))).tolist()
        for c in rng.normal(size=n_cases)
        for _ in range(CASE_STUDY_ITEMS)
    ]
    needs = one_point.client_need.tolist() + rng.choice(8, size=6 * n_cases, p=cat.test_plan_targets("RN")).tolist()
    bank = ItemBank.from_steps(steps, needs)
    cases = np.arange(2000, 2000 + 6 * n_cases).reshape(-1, CASE_STUDY_ITEMS)
    low, high = cat.test_plan_ranges("RN")
    for true_theta in rng.normal(0.3, 1, size=150):
        result = simulate_exam(true_theta, bank, RULES, "RN", rng, case_studies=cases, pretest_available=50)
        assert len(result["case_studies_served"]) == 3
        shares = result["area_counts"] / result["scored"]
        assert np.all(shares >= low - 1e-12) and np.all(shares <= high + 1e-12), (result["scored"], shares)


def test_simulated_exam_serves_case_studies_whole_and_in_order():
    bank = rn_bank()
    rng = np.random.default_rng(10)
    cases = [list(range(100 + 6 * c, 106 + 6 * c)) for c in range(10)]
    in_cases = {i for case in cases for i in case}
    for _ in range(10):
        result = simulate_exam(rng.normal(), bank, RULES, "RN", rng, case_studies=cases, pretest_available=50)
        assert len(result["case_studies_served"]) == 3
        order = result["administered"]
        for start, served in zip(result["case_study_starts"], result["case_studies_served"], strict=True):
            # No pretest item sits inside a case study, so its scored index is start - pretest before it.
            offset = start - 1 - sum(1 for p in result["pretest_positions"] if p < start)
            assert order[offset : offset + 6] == cases[served]
        outside = [i for i in order if i in in_cases]
        assert len(outside) == 18  # case-study items appear only inside their case studies


def test_time_limit_ends_the_exam_by_the_time_rule():
    bank = rn_bank()
    early = simulate_exam(2.0, bank, RULES, "RN", np.random.default_rng(11), time_limit_items=60)
    assert (early["passed"], early["reason"], early["length"]) == (False, "time", 60)
    late = simulate_exam(0.05, bank, RULES, "RN", np.random.default_rng(11), time_limit_items=100)
    if late["reason"] == "time":
        assert late["passed"] == (late["estimate"] > 0)


def test_a_seeded_simulation_of_200_candidates_classifies_above_90_percent():
    bank = rn_bank()
    rng = np.random.default_rng(12)
    truths = rng.normal(0.3, 1, size=200)
    decisions = [simulate_exam(t, bank, RULES, "RN", rng, pretest_available=100)["passed"] for t in truths]
    accuracy = np.mean(np.array(decisions) == (truths > 0))
    assert accuracy > 0.9


def test_partial_credit_bank_simulation_classifies_well():
    rng = np.random.default_rng(13)
    n_items = 1500
    step_list = [np.sort(rng.normal(0, 1, size=rng.integers(1, 4))) for _ in range(n_items)]
    bank = ItemBank.from_steps(step_list, rng.choice(8, size=n_items, p=cat.test_plan_targets("PN")))
    rules = ExamRules(passing_standard=-0.18)
    truths = rng.normal(0, 1, size=60)
    decisions = [simulate_exam(t, bank, rules, "PN", rng)["passed"] for t in truths]
    assert np.mean(np.array(decisions) == (truths > -0.18)) > 0.9


def test_the_bank_running_out_is_an_error():
    bank = ItemBank.from_difficulties(np.linspace(-1, 1, 50), np.zeros(50, dtype=int))
    with pytest.raises(ValueError, match="ran out"):
        simulate_exam(0.0, bank, RULES, "RN", np.random.default_rng(0))


def test_eligible_mask_excludes_items_from_the_whole_exam():
    bank = rn_bank()
    eligible = np.ones(len(bank), dtype=bool)
    eligible[::2] = False
    result = simulate_exam(0.0, bank, RULES, "RN", np.random.default_rng(14), eligible=eligible)
    assert all(i % 2 == 1 for i in result["administered"])
