"""Input and output of the adaptive exam and readiness endpoints (CONTRACT §8).

The student view of an item holds only what is on the screen: never the key, rationale, difficulty,
calibration flag or statistics. Outputs are written by the `*_data` functions (plain dicts); the
serializer classes beside them document the same shapes in the OpenAPI schema.
"""

from rest_framework import serializers

from core.timestamps import format_timestamp
from exams.models import AdaptiveExam, ExamItem, ExamStatus, StopReason
from questions.models import ClientNeed, Exam
from questions.student_view import StudentItemSerializer, student_item_with_case


class ExamStartInputSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=Exam.choices)


class ExamAnswerInputSerializer(serializers.Serializer):
    item_id = serializers.UUIDField(help_text="The `id` of the current item.")
    response = serializers.JSONField(help_text="The response, in the schema of the item's type.")


class ExamInProgressSerializer(serializers.Serializer):
    detail = serializers.CharField()
    id = serializers.UUIDField(help_text="The exam in progress: resume it with GET /api/exams/{id}/.")


class ReadinessInputSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=Exam.choices)


class ClientNeedLevelSerializer(serializers.Serializer):
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    level = serializers.ChoiceField(
        choices=["above", "near", "below"],
        help_text="This client need's own ability estimate against the passing standard: `near` when its "
        "95 % interval includes the standard.",
    )


class ExamResultSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=StopReason.choices,
        help_text="`confidence`: the 95 % interval of the ability lay wholly above or below the standard; "
        "`max_length`: the maximum number of items was reached; `time`: the time limit ran out.",
    )
    items_answered = serializers.IntegerField(help_text="Every item answered, pretest items included.")
    scored_items = serializers.IntegerField(help_text="The answered items that count (pretest items do not).")
    ability = serializers.FloatField(help_text="Final ability estimate, in logits (Rasch scale).")
    standard_error = serializers.FloatField(help_text="Its standard error, in logits.")
    passing_standard = serializers.FloatField(help_text="The passing standard, in logits (RN 0.00, PN -0.18).")
    by_client_need = ClientNeedLevelSerializer(many=True)
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()


class ExamSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    exam = serializers.ChoiceField(choices=Exam.choices)
    status = serializers.ChoiceField(choices=ExamStatus.choices)
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(help_text="When the time limit runs out; the server enforces it.")
    finished_at = serializers.DateTimeField(allow_null=True)
    position = serializers.IntegerField(
        required=False, help_text="In progress: the current item's position, 1-based (pretest items included)."
    )
    item = StudentItemSerializer(required=False, help_text="In progress: the current item.")
    result = ExamResultSerializer(required=False, help_text="Finished: the score report.")


class BasedOnSerializer(serializers.Serializer):
    exams = serializers.IntegerField(help_text="Finished adaptive exams whose answers were used.")
    responses = serializers.IntegerField(help_text="Answers on calibrated items used (one per item: the latest).")


class ReadinessSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=Exam.choices)
    pass_probability = serializers.FloatField(allow_null=True, min_value=0, max_value=1)
    level = serializers.ChoiceField(choices=["very_high", "high", "borderline", "low"], allow_null=True)
    ability = serializers.FloatField(allow_null=True, help_text="Ability estimate in logits (Rasch scale).")
    standard_error = serializers.FloatField(allow_null=True, help_text="Its standard error in logits.")
    based_on = BasedOnSerializer()


def item_data(item: ExamItem) -> dict:
    """The student view of a presented item (`questions.student_view`), with its case study."""
    case = item.question.case_study if item.case_study_id else None
    return student_item_with_case(question=item.question, version=item.version, case=case)


def exam_data(exam: AdaptiveExam, current: ExamItem | None) -> dict:
    data = {
        "id": str(exam.pk),
        "exam": exam.exam,
        "status": exam.status,
        "started_at": format_timestamp(exam.started_at),
        "deadline": format_timestamp(exam.deadline),
        "finished_at": format_timestamp(exam.finished_at) if exam.finished_at else None,
    }
    if exam.status == ExamStatus.FINISHED:
        data["result"] = exam.result
    elif current is not None:
        data["position"] = current.position
        data["item"] = item_data(current)
    return data
