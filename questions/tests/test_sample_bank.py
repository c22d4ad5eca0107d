"""The sample bank: every item valid for its type, the coverage the demo school promises, and case
studies in the order of NCSBN's clinical judgment model (pure data; no database)."""

import re
from collections import Counter
from pathlib import Path

import pytest

from questions.itemtypes import ITEM_TYPES, max_score, score, validate_item, validate_response
from questions.sample_bank import SAMPLE_CASE_STUDIES, SAMPLE_ITEMS

CLIENT_NEEDS = (
    "management_of_care",
    "safety_infection_control",
    "health_promotion",
    "psychosocial_integrity",
    "basic_care_comfort",
    "pharmacological_therapies",
    "reduction_of_risk",
    "physiological_adaptation",
)
CJMM_STEPS = (
    "recognize_cues",
    "analyze_cues",
    "prioritize_hypotheses",
    "generate_solutions",
    "take_action",
    "evaluate_outcomes",
)
# The classic types; a case study uses the Next Generation NCLEX types only.
CLASSIC_TYPES = {"multiple_choice", "ordered_response", "fill_in_blank", "hot_spot"}
EXHIBIT_TABS = {"Nurses' Notes", "Vital Signs", "Laboratory Results", "History and Physical", "Orders"}
STATIC = Path(__file__).resolve().parents[1] / "static"

CASE_ITEMS = [item for case in SAMPLE_CASE_STUDIES for item in case["items"]]
ALL_ITEMS = SAMPLE_ITEMS + CASE_ITEMS


def label(item: dict) -> str:
    return f"{item['type']}:{item['stem'][:40]}"


def key_as_response(item: dict) -> dict:
    """The response a student who knows the key would send."""
    answer = item["answer"]
    if item["type"] == "fill_in_blank":
        return {"value": answer["value"]}
    if item["type"] == "hot_spot":
        region = answer["regions"][0]
        if region["shape"] == "circle":
            return {"x": region["cx"], "y": region["cy"]}
        if region["shape"] == "rect":
            return {"x": region["x"] + region["width"] / 2, "y": region["y"] + region["height"] / 2}
        return {"x": region["points"][0][0], "y": region["points"][0][1]}
    if "correct" in answer:
        return {"selected": answer["correct"]}
    return answer


def sentences(text: str) -> int:
    return len(re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])", text.strip()))


# --- every item -------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ALL_ITEMS, ids=label)
def test_item_has_the_import_shape(item):
    assert set(item) == {
        "exam",
        "type",
        "stem",
        "content",
        "answer",
        "rationale",
        "client_need",
        "cjmm_step",
        "difficulty",
    }
    assert item["exam"] in ("RN", "PN", "both")
    assert item["type"] in ITEM_TYPES
    assert item["client_need"] in CLIENT_NEEDS
    assert item["cjmm_step"] is None or item["cjmm_step"] in CJMM_STEPS
    assert isinstance(item["difficulty"], float)
    assert -2 <= item["difficulty"] <= 2
    assert item["stem"].strip()


@pytest.mark.parametrize("item", ALL_ITEMS, ids=label)
def test_item_is_valid_for_its_type(item):
    assert validate_item(item["type"], item["content"], item["answer"]) == {}


@pytest.mark.parametrize("item", ALL_ITEMS, ids=label)
def test_the_key_scores_full_marks(item):
    response = key_as_response(item)
    assert validate_response(item["type"], item["content"], response) == {}
    assert score(item["type"], item["content"], item["answer"], response) == max_score(
        item["type"], item["content"], item["answer"]
    )


@pytest.mark.parametrize("item", ALL_ITEMS, ids=label)
def test_rationale_explains_in_two_to_four_sentences(item):
    assert 2 <= sentences(item["rationale"]) <= 4, item["rationale"]


def test_stems_are_unique():
    stems = Counter(item["stem"] for item in ALL_ITEMS)
    assert [stem for stem, count in stems.items() if count > 1] == []


def test_hot_spot_images_are_shipped():
    for item in ALL_ITEMS:
        if item["type"] == "hot_spot":
            url = item["content"]["image_url"]
            assert url.startswith("/static/")
            assert (STATIC / url.removeprefix("/static/")).is_file(), url


# --- coverage ---------------------------------------------------------------------------------------------


def test_at_least_ninety_items():
    assert len(SAMPLE_ITEMS) >= 90


def test_every_type_has_at_least_three_items():
    counts = Counter(item["type"] for item in SAMPLE_ITEMS)
    assert {name: counts[name] for name in ITEM_TYPES if counts[name] < 3} == {}


def test_every_client_need_has_at_least_eight_items():
    counts = Counter(item["client_need"] for item in SAMPLE_ITEMS)
    assert {need: counts[need] for need in CLIENT_NEEDS if counts[need] < 8} == {}


def test_both_exams_have_items():
    exams = Counter(item["exam"] for item in SAMPLE_ITEMS)
    assert exams["RN"] and exams["PN"] and exams["both"]


def test_difficulties_spread_across_the_scale():
    difficulties = [item["difficulty"] for item in SAMPLE_ITEMS]
    assert min(difficulties) <= -1.5
    assert max(difficulties) >= 0.8


# --- case studies -------------------------------------------------------------------------------------------


def test_two_case_studies():
    assert len(SAMPLE_CASE_STUDIES) == 2
    for case in SAMPLE_CASE_STUDIES:
        assert set(case) == {"exam", "title", "scenario", "exhibits", "items"}
        assert case["exam"] in ("RN", "PN", "both")
        assert case["title"].strip()
        assert case["scenario"].strip()


@pytest.mark.parametrize("case", SAMPLE_CASE_STUDIES, ids=lambda case: case["title"])
def test_case_study_has_six_items_one_per_clinical_judgment_step_in_order(case):
    assert [item["cjmm_step"] for item in case["items"]] == list(CJMM_STEPS)


@pytest.mark.parametrize("case", SAMPLE_CASE_STUDIES, ids=lambda case: case["title"])
def test_case_study_items_are_next_generation_types_for_its_exam(case):
    for item in case["items"]:
        assert item["type"] not in CLASSIC_TYPES, item["type"]
        assert item["exam"] == case["exam"]


@pytest.mark.parametrize("case", SAMPLE_CASE_STUDIES, ids=lambda case: case["title"])
def test_case_study_exhibits_unfold(case):
    exhibits = case["exhibits"]
    assert exhibits
    assert exhibits[0]["reveal_at"] == 1  # the first item has something to read
    for exhibit in exhibits:
        assert exhibit["tab"] in EXHIBIT_TABS
        assert 1 <= exhibit["reveal_at"] <= 6
        if exhibit["kind"] == "text":
            assert set(exhibit) == {"tab", "kind", "text", "reveal_at"}
            assert exhibit["text"].strip()
        else:
            assert exhibit["kind"] == "table"
            assert set(exhibit) == {"tab", "kind", "columns", "rows", "reveal_at"}
            assert exhibit["rows"]
            assert all(len(row) == len(exhibit["columns"]) for row in exhibit["rows"])
    assert max(exhibit["reveal_at"] for exhibit in exhibits) > 1  # it unfolds
