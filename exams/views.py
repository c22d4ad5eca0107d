"""Adaptive exam and readiness endpoints (CONTRACT §8). Views parse input, call one service or
selector, and shape the output; the sitting's rules live in `exams.services` and `exams.sitting`."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import schema
from exams import services
from exams.selectors import READINESS_MAX_RESPONSES, READINESS_MIN_RESPONSES, READINESS_WINDOW_DAYS, readiness
from exams.serializers import (
    ExamAnswerInputSerializer,
    ExamInProgressSerializer,
    ExamSerializer,
    ExamStartInputSerializer,
    ReadinessInputSerializer,
    ReadinessSerializer,
    exam_data,
)

TAGS = ["adaptive exam"]

EXAM_DESCRIPTION = (
    "A computerized adaptive test on the NCLEX's rules (85-150 items counting up to 15 unscored pretest "
    "items, 5 hours, 95 % confidence stopping rule). In progress, the body holds the current item "
    "(`position`, `item`; the same item again after a reconnect); finished, the score report (`result`). "
    "`ability` and `standard_error` are on the Rasch logit scale of our calibrated items; the passing "
    "standard is RN 0.00, PN -0.18 logits. The deadline is enforced by the server: an exam past it is "
    "finished by the time rule on its next request."
)

IN_PROGRESS_409 = OpenApiResponse(
    response=ExamInProgressSerializer,
    description=f"`{services.IN_PROGRESS}` with `id`: the exam in progress, to resume.",
)


class ExamListView(APIView):
    @extend_schema(
        summary="My adaptive exams, newest first",
        tags=TAGS,
        responses={200: ExamSerializer(many=True)},
        description=EXAM_DESCRIPTION,
    )
    def get(self, request):
        exams, current = services.exam_list(user=request.user)
        return Response(
            [exam_data(e, current if current is not None and current.exam_id == e.pk else None) for e in exams]
        )

    @extend_schema(
        summary="Start an adaptive exam",
        tags=TAGS,
        request=ExamStartInputSerializer,
        responses={
            201: ExamSerializer,
            400: schema.error(
                f"`{services.NOT_ENOUGH}`: the calibrated items open to this student cannot fill a "
                "whole exam in the test plan's proportions; or an invalid `exam`."
            ),
            409: IN_PROGRESS_409,
        },
        description=EXAM_DESCRIPTION + " One exam in progress per student.",
    )
    def post(self, request):
        data = ExamStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exam, item = services.exam_start(user=request.user, exam=data.validated_data["exam"])
        return Response(exam_data(exam, item), status=status.HTTP_201_CREATED)


class ExamDetailView(APIView):
    @extend_schema(
        summary="One of my adaptive exams",
        tags=TAGS,
        responses={200: ExamSerializer, 404: schema.NOT_FOUND},
        description=EXAM_DESCRIPTION + " Another student's exam is 404.",
    )
    def get(self, request, pk):
        exam, current = services.exam_for_owner(user=request.user, exam_id=pk)
        return Response(exam_data(exam, current))


class ExamAnswerView(APIView):
    @extend_schema(
        summary="Answer the current item",
        tags=TAGS,
        request=ExamAnswerInputSerializer,
        responses={
            200: ExamSerializer,
            400: schema.error(
                "A response of the wrong shape for the item: `errors` names the path "
                "(e.g. `response.selected`). Nothing is recorded."
            ),
            404: schema.NOT_FOUND,
            409: schema.error(
                f"`{services.NOT_CURRENT}`: `item_id` is not the current item; `{services.FINISHED}`: "
                "the exam has ended."
            ),
        },
        description="Scores the answer and moves on: 200 with the next item (`status: in_progress`, `position`, "
        "`item`) or the score report (`status: finished`, `result`). The ability is re-estimated after every "
        "scored item. An answer after the deadline is not counted: the exam is finished by the time rule "
        "(fewer than the minimum answered fails; otherwise the final ability decides).",
    )
    def post(self, request, pk):
        data = ExamAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exam, item = services.exam_answer(
            user=request.user,
            exam_id=pk,
            item_id=data.validated_data["item_id"],
            response=data.validated_data["response"],
        )
        return Response(exam_data(exam, item))


class ReadinessView(APIView):
    @extend_schema(
        summary="My readiness: the chance of passing, as our model sees it",
        tags=TAGS,
        parameters=[OpenApiParameter("exam", str, enum=["RN", "PN"], required=True)],
        responses={200: ReadinessSerializer, 400: schema.INVALID},
        description=(
            "`pass_probability` is Φ((ability - passing standard) / standard error): the probability, under the "
            "Rasch model, that the student's true ability is above the passing standard, given their newest "
            f"{READINESS_MAX_RESPONSES} answers of the last {READINESS_WINDOW_DAYS} days on our calibrated items "
            "(practice answers and finished adaptive exams; each item's latest answer once): recent enough to "
            "follow a student who is improving. It is a model-based estimate on our own question bank, not "
            "NCSBN's prediction and not a guarantee, and it is only as good as our items' calibration. `level`: "
            "`very_high` ≥ 0.90, `high` ≥ 0.70, `borderline` ≥ 0.40, `low` below. `ability` and `standard_error` "
            "are in logits (RN standard 0.00, PN -0.18). All four are null until the student has answered at least "
            f"{READINESS_MIN_RESPONSES} calibrated items. `based_on`: how many finished exams and answers were used."
        ),
    )
    def get(self, request):
        data = ReadinessInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        return Response(readiness(user=request.user, exam=data.validated_data["exam"]))
