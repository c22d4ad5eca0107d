"""Input and output of the practice endpoints.

Input serializers parse and bound every field. Output is built by the `*_body` functions below (plain
dicts: a 150-item test is written in well under a millisecond); the `*Serializer` classes beside
them describe the same shapes for the OpenAPI schema.

The student view of an item (`item_body`) is the one place that decides what a student sees: the
key (`answer`), `rationale`, the score and the peers' figure only once the item is answered in tutor
mode or the test is finished; never the item's difficulty, calibration or statistics.
"""

from rest_framework import serializers

from core.timestamps import format_timestamp
from practice.models import Mode, PracticeItem, PracticeTest, TestStatus
from practice.services import Pool
from questions.models import CjmmStep, ClientNeed, Exam, ItemType
from questions.selectors import ServedItem
from questions.student_view import StudentItemSerializer, student_item_with_case

MAX_SECONDS = 86_400  # a day: more is a client clock gone wrong, not time spent on one item

# ------------------------------------------------------------------------------------------------
# Input


class PracticeTestCreateSerializer(serializers.Serializer):
    exam = serializers.ChoiceField(choices=Exam.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    count = serializers.IntegerField(min_value=1, max_value=150, help_text="Items wanted (fewer when fewer match).")
    client_needs = serializers.ListField(
        child=serializers.ChoiceField(choices=ClientNeed.choices),
        required=False,
        max_length=len(ClientNeed.values),
        help_text="Only these client needs (absent or empty: all).",
    )
    types = serializers.ListField(
        child=serializers.ChoiceField(choices=ItemType.choices),
        required=False,
        max_length=len(ItemType.values),
        help_text="Only these item types (absent or empty: all).",
    )
    pool = serializers.ChoiceField(
        choices=[(p, p) for p in Pool.values],
        default=Pool.ALL,
        help_text="`unused`: never answered by me; `incorrect`: my latest answer scored below the maximum; "
        "`flagged`: flagged by me in any practice test.",
    )


class AnswerInputSerializer(serializers.Serializer):
    item_id = serializers.UUIDField(help_text="The item's `id` (`items[].item.id`).")
    response = serializers.JSONField(help_text="The response, in the item type's response schema.")
    seconds = serializers.IntegerField(
        min_value=0, max_value=MAX_SECONDS, required=False, allow_null=True, help_text="Time spent on the item."
    )


class FlagInputSerializer(serializers.Serializer):
    item_id = serializers.UUIDField()
    flagged = serializers.BooleanField()


# ------------------------------------------------------------------------------------------------
# Output


def _revealed(test: PracticeTest, item: PracticeItem) -> bool:
    return test.status == TestStatus.FINISHED or (test.mode == Mode.TUTOR and item.answer_id is not None)


def item_body(test: PracticeTest, item: PracticeItem) -> dict:
    """The student view of one item of `test` (see the module docstring for what is revealed when)."""
    question, version = item.question, item.version
    body = student_item_with_case(question=question, version=version, case=question.case_study)
    if _revealed(test, item):
        answer = item.answer
        body["response"] = answer.response if answer else None
        body["score"] = answer.score if answer else None
        body["answer"] = version.answer
        body["rationale"] = version.rationale
        body["peers_percent_correct"] = question.peers_percent_correct
    elif item.pending_response is not None:
        body["response"] = item.pending_response  # the student's own saved response (timed mode)
    return body


def created_test_body(test: PracticeTest, items: list[ServedItem]) -> dict:
    """`test_body` of a test just built (`practice.services.practice_test_create`), from the rows
    it was built from: every item unanswered, unflagged and unrevealed."""
    rows = [
        {
            "position": position,
            "item": student_item_with_case(question=item, version=item, case=item.case_study),
            "answered": False,
            "flagged": False,
        }
        for position, item in enumerate(items, start=1)
    ]
    return {**test_summary_body(test), "items": rows}


def test_item_body(test: PracticeTest, item: PracticeItem) -> dict:
    return {
        "position": item.position,
        "item": item_body(test, item),
        "answered": item.answer_id is not None or item.pending_response is not None,
        "flagged": item.flagged,
    }


def _timestamp(value) -> str | None:
    return format_timestamp(value) if value else None


def test_summary_body(test: PracticeTest) -> dict:
    body = {
        "id": str(test.pk),
        "exam": test.exam,
        "mode": test.mode,
        "status": test.status,
        "count": test.count,
        "time_limit_seconds": test.time_limit_seconds,
        "started_at": format_timestamp(test.started_at),
        "deadline": _timestamp(test.deadline),
        "finished_at": _timestamp(test.finished_at),
        "result": test.result,
    }
    if hasattr(test, "answered_count"):
        body["answered_count"] = test.answered_count
    return body


def test_body(test: PracticeTest, items: list[PracticeItem]) -> dict:
    return {**test_summary_body(test), "items": [test_item_body(test, item) for item in items]}


def tutor_answer_body(item: PracticeItem) -> dict:
    return {
        "item_id": str(item.question_id),
        "score": item.answer.score,
        "max_score": item.answer.max_score,
        "answer": item.version.answer,
        "rationale": item.version.rationale,
        "peers_percent_correct": item.question.peers_percent_correct,
    }


def timed_answer_body(item: PracticeItem) -> dict:
    return {"item_id": str(item.question_id), "saved": True}


# ------------------------------------------------------------------------------------------------
# The same shapes, for the OpenAPI schema


class ItemViewSerializer(StudentItemSerializer):
    """The student view of an item (`questions.student_view`), and what practice reveals after it."""

    response = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="The student's response: the saved one while a timed test runs, then the scored one "
        "(null when left unanswered).",
    )
    score = serializers.IntegerField(required=False, allow_null=True, help_text="Revealed items only.")
    answer = serializers.JSONField(required=False, help_text="The key; revealed items only.")
    rationale = serializers.CharField(required=False, help_text="Revealed items only.")
    peers_percent_correct = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="Percent of all answers to the item that earned every point (null before any); revealed items only.",
    )


class TestItemSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="1-based.")
    item = ItemViewSerializer(
        help_text="Revealed (with `response`, `score`, `answer`, `rationale`, `peers_percent_correct`) once "
        "answered in tutor mode, or when the test is finished."
    )
    answered = serializers.BooleanField(help_text="A response is saved (timed) or scored (tutor).")
    flagged = serializers.BooleanField()


class ClientNeedResultSerializer(serializers.Serializer):
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    percent = serializers.FloatField()


class ResultSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="Points earned; an unanswered item scores 0.")
    max_score = serializers.IntegerField(help_text="Sum of the items' maximum scores.")
    percent = serializers.FloatField(help_text="score / max_score * 100, one decimal.")
    by_client_need = ClientNeedResultSerializer(many=True, help_text="The client needs in the test, plan order.")
    seconds = serializers.IntegerField(help_text="From start to finish (a timed-out test: its limit).")


class PracticeTestSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    exam = serializers.ChoiceField(choices=Exam.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    status = serializers.ChoiceField(choices=TestStatus.choices)
    count = serializers.IntegerField(help_text="Items in the test (may be fewer than asked).")
    time_limit_seconds = serializers.IntegerField(
        allow_null=True, help_text="Timed mode: count * PRACTICE_SECONDS_PER_ITEM; null in tutor mode."
    )
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True, help_text="Timed mode: when the test ends by itself.")
    finished_at = serializers.DateTimeField(allow_null=True)
    result = ResultSerializer(allow_null=True, help_text="Null until finished.")
    answered_count = serializers.IntegerField(required=False, help_text="In lists: items answered or saved.")


class PracticeTestSerializer(PracticeTestSummarySerializer):
    items = TestItemSerializer(many=True)


class TutorAnswerSerializer(serializers.Serializer):
    item_id = serializers.UUIDField()
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    answer = serializers.JSONField(help_text="The key.")
    rationale = serializers.CharField()
    peers_percent_correct = serializers.FloatField(
        allow_null=True, help_text="Percent of all answers to the item (this one included) with every point."
    )


class TimedAnswerSerializer(serializers.Serializer):
    item_id = serializers.UUIDField()
    saved = serializers.BooleanField(help_text="Always true: the response will be scored when the test finishes.")


class PerformanceGroupSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="Credit earned / credit possible * 100 (mine).")
    peers_percent = serializers.FloatField(allow_null=True, help_text="The same over every user's answers.")


class ClientNeedPerformanceSerializer(PerformanceGroupSerializer):
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)


class TypePerformanceSerializer(PerformanceGroupSerializer):
    type = serializers.ChoiceField(choices=ItemType.choices)


class CjmmStepPerformanceSerializer(PerformanceGroupSerializer):
    cjmm_step = serializers.ChoiceField(choices=CjmmStep.choices)


class WeekPerformanceSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday of the week (UTC).")
    answered = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class PerformanceSerializer(serializers.Serializer):
    answered = serializers.IntegerField(help_text="All my answers, practice and adaptive exams.")
    percent = serializers.FloatField(allow_null=True, help_text="Credit earned / credit possible * 100.")
    by_client_need = ClientNeedPerformanceSerializer(many=True)
    by_type = TypePerformanceSerializer(many=True)
    by_cjmm_step = CjmmStepPerformanceSerializer(many=True)
    weekly = WeekPerformanceSerializer(many=True, help_text="The last 12 weeks, oldest first.")


class FlagSerializer(serializers.Serializer):
    item_id = serializers.UUIDField()
    flagged = serializers.BooleanField()
