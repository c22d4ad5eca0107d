"""The question bank's authoring API (CONTRACT §7): admins and tutors write items, import and export
the bank. Views parse input, call one service or selector, shape the output."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsAuthor
from core import schema
from core.exceptions import INVALID_INPUT, ApplicationError
from core.parsers import LargeJSONParser
from questions.authoring import (
    ADMIN_ONLY_CALIBRATED,
    ADMIN_ONLY_EDIT,
    ADMIN_ONLY_EDIT_CASE,
    ADMIN_ONLY_STATUS,
    ANSWERED_NOT_DELETABLE,
    CASE_ANSWERED_FIXED,
    CASE_ITEM_DELETE,
    CASE_ITEM_STATUS,
    bank_import,
    case_study_create,
    case_study_delete,
    case_study_update,
    question_create,
    question_delete,
    question_update,
)
from questions.selectors import bank_export, case_study_list, question_list
from questions.serializers import (
    CaseStudyFilterSerializer,
    CaseStudySerializer,
    CaseStudyWriteSerializer,
    ExportSerializer,
    ImportResultSerializer,
    ImportSerializer,
    QuestionFilterSerializer,
    QuestionSerializer,
    QuestionWriteSerializer,
    error_paths,
)

UNPAGINATED_CAP = 500


AUTHOR_ERRORS = {401: schema.UNAUTHENTICATED, 403: schema.FORBIDDEN}
WRITE_ERRORS = {
    400: schema.error("Invalid item: `errors` by path, e.g. `content.options[2].id`, `answer.correct`, `course_ids`."),
    401: schema.UNAUTHENTICATED,
    403: schema.error(f"A student; or a tutor: {ADMIN_ONLY_STATUS} / {ADMIN_ONLY_CALIBRATED} / {ADMIN_ONLY_EDIT}"),
}
ITEM_DESCRIPTION = (
    "`content` and `answer` follow the schema of the item's `type` (components `<Type>Content`, "
    "`<Type>Answer`; docs/item-types.md). `max_score` is computed from the item, never written. "
    "`difficulty` is a Rasch difficulty in logits (an author's estimate, default 0, until calibration). "
    "Only an admin may set `status` to `published` or `retired`, or `calibrated` to true."
)


def _validated(serializer) -> dict:
    # Errors keyed by path (`content.rows[2].id`, `course_ids[0]`), the same form as an import's.
    if not serializer.is_valid():
        raise ApplicationError(INVALID_INPUT, errors=error_paths(serializer.errors))
    return serializer.validated_data


class QuestionListView(ListAPIView):
    permission_classes = [IsAuthor]
    serializer_class = QuestionSerializer
    # The bank grows without bound: without `limit`, the newest 500 items (CONTRACT "Conventions").
    unpaginated_cap = UNPAGINATED_CAP

    def get_queryset(self):
        filters = QuestionFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return question_list(**filters.validated_data)

    @extend_schema(
        summary="The question bank, newest first",
        description=f"Without `limit`, the newest {UNPAGINATED_CAP} items (page with `limit`/`offset` for all). "
        "`stats.responses` counts answers, `stats.mean_score` is the mean of score / max_score (0..1), "
        "`stats.discrimination` the point-biserial correlation with the rest of the student's answers "
        "(null under 30 answers), `stats.median_seconds` the median answering time.",
        parameters=[QuestionFilterSerializer],
        responses={200: QuestionSerializer(many=True), 400: schema.INVALID, **AUTHOR_ERRORS},
        tags=["question bank"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Write a new item",
        description=ITEM_DESCRIPTION + " A tutor's items are drafts.",
        request=QuestionWriteSerializer,
        responses={201: QuestionSerializer, **WRITE_ERRORS},
        tags=["question bank"],
    )
    def post(self, request):
        data = _validated(QuestionWriteSerializer(data=request.data))
        question = question_create(author=request.user, data=data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class QuestionDetailView(APIView):
    permission_classes = [IsAuthor]

    @extend_schema(
        summary="One item",
        responses={200: QuestionSerializer, **AUTHOR_ERRORS, 404: schema.NOT_FOUND},
        tags=["question bank"],
    )
    def get(self, request, pk):
        return Response(QuestionSerializer(self._question(pk)).data)

    @extend_schema(
        summary="Rewrite an item",
        description=ITEM_DESCRIPTION + " `type`, `stem`, `content`, `answer` and `client_need` are required; other "
        "fields left out keep their value. Changing the stem, content, key or rationale of an item answered on "
        "its current version makes a new `version` (the answers keep the one they were given on).",
        request=QuestionWriteSerializer,
        responses={
            200: QuestionSerializer,
            **WRITE_ERRORS,
            404: schema.NOT_FOUND,
            409: schema.error(CASE_ITEM_STATUS),
        },
        tags=["question bank"],
    )
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(
        summary="Change some fields of an item (publish or retire it with `status`)",
        description=ITEM_DESCRIPTION + " A retired item is never served again; its answers stay.",
        request=QuestionWriteSerializer,
        responses={
            200: QuestionSerializer,
            **WRITE_ERRORS,
            404: schema.NOT_FOUND,
            409: schema.error(CASE_ITEM_STATUS),
        },
        tags=["question bank"],
    )
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(
        summary="Delete an item nobody has answered",
        responses={
            204: None,
            401: schema.UNAUTHENTICATED,
            403: schema.error(f"A student; or a tutor and a published or retired item: {ADMIN_ONLY_EDIT}"),
            404: schema.NOT_FOUND,
            409: schema.error(f"{ANSWERED_NOT_DELETABLE} / {CASE_ITEM_DELETE}"),
        },
        tags=["question bank"],
    )
    def delete(self, request, pk):
        question_delete(author=request.user, question=self._question(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request, pk, *, partial: bool):
        # Looked up before the body is read: an unknown id is a 404 whatever the body.
        question = self._question(pk)
        data = _validated(QuestionWriteSerializer(question, data=request.data, partial=partial))
        question = question_update(author=request.user, question_id=question.pk, data=data)
        return Response(QuestionSerializer(question).data)

    @staticmethod
    def _question(pk):
        return get_object_or_404(question_list(), pk=pk)


class QuestionImportView(APIView):
    permission_classes = [IsAuthor]
    # 5,000 items are more than DATA_UPLOAD_MAX_MEMORY_SIZE: this route's bodies are capped at
    # QUESTION_IMPORT_MAX_BYTES instead (by its parser and, under ASGI, before they are read).
    parser_classes = [LargeJSONParser]
    max_body_setting = "QUESTION_IMPORT_MAX_BYTES"

    @extend_schema(
        summary="Import items and case studies, all or nothing",
        description="`items`: items as in `POST /api/admin/questions/`; `case_studies`: `{exam, title, scenario, "
        "exhibits, status, items}` with exactly six items in clinical judgment order (`cjmm_step` may be left "
        "out: the position gives it). At most QUESTION_IMPORT_MAX_ITEMS (5,000) items a request, counting those "
        "of the case studies, in a body of at most QUESTION_IMPORT_MAX_BYTES (32 MiB; larger: 413). "
        "Any bad item: 400 with `errors` keyed by its index "
        "(`items[3].content.options`, `case_studies[0].items[2].answer`) and nothing is created. "
        "`GET /api/admin/questions/export/` answers this same shape.",
        request=ImportSerializer,
        responses={201: ImportResultSerializer, **WRITE_ERRORS},
        tags=["question bank"],
    )
    def post(self, request):
        data = _validated(ImportSerializer(data=request.data))
        questions = bank_import(author=request.user, **data)
        return Response(
            {"created": len(questions), "ids": [str(q.pk) for q in questions]}, status=status.HTTP_201_CREATED
        )


class QuestionExportView(APIView):
    permission_classes = [IsAuthor]

    @extend_schema(
        summary="Export the bank in the import format",
        description="Stand-alone items (filtered as the list is) and case studies with their six items; "
        "the body imports again unchanged with `POST /api/admin/questions/import/`.",
        parameters=[QuestionFilterSerializer],
        responses={200: ExportSerializer, 400: schema.INVALID, **AUTHOR_ERRORS},
        tags=["question bank"],
    )
    def get(self, request):
        filters = _validated(QuestionFilterSerializer(data=request.query_params))
        return Response(ExportSerializer(bank_export(**filters)).data)


CASE_DESCRIPTION = (
    "A scenario with exhibits (tabs of text, or tables of `columns` and `rows`; each shown from item "
    "`reveal_at` 1..6 on: an unfolding case) and exactly six `items`, one per clinical judgment step in "
    "order (recognize_cues .. evaluate_outcomes; an item's `cjmm_step` left out is its position's). Each "
    "item is written as in `POST /api/admin/questions/`; its `exam` and `status` are the case study's. "
    "Only an admin may set `status` to `published` or `retired` (the six items with it) or mark an item "
    "calibrated."
)
CASE_WRITE_ERRORS = {
    400: schema.error("Invalid case study: `errors` by path, e.g. `items[2].content.options`, `exhibits[0].rows[1]`."),
    401: schema.UNAUTHENTICATED,
    403: schema.error(f"A student; or a tutor: {ADMIN_ONLY_STATUS} / {ADMIN_ONLY_CALIBRATED} / {ADMIN_ONLY_EDIT_CASE}"),
}


class CaseStudyListView(ListAPIView):
    permission_classes = [IsAuthor]
    serializer_class = CaseStudySerializer
    unpaginated_cap = UNPAGINATED_CAP

    def get_queryset(self):
        filters = CaseStudyFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return case_study_list(**filters.validated_data)

    @extend_schema(
        summary="The case studies, newest first, each with its six items",
        description=f"Without `limit`, the newest {UNPAGINATED_CAP} (page with `limit`/`offset` for all).",
        parameters=[CaseStudyFilterSerializer],
        responses={200: CaseStudySerializer(many=True), 400: schema.INVALID, **AUTHOR_ERRORS},
        tags=["question bank"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Write a new case study with its six items",
        description=CASE_DESCRIPTION + " A tutor's case studies are drafts.",
        request=CaseStudyWriteSerializer,
        responses={201: CaseStudySerializer, **CASE_WRITE_ERRORS},
        tags=["question bank"],
    )
    def post(self, request):
        data = _validated(CaseStudyWriteSerializer(data=request.data))
        case = case_study_create(author=request.user, data=data)
        return Response(CaseStudySerializer(self._case(case.pk)).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _case(pk):
        return get_object_or_404(case_study_list(), pk=pk)


class CaseStudyDetailView(APIView):
    permission_classes = [IsAuthor]

    @extend_schema(
        summary="One case study with its six items",
        responses={200: CaseStudySerializer, **AUTHOR_ERRORS, 404: schema.NOT_FOUND},
        tags=["question bank"],
    )
    def get(self, request, pk):
        return Response(CaseStudySerializer(self._case(pk)).data)

    @extend_schema(
        summary="Rewrite a case study",
        description=CASE_DESCRIPTION + " Fields left out keep their value; `items`, when given, are six changes "
        "to the items by position (an item's fields left out keep theirs). Changing an item answered on its "
        "current version makes a new `version` of it; the scenario and exhibits of a case study with answers "
        "cannot change (409).",
        request=CaseStudyWriteSerializer,
        responses={
            200: CaseStudySerializer,
            **CASE_WRITE_ERRORS,
            404: schema.NOT_FOUND,
            409: schema.error(CASE_ANSWERED_FIXED),
        },
        tags=["question bank"],
    )
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(
        summary="Change some fields of a case study (publish or retire it, with its items, with `status`)",
        description=CASE_DESCRIPTION + " As PUT, every field optional.",
        request=CaseStudyWriteSerializer,
        responses={
            200: CaseStudySerializer,
            **CASE_WRITE_ERRORS,
            404: schema.NOT_FOUND,
            409: schema.error(CASE_ANSWERED_FIXED),
        },
        tags=["question bank"],
    )
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)

    @extend_schema(
        summary="Delete a case study nobody has answered, with its six items",
        responses={
            204: None,
            401: schema.UNAUTHENTICATED,
            403: schema.error(f"A student; or a tutor and a published or retired case study: {ADMIN_ONLY_EDIT_CASE}"),
            404: schema.NOT_FOUND,
            409: schema.error(ANSWERED_NOT_DELETABLE),
        },
        tags=["question bank"],
    )
    def delete(self, request, pk):
        case_study_delete(author=request.user, case=self._case(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request, pk, *, partial: bool):
        case = self._case(pk)  # before the body is read: an unknown id is a 404 whatever the body
        data = _validated(CaseStudyWriteSerializer(case, data=request.data, partial=partial))
        case_study_update(author=request.user, case_id=case.pk, data=data)
        return Response(CaseStudySerializer(self._case(pk)).data)

    @staticmethod
    def _case(pk):
        return get_object_or_404(case_study_list(), pk=pk)
