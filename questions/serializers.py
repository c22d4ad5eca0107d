"""Input validation and output shapes of the question bank's authoring API (CONTRACT §7).

An item is checked twice over: its plain fields here (DRF), its `content` and `answer` by the rules
of its type (`questions.itemtypes.validate_item`), and every error is reported under the path of
the value it is about (`content.rows[2].id`, `items[3].content.options` in an import), so an author
can find it in a 5,000-item file.
"""

import math

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from core.timestamps import format_timestamp
from questions import itemtypes
from questions.models import CaseStudy, CjmmStep, ClientNeed, ItemExam, ItemType, Question, Status
from questions.schema import ANSWER_ONE_OF, CONTENT_ONE_OF

MAX_STEM = 5_000
MAX_RATIONALE = 20_000
MAX_COURSES = 100
MAX_EXHIBITS = 20
CJMM_ORDER = list(CjmmStep.values)

DIFFICULTY_RANGE = "Must be a finite number of logits between -10 and 10."
CASE_STEP_ORDER = "The items of a case study follow the clinical judgment steps in order: this one is {step}."
CASE_SIX_ITEMS = "A case study has exactly six items, one per clinical judgment step."
IMPORT_TOO_MANY = "At most {limit} items can be imported at a time."
IMPORT_EMPTY = "Nothing to import: give items or case studies."


def error_paths(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as `{path: [messages]}`, paths written as `itemtypes` writes them
    (`items[3].course_ids[0]`), so every error of one request has one form."""
    paths: dict[str, list[str]] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(key, int):
                    walk(child, f"{path}[{key}]")
                elif key == "non_field_errors":
                    walk(child, path)
                else:
                    walk(child, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for child in node:
                if isinstance(child, dict | list):
                    walk(child, path)
                else:
                    paths.setdefault(path or "non_field_errors", []).append(str(child))
        else:
            paths.setdefault(path or "non_field_errors", []).append(str(node))

    walk(detail, prefix.rstrip("."))
    return paths


@extend_schema_field({**CONTENT_ONE_OF, "description": "What a student sees: one schema per `type`."})
class ContentField(serializers.JSONField):
    pass


@extend_schema_field({**ANSWER_ONE_OF, "description": "The key: one schema per `type`."})
class AnswerField(serializers.JSONField):
    pass


class DifficultyField(serializers.FloatField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not math.isfinite(value) or not -10 <= value <= 10:
            raise serializers.ValidationError(DIFFICULTY_RANGE)
        return value


# --- Input --------------------------------------------------------------------------------------


class QuestionFilterSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=ItemExam.choices, required=False, help_text="Items for RN, PN or both.")
    type = serializers.ChoiceField(choices=ItemType.choices, required=False)
    client_need = serializers.ChoiceField(choices=ClientNeed.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    search = serializers.CharField(required=False, max_length=200, help_text="Words in the stem.")


class QuestionWriteSerializer(serializers.Serializer):
    """An item as an author writes it. `max_score` is never written: it follows from the item."""

    exam = serializers.ChoiceField(choices=ItemExam.choices, default=ItemExam.BOTH)
    type = serializers.ChoiceField(choices=ItemType.choices)
    stem = serializers.CharField(max_length=MAX_STEM, help_text="The question the student reads.")
    content = ContentField()
    answer = AnswerField()
    rationale = serializers.CharField(max_length=MAX_RATIONALE, allow_blank=True, default="")
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    cjmm_step = serializers.ChoiceField(choices=CjmmStep.choices, allow_null=True, default=None)
    difficulty = DifficultyField(
        default=0.0,
        help_text="Rasch difficulty in logits: the author's estimate (0 = average) until calibration replaces it.",
    )
    calibrated = serializers.BooleanField(
        default=False, help_text="True only for items calibrated on the bank's scale (admins only)."
    )
    status = serializers.ChoiceField(
        choices=Status.choices, default=Status.DRAFT, help_text="`published` and `retired`: admins only."
    )
    course_ids = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=MAX_COURSES,
        default=list,
        help_text="Empty: every signed-in student may practise the item; else those with access to one of them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            # Editing: a field left out keeps its value (PUT and PATCH alike), never its default.
            for field in self.fields.values():
                if field.default is not empty:
                    field.default = empty

    def to_internal_value(self, data):
        # The item's own errors (content, answer) are reported with the field errors, not after
        # them: an author fixes a file once, not field errors first and then the content.
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(data, dict) or not isinstance(error.detail, dict):
                raise
            raise serializers.ValidationError({**self._item_errors(data), **error.detail}) from None
        item_errors = self._item_errors(attrs)
        if item_errors:
            raise serializers.ValidationError(item_errors)
        return attrs

    def _item_errors(self, values: dict) -> dict:
        # On a partial update the item is checked whole: a new key against the stored content.
        current = self.instance
        if current is not None and not {"type", "content", "answer"} & values.keys():
            return {}
        item_type = values.get("type", getattr(current, "type", None))
        if item_type not in itemtypes.ITEM_TYPES:
            return {}  # the `type` field's own error says it
        content = values.get("content", getattr(current, "content", None))
        answer = values.get("answer", getattr(current, "answer", None))
        return itemtypes.validate_item(item_type, content, answer)


class ExhibitSerializer(serializers.Serializer):
    """One tab of a case study's chart: text, or a table of `columns` and `rows`."""

    tab = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=["text", "table"])
    text = serializers.CharField(max_length=itemtypes.MAX_PASSAGE_TEXT, required=False)
    columns = serializers.ListField(child=serializers.CharField(max_length=200), max_length=20, required=False)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=1000, allow_blank=True), max_length=20),
        max_length=100,
        required=False,
    )
    reveal_at = serializers.IntegerField(min_value=1, max_value=6, default=1, help_text="Shown from this item on.")

    def validate(self, attrs):
        if attrs["kind"] == "text" and not attrs.get("text"):
            raise serializers.ValidationError({"text": ["A text exhibit needs its text."]})
        if attrs["kind"] == "table":
            columns, rows = attrs.get("columns"), attrs.get("rows")
            if not columns or not rows:
                raise serializers.ValidationError({"columns": ["A table exhibit needs columns and rows."]})
            for index, row in enumerate(rows):
                if len(row) != len(columns):
                    raise serializers.ValidationError({f"rows[{index}]": ["Each row has one cell per column."]})
        return attrs


class CaseStudyWriteSerializer(serializers.Serializer):
    """A case study with its six items inline (in clinical judgment order), as imported and as written
    over `POST /api/admin/case-studies/`. Given an `instance` (an edit), a field left out keeps its
    value (PUT and PATCH alike) and `items`, when given, are the six items' changes by position."""

    exam = serializers.ChoiceField(choices=ItemExam.choices, default=ItemExam.BOTH)
    title = serializers.CharField(max_length=200)
    scenario = serializers.CharField(max_length=itemtypes.MAX_PASSAGE_TEXT)
    exhibits = ExhibitSerializer(many=True, default=list, max_length=MAX_EXHIBITS)
    status = serializers.ChoiceField(choices=Status.choices, default=Status.DRAFT)
    items = serializers.ListField(child=serializers.JSONField(), help_text=CASE_SIX_ITEMS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            for name, field in self.fields.items():
                if field.default is not empty:
                    field.default = empty
                if name != "items":
                    field.required = False

    def to_internal_value(self, data):
        """The six items checked one by one, every error under its path (`items[2].content.options`)
        and reported with the case study's own field errors (`exhibits[1].rows[0]`); an item's
        `cjmm_step` left out is its position's."""
        errors: dict[str, list[str]] = {}
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if not isinstance(error.detail, dict):
                raise
            errors, attrs = error_paths(error.detail), {}
            if isinstance(data, dict) and isinstance(data.get("items"), list) and "items" not in errors:
                attrs = {"items": data["items"]}
        if "items" in attrs:
            attrs = {**attrs, "items": case_items_validated(attrs["items"], errors, instance=self.instance)}
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def case_items_validated(items: list, errors: dict, *, instance: CaseStudy | None = None, prefix: str = "") -> list:
    """A case study's six items, each validated as an item (against the stored item at its position
    when `instance` is given); errors are added to `errors` under `{prefix}items[n]...`."""
    if len(items) != len(CJMM_ORDER):
        errors[f"{prefix}items"] = [CASE_SIX_ITEMS]
        return []
    stored = {q.case_position: q for q in instance.questions.all()} if instance is not None else {}
    item_input = QuestionWriteSerializer()  # bound once: most of the cost at 5,000 items
    validated = []
    for n, (item, step) in enumerate(zip(items, CJMM_ORDER, strict=True)):
        path = f"{prefix}items[{n}]"
        current = stored.get(n + 1)
        if isinstance(item, dict) and item.get("cjmm_step") is None and current is None:
            item = {**item, "cjmm_step": step}  # the position says which step it is
        serializer = item_input if current is None else QuestionWriteSerializer(current, partial=True)
        try:
            item = serializer.run_validation(item)
        except serializers.ValidationError as error:
            errors.update(error_paths(error.detail, path))
            validated.append(None)
            continue
        if item.get("cjmm_step", step) != step:
            errors[f"{path}.cjmm_step"] = [CASE_STEP_ORDER.format(step=step)]
        validated.append(item)
    return validated


class CaseStudyFilterSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=ItemExam.choices, required=False, help_text="For RN, PN or both.")
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    search = serializers.CharField(required=False, max_length=200, help_text="Words in the title or scenario.")


class ImportSerializer(serializers.Serializer):
    """The import body: stand-alone items and case studies (each with its six items inline)."""

    items = serializers.ListField(
        child=serializers.JSONField(), default=list, help_text="Items as in `POST /api/admin/questions/`."
    )
    case_studies = serializers.ListField(
        child=serializers.JSONField(), default=list, help_text="Case studies, each with its six `items` inline."
    )

    def validate(self, attrs):
        """Each item checked on its own, every error under the item's index (`items[3].content.options`,
        `case_studies[0].items[2].cjmm_step`); nothing is returned unless all of them are valid."""
        limit = settings.QUESTION_IMPORT_MAX_ITEMS
        inline = sum(len(c.get("items") or []) for c in attrs["case_studies"] if isinstance(c, dict))
        if len(attrs["items"]) + inline > limit:
            raise serializers.ValidationError({"items": [IMPORT_TOO_MANY.format(limit=limit)]})
        if not attrs["items"] and not attrs["case_studies"]:
            raise serializers.ValidationError({"items": [IMPORT_EMPTY]})
        # One serializer for every item: binding fields once is most of the cost at 5,000 items.
        item_input, case_input = QuestionWriteSerializer(), CaseStudyFields()
        errors: dict[str, list[str]] = {}

        def checked(serializer, value, path):
            try:
                return serializer.run_validation(value)
            except serializers.ValidationError as error:
                errors.update(error_paths(error.detail, path))
                return None

        items = [checked(item_input, item, f"items[{n}]") for n, item in enumerate(attrs["items"])]
        cases = []
        for c, raw in enumerate(attrs["case_studies"]):
            case = checked(case_input, raw, f"case_studies[{c}]")
            if case is not None:
                case_items = case_items_validated(case["items"], errors, prefix=f"case_studies[{c}].")
                cases.append({**case, "items": case_items})
        if errors:
            raise serializers.ValidationError(errors)
        return {"items": items, "case_studies": cases}


class CaseStudyFields(CaseStudyWriteSerializer):
    """A case study's own fields and its items unchecked (an import checks them with their paths)."""

    def to_internal_value(self, data):
        return serializers.Serializer.to_internal_value(self, data)


# --- Output -------------------------------------------------------------------------------------


class QuestionStatsSerializer(serializers.Serializer):
    responses = serializers.IntegerField(help_text="How many answers the item has (every version).")
    mean_score = serializers.FloatField(allow_null=True, help_text="Mean of score / max_score, 0..1.")
    percent_correct = serializers.FloatField(allow_null=True, help_text="Percent of answers with every point.")
    discrimination = serializers.FloatField(
        allow_null=True,
        help_text="Point-biserial: correlation of the item's score with the student's score on the other items "
        "they answered (-1..1; null under 30 answers). Below 0: the item needs review.",
    )
    median_seconds = serializers.IntegerField(allow_null=True, help_text="Median time spent answering.")
    option_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="How often each option id was chosen."
    )
    infit = serializers.FloatField(allow_null=True, help_text="Rasch infit mean-square (1 = as the model expects).")
    outfit = serializers.FloatField(allow_null=True, help_text="Rasch outfit mean-square.")


class QuestionSerializer(serializers.Serializer):
    """An item as authors see it. Needs `courses` prefetched (`questions.selectors.question_list`)."""

    id = serializers.UUIDField()
    exam = serializers.ChoiceField(choices=ItemExam.choices)
    type = serializers.ChoiceField(choices=ItemType.choices)
    stem = serializers.CharField()
    content = ContentField()
    answer = AnswerField()
    rationale = serializers.CharField()
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    cjmm_step = serializers.ChoiceField(choices=CjmmStep.choices, allow_null=True)
    difficulty = serializers.FloatField(help_text="Rasch difficulty in logits.")
    calibrated = serializers.BooleanField(help_text="The difficulty was estimated from responses.")
    status = serializers.ChoiceField(choices=Status.choices)
    case_study_id = serializers.UUIDField(allow_null=True)
    case_position = serializers.IntegerField(allow_null=True, help_text="1..6 within its case study.")
    course_ids = serializers.ListField(child=serializers.UUIDField())
    max_score = serializers.IntegerField(help_text="The most points the item gives (follows from the item).")
    version = serializers.IntegerField(
        help_text="Bumped when an answered item's stem, content, key or rationale changes."
    )
    needs_review = serializers.BooleanField(help_text="Negative discrimination or Rasch misfit.")
    stats = QuestionStatsSerializer()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, question: Question) -> dict:
        return {
            "id": str(question.id),
            "exam": question.exam,
            "type": question.type,
            "stem": question.stem,
            "content": question.content,
            "answer": question.answer,
            "rationale": question.rationale,
            "client_need": question.client_need,
            "cjmm_step": question.cjmm_step,
            "difficulty": question.difficulty,
            "calibrated": question.calibrated,
            "status": question.status,
            "case_study_id": str(question.case_study_id) if question.case_study_id else None,
            "case_position": question.case_position,
            "course_ids": sorted(str(course.pk) for course in question.courses.all()),
            "max_score": question.max_score,
            "version": question.version,
            "needs_review": question.needs_review,
            "stats": {
                "responses": question.answer_count,
                "mean_score": round(question.mean_score, 4) if question.answer_count else None,
                "percent_correct": question.peers_percent_correct,
                "discrimination": question.discrimination,
                "median_seconds": question.median_seconds,
                "option_counts": question.option_counts or {},
                "infit": question.infit,
                "outfit": question.outfit,
            },
            "created_at": format_timestamp(question.created_at),
            "updated_at": format_timestamp(question.updated_at),
        }


class CaseStudySerializer(serializers.Serializer):
    """A case study as authors see it, its six items in clinical judgment order. Needs `questions`
    and their `courses` prefetched (`questions.selectors.case_study_list`)."""

    id = serializers.UUIDField()
    exam = serializers.ChoiceField(choices=ItemExam.choices)
    title = serializers.CharField()
    scenario = serializers.CharField()
    exhibits = ExhibitSerializer(many=True, help_text="Tabs of text or tables; each shown from item `reveal_at` on.")
    status = serializers.ChoiceField(choices=Status.choices, help_text="Its items always share it.")
    is_sample = serializers.BooleanField(help_text="Sample content shipped with the demo school.")
    items = QuestionSerializer(many=True, help_text="The six items, recognize_cues .. evaluate_outcomes.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def to_representation(self, case: CaseStudy) -> dict:
        item = QuestionSerializer()
        return {
            "id": str(case.id),
            "exam": case.exam,
            "title": case.title,
            "scenario": case.scenario,
            "exhibits": case.exhibits,
            "status": case.status,
            "is_sample": case.is_sample,
            "items": [item.to_representation(q) for q in sorted(case.questions.all(), key=lambda q: q.case_position)],
            "created_at": format_timestamp(case.created_at),
            "updated_at": format_timestamp(case.updated_at),
        }


class ExportItemSerializer(serializers.Serializer):
    """An item in an export: exactly the fields an import reads."""

    exam = serializers.CharField()
    type = serializers.CharField()
    stem = serializers.CharField()
    content = ContentField()
    answer = AnswerField()
    rationale = serializers.CharField()
    client_need = serializers.CharField()
    cjmm_step = serializers.CharField(allow_null=True)
    difficulty = serializers.FloatField()
    calibrated = serializers.BooleanField()
    status = serializers.CharField()
    course_ids = serializers.ListField(child=serializers.UUIDField())

    def to_representation(self, question: Question) -> dict:
        return export_item(question)


def export_item(question: Question) -> dict:
    return {
        "exam": question.exam,
        "type": question.type,
        "stem": question.stem,
        "content": question.content,
        "answer": question.answer,
        "rationale": question.rationale,
        "client_need": question.client_need,
        "cjmm_step": question.cjmm_step,
        "difficulty": question.difficulty,
        "calibrated": question.calibrated,
        "status": question.status,
        "course_ids": sorted(str(course.pk) for course in question.courses.all()),
    }


class ExportCaseStudySerializer(serializers.Serializer):
    exam = serializers.CharField()
    title = serializers.CharField()
    scenario = serializers.CharField()
    exhibits = ExhibitSerializer(many=True)
    status = serializers.CharField()
    items = ExportItemSerializer(many=True, help_text="The six items, in clinical judgment order.")

    def to_representation(self, case: CaseStudy) -> dict:
        return {
            "exam": case.exam,
            "title": case.title,
            "scenario": case.scenario,
            "exhibits": case.exhibits,
            "status": case.status,
            "items": [export_item(q) for q in sorted(case.questions.all(), key=lambda q: q.case_position)],
        }


class ExportSerializer(serializers.Serializer):
    items = ExportItemSerializer(many=True, help_text="Stand-alone items, oldest first.")
    case_studies = ExportCaseStudySerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Items created (those of the case studies included).")
    ids = serializers.ListField(child=serializers.UUIDField(), help_text="Their ids, in the order imported.")
