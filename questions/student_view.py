"""The student view of an item: what practice tests and adaptive exams show before an answer.

Built from the version on the student's screen, never from its key: no `answer`, `rationale`,
difficulty or statistics. Practice reveals more once an item is answered; that is its own business.
`student_item` and `student_case_study` write the view; `StudentItemSerializer` and
`StudentCaseStudySerializer` describe the same shape in the OpenAPI schema, for both apps.
"""

from rest_framework import serializers

from questions.models import CaseStudy, CjmmStep, ClientNeed, ItemType, Question, QuestionVersion


def student_item(*, question: Question, version: QuestionVersion) -> dict:
    """The item (`pk`, `type`, `client_need`, `cjmm_step`) as its `version` shows it (`stem`,
    `content`, `max_score`); a `questions.selectors.ServedItem` is both."""
    return {
        "id": str(question.pk),
        "type": question.type,
        "stem": version.stem,
        "content": version.content,
        "client_need": question.client_need,
        "cjmm_step": question.cjmm_step,
        "max_score": version.max_score,
    }


def student_item_with_case(*, question: Question, version: QuestionVersion, case: CaseStudy | None) -> dict:
    """`student_item`, and for an item of a case study its `case_study` as it stands at the item's
    step (`student_case_study`): what practice tests and adaptive exams show of every item."""
    body = student_item(question=question, version=version)
    if case is not None:
        body["case_study"] = student_case_study(case=case, step=question.case_position or 1)
    return body


def student_case_study(*, case: CaseStudy, step: int) -> dict:
    """The case study around its item at `step` (1..6). An unfolding case: an exhibit appears from its
    `reveal_at` step on (1 when absent or not a number)."""
    return {
        "id": str(case.pk),
        "title": case.title,
        "scenario": case.scenario,
        "exhibits": [e for e in case.exhibits if isinstance(e, dict) and _reveal_at(e) <= step],
        "position": step,
    }


def _reveal_at(exhibit: dict) -> int:
    value = exhibit.get("reveal_at", 1)
    return value if isinstance(value, int) else 1


class StudentCaseStudySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    scenario = serializers.CharField()
    exhibits = serializers.ListField(
        child=serializers.DictField(),
        help_text="The exhibits revealed up to this item (`reveal_at` at or before its step): "
        '`{"tab", "kind": "text"|"table", "text" | "columns" + "rows", "reveal_at"}`.',
    )
    position = serializers.IntegerField(help_text="This item's step in the case study, 1..6.")


class StudentItemSerializer(serializers.Serializer):
    """An item as a student sees it before answering it (`student_item`)."""

    id = serializers.UUIDField(help_text="The item's id: send it back as `item_id` with the answer.")
    type = serializers.ChoiceField(choices=ItemType.choices)
    stem = serializers.CharField()
    content = serializers.JSONField(help_text="What the student sees, in the item type's content schema (no key).")
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    cjmm_step = serializers.ChoiceField(choices=CjmmStep.choices, allow_null=True)
    max_score = serializers.IntegerField(help_text="The most the item can score under its NCSBN rule.")
    case_study = StudentCaseStudySerializer(required=False, help_text="Present for an item of a case study.")
