"""Practice endpoints (CONTRACT §7): tests in tutor and timed mode, answers, flags, finishing, and
a student's performance. Views parse input, call one service or selector, and shape the output.

Every signed-in role may practise: tutors and admins try the bank as a student sees it (an admin
practises every published item, as the access rule says)."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import schema
from core.pagination import OptionalLimitOffsetPagination
from practice import selectors, services
from practice.serializers import (
    AnswerInputSerializer,
    FlagInputSerializer,
    FlagSerializer,
    PerformanceSerializer,
    PracticeTestCreateSerializer,
    PracticeTestSerializer,
    PracticeTestSummarySerializer,
    TimedAnswerSerializer,
    TutorAnswerSerializer,
    created_test_body,
    test_body,
    test_summary_body,
    timed_answer_body,
    tutor_answer_body,
)

TAGS = ["practice"]
FINISHED_CONFLICT = schema.error("This test is finished. (A timed test past its deadline is finished by this request.)")
TEST_NOT_FOUND = schema.error("No such test of yours (another user's test is not found either).")


class PracticeTestListView(APIView):
    pagination_class = OptionalLimitOffsetPagination
    unpaginated_cap = selectors.LIST_CAP

    @extend_schema(
        tags=TAGS,
        summary="My practice tests, newest first",
        description="Summaries without the items (open a test for them); a finished test carries its "
        f"`result`. A plain array of the newest {selectors.LIST_CAP}, or a page with `?limit=&offset=`. "
        "Timed tests past their deadline are finished first.",
        responses={200: PracticeTestSummarySerializer(many=True), 401: schema.UNAUTHENTICATED},
    )
    def get(self, request):
        services.practice_tests_settle(user=request.user)
        paginator = self.pagination_class()
        tests = paginator.paginate_queryset(selectors.practice_test_list(user=request.user), request, view=self)
        return paginator.get_paginated_response([test_summary_body(test) for test in tests])

    @extend_schema(
        tags=TAGS,
        summary="Start a practice test",
        description="Up to `count` items the student may practise, in random order; a case study's six items "
        "come together and in order and count six toward `count` (taken only when they fit). Fewer items than "
        "asked when fewer match. `time_limit_seconds` (timed mode) = items * PRACTICE_SECONDS_PER_ITEM. "
        "Items show the student view: no key, rationale, difficulty or statistics.",
        request=PracticeTestCreateSerializer,
        responses={
            201: PracticeTestSerializer,
            400: schema.error("Invalid input data (with `errors`), or `No questions match these filters.`"),
            401: schema.UNAUTHENTICATED,
        },
    )
    def post(self, request):
        serializer = PracticeTestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        filters = services.TestFilters(
            exam=data["exam"],
            mode=data["mode"],
            count=data["count"],
            client_needs=tuple(data.get("client_needs", ())),
            types=tuple(data.get("types", ())),
            pool=data["pool"],
        )
        test, items = services.practice_test_create(user=request.user, filters=filters)
        return Response(created_test_body(test, items), status=status.HTTP_201_CREATED)


class PracticeTestDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One of my practice tests, with its items",
        description="A timed test past its deadline is finished first. Items answered in tutor mode, and every "
        "item of a finished test, show the response, score, key, rationale and `peers_percent_correct`.",
        responses={200: PracticeTestSerializer, 401: schema.UNAUTHENTICATED, 404: TEST_NOT_FOUND},
    )
    def get(self, request, pk):
        test = services.practice_test_settle(user=request.user, test_id=pk)
        return Response(test_body(test, selectors.practice_test_items(test=test)))


class PracticeAnswerView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Answer an item of my test",
        description="Tutor mode: scored at once and final; the answer carries the score, key, rationale and "
        "`peers_percent_correct` (percent of all answers to the item with every point). Timed mode: saved "
        "(`saved: true`); the last response saved before the test ends is the one scored.",
        request=AnswerInputSerializer,
        responses={
            200: PolymorphicProxySerializer(
                component_name="PracticeAnswerResult",
                serializers=[TutorAnswerSerializer, TimedAnswerSerializer],
                resource_type_field_name=None,
            ),
            400: schema.error(
                "Invalid input data; a response of the wrong shape has `errors` keyed by its path "
                "(e.g. `response.selected`)."
            ),
            401: schema.UNAUTHENTICATED,
            404: schema.error("No such test of yours, or the item is not in it."),
            409: schema.error("`Already answered.` (tutor mode), or `This test is finished.`"),
        },
    )
    def post(self, request, pk):
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = services.practice_answer_submit(
            user=request.user,
            test_id=pk,
            item_id=data["item_id"],
            response=data["response"],
            seconds=data.get("seconds"),
        )
        return Response(tutor_answer_body(item) if item.answer_id else timed_answer_body(item))


class PracticeFlagView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Flag an item of my test for review",
        description="`flagged: false` removes the flag. Allowed during and after the test; flagged items make "
        "the `flagged` pool of later tests. Answers the item's new state.",
        request=FlagInputSerializer,
        responses={
            200: FlagSerializer,
            401: schema.UNAUTHENTICATED,
            404: schema.error("No such test of yours, or the item is not in it."),
        },
    )
    def post(self, request, pk):
        serializer = FlagInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.practice_flag_set(user=request.user, test_id=pk, item_id=data["item_id"], flagged=data["flagged"])
        return Response({"item_id": str(data["item_id"]), "flagged": data["flagged"]})


class PracticeFinishView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Finish my test",
        description="Scores the test and answers it finished, with its `result` and every item revealed. "
        "Finishing a finished test answers it again (idempotent).",
        request=None,
        responses={200: PracticeTestSerializer, 401: schema.UNAUTHENTICATED, 404: TEST_NOT_FOUND},
    )
    def post(self, request, pk):
        test = services.practice_test_finish(user=request.user, test_id=pk)
        return Response(test_body(test, selectors.practice_test_items(test=test)))


class MyPerformanceView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="My performance",
        description="From all my answers (practice tests and adaptive exams). `percent` = credit earned / credit "
        "possible * 100 (scores summed over maximum scores), one decimal, null with no answers. Every client need, "
        "item type and clinical-judgment step is listed; `peers_percent` is the same figure over every user's "
        "answers (refreshed every few minutes). `weekly`: the last 12 weeks by Monday (UTC), oldest first.",
        responses={200: PerformanceSerializer, 401: schema.UNAUTHENTICATED},
    )
    def get(self, request):
        return Response(selectors.performance_for(user=request.user))
