"""Access code and student import endpoints (contract section 9). Each view parses input, calls one
service or selector, and shapes the output; the rules are in `services.py` and `imports.py`."""

import csv
import io
import ipaddress

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.permissions import IsAdminRole
from admissions import imports, selectors, services
from admissions.models import AccessCodeBatch
from admissions.serializers import (
    AccessCodeBatchCreateSerializer,
    AccessCodeBatchDetailSerializer,
    AccessCodeBatchSerializer,
    AccessCodeGrantSerializer,
    AccessCodeRedeemSerializer,
    StudentImportResultSerializer,
    StudentImportSerializer,
)
from admissions.throttles import AccessCodeRedeemIPThrottle, AccessCodeRedeemThrottle
from core import schema

BATCH_LIST_CAP = 500
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _batch_detail(batch: AccessCodeBatch) -> dict:
    batch = selectors.access_code_batch_list().get(pk=batch.pk)
    codes = selectors.access_code_batch_codes(batch=batch)
    return AccessCodeBatchDetailSerializer(batch, context={"codes": codes}).data


class AccessCodeBatchListCreateView(generics.ListAPIView):
    """Admins: the batches of access codes, newest first (at most 500 without `?limit`), and making one."""

    permission_classes = [IsAdminRole]
    serializer_class = AccessCodeBatchSerializer
    unpaginated_cap = BATCH_LIST_CAP

    def get_queryset(self):
        return selectors.access_code_batch_list()

    @extend_schema(tags=["admin"], responses={200: AccessCodeBatchSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["admin"],
        request=AccessCodeBatchCreateSerializer,
        responses={
            201: AccessCodeBatchDetailSerializer,
            400: schema.error(
                "Invalid input, not exactly one of `course_id` and `plan_id`, an unknown course, an unknown or "
                "inactive plan, or an expiry in the past."
            ),
        },
        description="Make `count` random codes (letters and digits without 0/O/1/I/L) for a course or a plan.",
    )
    def post(self, request):
        serializer = AccessCodeBatchCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        batch = services.access_code_batch_create(created_by=request.user, **serializer.validated_data)
        return Response(_batch_detail(batch), status=status.HTTP_201_CREATED)


class AccessCodeBatchDetailView(APIView):
    permission_classes = [IsAdminRole]

    @extend_schema(tags=["admin"], responses={200: AccessCodeBatchDetailSerializer})
    def get(self, request, pk):
        return Response(_batch_detail(get_object_or_404(AccessCodeBatch, pk=pk)))


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


class AccessCodeBatchCsvView(APIView):
    permission_classes = [IsAdminRole]

    @extend_schema(
        tags=["admin"],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One line per code.")},
        description=(
            "The batch as CSV, to print or mail merge: `code, uses, max_uses, expires_at, redeemed_by` "
            "(the emails of those who used the code, separated by spaces)."
        ),
    )
    def get(self, request, pk):
        batch = get_object_or_404(AccessCodeBatch, pk=pk)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["code", "uses", "max_uses", "expires_at", "redeemed_by"])
        expires = batch.expires_at.isoformat().replace("+00:00", "Z") if batch.expires_at else ""
        for code in selectors.access_code_batch_codes(batch=batch):
            redeemers = " ".join(redemption.user.email for redemption in code.redemptions.all())
            writer.writerow([code.grouped, code.uses, code.max_uses, expires, _csv_cell(redeemers)])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="access-codes-{batch.pk}.csv"'
        return response


def _client_ip(request) -> str | None:
    """The address the throttles count the request by (`X-Forwarded-For` as far as NUM_PROXIES
    trusts it), for the audit; None when that is not an IP address."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None


class AccessCodeRedeemView(APIView):
    throttle_classes = [AccessCodeRedeemThrottle, AccessCodeRedeemIPThrottle]

    @extend_schema(
        tags=["access codes"],
        request=AccessCodeRedeemSerializer,
        responses={
            200: AccessCodeGrantSerializer,
            400: schema.error("`Invalid or expired code.` (unknown, expired or used up)"),
        },
        description=(
            "Use an access code: enrolls in its course or grants its plan. Redeeming a code again answers the "
            "first grant and spends no use."
        ),
    )
    def post(self, request):
        serializer = AccessCodeRedeemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        redemption = services.access_code_redeem(
            user=request.user, code=serializer.validated_data["code"], ip_address=_client_ip(request)
        )
        return Response(AccessCodeGrantSerializer(AccessCodeGrantSerializer.of(redemption)).data)


class _DryRunSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False)


class StudentImportView(APIView):
    permission_classes = [IsAdminRole]
    parser_classes = [MultiPartParser, FormParser]
    # The request body's cap (core.parsers.view_body_limit, also read by core.asgi's body limit).
    max_body_setting = imports.MAX_BYTES_SETTING

    def initialize_request(self, request, *args, **kwargs):
        # Before anything reads the body (DRF parses after the permission check): an anonymous or
        # non-admin upload is refused unread, an oversized one as soon as it passes the limit.
        request.upload_handlers = [imports.ImportUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles first
        length = request.META.get("CONTENT_LENGTH") or 0
        if str(length).isdigit() and int(length) > imports.max_import_bytes():
            raise imports.FileTooLarge()  # before a byte of the body is read

    @extend_schema(
        tags=["admin"],
        request={"multipart/form-data": StudentImportSerializer},
        parameters=[
            OpenApiParameter("dry_run", bool, description="`true`: validate and count, write nothing.", default=False)
        ],
        responses={
            200: StudentImportResultSerializer,
            400: schema.error(
                "A bad row: nothing written; `errors.rows` lists `{row, errors: {column: [messages]}}` (the header "
                "is row 1). Or a missing or unknown column, an empty file, more than IMPORT_MAX_ROWS rows."
            ),
            409: schema.error("A listed email was registered during the import; nothing written."),
            413: schema.error("`File too large.` (a body over STUDENT_IMPORT_MAX_BYTES)"),
            415: schema.error("Not a CSV (UTF-8) or XLSX file."),
        },
        description=(
            "Import students from a sheet (columns `full_name, email, phone_number`, optional `course_ids` "
            "separated by `;`, `plan_id`). Matched by email: never duplicated. New students get a set-password email."
        ),
    )
    def post(self, request):
        query = _DryRunSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        serializer = StudentImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dry_run = query.validated_data["dry_run"]
        result = imports.students_import(
            file=serializer.validated_data["file"], granted_by=request.user, dry_run=dry_run
        )
        body = {"created": result.created, "existing": result.existing, "granted": result.granted, "dry_run": dry_run}
        return Response(StudentImportResultSerializer(body).data)
