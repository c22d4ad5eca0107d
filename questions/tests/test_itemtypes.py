"""The item types: shapes, validation and NCSBN's scoring rules (pure functions; no database)."""

import copy
import json
import math
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from jsonschema import Draft202012Validator

from questions import itemtypes
from questions.itemtypes import (
    ITEM_TYPES,
    RULES,
    answer_schema,
    chosen_options,
    content_schema,
    max_score,
    response_schema,
    score,
    score_all_or_nothing,
    score_plus_minus,
    score_rationale,
    score_within_tolerance,
    score_zero_one_choices,
    score_zero_one_parts,
    validate_item,
    validate_response,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "item-types.md"

# Hypothesis writes caches (constants of the modules under test) as soon as its tests are collected:
# into the system's temporary folder, not a .hypothesis/ folder in the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "nclex-hypothesis")

# Hypothesis keeps no example database in the checkout; the root conftest's autouse fixture only
# resets the cache, which does not matter between examples.
FUZZ = settings(
    max_examples=150, database=None, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def example(item_type: str) -> tuple[dict, dict, dict]:
    item = copy.deepcopy(itemtypes.EXAMPLES[item_type])
    return item["content"], item["answer"], item["response"]


# A response to each type's example that earns nothing.
WRONG = {
    "multiple_choice": {"selected": ["A"]},
    "select_n": {"selected": ["C", "E"]},
    "matrix_multiple_choice": {"rows": {"r1": "follow_up", "r2": "expected", "r3": "follow_up", "r4": "expected"}},
    "drop_down_cloze": {"blanks": {"1": "B", "2": "C"}},
    "drop_down_table": {"rows": {"r1": "give", "r2": "hold", "r3": "give"}},
    "drag_drop_cloze": {"blanks": {"1": "t2", "2": "t4"}},
    "bowtie": {"condition": "c2", "actions": ["a3", "a4"], "parameters": ["p3", "p4"]},
    "ordered_response": {"order": ["B", "C", "E", "A", "D"]},
    "fill_in_blank": {"value": 0.4},
    "hot_spot": {"x": 100, "y": 100},
    "multiple_response": {"selected": ["C", "E"]},
    "highlight_text": {"selected": ["h3", "h5"]},
    "highlight_table": {"selected": ["n2", "s1"]},
    "matrix_multiple_response": {"rows": {"pulse": ["furosemide"], "bp": ["digoxin"]}},
    "multiple_response_grouping": {"selected": ["c2", "s3", "g2"]},
    "drop_down_rationale": {"blanks": {"1": "B", "2": "A", "3": "A"}},
    "drag_drop_rationale": {"blanks": {"1": "t2", "2": "t4"}},
}

EXAMPLE_MAX = {
    "multiple_choice": 1,
    "select_n": 2,
    "matrix_multiple_choice": 4,
    "drop_down_cloze": 2,
    "drop_down_table": 3,
    "drag_drop_cloze": 2,
    "bowtie": 5,
    "ordered_response": 1,
    "fill_in_blank": 1,
    "hot_spot": 1,
    "multiple_response": 3,
    "highlight_text": 4,
    "highlight_table": 5,
    "matrix_multiple_response": 6,
    "multiple_response_grouping": 4,
    "drop_down_rationale": 2,
    "drag_drop_rationale": 1,
}


# --- the vocabulary ----------------------------------------------------------------------------------


def test_the_seventeen_types_in_the_contract_order():
    assert ITEM_TYPES == (
        "multiple_choice",
        "select_n",
        "matrix_multiple_choice",
        "drop_down_cloze",
        "drop_down_table",
        "drag_drop_cloze",
        "bowtie",
        "ordered_response",
        "fill_in_blank",
        "hot_spot",
        "multiple_response",
        "highlight_text",
        "highlight_table",
        "matrix_multiple_response",
        "multiple_response_grouping",
        "drop_down_rationale",
        "drag_drop_rationale",
    )


def test_each_type_has_its_ncsbn_rule():
    assert set(RULES) == set(ITEM_TYPES)
    assert [name for name in ITEM_TYPES if RULES[name] == "zero_one"] == list(ITEM_TYPES[:10])
    assert [name for name in ITEM_TYPES if RULES[name] == "plus_minus"] == [
        "multiple_response",
        "highlight_text",
        "highlight_table",
        "matrix_multiple_response",
        "multiple_response_grouping",
    ]
    assert [name for name in ITEM_TYPES if RULES[name] == "rationale"] == ["drop_down_rationale", "drag_drop_rationale"]


# --- every type: the example is valid, the key scores max, a wrong response 0 ---------------------------


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_example_item_and_response_are_valid(item_type):
    content, answer, response = example(item_type)
    assert validate_item(item_type, content, answer) == {}
    assert validate_response(item_type, content, response) == {}
    assert validate_response(item_type, content, WRONG[item_type]) == {}


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_max_score_of_the_example(item_type):
    content, answer, _ = example(item_type)
    assert max_score(item_type, content, answer) == EXAMPLE_MAX[item_type]


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_the_key_as_a_response_scores_max(item_type):
    content, answer, response = example(item_type)
    assert score(item_type, content, answer, response) == max_score(item_type, content, answer)


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_a_wrong_response_scores_zero(item_type):
    content, answer, _ = example(item_type)
    assert score(item_type, content, answer, WRONG[item_type]) == 0


# --- the rules themselves -------------------------------------------------------------------------------


def test_zero_one_parts_counts_the_parts_whose_choice_is_the_key():
    key = {"r1": "a", "r2": "b", "r3": "a"}
    assert score_zero_one_parts(key, key) == 3
    assert score_zero_one_parts({"r1": "a", "r2": "a", "r3": "b"}, key) == 1
    assert score_zero_one_parts({}, key) == 0


def test_zero_one_choices_does_not_penalise_distractors():
    assert score_zero_one_choices(["A", "B"], ["A", "B"]) == 2
    assert score_zero_one_choices(["A", "C"], ["A", "B"]) == 1
    assert score_zero_one_choices(["C", "D"], ["A", "B"]) == 0


def test_all_or_nothing():
    assert score_all_or_nothing(True) == 1
    assert score_all_or_nothing(False) == 0


def test_within_tolerance_includes_both_edges_despite_floating_point():
    assert score_within_tolerance(2.45, 2.5, 0.05) == 1
    assert score_within_tolerance(2.55, 2.5, 0.05) == 1
    assert score_within_tolerance(2.56, 2.5, 0.05) == 0
    assert score_within_tolerance(0.3, 0.1 + 0.2, 0) == 1
    assert score_within_tolerance(2.6, 2.5, 0) == 0


def test_plus_minus_sata_with_three_keys_among_five_ncsbn_worked_examples():
    correct = ["A", "B", "D"]
    assert score_plus_minus(["A", "B", "D"], correct) == 3
    assert score_plus_minus(["A", "B", "D", "C"], correct) == 2
    assert score_plus_minus(["A", "C", "E"], correct) == 0  # 1 - 2 is floored at 0, not -1
    assert score_plus_minus(["A", "B", "C", "D", "E"], correct) == 1  # select all: 3 - 2
    assert score_plus_minus(["A"], correct) == 1
    assert score_plus_minus(["C", "E"], correct) == 0


def test_rationale_dyad_earns_only_when_both_parts_are_right():
    assert score_rationale(True, [True]) == 1
    assert score_rationale(True, [False]) == 0
    assert score_rationale(False, [True]) == 0


def test_rationale_triad_earns_the_cause_with_each_effect():
    assert score_rationale(True, [True, True]) == 2
    assert score_rationale(True, [True, False]) == 1
    assert score_rationale(True, [False, True]) == 1
    assert score_rationale(False, [True, True]) == 0  # the cause must be right for either point


# --- NCSBN's worked examples through the items ------------------------------------------------------------


def test_sata_item_scores_plus_minus():
    content, answer, _ = example("multiple_response")  # keys A, B, D among A-E
    assert score("multiple_response", content, answer, {"selected": ["A", "B", "D"]}) == 3
    assert score("multiple_response", content, answer, {"selected": ["A", "B", "D", "E"]}) == 2
    assert score("multiple_response", content, answer, {"selected": ["B", "C", "E"]}) == 0
    assert score("multiple_response", content, answer, {"selected": ["A", "B", "C", "D", "E"]}) == 1


def test_matrix_multiple_choice_scores_each_row():
    content, answer, _ = example("matrix_multiple_choice")
    response = {"rows": {"r1": "expected", "r2": "expected", "r3": "follow_up", "r4": "follow_up"}}
    assert score("matrix_multiple_choice", content, answer, response) == 2


def test_bowtie_scores_each_of_its_five_slots():
    content, answer, _ = example("bowtie")  # c1; a1 a2; p1 p2
    three_of_five = {"condition": "c1", "actions": ["a1", "a3"], "parameters": ["p2", "p5"]}
    assert score("bowtie", content, answer, three_of_five) == 3
    wrong_condition = {"condition": "c2", "actions": ["a2", "a1"], "parameters": ["p1", "p2"]}
    assert score("bowtie", content, answer, wrong_condition) == 4
    assert max_score("bowtie", content, answer) == 5


def test_select_n_with_more_than_n_selected_is_a_validation_error_not_a_score():
    content, _, _ = example("select_n")  # n = 2
    errors = validate_response("select_n", content, {"selected": ["A", "B", "C"]})
    assert errors == {"response.selected": ["Select at most 2 options."]}


def test_select_n_scores_each_correct_selection_without_penalty():
    content, answer, _ = example("select_n")
    assert validate_response("select_n", content, {"selected": ["A"]}) == {}
    assert score("select_n", content, answer, {"selected": ["A", "C"]}) == 1
    assert score("select_n", content, answer, {"selected": ["B"]}) == 1


def test_drop_down_rationale_triad():
    content, answer, _ = example("drop_down_rationale")  # 1 (cause) = A, effects 2 = A, 3 = A
    assert max_score("drop_down_rationale", content, answer) == 2
    assert score("drop_down_rationale", content, answer, {"blanks": {"1": "A", "2": "A", "3": "A"}}) == 2
    assert score("drop_down_rationale", content, answer, {"blanks": {"1": "A", "2": "B", "3": "A"}}) == 1
    assert score("drop_down_rationale", content, answer, {"blanks": {"1": "A", "2": "B", "3": "C"}}) == 0
    assert score("drop_down_rationale", content, answer, {"blanks": {"1": "B", "2": "A", "3": "A"}}) == 0


def test_drag_drop_rationale_dyad():
    content, answer, _ = example("drag_drop_rationale")  # 1 (effect) = t1, 2 (cause) = t3
    assert max_score("drag_drop_rationale", content, answer) == 1
    assert score("drag_drop_rationale", content, answer, {"blanks": {"1": "t1", "2": "t3"}}) == 1
    assert score("drag_drop_rationale", content, answer, {"blanks": {"1": "t1", "2": "t4"}}) == 0
    assert score("drag_drop_rationale", content, answer, {"blanks": {"1": "t2", "2": "t3"}}) == 0


def test_drag_drop_rationale_triad_with_the_cause_last():
    content = {
        "text": "The nurse {{1}} and {{2}} because {{3}}.",
        "blanks": [{"id": "1", "role": "effect"}, {"id": "2", "role": "effect"}, {"id": "3", "role": "cause"}],
        "tokens": [{"id": f"t{i}", "text": f"token {i}"} for i in range(1, 7)],
    }
    answer = {"blanks": {"1": "t1", "2": "t2", "3": "t3"}}
    assert validate_item("drag_drop_rationale", content, answer) == {}
    assert max_score("drag_drop_rationale", content, answer) == 2
    assert score("drag_drop_rationale", content, answer, {"blanks": {"1": "t1", "2": "t4", "3": "t3"}}) == 1
    assert score("drag_drop_rationale", content, answer, {"blanks": {"1": "t1", "2": "t2", "3": "t5"}}) == 0


def test_matrix_multiple_response_is_plus_minus_per_column_each_floored_at_0():
    content, answer, full = example("matrix_multiple_response")  # 2 correct rows in each of 3 columns
    # digoxin: pulse right, bp wrong -> 0; metoprolol: pulse and bp right -> 2; furosemide: pulse wrong -> 0
    response = {"rows": {"pulse": ["digoxin", "metoprolol", "furosemide"], "bp": ["metoprolol", "digoxin"]}}
    assert score("matrix_multiple_response", content, answer, response) == 2  # the whole grid: 3 - 2 = 1
    # A column's wrong checks never cost another column's points.
    one_wrong_elsewhere = {"rows": {"pulse": ["metoprolol", "furosemide"], "bp": ["metoprolol"]}}
    assert score("matrix_multiple_response", content, answer, one_wrong_elsewhere) == 2  # the whole grid: 2 - 1 = 1
    everything = {"rows": {row["id"]: [c["id"] for c in content["columns"]] for row in content["rows"]}}
    assert score("matrix_multiple_response", content, answer, everything) == 3  # 1 per column: 2 right - 1 wrong
    assert score("matrix_multiple_response", content, answer, full) == 6


def test_matrix_multiple_response_worked_example_scores_5_of_8():
    """The NCLEX-scoring worked example: columns pneumonia (4 keys), UTI (2) and influenza (2); one
    pneumonia key missed (3), both UTI keys (2), influenza one key and one wrong cell (1 - 1 = 0)."""
    findings = ["fever", "cough", "crackles", "dysuria", "frequency", "myalgia", "confusion"]
    content = {
        "columns": [{"id": c, "text": c.title()} for c in ("pneumonia", "uti", "influenza")],
        "rows": [{"id": f, "text": f.title()} for f in findings],
    }
    answer = {
        "rows": {
            "fever": ["pneumonia", "influenza"],
            "cough": ["pneumonia", "influenza"],
            "crackles": ["pneumonia"],
            "dysuria": ["uti"],
            "frequency": ["uti"],
            "myalgia": [],
            "confusion": ["pneumonia"],
        }
    }
    assert itemtypes.max_score("matrix_multiple_response", content, answer) == 8
    response = {
        "rows": {
            "fever": ["pneumonia", "influenza"],
            "cough": ["pneumonia"],
            "crackles": ["pneumonia"],
            "dysuria": ["uti"],
            "frequency": ["uti"],
            "myalgia": ["influenza"],
        }
    }
    assert score("matrix_multiple_response", content, answer, response) == 5
    assert itemtypes.score_matrix_plus_minus(["influenza"], response["rows"], answer["rows"]) == 0


def test_multiple_response_grouping_floors_each_group_then_sums():
    content, answer, _ = example("multiple_response_grouping")  # c1 | s1 s2 | g1
    response = {"selected": ["c2", "c3", "s1", "s2", "g1"]}
    # cardio: 0 - 2 -> 0 (does not cancel the other groups); skin: 2; gi: 1
    assert score("multiple_response_grouping", content, answer, response) == 3
    # cardio 1; skin 1 - 1 = 0; gi 1 - 1 = 0
    assert score("multiple_response_grouping", content, answer, {"selected": ["c1", "s1", "s3", "g1", "g3"]}) == 1


def test_ordered_response_is_all_or_nothing():
    content, answer, _ = example("ordered_response")
    almost = {"order": ["C", "B", "E", "D", "A"]}
    assert score("ordered_response", content, answer, almost) == 0


def test_drag_drop_cloze_scores_each_blank():
    content, answer, _ = example("drag_drop_cloze")
    assert score("drag_drop_cloze", content, answer, {"blanks": {"1": "t1", "2": "t4"}}) == 1


def test_drop_down_cloze_and_table_score_each_drop_down():
    content, answer, _ = example("drop_down_cloze")
    assert score("drop_down_cloze", content, answer, {"blanks": {"1": "A", "2": "B"}}) == 1
    content, answer, _ = example("drop_down_table")
    assert score("drop_down_table", content, answer, {"rows": {"r1": "hold", "r2": "hold", "r3": "hold"}}) == 2


def test_highlight_scores_plus_minus():
    content, answer, _ = example("highlight_text")  # h1 h2 h4 h6
    assert score("highlight_text", content, answer, {"selected": ["h1", "h2", "h3"]}) == 1
    content, answer, _ = example("highlight_table")  # v1 v2 v3 n1 u1
    assert score("highlight_table", content, answer, {"selected": ["v1", "v2", "n2", "s1"]}) == 0


def test_fill_in_blank_accepts_values_within_the_tolerance():
    content, answer, _ = example("fill_in_blank")  # 2.5 mL ± 0.05
    assert score("fill_in_blank", content, answer, {"value": 2.5}) == 1
    assert score("fill_in_blank", content, answer, {"value": 2.55}) == 1
    assert score("fill_in_blank", content, answer, {"value": 2.6}) == 0
    assert score("fill_in_blank", content, answer, {"value": 25}) == 0
    assert score("fill_in_blank", content, answer, {"value": -1e308}) == 0


@pytest.mark.parametrize(
    ("region", "inside", "outside"),
    [
        (
            {"shape": "rect", "x": 10, "y": 20, "width": 30, "height": 40},
            [(10, 20), (40, 60), (25, 30)],
            [(9, 20), (41, 30)],
        ),
        (
            {"shape": "circle", "cx": 100, "cy": 100, "r": 10},
            [(100, 100), (110, 100), (107, 107)],
            [(108, 108), (100, 111)],
        ),
        (
            {"shape": "polygon", "points": [[0, 0], [100, 0], [100, 100], [50, 40], [0, 100]]},  # a notched square
            [(10, 10), (50, 0), (100, 50), (0, 100), (50, 30)],
            [(50, 60), (101, 50), (50, 99)],
        ),
    ],
)
def test_hot_spot_point_in_region_edges_included(region, inside, outside):
    content = {"image_url": "/static/x.svg", "width": 200, "height": 200}
    answer = {"regions": [region]}
    assert validate_item("hot_spot", content, answer) == {}
    for x, y in inside:
        assert score("hot_spot", content, answer, {"x": x, "y": y}) == 1, (x, y)
    for x, y in outside:
        assert score("hot_spot", content, answer, {"x": x, "y": y}) == 0, (x, y)


def test_hot_spot_any_region_counts():
    content, _, _ = example("hot_spot")
    answer = {
        "regions": [
            {"shape": "rect", "x": 0, "y": 0, "width": 10, "height": 10},
            {"shape": "circle", "cx": 300, "cy": 300, "r": 5},
        ]
    }
    assert score("hot_spot", content, answer, {"x": 301, "y": 302}) == 1
    assert score("hot_spot", content, answer, {"x": 200, "y": 200}) == 0


# --- max_score ------------------------------------------------------------------------------------------


def test_max_score_follows_from_the_item():
    content, _, _ = example("multiple_response")
    assert max_score("multiple_response", content, {"correct": ["A"]}) == 1
    assert max_score("multiple_response", content, {"correct": ["A", "B", "C", "D", "E"]}) == 5
    content, answer, _ = example("select_n")
    assert max_score("select_n", content, answer) == content["n"]
    content, answer, _ = example("matrix_multiple_choice")
    assert max_score("matrix_multiple_choice", content, answer) == len(content["rows"])
    for one_point in ("multiple_choice", "ordered_response", "fill_in_blank", "hot_spot"):
        assert max_score(one_point, *example(one_point)[:2]) == 1


# --- chosen options --------------------------------------------------------------------------------------


def test_chosen_options_for_statistics():
    assert chosen_options("multiple_response", {"selected": ["A", "D"]}) == ["A", "D"]
    assert chosen_options("matrix_multiple_choice", {"rows": {"r1": "expected"}}) == ["r1:expected"]
    assert chosen_options("matrix_multiple_response", {"rows": {"r1": ["a", "b"], "r2": []}}) == ["r1:a", "r1:b"]
    assert chosen_options("drop_down_cloze", {"blanks": {"1": "A", "2": "C"}}) == ["1:A", "2:C"]
    assert chosen_options("drop_down_table", {"rows": {"r1": "hold"}}) == ["r1:hold"]
    assert chosen_options("drag_drop_cloze", {"blanks": {"1": "t2"}}) == ["t2"]
    assert chosen_options("bowtie", {"condition": "c1", "actions": ["a1", "a2"], "parameters": ["p3", "p1"]}) == [
        "c1",
        "a1",
        "a2",
        "p3",
        "p1",
    ]
    assert chosen_options("ordered_response", {"order": ["C", "A", "B"]}) == ["1:C", "2:A", "3:B"]
    assert chosen_options("fill_in_blank", {"value": 2.5}) == []
    assert chosen_options("hot_spot", {"x": 1, "y": 2}) == []


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_chosen_options_of_the_example_are_strings(item_type):
    _, _, response = example(item_type)
    chosen = chosen_options(item_type, response)
    assert all(isinstance(choice, str) for choice in chosen)
    assert (chosen == []) == (item_type in ("fill_in_blank", "hot_spot"))


# --- bad items and responses: errors at the right path ------------------------------------------------------


def at(value, path, new):
    """A copy of `value` with the element at `path` (keys and indexes) replaced by `new`."""
    value = copy.deepcopy(value)
    target = value
    for part in path[:-1]:
        target = target[part]
    if new is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return value


DELETE = object()

BAD_ITEMS = [
    # (type, part, path in that part, new value, error path, message)
    ("multiple_choice", "answer", ("correct",), ["A", "B"], "answer.correct", "Give exactly 1 correct option."),
    ("multiple_choice", "answer", ("correct", 0), "Z", "answer.correct[0]", "Unknown option id."),
    (
        "multiple_choice",
        "content",
        ("options",),
        [{"id": "A", "text": "only"}],
        "content.options",
        "Give at least 2 options.",
    ),
    ("multiple_choice", "content", ("options", 1, "id"), "A", "content.options[1].id", "Duplicate id."),
    ("multiple_choice", "content", ("options", 2, "text"), "   ", "content.options[2].text", "Must not be blank."),
    ("multiple_choice", "content", ("options", 0, "id"), "a b", "content.options[0].id", itemtypes.BAD_ID),
    ("multiple_choice", "content", ("options", 0, "id"), 7, "content.options[0].id", "Must be a string."),
    ("multiple_choice", "content", ("options", 0, "colour"), "red", "content.options[0].colour", "Unknown field."),
    (
        "multiple_choice",
        "content",
        ("options", 0, "text"),
        DELETE,
        "content.options[0].text",
        "This field is required.",
    ),
    (
        "multiple_choice",
        "content",
        ("options",),
        [{"id": str(i), "text": "x"} for i in range(11)],
        "content.options",
        "Give at most 10 options.",
    ),
    ("multiple_response", "answer", ("correct",), [], "answer.correct", "Give at least 1 correct option."),
    ("multiple_response", "answer", ("correct", 1), "A", "answer.correct[1]", itemtypes.CHOSEN_TWICE),
    ("select_n", "answer", ("correct",), ["A", "B", "C"], "answer.correct", "Give exactly 2 correct options (n is 2)."),
    ("select_n", "content", ("n",), 5, "content.n", "n must be smaller than the number of options."),
    ("select_n", "content", ("n",), 2.0, "content.n", "Must be a whole number."),
    ("select_n", "content", ("n",), 1, "content.n", "Must be at least 2."),
    ("matrix_multiple_choice", "answer", ("rows", "r3"), "unsure", "answer.rows.r3", "Unknown column id."),
    (
        "matrix_multiple_choice",
        "answer",
        ("rows", "r3"),
        DELETE,
        "answer.rows.r3",
        "Give the correct column for this row.",
    ),
    ("matrix_multiple_choice", "answer", ("rows", "r9"), "expected", "answer.rows.r9", "Unknown row id."),
    ("matrix_multiple_choice", "answer", ("rows", "r2"), ["follow_up"], "answer.rows.r2", "Must be a string."),
    ("matrix_multiple_choice", "content", ("rows", 2, "id"), "r1", "content.rows[2].id", "Duplicate id."),
    (
        "matrix_multiple_response",
        "answer",
        ("rows", "bp", 1),
        "metoprolol",
        "answer.rows.bp[1]",
        itemtypes.CHOSEN_TWICE,
    ),
    ("matrix_multiple_response", "answer", ("rows", "bp", 0), "aspirin", "answer.rows.bp[0]", "Unknown column id."),
    (
        "matrix_multiple_response",
        "answer",
        ("rows", "bp"),
        DELETE,
        "answer.rows.bp",
        "List the correct columns of this row (or none: []).",
    ),
    (
        "matrix_multiple_response",
        "answer",
        ("rows",),
        {"pulse": [], "bp": [], "potassium": []},
        "answer.rows",
        "Mark at least one correct cell.",
    ),
    ("drop_down_cloze", "answer", ("blanks", "2"), "D", "answer.blanks.2", "Unknown option id."),
    ("drop_down_cloze", "answer", ("blanks", "2"), DELETE, "answer.blanks.2", "Give the correct option."),
    (
        "drop_down_cloze",
        "content",
        ("text",),
        "No blanks here.",
        "content.text",
        "Put {{1}} in the text where blank 1 goes.",
    ),
    (
        "drop_down_cloze",
        "content",
        ("blanks", 1, "options", 1, "id"),
        "A",
        "content.blanks[1].options[1].id",
        "Duplicate id.",
    ),
    (
        "drop_down_cloze",
        "content",
        ("blanks", 0, "options"),
        [{"id": "A", "text": "x"}],
        "content.blanks[0].options",
        "Give at least 2 options.",
    ),
    ("drop_down_table", "answer", ("rows", "r2"), "maybe", "answer.rows.r2", "Unknown option id."),
    ("drop_down_table", "answer", ("rows", "r3"), DELETE, "answer.rows.r3", "Give the correct option for this row."),
    (
        "drop_down_table",
        "content",
        ("rows", 2, "options", 0, "text"),
        "",
        "content.rows[2].options[0].text",
        "Must not be blank.",
    ),
    ("drop_down_table", "content", ("headers",), ["Only one"], "content.headers", "Give exactly 2 headers."),
    ("drag_drop_cloze", "answer", ("blanks", "2"), "t1", "answer.blanks.2", "Each token can be used only once."),
    ("drag_drop_cloze", "answer", ("blanks", "1"), "t9", "answer.blanks.1", "Unknown token id."),
    (
        "drag_drop_cloze",
        "content",
        ("tokens",),
        [{"id": "t1", "text": "a"}, {"id": "t2", "text": "b"}],
        "content.tokens",
        "Give more tokens than blanks.",
    ),
    ("bowtie", "answer", ("actions",), ["a1"], "answer.actions", "Give exactly 2 actions."),
    ("bowtie", "answer", ("actions", 1), "p1", "answer.actions[1]", "Unknown action id."),
    ("bowtie", "answer", ("parameters", 1), "p1", "answer.parameters[1]", itemtypes.CHOSEN_TWICE),
    ("bowtie", "answer", ("condition",), "a1", "answer.condition", "Unknown condition id."),
    ("bowtie", "content", ("actions", 0, "id"), "c1", "content.actions[0].id", "Duplicate id."),
    (
        "bowtie",
        "content",
        ("conditions",),
        [{"id": "c1", "text": "Only one"}],
        "content.conditions",
        "Give at least 2 conditions.",
    ),
    ("ordered_response", "answer", ("order",), ["C", "B", "E", "A"], "answer.order", "List every option exactly once."),
    ("ordered_response", "answer", ("order", 4), "C", "answer.order[4]", itemtypes.CHOSEN_TWICE),
    ("ordered_response", "answer", ("order", 4), "Z", "answer.order[4]", "Unknown option id."),
    ("fill_in_blank", "answer", ("tolerance",), -0.1, "answer.tolerance", "Must be at least 0."),
    ("fill_in_blank", "answer", ("unit",), "mg", "answer.unit", "Must be the content's unit (mL)."),
    (
        "fill_in_blank",
        "answer",
        ("value",),
        2.55,
        "answer.value",
        "Give the value rounded to 1 decimal places, as the item asks.",
    ),
    ("fill_in_blank", "answer", ("value",), "2.5", "answer.value", "Must be a number."),
    ("fill_in_blank", "answer", ("value",), math.nan, "answer.value", "Must be a finite number."),
    ("fill_in_blank", "answer", ("value",), math.inf, "answer.value", "Must be a finite number."),
    ("fill_in_blank", "answer", ("value",), 10**30, "answer.value", "Number is out of range."),
    ("fill_in_blank", "content", ("decimals",), 7, "content.decimals", "Must be at most 4."),
    ("fill_in_blank", "content", ("unit",), "", "content.unit", "Must not be blank."),
    (
        "hot_spot",
        "answer",
        ("regions", 0, "r"),
        200,
        "answer.regions[0]",
        "The region must lie inside the 400 x 400 image.",
    ),
    ("hot_spot", "answer", ("regions", 0, "r"), 0, "answer.regions[0]", "Give the circle a radius."),
    ("hot_spot", "answer", ("regions", 0, "width"), 5, "answer.regions[0].width", "Not used by a circle region."),
    ("hot_spot", "answer", ("regions", 0, "cy"), DELETE, "answer.regions[0].cy", "This field is required."),
    (
        "hot_spot",
        "answer",
        ("regions", 0, "shape"),
        "star",
        "answer.regions[0].shape",
        "Must be one of: rect, circle, polygon.",
    ),
    (
        "hot_spot",
        "answer",
        ("regions", 0),
        {"shape": "polygon", "points": [[0, 0], [10, 10], [20, 20]]},
        "answer.regions[0]",
        "The polygon's corners must enclose an area.",
    ),
    (
        "hot_spot",
        "answer",
        ("regions", 0),
        {"shape": "polygon", "points": [[0, 0], [10, 10]]},
        "answer.regions[0].points",
        "Give at least 3 points.",
    ),
    (
        "hot_spot",
        "answer",
        ("regions", 0),
        {"shape": "polygon", "points": [[0, 0], [10], [0, 10]]},
        "answer.regions[0].points[1]",
        "Give exactly 2 numbers.",
    ),
    (
        "hot_spot",
        "answer",
        ("regions", 0),
        {"shape": "rect", "x": 390, "y": 0, "width": 20, "height": 10},
        "answer.regions[0]",
        "The region must lie inside the 400 x 400 image.",
    ),
    ("hot_spot", "answer", ("regions",), [], "answer.regions", "Give at least 1 region."),
    ("hot_spot", "content", ("width",), 0, "content.width", "Must be at least 1."),
    (
        "hot_spot",
        "content",
        ("image_url",),
        "javascript:alert(1)",
        "content.image_url",
        "Give an http(s) URL or a path starting with '/'.",
    ),
    ("highlight_text", "answer", ("correct", 0), "h99", "answer.correct[0]", "Unknown segment id."),
    ("highlight_text", "content", ("segments", 2, "text"), "", "content.segments[2].text", "Must not be blank."),
    (
        "highlight_text",
        "content",
        ("segments",),
        [{"text": "plain"}, {"id": "h1", "text": "one"}],
        "content.segments",
        "Make at least 2 segments selectable (give them an id).",
    ),
    ("highlight_table", "answer", ("correct", 4), "u9", "answer.correct[4]", "Unknown segment id."),
    (
        "highlight_table",
        "content",
        ("rows", 2, "segments", 0, "id"),
        "v1",
        "content.rows[2].segments[0].id",
        "Duplicate id.",
    ),
    ("highlight_table", "content", ("rows", 1, "label"), " ", "content.rows[1].label", "Must not be blank."),
    (
        "multiple_response_grouping",
        "answer",
        ("correct",),
        ["c1", "s1"],
        "answer.correct",
        "Mark at least one correct option in group gi.",
    ),
    (
        "multiple_response_grouping",
        "content",
        ("groups", 1, "options", 0, "id"),
        "c1",
        "content.groups[1].options[0].id",
        "Duplicate id.",
    ),
    ("multiple_response_grouping", "content", ("groups", 2, "id"), "skin", "content.groups[2].id", "Duplicate id."),
    (
        "drop_down_rationale",
        "content",
        ("blanks", 1, "role"),
        "cause",
        "content.blanks",
        "Mark exactly one blank as the cause (role: cause).",
    ),
    (
        "drop_down_rationale",
        "content",
        ("blanks", 1, "role"),
        "reason",
        "content.blanks[1].role",
        "Must be one of: cause, effect.",
    ),
    ("drop_down_rationale", "answer", ("blanks", "3"), "Z", "answer.blanks.3", "Unknown option id."),
    (
        "drag_drop_rationale",
        "content",
        ("blanks", 1, "role"),
        "effect",
        "content.blanks",
        "Mark exactly one blank as the cause (role: cause).",
    ),
    ("drag_drop_rationale", "answer", ("blanks", "2"), "t1", "answer.blanks.2", "Each token can be used only once."),
    (
        "drag_drop_rationale",
        "content",
        ("text",),
        "The nurse should {{1}} because {{2}} and {{9}}.",
        "content.text",
        "No blank has the id '9'.",
    ),
]


@pytest.mark.parametrize(("item_type", "part", "path", "new", "error_path", "message"), BAD_ITEMS)
def test_bad_item_errors_at_the_right_path(item_type, part, path, new, error_path, message):
    content, answer, _ = example(item_type)
    if part == "content":
        content = at(content, path, new)
    else:
        answer = at(answer, path, new)
    errors = validate_item(item_type, content, answer)
    assert message in errors.get(error_path, []), errors


def test_every_type_has_a_bad_item_case():
    assert {case[0] for case in BAD_ITEMS} == set(ITEM_TYPES)


BAD_RESPONSES = [
    # (type, response, error path, message)
    ("multiple_choice", {"selected": ["A", "B"]}, "response.selected", "Select exactly 1 option."),
    ("multiple_choice", {"selected": []}, "response.selected", "Select exactly 1 option."),
    ("multiple_choice", {"selected": ["Z"]}, "response.selected[0]", "Unknown option id."),
    ("multiple_choice", {"selected": "B"}, "response.selected", "Must be a list."),
    ("multiple_choice", {}, "response.selected", "This field is required."),
    ("multiple_choice", {"selected": ["B"], "confidence": 3}, "response.confidence", "Unknown field."),
    ("multiple_choice", ["B"], "response", "Must be an object."),
    ("select_n", {"selected": ["A", "B", "C"]}, "response.selected", "Select at most 2 options."),
    ("select_n", {"selected": ["A", "A"]}, "response.selected[1]", itemtypes.CHOSEN_TWICE),
    ("multiple_response", {"selected": []}, "response.selected", "Select at least 1 option."),
    ("multiple_response", {"selected": ["A", "F"]}, "response.selected[1]", "Unknown option id."),
    (
        "matrix_multiple_choice",
        {"rows": {"r1": "expected", "r2": "expected", "r3": "expected"}},
        "response.rows.r4",
        "Choose a column for this row.",
    ),
    (
        "matrix_multiple_choice",
        {"rows": {"r1": "x", "r2": "expected", "r3": "expected", "r4": "expected"}},
        "response.rows.r1",
        "Unknown column id.",
    ),
    ("matrix_multiple_response", {"rows": {}}, "response.rows", "Select at least one cell."),
    (
        "matrix_multiple_response",
        {"rows": {"pulse": ["digoxin", "digoxin"]}},
        "response.rows.pulse[1]",
        itemtypes.CHOSEN_TWICE,
    ),
    ("matrix_multiple_response", {"rows": {"heart": ["digoxin"]}}, "response.rows.heart", "Unknown row id."),
    ("drop_down_cloze", {"blanks": {"1": "A"}}, "response.blanks.2", "Choose an option for this drop-down."),
    ("drop_down_cloze", {"blanks": {"1": "A", "2": "A", "3": "A"}}, "response.blanks.3", "Unknown blank id."),
    (
        "drop_down_table",
        {"rows": {"r1": "hold", "r2": "give", "r3": "later"}},
        "response.rows.r3",
        "Unknown option id.",
    ),
    ("drag_drop_cloze", {"blanks": {"1": "t1", "2": "t1"}}, "response.blanks.2", "Each token can be used only once."),
    ("drag_drop_cloze", {"blanks": {"1": "t1"}}, "response.blanks.2", "Drop a token in this blank."),
    (
        "bowtie",
        {"condition": "c1", "actions": ["a1", "a2", "a3"], "parameters": ["p1", "p2"]},
        "response.actions",
        "Select exactly 2 actions.",
    ),
    (
        "bowtie",
        {"condition": "c9", "actions": ["a1", "a2"], "parameters": ["p1", "p2"]},
        "response.condition",
        "Unknown condition id.",
    ),
    (
        "bowtie",
        {"condition": "c1", "actions": ["a1", "a2"], "parameters": ["p1", "a3"]},
        "response.parameters[1]",
        "Unknown parameter id.",
    ),
    ("ordered_response", {"order": ["C", "B", "E", "A"]}, "response.order", "List every option exactly once."),
    ("fill_in_blank", {"value": "2.5"}, "response.value", "Must be a number."),
    ("fill_in_blank", {"value": math.nan}, "response.value", "Must be a finite number."),
    ("fill_in_blank", {"value": True}, "response.value", "Must be a number."),
    ("hot_spot", {"x": 401, "y": 10}, "response.x", "The point is outside the image (width 400)."),
    ("hot_spot", {"x": 10, "y": -1}, "response.y", "Must be at least 0."),
    ("highlight_text", {"selected": ["h1", "h7"]}, "response.selected[1]", "Unknown segment id."),
    ("highlight_table", {"selected": []}, "response.selected", "Select at least 1 option."),
    (
        "multiple_response_grouping",
        {"selected": ["c1", "s1"]},
        "response.selected",
        "Select at least one option in every group.",
    ),
    (
        "drop_down_rationale",
        {"blanks": {"1": "A", "2": "A"}},
        "response.blanks.3",
        "Choose an option for this drop-down.",
    ),
    (
        "drag_drop_rationale",
        {"blanks": {"1": "t3", "2": "t3"}},
        "response.blanks.2",
        "Each token can be used only once.",
    ),
]


@pytest.mark.parametrize(("item_type", "response", "error_path", "message"), BAD_RESPONSES)
def test_bad_response_errors_at_the_right_path(item_type, response, error_path, message):
    content, _, _ = example(item_type)
    errors = validate_response(item_type, content, response)
    assert message in errors.get(error_path, []), errors
    assert all(path.startswith("response") for path in errors)


def test_every_type_has_a_bad_response_case():
    assert {case[0] for case in BAD_RESPONSES} == set(ITEM_TYPES)


def test_an_invalid_content_is_reported_instead_of_checking_the_response():
    content, _, response = example("multiple_choice")
    content["options"][1]["id"] = "A"
    assert validate_response("multiple_choice", content, response) == {"content.options[1].id": ["Duplicate id."]}


@pytest.mark.parametrize("item_type", [None, "", "essay", 3, ["multiple_choice"]])
def test_unknown_type(item_type):
    content, answer, response = example("multiple_choice")
    assert validate_item(item_type, content, answer) == {"type": ["Unknown item type."]}
    assert validate_response(item_type, content, response) == {"type": ["Unknown item type."]}
    with pytest.raises(ValueError):
        content_schema(item_type)
    with pytest.raises(ValueError):
        score(item_type, content, answer, response)


def test_values_no_json_parser_makes_are_errors_not_exceptions():
    content, answer, _ = example("multiple_choice")
    assert validate_item("multiple_choice", {"options": ({"id": "A", "text": "x"},)}, answer) == {
        "content.options": ["Not a JSON value."]
    }
    assert validate_item("multiple_choice", {1: "x"}, answer) == {"content": ["Keys must be strings."]}
    assert validate_item("multiple_choice", content, {"correct": [10**5000]}) == {
        "answer.correct[0]": ["Number is out of range."]
    }


def test_deep_nesting_is_an_error_not_a_recursion_error():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    content, _, _ = example("multiple_choice")
    errors = validate_response("multiple_choice", content, {"selected": deep})
    assert list(errors.values()) == [["Too deeply nested."]]


def test_huge_values_are_refused_quickly():
    content, _, _ = example("multiple_response")
    errors = validate_response("multiple_response", content, {"selected": ["A"] * 50_000})
    assert errors == {"response": ["Too large."]}


# --- fuzzing: any JSON value gives a dict of errors, never an exception ------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["A", "B", "r1", "1", "t1", "c1", "a1", "p1", "h1", "rect", "circle", "polygon", "cause", "mL"])
    | st.sampled_from([10**400, -(2**60), math.nan, math.inf, -math.inf, 1e308, -0.0]),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)


def is_error_dict(errors) -> bool:
    return isinstance(errors, dict) and all(
        isinstance(path, str) and isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)
        for path, messages in errors.items()
    )


@FUZZ
@given(item_type=st.sampled_from(ITEM_TYPES), content=json_values, answer=json_values, response=json_values)
def test_arbitrary_json_never_raises(item_type, content, answer, response):
    assert is_error_dict(validate_item(item_type, content, answer))
    assert is_error_dict(validate_response(item_type, content, response))


def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_of(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_of(child, (*prefix, index))


def ids_in(value) -> list:
    """Every string in the example: ids of options, rows, blanks... for plausible mutations."""
    if isinstance(value, dict):
        return [s for child in value.values() for s in ids_in(child)]
    if isinstance(value, list):
        return [s for child in value for s in ids_in(child)]
    return [value] if isinstance(value, str) and len(value) < 12 else []


@st.composite
def mutation(draw, value, vocabulary):
    """`value` with one element replaced (by arbitrary JSON or by an id of the item) or deleted."""
    path = draw(st.sampled_from(list(paths_of(value))))
    if not path:
        return draw(json_values)
    new = draw(
        json_values | st.sampled_from(vocabulary) | st.lists(st.sampled_from(vocabulary), max_size=4) | st.just(DELETE)
    )
    return at(value, path, new)


@st.composite
def mutated_items(draw):
    item_type = draw(st.sampled_from(ITEM_TYPES))
    content, answer, response = example(item_type)
    vocabulary = [*sorted(set(ids_in(content))), 1, 2, 400, -1, 0.5]
    which = draw(st.sampled_from(["content", "answer", "response", "answer+response"]))
    if which == "content":
        content = draw(mutation(content, vocabulary))
    if "answer" in which:
        answer = draw(mutation(answer, vocabulary))
    if "response" in which:
        response = draw(mutation(response, vocabulary))
    return item_type, content, answer, response


@FUZZ
@given(mutated_items())
def test_near_valid_items_never_raise_and_valid_ones_score_within_bounds(case):
    item_type, content, answer, response = case
    item_errors = validate_item(item_type, content, answer)
    response_errors = validate_response(item_type, content, response)
    assert is_error_dict(item_errors)
    assert is_error_dict(response_errors)
    if not item_errors:
        top = max_score(item_type, content, answer)
        assert top >= 1
        if not response_errors:
            assert 0 <= score(item_type, content, answer, response) <= top
            assert all(isinstance(choice, str) for choice in chosen_options(item_type, response))


@FUZZ
@given(item_type=st.sampled_from(ITEM_TYPES), data=st.data())
def test_any_valid_response_built_from_the_items_ids_scores_within_bounds(item_type, data):
    content, answer, response = example(item_type)
    vocabulary = [*sorted(set(ids_in(content))), 0, 1, 2.5, 260, 400]
    for _ in range(3):  # a few successive mutations of the valid response, each kept only if still valid
        candidate = data.draw(mutation(response, vocabulary))
        if validate_response(item_type, content, candidate) == {}:
            response = candidate
    assert 0 <= score(item_type, content, answer, response) <= max_score(item_type, content, answer)


# --- the schemas: OpenAPI 3.0 safe, valid JSON Schema, examples that validate --------------------------------

ALLOWED_KEYWORDS = {
    "type",
    "properties",
    "required",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "minimum",
    "maximum",
    "additionalProperties",
    "description",
    "example",
}
SCHEMA_GETTERS = {"content": content_schema, "answer": answer_schema, "response": response_schema}


def walk_schema(schema, path="#"):
    """Yield (path, schema) for the schema and every subschema."""
    yield path, schema
    for name, child in schema.get("properties", {}).items():
        yield from walk_schema(child, f"{path}/properties/{name}")
    if isinstance(schema.get("items"), dict):
        yield from walk_schema(schema["items"], f"{path}/items")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from walk_schema(schema["additionalProperties"], f"{path}/additionalProperties")


@pytest.mark.parametrize("part", SCHEMA_GETTERS)
@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_schema_is_openapi_3_0_safe(item_type, part):
    schema = SCHEMA_GETTERS[part](item_type)
    Draft202012Validator.check_schema(schema)
    for path, node in walk_schema(schema):
        assert set(node) <= ALLOWED_KEYWORDS, (path, set(node) - ALLOWED_KEYWORDS)
        assert isinstance(node.get("type"), str), path  # one type, never a list
        assert node["type"] in {"object", "array", "string", "number", "integer"}, path
        if "required" in node:
            assert node["required"], path  # OpenAPI 3.0: a non-empty list or nothing
            assert set(node["required"]) <= set(node["properties"]), path
        if node["type"] == "array":
            assert isinstance(node["items"], dict), path
        if "example" in node:
            assert path == "#"


@pytest.mark.parametrize("part", SCHEMA_GETTERS)
@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_schema_example_is_the_valid_example(item_type, part):
    schema = SCHEMA_GETTERS[part](item_type)
    assert schema["example"] == itemtypes.EXAMPLES[item_type][part]
    assert list(Draft202012Validator(schema).iter_errors(schema["example"])) == []


def test_schemas_are_copies():
    content_schema("multiple_choice")["properties"].clear()
    assert content_schema("multiple_choice")["properties"]
    assert validate_item("multiple_choice", {"options": []}, {"correct": ["A"]}) != {}


# --- the docs: every example in docs/item-types.md validates and scores as it says --------------------------

BLOCK = re.compile(r"```json (content|answer|response|scored)\n(.*?)\n```", re.DOTALL)


def docs_sections() -> dict[str, list[tuple[str, object]]]:
    text = DOCS.read_text(encoding="utf-8")
    sections = re.split(r"^## `([a-z_]+)`", text, flags=re.MULTILINE)
    return {
        name: [(kind, json.loads(body)) for kind, body in BLOCK.findall(body)]
        for name, body in zip(sections[1::2], sections[2::2], strict=True)
    }


def test_docs_describe_every_type_in_order():
    assert tuple(docs_sections()) == ITEM_TYPES


@pytest.mark.parametrize("item_type", ITEM_TYPES)
def test_docs_examples_validate_and_score_as_stated(item_type):
    blocks = docs_sections()[item_type]
    kinds = [kind for kind, _ in blocks]
    assert kinds[:3] == ["content", "answer", "response"], kinds
    assert "scored" in kinds
    content, answer, response = (value for _, value in blocks[:3])
    assert validate_item(item_type, content, answer) == {}
    assert validate_response(item_type, content, response) == {}
    assert score(item_type, content, answer, response) == max_score(item_type, content, answer)
    for kind, value in blocks[3:]:
        assert kind == "scored"
        assert set(value) == {"response", "score", "max_score"}
        assert validate_response(item_type, content, value["response"]) == {}
        assert score(item_type, content, answer, value["response"]) == value["score"], value
        assert max_score(item_type, content, answer) == value["max_score"]


def test_docs_state_the_rule_of_every_type():
    text = DOCS.read_text(encoding="utf-8")
    words = {"zero_one": "**Rule: 0/1", "plus_minus": "**Rule: +/-", "rationale": "**Rule: rationale"}
    for name, body in zip(*[iter(re.split(r"^## `([a-z_]+)`", text, flags=re.MULTILINE)[1:])] * 2, strict=True):
        assert words[RULES[name]] in body, name
