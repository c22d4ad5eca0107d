"""NCLEX item types: one JSON shape and one scoring rule per type.

Each of the 17 types has three JSON Schemas (`content_schema`, `answer_schema`, `response_schema`):
`content` is what a student is shown, as is (it never holds the key); `answer` is the key; a
`response` is what a student sends. `validate_item` and `validate_response` check the shape (the JSON
Schema) and then the meaning (ids that exist, unique ids, slot counts, regions inside the image...),
and return `{path: [message, ...]}`; they never raise, whatever JSON they are given. `score` and
`max_score` assume validated input. Pure Python: no Django, so the scoring can be tested and reused
on its own; the schemas are the OpenAPI 3.0 subset drf-spectacular publishes as they are.

The three scoring rules are NCSBN's for the Next Generation NCLEX (NGN); each is one small function
below (`score_zero_one_parts`, `score_zero_one_choices`, `score_all_or_nothing`, `score_within_tolerance`,
`score_plus_minus`, `score_rationale`), and a type's scorer only maps its JSON onto one of them.

Sources:
    NCSBN, "Next Generation NCLEX: Item Types and Scoring" (W. Muntean, NCLEX Conference 2022).
    NCSBN, "What are the current scoring models?" (NCLEX candidate help centre, 2023).
    NCSBN, NGN News (2021-2023): the 0/1, +/- and rationale scoring rules.
The shapes and the scoring of every type, with examples, are in docs/item-types.md.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, validators

ITEM_TYPES: tuple[str, ...] = (
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

ZERO_ONE = "zero_one"
PLUS_MINUS = "plus_minus"
RATIONALE = "rationale"

RULES: dict[str, str] = {
    **dict.fromkeys(ITEM_TYPES[:10], ZERO_ONE),
    **dict.fromkeys(ITEM_TYPES[10:15], PLUS_MINUS),
    **dict.fromkeys(ITEM_TYPES[15:], RATIONALE),
}

# --------------------------------------------------------------------------------------------------
# The scoring rules (NCSBN, NGN scoring rules). Each takes plain ids or booleans, never an item's JSON.
# --------------------------------------------------------------------------------------------------


def score_zero_one_parts(given: Mapping[str, str], key: Mapping[str, str]) -> int:
    """0/1 rule, one point per part: each part (a matrix row, a drop-down, a blank, a bowtie condition
    slot) earns 1 when the choice given for it is the key's, 0 otherwise; the item score is the sum.

        score = Σ_parts [given(part) = key(part)],  max = number of parts

    Source: NCSBN NGN scoring rules, 0/1 scoring (matrix multiple choice, drop-down cloze and table,
    drag-and-drop cloze, bowtie): no penalty for a wrong choice.
    """
    return sum(1 for part, correct in key.items() if given.get(part) == correct)


def score_zero_one_choices(selected: Iterable[str], correct: Iterable[str]) -> int:
    """0/1 rule, one point per correct choice: each selected choice that is in the key earns 1, a
    selected distractor earns 0 and takes nothing away.

        score = |selected ∩ correct|,  max = |correct|

    Source: NCSBN NGN scoring rules, 0/1 scoring (multiple choice; multiple response select N, where
    no more than N may be chosen; the two action and two parameter slots of a bowtie).
    """
    return len(set(selected) & set(correct))


def score_all_or_nothing(right: bool) -> int:
    """0/1 rule for a one-point item: 1 when the whole response is right, else 0.

    Source: classic NCLEX scoring, kept by NCSBN for one-point items (ordered response, hot spot, fill
    in the blank: a partly right order or a near-miss number earns nothing).
    """
    return 1 if right else 0


def score_within_tolerance(value: float, key: float, tolerance: float) -> int:
    """0/1 rule for a numeric answer: 1 when |value - key| <= tolerance, else 0.

    A relative slack of 1e-9 absorbs binary floating point (2.45 - 2.5 is 0.04999...), so a tolerance
    of 0.05 accepts exactly the values 0.05 away. Source: the classic NCLEX fill-in-the-blank
    (calculation) item, scored right or wrong after the stated rounding.
    """
    slack = 1e-9 * max(1.0, abs(key))
    return score_all_or_nothing(abs(value - key) <= tolerance + slack)


def score_plus_minus(selected: Iterable[str], correct: Iterable[str]) -> int:
    """+/- rule: +1 for each selected correct choice, -1 for each selected wrong choice, and the
    result floored at 0; an unselected choice counts nothing either way.

        score = max(0, |selected ∩ correct| - |selected \\ correct|),  max = |correct|

    e.g. 3 keys among 5 options: the 3 keys = 3; the 3 keys and 1 distractor = 2; 1 key and 2
    distractors = 0 (not -1). Source: NCSBN NGN scoring rules, +/- scoring (derived from signal
    detection theory): select all that apply, highlight, matrix multiple response, and each group of
    a multiple response grouping item.
    """
    chosen, keys = set(selected), set(correct)
    return max(0, len(chosen & keys) - len(chosen - keys))


def score_matrix_plus_minus(
    columns: Sequence[str], checked: Mapping[str, Iterable[str]], correct: Mapping[str, Iterable[str]]
) -> int:
    """+/- rule of a matrix multiple response item, applied to each column on its own and summed:
    a column is a select-all-that-apply over the rows, its score floored at 0 before the sum.

        score = Σ_columns max(0, |checked_c ∩ correct_c| - |checked_c \\ correct_c|),  max = Σ_c |correct_c|

    where checked_c and correct_c are the rows checked, and correct, in column c. Wrong checks in one
    column never take away the points earned in another. e.g. columns pneumonia (4 keys), UTI (2) and
    influenza (2): all of pneumonia's but one (3), UTI's two (2), and influenza one key with one wrong
    row (1 - 1 = 0) earn 5 of 8. Source: NCSBN NGN scoring rules, +/- scoring, applied by column in
    matrix multiple response (as the NCLEX-scoring presets of Learnosity and ExamSoft implement it);
    docs/item-types.md records the decision."""
    return sum(
        score_plus_minus(
            (row for row, row_columns in checked.items() if column in row_columns),
            (row for row, row_columns in correct.items() if column in row_columns),
        )
        for column in columns
    )


def score_rationale(cause_right: bool, effects_right: Sequence[bool]) -> int:
    """Rationale rule: a point for each effect that is right together with the cause.

        score = Σ_effects [cause right and effect right]

    A dyad (a cause and one effect: "the nurse does X because of Y") earns 1 only when both parts are
    right; a triad (a cause and two effects) earns up to 2, one for the cause with each effect, and
    nothing at all while the cause is wrong. Source: NCSBN NGN scoring rules, rationale scoring
    (drop-down rationale, drag-and-drop rationale).
    """
    return sum(1 for effect_right in effects_right if cause_right and effect_right)


# --------------------------------------------------------------------------------------------------
# Limits and messages
# --------------------------------------------------------------------------------------------------

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")
PLACEHOLDER = re.compile(r"\{\{([^{}]*)\}\}")
MAX_OPTION_TEXT = 1000
MAX_PASSAGE_TEXT = 5000
MAX_URL = 500
MAX_UNIT = 20
MAX_SAFE_INTEGER = 2**53  # the largest integer every JSON client (JavaScript) holds exactly
MAX_DEPTH = 12  # the deepest valid value is 5 levels down (answer.regions[0].points[0][1])
MAX_NODES = 10_000

UNKNOWN_TYPE = "Unknown item type."
UNKNOWN_OPTION = "Unknown option id."
CHOSEN_TWICE = "Each option can be chosen only once."
BAD_ID = "Use 1 to 40 letters, digits, '-' or '_' for an id."
DUPLICATE_ID = "Duplicate id."
BLANK_TEXT = "Must not be blank."

# JSON Schema's "integer" admits 2.0; an item's counts and pixel sizes are whole numbers, written as such.
_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)

# Helpers for the schemas. Only the OpenAPI 3.0 subset: type, properties, required, items, minItems,
# maxItems, enum, minimum, maximum, additionalProperties, description, example.


def _object(properties: dict, *, required: Sequence[str] = (), description: str = "") -> dict:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:  # OpenAPI 3.0 wants a non-empty `required` or none
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list(items: dict, *, min_items: int | None = None, max_items: int | None = None, description: str = "") -> dict:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if min_items is not None:
        schema["minItems"] = min_items
    if max_items is not None:
        schema["maxItems"] = max_items
    if description:
        schema["description"] = description
    return schema


def _string(description: str = "") -> dict:
    return {"type": "string", "description": description} if description else {"type": "string"}


def _number(description: str = "", **bounds: float) -> dict:
    return {"type": "number", **bounds, **({"description": description} if description else {})}


def _mapping(values: dict, description: str) -> dict:
    return {"type": "object", "additionalProperties": values, "description": description}


_ID = _string("Unique within its list: 1-40 letters, digits, '-' or '_'.")
_OPTION = _object({"id": _ID, "text": _string()}, required=("id", "text"))


def _options(min_items: int, max_items: int, description: str = "") -> dict:
    return _list(_OPTION, min_items=min_items, max_items=max_items, description=description)


def _ids(description: str, *, min_items: int | None = None, max_items: int | None = None) -> dict:
    return _list(_string(), min_items=min_items, max_items=max_items, description=description)


_SEGMENT = _object(
    {"id": _ID, "text": _string()},
    required=("text",),
    description="A piece of the text; with an `id` it can be highlighted, without one it is plain text.",
)

# --------------------------------------------------------------------------------------------------
# Error collection
# --------------------------------------------------------------------------------------------------


class _Errors:
    """Messages by path ("content.rows[2].id"), each message once."""

    def __init__(self) -> None:
        self.by_path: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        messages = self.by_path.setdefault(path, [])
        if message not in messages:
            messages.append(message)

    def under(self, root: str) -> bool:
        return any(path == root or path.startswith((root + ".", root + "[")) for path in self.by_path)


def _path(base: str, *parts: str | int) -> str:
    for part in parts:
        base += f"[{part}]" if isinstance(part, int) else f".{part}"
    return base


def _plain_json_problems(value: Any, root: str, errors: _Errors) -> None:
    """What JSON Schema cannot be trusted with: values no JSON parser makes (tuples, objects, keys
    that are not strings), NaN and infinities, integers past 2**53 (jsonschema would build their
    text, which Python refuses beyond 4,300 digits), nesting past MAX_DEPTH and more than MAX_NODES
    values. Iterative, so no depth can exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(value, root, 0)]
    nodes = 0
    while stack:
        node, path, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            errors.add(root, "Too large.")
            return
        if node is None or isinstance(node, bool | str):
            continue
        if isinstance(node, int):
            if abs(node) > MAX_SAFE_INTEGER:
                errors.add(path, "Number is out of range.")
        elif isinstance(node, float):
            if not math.isfinite(node):
                errors.add(path, "Must be a finite number.")
        elif isinstance(node, dict | list):
            if depth >= MAX_DEPTH:
                errors.add(path, "Too deeply nested.")
            elif isinstance(node, dict):
                for key, child in node.items():
                    if isinstance(key, str):
                        stack.append((child, _path(path, key), depth + 1))
                    else:
                        errors.add(path, "Keys must be strings.")
            else:
                stack.extend((child, _path(path, index), depth + 1) for index, child in enumerate(node))
        else:
            errors.add(path, "Not a JSON value.")


_TYPE_MESSAGES = {
    "string": "Must be a string.",
    "number": "Must be a number.",
    "integer": "Must be a whole number.",
    "object": "Must be an object.",
    "array": "Must be a list.",
    "boolean": "Must be true or false.",
}

# What the items of a list are called in messages, by the list's key.
_NOUNS = {
    "selected": "option",
    "correct": "correct option",
    "order": "option",
    "options": "option",
    "tokens": "token",
    "rows": "row",
    "columns": "column",
    "blanks": "blank",
    "groups": "group",
    "regions": "region",
    "points": "point",
    "segments": "segment",
    "headers": "header",
    "conditions": "condition",
    "actions": "action",
    "parameters": "parameter",
}


def _count_message(error: Any, root: str) -> str:
    last = error.absolute_path[-1] if error.absolute_path else None
    noun = _NOUNS.get(last, "item") if isinstance(last, str) else "number"  # a list in a list: [x, y]
    verb = "Select" if root == "response" and noun in ("option", "action", "parameter") else "Give"
    low, high = error.schema.get("minItems"), error.schema.get("maxItems")
    count = error.validator_value
    plural = noun if count == 1 else noun + "s"
    if low is not None and low == high:
        return f"{verb} exactly {count} {plural}."
    return f"{verb} at {'least' if error.validator == 'minItems' else 'most'} {count} {plural}."


def _schema_errors(validator: Any, instance: Any, root: str, errors: _Errors) -> None:
    for error in validator.iter_errors(instance):
        path = _path(root, *error.absolute_path)
        keyword = error.validator
        if keyword == "required":
            for name in error.validator_value:
                if name not in error.instance:
                    errors.add(_path(path, name), "This field is required.")
        elif keyword == "additionalProperties":
            for name in error.instance:
                if name not in error.schema.get("properties", {}):
                    errors.add(_path(path, name), "Unknown field.")
        elif keyword == "type":
            errors.add(path, _TYPE_MESSAGES.get(error.validator_value, "Wrong type."))
        elif keyword in ("minItems", "maxItems"):
            errors.add(path, _count_message(error, root))
        elif keyword == "enum":
            errors.add(path, "Must be one of: " + ", ".join(str(value) for value in error.validator_value) + ".")
        elif keyword == "minimum":
            errors.add(path, f"Must be at least {error.validator_value}.")
        elif keyword == "maximum":
            errors.add(path, f"Must be at most {error.validator_value}.")
        else:  # pragma: no cover - the schemas use no other keyword
            errors.add(path, "Invalid value.")


def _structure_ok(validator: Any, instance: Any, root: str, errors: _Errors) -> bool:
    """Plain-JSON checks, then (only if they pass) the JSON Schema; True when both pass."""
    found = _Errors()
    _plain_json_problems(instance, root, found)
    if not found.by_path:
        _schema_errors(validator, instance, root, found)
    for path, messages in found.by_path.items():
        for message in messages:
            errors.add(path, message)
    return not found.by_path


# --------------------------------------------------------------------------------------------------
# Semantic checks shared by the types
# --------------------------------------------------------------------------------------------------


def _check_text(text: str, path: str, errors: _Errors, limit: int = MAX_OPTION_TEXT) -> None:
    if not text.strip():
        errors.add(path, BLANK_TEXT)
    elif len(text) > limit:
        errors.add(path, f"Keep this under {limit} characters.")


def _check_id(value: str, path: str, errors: _Errors, seen: dict[str, str]) -> None:
    if not ID_PATTERN.fullmatch(value):
        errors.add(path, BAD_ID)
    elif value in seen:
        errors.add(path, DUPLICATE_ID)
    else:
        seen[value] = path


def _check_options(options: list[dict], path: str, errors: _Errors, seen: dict[str, str] | None = None) -> list[str]:
    """Ids well formed and unique (within `seen` when given, so several lists can share one scope),
    texts not blank. Returns the ids."""
    seen = {} if seen is None else seen
    for index, option in enumerate(options):
        _check_id(option["id"], _path(path, index, "id"), errors, seen)
        _check_text(option["text"], _path(path, index, "text"), errors)
    return [option["id"] for option in options]


def _check_choices(
    chosen: list[str], allowed: Iterable[str], path: str, errors: _Errors, unknown: str = UNKNOWN_OPTION
) -> None:
    """Each id in `chosen` is one of `allowed`, and none is there twice."""
    allowed = set(allowed)
    seen: set[str] = set()
    for index, value in enumerate(chosen):
        if value not in allowed:
            errors.add(_path(path, index), unknown)
        elif value in seen:
            errors.add(_path(path, index), CHOSEN_TWICE)
        seen.add(value)


def _check_part_choices(
    given: Mapping[str, str],
    parts: Mapping[str, Iterable[str]],
    path: str,
    errors: _Errors,
    *,
    part_noun: str,
    missing: str,
    unknown: str = UNKNOWN_OPTION,
) -> None:
    """`given` maps each part id (row, blank) to one choice id of that part: no unknown part, every
    part present, every choice one of the part's."""
    for part, choice in given.items():
        if part not in parts:
            errors.add(_path(path, part), f"Unknown {part_noun} id.")
        elif choice not in set(parts[part]):
            errors.add(_path(path, part), unknown)
    for part in parts:
        if part not in given:
            errors.add(_path(path, part), missing)


def _check_placeholders(text: str, blank_ids: Sequence[str], path: str, errors: _Errors) -> None:
    """The text holds `{{id}}` once for each blank and no other placeholder."""
    found = PLACEHOLDER.findall(text)
    for blank in blank_ids:
        if blank not in found:
            errors.add(path, f"Put {{{{{blank}}}}} in the text where blank {blank} goes.")
        elif found.count(blank) > 1:
            errors.add(path, f"Use {{{{{blank}}}}} only once.")
    for name in found:
        if name not in blank_ids:
            errors.add(path, f"No blank has the id {name!r}.")


def _check_distinct_tokens(given: Mapping[str, str], path: str, errors: _Errors) -> None:
    placed: set[str] = set()
    for blank, token in given.items():
        if token in placed:
            errors.add(_path(path, blank), "Each token can be used only once.")
        placed.add(token)


# --------------------------------------------------------------------------------------------------
# The types
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ItemType:
    """One item type: its three schemas, its checks beyond the schemas, its scorer.

    `check_content(content, errors)` runs on structurally valid content; `check_answer(content,
    answer, errors)` and `check_response(content, response, errors)` on valid content and a
    structurally valid answer / response. `score` and `max_score` assume a validated item."""

    content: dict
    answer: dict
    response: dict
    check_content: Callable[[Any, _Errors], None]
    check_answer: Callable[[Any, Any, _Errors], None]
    check_response: Callable[[Any, Any, _Errors], None]
    max_score: Callable[[Any, Any], int]
    score: Callable[[Any, Any, Any], int]
    chosen: Callable[[Any], list[str]]


_TYPES: dict[str, _ItemType] = {}


def _selected(response: Any) -> list[str]:
    return list(response["selected"])


def _part_choices(response: Any, key: str) -> list[str]:
    return [f"{part}:{choice}" for part, choice in response[key].items()]


# --- option lists: multiple_choice, multiple_response, select_n -----------------------------------

_OPTIONS_CONTENT = _object(
    {"options": _options(2, 10, "The options, in the order shown.")},
    required=("options",),
)
_SELECTED = _object(
    {"selected": _ids("The ids of the options the student selected.", min_items=1)}, required=("selected",)
)


def _check_option_list(content: Any, errors: _Errors) -> None:
    _check_options(content["options"], "content.options", errors)


def _option_ids(content: Any) -> list[str]:
    return [option["id"] for option in content["options"]]


def _check_correct(content: Any, answer: Any, errors: _Errors) -> None:
    _check_choices(answer["correct"], _option_ids(content), "answer.correct", errors)


def _check_selected(content: Any, response: Any, errors: _Errors) -> None:
    _check_choices(response["selected"], _option_ids(content), "response.selected", errors)


_TYPES["multiple_choice"] = _ItemType(
    content=_OPTIONS_CONTENT,
    answer=_object(
        {"correct": _ids("The id of the one correct option.", min_items=1, max_items=1)}, required=("correct",)
    ),
    response=_object(
        {"selected": _ids("The id of the option the student chose.", min_items=1, max_items=1)},
        required=("selected",),
    ),
    check_content=_check_option_list,
    check_answer=_check_correct,
    check_response=_check_selected,
    max_score=lambda content, answer: 1,
    score=lambda content, answer, response: score_zero_one_choices(response["selected"], answer["correct"]),
    chosen=_selected,
)

_TYPES["multiple_response"] = _ItemType(
    content=_OPTIONS_CONTENT,
    answer=_object(
        {"correct": _ids("The ids of every correct option (at least one).", min_items=1)}, required=("correct",)
    ),
    response=_SELECTED,
    check_content=_check_option_list,
    check_answer=_check_correct,
    check_response=_check_selected,
    max_score=lambda content, answer: len(answer["correct"]),
    score=lambda content, answer, response: score_plus_minus(response["selected"], answer["correct"]),
    chosen=_selected,
)


def _check_select_n_content(content: Any, errors: _Errors) -> None:
    _check_option_list(content, errors)
    if content["n"] >= len(content["options"]):
        errors.add("content.n", "n must be smaller than the number of options.")


def _check_select_n_answer(content: Any, answer: Any, errors: _Errors) -> None:
    _check_correct(content, answer, errors)
    n = content["n"]
    if len(answer["correct"]) != n:
        errors.add("answer.correct", f"Give exactly {n} correct options (n is {n}).")


def _check_select_n_response(content: Any, response: Any, errors: _Errors) -> None:
    _check_selected(content, response, errors)
    n = content["n"]
    if len(response["selected"]) > n:
        errors.add("response.selected", f"Select at most {n} options.")


_TYPES["select_n"] = _ItemType(
    content=_object(
        {
            "options": _options(3, 10, "The options, in the order shown."),
            "n": {"type": "integer", "minimum": 2, "maximum": 9, "description": "How many options to select."},
        },
        required=("options", "n"),
    ),
    answer=_object({"correct": _ids("The ids of the n correct options.", min_items=2)}, required=("correct",)),
    response=_object(
        {"selected": _ids("The ids the student selected: at most n.", min_items=1)}, required=("selected",)
    ),
    check_content=_check_select_n_content,
    check_answer=_check_select_n_answer,
    check_response=_check_select_n_response,
    max_score=lambda content, answer: int(content["n"]),
    score=lambda content, answer, response: score_zero_one_choices(response["selected"], answer["correct"]),
    chosen=_selected,
)

# --- matrices: matrix_multiple_choice, matrix_multiple_response ----------------------------------

_MATRIX_CONTENT = _object(
    {
        "columns": _options(2, 10, "The column headings: the choices for each row."),
        "rows": _options(2, 10, "The rows: findings, actions, medications..."),
    },
    required=("columns", "rows"),
)


def _check_matrix_content(content: Any, errors: _Errors) -> None:
    _check_options(content["columns"], "content.columns", errors)
    _check_options(content["rows"], "content.rows", errors)


def _matrix_parts(content: Any) -> dict[str, list[str]]:
    columns = [column["id"] for column in content["columns"]]
    return {row["id"]: columns for row in content["rows"]}


def _check_matrix_choice(content: Any, value: Any, root: str, errors: _Errors) -> None:
    _check_part_choices(
        value["rows"],
        _matrix_parts(content),
        f"{root}.rows",
        errors,
        part_noun="row",
        missing="Choose a column for this row." if root == "response" else "Give the correct column for this row.",
        unknown="Unknown column id.",
    )


_TYPES["matrix_multiple_choice"] = _ItemType(
    content=_MATRIX_CONTENT,
    answer=_object({"rows": _mapping(_string(), "Row id -> the id of its correct column.")}, required=("rows",)),
    response=_object({"rows": _mapping(_string(), "Row id -> the id of the column chosen.")}, required=("rows",)),
    check_content=_check_matrix_content,
    check_answer=lambda content, answer, errors: _check_matrix_choice(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_matrix_choice(content, response, "response", errors),
    max_score=lambda content, answer: len(content["rows"]),
    score=lambda content, answer, response: score_zero_one_parts(response["rows"], answer["rows"]),
    chosen=lambda response: _part_choices(response, "rows"),
)


def _check_matrix_cells(content: Any, value: Any, root: str, errors: _Errors) -> None:
    """Row id -> list of column ids; the answer lists every row (an empty list: no column applies)."""
    parts = _matrix_parts(content)
    for row, columns in value["rows"].items():
        if row not in parts:
            errors.add(_path(f"{root}.rows", row), "Unknown row id.")
        else:
            _check_choices(columns, parts[row], _path(f"{root}.rows", row), errors, unknown="Unknown column id.")
    if root == "answer":
        for row in parts:
            if row not in value["rows"]:
                errors.add(_path("answer.rows", row), "List the correct columns of this row (or none: []).")
    if not any(value["rows"].values()):
        errors.add(
            f"{root}.rows", "Select at least one cell." if root == "response" else "Mark at least one correct cell."
        )


def _cells(rows: Mapping[str, Iterable[str]]) -> list[str]:
    return [f"{row}:{column}" for row, columns in rows.items() for column in columns]


_TYPES["matrix_multiple_response"] = _ItemType(
    content=_MATRIX_CONTENT,
    answer=_object(
        {"rows": _mapping(_ids("The ids of the row's correct columns."), "Row id -> its correct column ids.")},
        required=("rows",),
    ),
    response=_object(
        {"rows": _mapping(_ids("The ids of the columns checked."), "Row id -> the column ids checked.")},
        required=("rows",),
    ),
    check_content=_check_matrix_content,
    check_answer=lambda content, answer, errors: _check_matrix_cells(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_matrix_cells(content, response, "response", errors),
    max_score=lambda content, answer: len(_cells(answer["rows"])),
    score=lambda content, answer, response: score_matrix_plus_minus(
        [column["id"] for column in content["columns"]], response["rows"], answer["rows"]
    ),
    chosen=lambda response: _cells(response["rows"]),
)

# --- drop-downs: drop_down_cloze, drop_down_table, drop_down_rationale ----------------------------

_CLOZE_TEXT = _string("The passage; {{id}} marks where the blank with that id goes.")


def _check_blank_options(blanks: list[dict], path: str, errors: _Errors) -> dict[str, list[str]]:
    """Blank ids unique; each blank's option ids unique within the blank. Returns blank -> option ids."""
    seen: dict[str, str] = {}
    for index, blank in enumerate(blanks):
        _check_id(blank["id"], _path(path, index, "id"), errors, seen)
        _check_options(blank["options"], _path(path, index, "options"), errors)
    return {blank["id"]: [option["id"] for option in blank["options"]] for blank in blanks}


def _check_drop_down_cloze_content(content: Any, errors: _Errors) -> None:
    _check_text(content["text"], "content.text", errors, MAX_PASSAGE_TEXT)
    _check_blank_options(content["blanks"], "content.blanks", errors)
    _check_placeholders(content["text"], [blank["id"] for blank in content["blanks"]], "content.text", errors)


def _blank_parts(content: Any) -> dict[str, list[str]]:
    return {blank["id"]: [option["id"] for option in blank["options"]] for blank in content["blanks"]}


def _check_drop_downs(content: Any, value: Any, root: str, errors: _Errors) -> None:
    _check_part_choices(
        value["blanks"],
        _blank_parts(content),
        f"{root}.blanks",
        errors,
        part_noun="blank",
        missing="Choose an option for this drop-down." if root == "response" else "Give the correct option.",
    )


_DROP_DOWN_BLANK = _object(
    {"id": _ID, "options": _options(2, 6, "The drop-down's options.")}, required=("id", "options")
)
_BLANKS_ANSWER = _object(
    {"blanks": _mapping(_string(), "Blank id -> the id of its correct option.")}, required=("blanks",)
)
_BLANKS_RESPONSE = _object(
    {"blanks": _mapping(_string(), "Blank id -> the id of the option chosen.")}, required=("blanks",)
)

_TYPES["drop_down_cloze"] = _ItemType(
    content=_object(
        {"text": _CLOZE_TEXT, "blanks": _list(_DROP_DOWN_BLANK, min_items=1, max_items=5)},
        required=("text", "blanks"),
    ),
    answer=_BLANKS_ANSWER,
    response=_BLANKS_RESPONSE,
    check_content=_check_drop_down_cloze_content,
    check_answer=lambda content, answer, errors: _check_drop_downs(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_drop_downs(content, response, "response", errors),
    max_score=lambda content, answer: len(content["blanks"]),
    score=lambda content, answer, response: score_zero_one_parts(response["blanks"], answer["blanks"]),
    chosen=lambda response: _part_choices(response, "blanks"),
)


def _check_drop_down_table_content(content: Any, errors: _Errors) -> None:
    for index, header in enumerate(content["headers"]):
        _check_text(header, _path("content.headers", index), errors)
    seen: dict[str, str] = {}
    for index, row in enumerate(content["rows"]):
        _check_id(row["id"], _path("content.rows", index, "id"), errors, seen)
        _check_text(row["text"], _path("content.rows", index, "text"), errors)
        _check_options(row["options"], _path("content.rows", index, "options"), errors)


def _check_table_drop_downs(content: Any, value: Any, root: str, errors: _Errors) -> None:
    _check_part_choices(
        value["rows"],
        {row["id"]: [option["id"] for option in row["options"]] for row in content["rows"]},
        f"{root}.rows",
        errors,
        part_noun="row",
        missing="Choose an option for this row." if root == "response" else "Give the correct option for this row.",
    )


_TYPES["drop_down_table"] = _ItemType(
    content=_object(
        {
            "headers": _list(
                _string(),
                min_items=2,
                max_items=2,
                description="The two column headings: the row's text, its drop-down.",
            ),
            "rows": _list(
                _object(
                    {"id": _ID, "text": _string(), "options": _options(2, 6, "The row's drop-down options.")},
                    required=("id", "text", "options"),
                ),
                min_items=1,
                max_items=10,
            ),
        },
        required=("headers", "rows"),
    ),
    answer=_object({"rows": _mapping(_string(), "Row id -> the id of its correct option.")}, required=("rows",)),
    response=_object({"rows": _mapping(_string(), "Row id -> the id of the option chosen.")}, required=("rows",)),
    check_content=_check_drop_down_table_content,
    check_answer=lambda content, answer, errors: _check_table_drop_downs(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_table_drop_downs(content, response, "response", errors),
    max_score=lambda content, answer: len(content["rows"]),
    score=lambda content, answer, response: score_zero_one_parts(response["rows"], answer["rows"]),
    chosen=lambda response: _part_choices(response, "rows"),
)

# --- rationale: drop_down_rationale, drag_drop_rationale ------------------------------------------

_ROLE = {
    "type": "string",
    "enum": ["cause", "effect"],
    "description": "One blank is the cause; the other one (dyad) or two (triad) are its effects.",
}


def _check_roles(blanks: list[dict], errors: _Errors) -> None:
    if [blank["role"] for blank in blanks].count("cause") != 1:
        errors.add("content.blanks", "Mark exactly one blank as the cause (role: cause).")


def _score_rationale_item(content: Any, answer: Any, response: Any) -> int:
    given, key = response["blanks"], answer["blanks"]
    right = {blank["id"]: given.get(blank["id"]) == key[blank["id"]] for blank in content["blanks"]}
    cause = next(blank["id"] for blank in content["blanks"] if blank["role"] == "cause")
    effects = [right[blank["id"]] for blank in content["blanks"] if blank["role"] == "effect"]
    return score_rationale(right[cause], effects)


def _rationale_max(content: Any, answer: Any) -> int:
    return sum(1 for blank in content["blanks"] if blank["role"] == "effect")


def _check_drop_down_rationale_content(content: Any, errors: _Errors) -> None:
    _check_drop_down_cloze_content(content, errors)
    _check_roles(content["blanks"], errors)


_TYPES["drop_down_rationale"] = _ItemType(
    content=_object(
        {
            "text": _CLOZE_TEXT,
            "blanks": _list(
                _object(
                    {"id": _ID, "role": _ROLE, "options": _options(2, 6, "The drop-down's options.")},
                    required=("id", "role", "options"),
                ),
                min_items=2,
                max_items=3,
                description="A dyad (cause + effect) or a triad (cause + two effects).",
            ),
        },
        required=("text", "blanks"),
    ),
    answer=_BLANKS_ANSWER,
    response=_BLANKS_RESPONSE,
    check_content=_check_drop_down_rationale_content,
    check_answer=lambda content, answer, errors: _check_drop_downs(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_drop_downs(content, response, "response", errors),
    max_score=_rationale_max,
    score=_score_rationale_item,
    chosen=lambda response: _part_choices(response, "blanks"),
)

# --- drag and drop: drag_drop_cloze, drag_drop_rationale -------------------------------------------


def _check_drag_content(content: Any, errors: _Errors) -> None:
    _check_text(content["text"], "content.text", errors, MAX_PASSAGE_TEXT)
    seen: dict[str, str] = {}
    for index, blank in enumerate(content["blanks"]):
        _check_id(blank["id"], _path("content.blanks", index, "id"), errors, seen)
    _check_options(content["tokens"], "content.tokens", errors)
    _check_placeholders(content["text"], [blank["id"] for blank in content["blanks"]], "content.text", errors)
    if len(content["tokens"]) <= len(content["blanks"]):
        errors.add("content.tokens", "Give more tokens than blanks.")


def _check_drags(content: Any, value: Any, root: str, errors: _Errors) -> None:
    tokens = [token["id"] for token in content["tokens"]]
    _check_part_choices(
        value["blanks"],
        dict.fromkeys((blank["id"] for blank in content["blanks"]), tokens),
        f"{root}.blanks",
        errors,
        part_noun="blank",
        missing="Drop a token in this blank." if root == "response" else "Give the correct token for this blank.",
        unknown="Unknown token id.",
    )
    _check_distinct_tokens(value["blanks"], f"{root}.blanks", errors)


_DRAG_ANSWER = _object(
    {"blanks": _mapping(_string(), "Blank id -> the id of its correct token.")}, required=("blanks",)
)
_DRAG_RESPONSE = _object(
    {"blanks": _mapping(_string(), "Blank id -> the id of the token dropped.")}, required=("blanks",)
)
_TOKENS = _options(2, 10, "The tokens to drag; each can be used once.")

_TYPES["drag_drop_cloze"] = _ItemType(
    content=_object(
        {
            "text": _CLOZE_TEXT,
            "blanks": _list(_object({"id": _ID}, required=("id",)), min_items=1, max_items=5),
            "tokens": _TOKENS,
        },
        required=("text", "blanks", "tokens"),
    ),
    answer=_DRAG_ANSWER,
    response=_DRAG_RESPONSE,
    check_content=_check_drag_content,
    check_answer=lambda content, answer, errors: _check_drags(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_drags(content, response, "response", errors),
    max_score=lambda content, answer: len(content["blanks"]),
    score=lambda content, answer, response: score_zero_one_parts(response["blanks"], answer["blanks"]),
    chosen=lambda response: list(response["blanks"].values()),
)


def _check_drag_rationale_content(content: Any, errors: _Errors) -> None:
    _check_drag_content(content, errors)
    _check_roles(content["blanks"], errors)


_TYPES["drag_drop_rationale"] = _ItemType(
    content=_object(
        {
            "text": _CLOZE_TEXT,
            "blanks": _list(
                _object({"id": _ID, "role": _ROLE}, required=("id", "role")),
                min_items=2,
                max_items=3,
                description="A dyad (cause + effect) or a triad (cause + two effects).",
            ),
            "tokens": _TOKENS,
        },
        required=("text", "blanks", "tokens"),
    ),
    answer=_DRAG_ANSWER,
    response=_DRAG_RESPONSE,
    check_content=_check_drag_rationale_content,
    check_answer=lambda content, answer, errors: _check_drags(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_drags(content, response, "response", errors),
    max_score=_rationale_max,
    score=_score_rationale_item,
    chosen=lambda response: list(response["blanks"].values()),
)

# --- bowtie ----------------------------------------------------------------------------------------

_BOWTIE_POOLS = (("conditions", "condition"), ("actions", "action"), ("parameters", "parameter"))


def _check_bowtie_content(content: Any, errors: _Errors) -> None:
    seen: dict[str, str] = {}  # one id scope for the three pools, so a chosen id names one option
    for pool, _ in _BOWTIE_POOLS:
        _check_options(content[pool], f"content.{pool}", errors, seen)


def _check_bowtie_value(content: Any, value: Any, root: str, errors: _Errors) -> None:
    conditions = [option["id"] for option in content["conditions"]]
    if value["condition"] not in conditions:
        errors.add(f"{root}.condition", "Unknown condition id.")
    for pool, noun in _BOWTIE_POOLS[1:]:
        _check_choices(
            value[pool], [option["id"] for option in content[pool]], f"{root}.{pool}", errors, f"Unknown {noun} id."
        )


def _bowtie_score(content: Any, answer: Any, response: Any) -> int:
    # Five slots, 0/1 each: the condition slot, then the two action and two parameter slots, where
    # the order of the two within a side does not matter.
    return (
        score_zero_one_parts({"condition": response["condition"]}, {"condition": answer["condition"]})
        + score_zero_one_choices(response["actions"], answer["actions"])
        + score_zero_one_choices(response["parameters"], answer["parameters"])
    )


_BOWTIE_SLOTS = {
    "condition": _string("The id of the condition (the centre of the bowtie)."),
    "actions": _ids("The ids of the two actions to take.", min_items=2, max_items=2),
    "parameters": _ids("The ids of the two parameters to monitor.", min_items=2, max_items=2),
}

_TYPES["bowtie"] = _ItemType(
    content=_object(
        {
            "conditions": _options(2, 6, "The condition the client is most likely experiencing (pool of 4 usually)."),
            "actions": _options(3, 8, "Actions to take (pool of 5 usually)."),
            "parameters": _options(3, 8, "Parameters to monitor (pool of 5 usually)."),
        },
        required=("conditions", "actions", "parameters"),
    ),
    answer=_object(_BOWTIE_SLOTS, required=tuple(_BOWTIE_SLOTS)),
    response=_object(_BOWTIE_SLOTS, required=tuple(_BOWTIE_SLOTS)),
    check_content=_check_bowtie_content,
    check_answer=lambda content, answer, errors: _check_bowtie_value(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_bowtie_value(content, response, "response", errors),
    max_score=lambda content, answer: 5,
    score=_bowtie_score,
    chosen=lambda response: [response["condition"], *response["actions"], *response["parameters"]],
)

# --- ordered_response -----------------------------------------------------------------------------


def _check_order(content: Any, value: Any, root: str, errors: _Errors) -> None:
    ids = _option_ids(content)
    _check_choices(value["order"], ids, f"{root}.order", errors)
    if sorted(value["order"]) != sorted(ids):
        errors.add(f"{root}.order", "List every option exactly once.")


_TYPES["ordered_response"] = _ItemType(
    content=_object({"options": _options(3, 10, "The steps, shown in this (shuffled) order.")}, required=("options",)),
    answer=_object({"order": _ids("Every option id, in the correct order.", min_items=3)}, required=("order",)),
    response=_object({"order": _ids("Every option id, in the student's order.", min_items=3)}, required=("order",)),
    check_content=_check_option_list,
    check_answer=lambda content, answer, errors: _check_order(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_order(content, response, "response", errors),
    max_score=lambda content, answer: 1,
    score=lambda content, answer, response: score_all_or_nothing(list(response["order"]) == list(answer["order"])),
    chosen=lambda response: [f"{position}:{option}" for position, option in enumerate(response["order"], 1)],
)

# --- fill_in_blank --------------------------------------------------------------------------------


def _check_fill_content(content: Any, errors: _Errors) -> None:
    _check_text(content["unit"], "content.unit", errors, MAX_UNIT)


def _check_fill_answer(content: Any, answer: Any, errors: _Errors) -> None:
    if answer["unit"] != content["unit"]:
        errors.add("answer.unit", f"Must be the content's unit ({content['unit']}).")
    value, decimals = answer["value"], int(content["decimals"])
    if abs(value) < 1e15 and abs(round(value, decimals) - value) > 1e-9 * max(1.0, abs(value)):
        errors.add("answer.value", f"Give the value rounded to {decimals} decimal places, as the item asks.")


_TYPES["fill_in_blank"] = _ItemType(
    content=_object(
        {
            "unit": _string("The unit the answer is in, shown beside the box (mL, mg, gtt/min...)."),
            "decimals": {
                "type": "integer",
                "minimum": 0,
                "maximum": 4,
                "description": "Round the answer to this many decimal places (shown to the student).",
            },
        },
        required=("unit", "decimals"),
    ),
    answer=_object(
        {
            "value": _number("The correct value, rounded as the content says."),
            "tolerance": _number("Responses within ± tolerance of the value are right.", minimum=0),
            "unit": _string("The same unit as the content's."),
        },
        required=("value", "tolerance", "unit"),
    ),
    response=_object({"value": _number("The number the student entered.")}, required=("value",)),
    check_content=_check_fill_content,
    check_answer=_check_fill_answer,
    check_response=lambda content, response, errors: None,
    max_score=lambda content, answer: 1,
    score=lambda content, answer, response: score_within_tolerance(
        response["value"], answer["value"], answer["tolerance"]
    ),
    chosen=lambda response: [],
)

# --- hot_spot -------------------------------------------------------------------------------------

_SHAPE_FIELDS = {"rect": ("x", "y", "width", "height"), "circle": ("cx", "cy", "r"), "polygon": ("points",)}
_REGION = _object(
    {
        "shape": {"type": "string", "enum": list(_SHAPE_FIELDS)},
        "x": _number("rect: left edge, in image pixels.", minimum=0),
        "y": _number("rect: top edge.", minimum=0),
        "width": _number("rect: width.", minimum=0),
        "height": _number("rect: height.", minimum=0),
        "cx": _number("circle: centre x.", minimum=0),
        "cy": _number("circle: centre y.", minimum=0),
        "r": _number("circle: radius.", minimum=0),
        "points": _list(
            _list(_number(minimum=0), min_items=2, max_items=2, description="[x, y]"),
            min_items=3,
            max_items=50,
            description="polygon: its corners, in order.",
        ),
    },
    required=("shape",),
    description='{"shape": "rect", x, y, width, height} | {"shape": "circle", cx, cy, r} '
    '| {"shape": "polygon", points}',
)


def _polygon_area(points: Sequence[Sequence[float]]) -> float:
    """Shoelace formula."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True))) / 2


def _region_bounds(region: Mapping[str, Any]) -> tuple[float, float, float, float]:
    if region["shape"] == "rect":
        return region["x"], region["y"], region["x"] + region["width"], region["y"] + region["height"]
    if region["shape"] == "circle":
        cx, cy, r = region["cx"], region["cy"], region["r"]
        return cx - r, cy - r, cx + r, cy + r
    xs, ys = [point[0] for point in region["points"]], [point[1] for point in region["points"]]
    return min(xs), min(ys), max(xs), max(ys)


def _check_hot_spot_content(content: Any, errors: _Errors) -> None:
    url = content["image_url"]
    _check_text(url, "content.image_url", errors, MAX_URL)
    if url.strip() and not url.startswith(("/", "https://", "http://")):
        errors.add("content.image_url", "Give an http(s) URL or a path starting with '/'.")
    if "alt" in content:
        _check_text(content["alt"], "content.alt", errors)


def _check_regions(content: Any, answer: Any, errors: _Errors) -> None:
    width, height = content["width"], content["height"]
    for index, region in enumerate(answer["regions"]):
        path = _path("answer.regions", index)
        fields = _SHAPE_FIELDS[region["shape"]]
        for name in fields:
            if name not in region:
                errors.add(_path(path, name), "This field is required.")
        for name in region:
            if name != "shape" and name not in fields:
                errors.add(_path(path, name), f"Not used by a {region['shape']} region.")
        if errors.under(path):
            continue
        if region["shape"] == "rect" and (region["width"] <= 0 or region["height"] <= 0):
            errors.add(path, "Give the rectangle a width and a height.")
        elif region["shape"] == "circle" and region["r"] <= 0:
            errors.add(path, "Give the circle a radius.")
        elif region["shape"] == "polygon" and _polygon_area(region["points"]) <= 0:
            errors.add(path, "The polygon's corners must enclose an area.")
        left, top, right, bottom = _region_bounds(region)
        if left < 0 or top < 0 or right > width or bottom > height:
            errors.add(path, f"The region must lie inside the {width} x {height} image.")


def _check_point(content: Any, response: Any, errors: _Errors) -> None:
    if response["x"] > content["width"]:
        errors.add("response.x", f"The point is outside the image (width {content['width']}).")
    if response["y"] > content["height"]:
        errors.add("response.y", f"The point is outside the image (height {content['height']}).")


def _inside(region: Mapping[str, Any], x: float, y: float) -> bool:
    """Whether (x, y) is in the region, its edge included."""
    if region["shape"] == "rect":
        return region["x"] <= x <= region["x"] + region["width"] and region["y"] <= y <= region["y"] + region["height"]
    if region["shape"] == "circle":
        return math.hypot(x - region["cx"], y - region["cy"]) <= region["r"]
    points = region["points"]
    inside = False
    for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
        cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)
        if cross == 0 and min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1):
            return True  # on an edge
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside  # even-odd ray casting
    return inside


_TYPES["hot_spot"] = _ItemType(
    content=_object(
        {
            "image_url": _string("The image the student clicks on."),
            "width": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "Image width in pixels."},
            "height": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "Image height in pixels."},
            "alt": _string("What the image shows, for screen readers."),
        },
        required=("image_url", "width", "height"),
    ),
    answer=_object(
        {"regions": _list(_REGION, min_items=1, max_items=5, description="A point inside any of them is right.")},
        required=("regions",),
    ),
    response=_object(
        {
            "x": _number("Pixels from the image's left edge.", minimum=0),
            "y": _number("Pixels from the image's top edge.", minimum=0),
        },
        required=("x", "y"),
    ),
    check_content=_check_hot_spot_content,
    check_answer=_check_regions,
    check_response=_check_point,
    max_score=lambda content, answer: 1,
    score=lambda content, answer, response: score_all_or_nothing(
        any(_inside(region, response["x"], response["y"]) for region in answer["regions"])
    ),
    chosen=lambda response: [],
)

# --- highlight_text, highlight_table -------------------------------------------------------------


def _check_segments(segments: list[dict], path: str, errors: _Errors, seen: dict[str, str]) -> None:
    for index, segment in enumerate(segments):
        if "id" in segment:
            _check_id(segment["id"], _path(path, index, "id"), errors, seen)
            _check_text(segment["text"], _path(path, index, "text"), errors)
        elif not segment["text"]:
            errors.add(_path(path, index, "text"), BLANK_TEXT)
        elif len(segment["text"]) > MAX_PASSAGE_TEXT:
            errors.add(_path(path, index, "text"), f"Keep this under {MAX_PASSAGE_TEXT} characters.")


def _highlightable(content: Any) -> list[str]:
    rows = content.get("rows", [content])  # highlight_table has rows; highlight_text is one row
    return [segment["id"] for row in rows for segment in row["segments"] if "id" in segment]


def _check_highlight_text_content(content: Any, errors: _Errors) -> None:
    _check_segments(content["segments"], "content.segments", errors, {})
    if len(_highlightable(content)) < 2:
        errors.add("content.segments", "Make at least 2 segments selectable (give them an id).")


def _check_highlight_table_content(content: Any, errors: _Errors) -> None:
    for index, header in enumerate(content["headers"]):
        _check_text(header, _path("content.headers", index), errors)
    seen: dict[str, str] = {}  # one id scope for the whole table
    for index, row in enumerate(content["rows"]):
        _check_text(row["label"], _path("content.rows", index, "label"), errors)
        _check_segments(row["segments"], _path("content.rows", index, "segments"), errors, seen)
    if len(_highlightable(content)) < 2:
        errors.add("content.rows", "Make at least 2 segments selectable (give them an id).")


def _check_highlighted(content: Any, value: Any, root: str, errors: _Errors) -> None:
    key = "correct" if root == "answer" else "selected"
    _check_choices(value[key], _highlightable(content), f"{root}.{key}", errors, "Unknown segment id.")


_HIGHLIGHT_ANSWER = _object(
    {"correct": _ids("The ids of the segments to highlight (at least one).", min_items=1)}, required=("correct",)
)
_HIGHLIGHT_RESPONSE = _object(
    {"selected": _ids("The ids of the segments the student highlighted.", min_items=1)}, required=("selected",)
)

_TYPES["highlight_text"] = _ItemType(
    content=_object(
        {"segments": _list(_SEGMENT, min_items=2, max_items=200, description="The passage, piece by piece, in order.")},
        required=("segments",),
    ),
    answer=_HIGHLIGHT_ANSWER,
    response=_HIGHLIGHT_RESPONSE,
    check_content=_check_highlight_text_content,
    check_answer=lambda content, answer, errors: _check_highlighted(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_highlighted(content, response, "response", errors),
    max_score=lambda content, answer: len(answer["correct"]),
    score=lambda content, answer, response: score_plus_minus(response["selected"], answer["correct"]),
    chosen=_selected,
)

_TYPES["highlight_table"] = _ItemType(
    content=_object(
        {
            "headers": _list(_string(), min_items=2, max_items=2, description="The two column headings."),
            "rows": _list(
                _object(
                    {
                        "label": _string("The row's first cell (a body system, a time...)."),
                        "segments": _list(
                            _SEGMENT, min_items=1, max_items=50, description="The second cell, piece by piece."
                        ),
                    },
                    required=("label", "segments"),
                ),
                min_items=1,
                max_items=15,
            ),
        },
        required=("headers", "rows"),
    ),
    answer=_HIGHLIGHT_ANSWER,
    response=_HIGHLIGHT_RESPONSE,
    check_content=_check_highlight_table_content,
    check_answer=lambda content, answer, errors: _check_highlighted(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_highlighted(content, response, "response", errors),
    max_score=lambda content, answer: len(answer["correct"]),
    score=lambda content, answer, response: score_plus_minus(response["selected"], answer["correct"]),
    chosen=_selected,
)

# --- multiple_response_grouping -------------------------------------------------------------------


def _check_grouping_content(content: Any, errors: _Errors) -> None:
    group_ids: dict[str, str] = {}
    option_ids: dict[str, str] = {}  # one id scope across the groups
    for index, group in enumerate(content["groups"]):
        _check_id(group["id"], _path("content.groups", index, "id"), errors, group_ids)
        _check_text(group["text"], _path("content.groups", index, "text"), errors)
        _check_options(group["options"], _path("content.groups", index, "options"), errors, option_ids)


def _groups(content: Any) -> list[tuple[str, list[str]]]:
    return [(group["id"], [option["id"] for option in group["options"]]) for group in content["groups"]]


def _check_grouping_value(content: Any, value: Any, root: str, errors: _Errors) -> None:
    key = "correct" if root == "answer" else "selected"
    chosen = value[key]
    _check_choices(chosen, [option for _, options in _groups(content) for option in options], f"{root}.{key}", errors)
    for group, options in _groups(content):
        if not set(options) & set(chosen):
            message = (
                f"Mark at least one correct option in group {group}."
                if root == "answer"
                else "Select at least one option in every group."
            )
            errors.add(f"{root}.{key}", message)


def _grouping_score(content: Any, answer: Any, response: Any) -> int:
    # NCSBN: +/- within each group, each group floored at 0, the groups summed (a wrong pick in one
    # group cannot take away what another group earned).
    total = 0
    for _, options in _groups(content):
        in_group = set(options)
        total += score_plus_minus(
            [option for option in response["selected"] if option in in_group],
            [option for option in answer["correct"] if option in in_group],
        )
    return total


_TYPES["multiple_response_grouping"] = _ItemType(
    content=_object(
        {
            "groups": _list(
                _object(
                    {"id": _ID, "text": _string("The group's heading."), "options": _options(2, 6)},
                    required=("id", "text", "options"),
                ),
                min_items=2,
                max_items=5,
                description="Option ids are unique across all groups.",
            )
        },
        required=("groups",),
    ),
    answer=_object(
        {"correct": _ids("Every correct option id, at least one per group.", min_items=2)}, required=("correct",)
    ),
    response=_object(
        {"selected": _ids("The ids selected, at least one per group.", min_items=1)}, required=("selected",)
    ),
    check_content=_check_grouping_content,
    check_answer=lambda content, answer, errors: _check_grouping_value(content, answer, "answer", errors),
    check_response=lambda content, response, errors: _check_grouping_value(content, response, "response", errors),
    max_score=lambda content, answer: len(answer["correct"]),
    score=_grouping_score,
    chosen=_selected,
)

assert set(_TYPES) == set(ITEM_TYPES)


# --------------------------------------------------------------------------------------------------
# The API
# --------------------------------------------------------------------------------------------------


def _spec(item_type: str) -> _ItemType:
    try:
        return _TYPES[item_type]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown item type: {item_type!r}") from None


def _schema(item_type: str, part: str) -> dict:
    _spec(item_type)
    return copy.deepcopy(_SCHEMAS[item_type, part])  # a copy: the validators use the original


def content_schema(item_type: str) -> dict:
    """The JSON Schema of the type's `content`, with an example (ValueError for an unknown type)."""
    return _schema(item_type, "content")


def answer_schema(item_type: str) -> dict:
    """The JSON Schema of the type's `answer`, with an example (ValueError for an unknown type)."""
    return _schema(item_type, "answer")


def response_schema(item_type: str) -> dict:
    """The JSON Schema of a student's `response` to the type, with an example (ValueError for an
    unknown type)."""
    return _schema(item_type, "response")


def _valid_content(item_type: str, content: Any, errors: _Errors) -> bool:
    if not _structure_ok(_VALIDATORS[item_type, "content"], content, "content", errors):
        return False
    _TYPES[item_type].check_content(content, errors)
    return not errors.under("content")


def validate_item(item_type: str, content: Any, answer: Any) -> dict[str, list[str]]:
    """Errors of an item's content and answer by path (`{}` when valid): the shape first (JSON Schema),
    then the meaning (ids that exist and are unique, counts, the answer fitting the content). Never
    raises, whatever JSON values it is given."""
    if not isinstance(item_type, str) or item_type not in _TYPES:
        return {"type": [UNKNOWN_TYPE]}
    errors = _Errors()
    content_ok = _valid_content(item_type, content, errors)
    answer_ok = _structure_ok(_VALIDATORS[item_type, "answer"], answer, "answer", errors)
    if content_ok and answer_ok:
        _TYPES[item_type].check_answer(content, answer, errors)
    return errors.by_path


def validate_response(item_type: str, content: Any, response: Any) -> dict[str, list[str]]:
    """Errors of a student's response by path, each key starting with "response" (`{}` when valid).
    The item's content is checked first; if it is invalid its errors (keys "content...") are returned
    instead. Never raises, whatever JSON values it is given."""
    if not isinstance(item_type, str) or item_type not in _TYPES:
        return {"type": [UNKNOWN_TYPE]}
    errors = _Errors()
    if not _valid_content(item_type, content, errors):
        return errors.by_path
    if _structure_ok(_VALIDATORS[item_type, "response"], response, "response", errors):
        _TYPES[item_type].check_response(content, response, errors)
    return errors.by_path


def max_score(item_type: str, content: Any, answer: Any) -> int:
    """The most a response can score (>= 1), for a validated item."""
    return _spec(item_type).max_score(content, answer)


def score(item_type: str, content: Any, answer: Any, response: Any) -> int:
    """The response's score under the type's NCSBN rule, 0 <= score <= max_score, for a validated
    item and response."""
    return _spec(item_type).score(content, answer, response)


def chosen_options(item_type: str, response: Any) -> list[str]:
    """The choices a validated response made, for "how often was each option chosen" statistics.

    Option ids for types whose ids are unique across the item (multiple choice and response, select N,
    highlight, grouping, bowtie, drag-and-drop tokens); "part:option" where an option id only means
    something with its part ("row:column" for matrices, "row:option" for drop-down tables,
    "blank:option" for drop-downs); "position:option" for ordered response (1-based); [] for fill in
    the blank and hot spot.
    """
    return _spec(item_type).chosen(response)


# --------------------------------------------------------------------------------------------------
# One example per type (published as each schema's `example`; docs/item-types.md shows them too)
# --------------------------------------------------------------------------------------------------

EXAMPLES: dict[str, dict[str, Any]] = {
    "multiple_choice": {
        "content": {
            "options": [
                {"id": "A", "text": "Phytonadione (vitamin K)"},
                {"id": "B", "text": "Protamine sulfate"},
                {"id": "C", "text": "Naloxone"},
                {"id": "D", "text": "Flumazenil"},
            ]
        },
        "answer": {"correct": ["B"]},
        "response": {"selected": ["B"]},
    },
    "select_n": {
        "content": {
            "options": [
                {"id": "A", "text": "Stop the cefazolin infusion."},
                {"id": "B", "text": "Give epinephrine 0.5 mg IM as prescribed."},
                {"id": "C", "text": "Draw blood cultures."},
                {"id": "D", "text": "Document the reaction in the allergy record."},
                {"id": "E", "text": "Give oral diphenhydramine."},
            ],
            "n": 2,
        },
        "answer": {"correct": ["A", "B"]},
        "response": {"selected": ["A", "B"]},
    },
    "matrix_multiple_choice": {
        "content": {
            "columns": [{"id": "expected", "text": "Expected"}, {"id": "follow_up", "text": "Requires follow-up"}],
            "rows": [
                {"id": "r1", "text": "Mild hoarseness"},
                {"id": "r2", "text": "Tingling around the mouth"},
                {"id": "r3", "text": "Incisional pain 3/10"},
                {"id": "r4", "text": "Inspiratory stridor"},
            ],
        },
        "answer": {"rows": {"r1": "expected", "r2": "follow_up", "r3": "expected", "r4": "follow_up"}},
        "response": {"rows": {"r1": "expected", "r2": "follow_up", "r3": "expected", "r4": "follow_up"}},
    },
    "drop_down_cloze": {
        "content": {
            "text": "A serum potassium of 6.4 mEq/L puts the client at risk for {{1}}; "
            "the nurse prepares to give {{2}}.",
            "blanks": [
                {
                    "id": "1",
                    "options": [
                        {"id": "A", "text": "cardiac dysrhythmias"},
                        {"id": "B", "text": "seizures"},
                        {"id": "C", "text": "tetany"},
                    ],
                },
                {
                    "id": "2",
                    "options": [
                        {"id": "A", "text": "IV regular insulin with dextrose"},
                        {"id": "B", "text": "IV potassium chloride"},
                        {"id": "C", "text": "oral spironolactone"},
                    ],
                },
            ],
        },
        "answer": {"blanks": {"1": "A", "2": "A"}},
        "response": {"blanks": {"1": "A", "2": "A"}},
    },
    "drop_down_table": {
        "content": {
            "headers": ["Medication and finding", "Nursing action"],
            "rows": [
                {
                    "id": "r1",
                    "text": "Digoxin 0.125 mg PO; apical pulse 52/min",
                    "options": [{"id": "give", "text": "Give"}, {"id": "hold", "text": "Hold and notify"}],
                },
                {
                    "id": "r2",
                    "text": "Metoprolol 25 mg PO; BP 128/76 mm Hg, pulse 72/min",
                    "options": [{"id": "give", "text": "Give"}, {"id": "hold", "text": "Hold and notify"}],
                },
                {
                    "id": "r3",
                    "text": "Lisinopril 10 mg PO; potassium 5.9 mEq/L",
                    "options": [{"id": "give", "text": "Give"}, {"id": "hold", "text": "Hold and notify"}],
                },
            ],
        },
        "answer": {"rows": {"r1": "hold", "r2": "give", "r3": "hold"}},
        "response": {"rows": {"r1": "hold", "r2": "give", "r3": "hold"}},
    },
    "drag_drop_cloze": {
        "content": {
            "text": "For an alert client with a blood glucose of 58 mg/dL, the nurse first gives {{1}} "
            "and rechecks the glucose in {{2}}.",
            "blanks": [{"id": "1"}, {"id": "2"}],
            "tokens": [
                {"id": "t1", "text": "15 g of a fast-acting carbohydrate"},
                {"id": "t2", "text": "1 mg of glucagon IM"},
                {"id": "t3", "text": "15 minutes"},
                {"id": "t4", "text": "1 hour"},
                {"id": "t5", "text": "a high-protein snack"},
            ],
        },
        "answer": {"blanks": {"1": "t1", "2": "t3"}},
        "response": {"blanks": {"1": "t1", "2": "t3"}},
    },
    "bowtie": {
        "content": {
            "conditions": [
                {"id": "c1", "text": "Diabetic ketoacidosis"},
                {"id": "c2", "text": "Hyperosmolar hyperglycemic state"},
                {"id": "c3", "text": "Hypoglycemia"},
                {"id": "c4", "text": "Septic shock"},
            ],
            "actions": [
                {"id": "a1", "text": "Infuse 0.9% sodium chloride IV"},
                {"id": "a2", "text": "Start a continuous IV regular insulin infusion"},
                {"id": "a3", "text": "Give 15 g of oral glucose"},
                {"id": "a4", "text": "Restrict oral and IV fluids"},
                {"id": "a5", "text": "Give insulin glargine subcutaneously now"},
            ],
            "parameters": [
                {"id": "p1", "text": "Serum potassium"},
                {"id": "p2", "text": "Hourly blood glucose"},
                {"id": "p3", "text": "Serum calcium"},
                {"id": "p4", "text": "Hemoglobin A1C"},
                {"id": "p5", "text": "Serum amylase"},
            ],
        },
        "answer": {"condition": "c1", "actions": ["a1", "a2"], "parameters": ["p1", "p2"]},
        "response": {"condition": "c1", "actions": ["a2", "a1"], "parameters": ["p2", "p1"]},
    },
    "ordered_response": {
        "content": {
            "options": [
                {"id": "A", "text": "Begin chest compressions at 100 to 120 per minute."},
                {"id": "B", "text": "Shout for help and activate the emergency response system."},
                {"id": "C", "text": "Check for responsiveness."},
                {"id": "D", "text": "Attach the AED pads as soon as the AED arrives."},
                {"id": "E", "text": "Check breathing and the carotid pulse for no more than 10 seconds."},
            ]
        },
        "answer": {"order": ["C", "B", "E", "A", "D"]},
        "response": {"order": ["C", "B", "E", "A", "D"]},
    },
    "fill_in_blank": {
        "content": {"unit": "mL", "decimals": 1},
        "answer": {"value": 2.5, "tolerance": 0.05, "unit": "mL"},
        "response": {"value": 2.5},
    },
    "hot_spot": {
        "content": {
            "image_url": "/static/questions/sample/chest.svg",
            "width": 400,
            "height": 400,
            "alt": "Outline of an adult's anterior chest with the ribs and intercostal spaces",
        },
        "answer": {"regions": [{"shape": "circle", "cx": 260, "cy": 238, "r": 18}]},
        "response": {"x": 258, "y": 238},
    },
    "multiple_response": {
        "content": {
            "options": [
                {"id": "A", "text": "Muscle weakness"},
                {"id": "B", "text": "Flattened T waves"},
                {"id": "C", "text": "Peaked T waves"},
                {"id": "D", "text": "Prominent U waves"},
                {"id": "E", "text": "Hyperactive deep tendon reflexes"},
            ]
        },
        "answer": {"correct": ["A", "B", "D"]},
        "response": {"selected": ["A", "B", "D"]},
    },
    "highlight_text": {
        "content": {
            "segments": [
                {"text": "Two days after a total hip arthroplasty the client "},
                {"id": "h1", "text": "reports sudden shortness of breath"},
                {"text": " and "},
                {"id": "h2", "text": "sharp chest pain on inspiration"},
                {"text": ". "},
                {"id": "h3", "text": "Incision is dry and intact"},
                {"text": ". "},
                {"id": "h4", "text": "Heart rate 124/min"},
                {"text": ", "},
                {"id": "h5", "text": "oral temperature 37.2 °C"},
                {"text": ", "},
                {"id": "h6", "text": "SpO2 88% on room air"},
                {"text": "."},
            ]
        },
        "answer": {"correct": ["h1", "h2", "h4", "h6"]},
        "response": {"selected": ["h1", "h2", "h4", "h6"]},
    },
    "highlight_table": {
        "content": {
            "headers": ["Body system", "Findings"],
            "rows": [
                {
                    "label": "Vital signs",
                    "segments": [
                        {"id": "v1", "text": "T 38.9 °C"},
                        {"text": ", "},
                        {"id": "v2", "text": "HR 118/min"},
                        {"text": ", "},
                        {"id": "v3", "text": "BP 86/50 mm Hg"},
                    ],
                },
                {
                    "label": "Neurological",
                    "segments": [{"id": "n1", "text": "New confusion"}, {"text": "; "}, {"id": "n2", "text": "PERRLA"}],
                },
                {
                    "label": "Renal",
                    "segments": [{"id": "u1", "text": "Urine output 15 mL/h for the past 3 hours"}],
                },
                {
                    "label": "Skin",
                    "segments": [{"id": "s1", "text": "Surgical incision approximated, no drainage"}],
                },
            ],
        },
        "answer": {"correct": ["v1", "v2", "v3", "n1", "u1"]},
        "response": {"selected": ["v1", "v2", "v3", "n1", "u1"]},
    },
    "matrix_multiple_response": {
        "content": {
            "columns": [
                {"id": "digoxin", "text": "Digoxin"},
                {"id": "metoprolol", "text": "Metoprolol"},
                {"id": "furosemide", "text": "Furosemide"},
            ],
            "rows": [
                {"id": "pulse", "text": "Apical pulse for 1 full minute"},
                {"id": "bp", "text": "Blood pressure"},
                {"id": "potassium", "text": "Serum potassium"},
            ],
        },
        "answer": {
            "rows": {
                "pulse": ["digoxin", "metoprolol"],
                "bp": ["metoprolol", "furosemide"],
                "potassium": ["digoxin", "furosemide"],
            }
        },
        "response": {
            "rows": {
                "pulse": ["digoxin", "metoprolol"],
                "bp": ["metoprolol", "furosemide"],
                "potassium": ["digoxin", "furosemide"],
            }
        },
    },
    "multiple_response_grouping": {
        "content": {
            "groups": [
                {
                    "id": "cardio",
                    "text": "Cardiovascular",
                    "options": [
                        {"id": "c1", "text": "Bradycardia"},
                        {"id": "c2", "text": "Tachycardia"},
                        {"id": "c3", "text": "Widened pulse pressure"},
                    ],
                },
                {
                    "id": "skin",
                    "text": "Integumentary",
                    "options": [
                        {"id": "s1", "text": "Dry, coarse skin"},
                        {"id": "s2", "text": "Brittle hair and hair loss"},
                        {"id": "s3", "text": "Warm, moist skin"},
                    ],
                },
                {
                    "id": "gi",
                    "text": "Gastrointestinal",
                    "options": [
                        {"id": "g1", "text": "Constipation"},
                        {"id": "g2", "text": "Frequent loose stools"},
                        {"id": "g3", "text": "Weight loss with increased appetite"},
                    ],
                },
            ]
        },
        "answer": {"correct": ["c1", "s1", "s2", "g1"]},
        "response": {"selected": ["c1", "s1", "s2", "g1"]},
    },
    "drop_down_rationale": {
        "content": {
            "text": "The client is most likely experiencing {{1}}, as evidenced by {{2}} and {{3}}.",
            "blanks": [
                {
                    "id": "1",
                    "role": "cause",
                    "options": [
                        {"id": "A", "text": "hypokalemia"},
                        {"id": "B", "text": "hyperkalemia"},
                        {"id": "C", "text": "hypercalcemia"},
                    ],
                },
                {
                    "id": "2",
                    "role": "effect",
                    "options": [
                        {"id": "A", "text": "U waves on the ECG"},
                        {"id": "B", "text": "peaked T waves on the ECG"},
                        {"id": "C", "text": "a shortened QT interval"},
                    ],
                },
                {
                    "id": "3",
                    "role": "effect",
                    "options": [
                        {"id": "A", "text": "leg cramps and muscle weakness"},
                        {"id": "B", "text": "a positive Chvostek sign"},
                        {"id": "C", "text": "hyperactive bowel sounds"},
                    ],
                },
            ],
        },
        "answer": {"blanks": {"1": "A", "2": "A", "3": "A"}},
        "response": {"blanks": {"1": "A", "2": "A", "3": "A"}},
    },
    "drag_drop_rationale": {
        "content": {
            "text": "The nurse should {{1}} because {{2}}.",
            "blanks": [{"id": "1", "role": "effect"}, {"id": "2", "role": "cause"}],
            "tokens": [
                {"id": "t1", "text": "hold the morning metformin"},
                {"id": "t2", "text": "give the metformin with breakfast"},
                {"id": "t3", "text": "the client is having a CT scan with iodinated contrast today"},
                {"id": "t4", "text": "metformin often causes severe hypoglycemia"},
                {"id": "t5", "text": "the client's fasting glucose is 142 mg/dL"},
            ],
        },
        "answer": {"blanks": {"1": "t1", "2": "t3"}},
        "response": {"blanks": {"1": "t1", "2": "t3"}},
    },
}

_SCHEMAS: dict[tuple[str, str], dict] = {
    (name, part): {**getattr(spec, part), "example": EXAMPLES[name][part]}
    for name, spec in _TYPES.items()
    for part in ("content", "answer", "response")
}
_VALIDATORS = {key: _Validator(schema) for key, schema in _SCHEMAS.items()}
