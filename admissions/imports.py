"""Student import: a CSV or XLSX sheet of students made into accounts, enrollments and plan grants.

Rules (docs/admissions.md):
- The whole file is read and validated before anything is written: one bad row and nothing is, and
  the 400 lists every bad row (`{"row": <sheet row, the header is row 1>, "errors": {column: [...]}}`).
  A dry run validates and counts the same way and writes nothing.
- Students are matched by email in its canonical spelling (as accounts stores it): a known email is
  `existing` (its account is left as it is), a new one is `created` with no usable password and is
  sent a set-password email once the import commits. Uploading the same file again creates nobody.
- `course_ids` enrolls (source `admin`) where the student is not enrolled yet; `plan_id` grants the
  plan (source `admin`) to a student who does not hold it now. `granted` counts those new grants, so a
  re-upload grants nothing twice and never extends a plan (renewals are for payments and codes).
- Rows are written in batches of `BATCH_SIZE` with a fixed number of queries per batch (bulk
  inserts, one lock of the batch's users), so 10,000 rows take seconds.

Enrollments are therefore a bulk insert, not calls of `courses.services.enrollment_create` (a lock
and three or four queries per student), unique per (user, course) (`ignore_conflicts` on the same
constraint); plans go through `courses.plan_services.plan_grants_bulk` (`plan_grant` for many, the
same lock and stacking rule) with `unless_held`, so a student who holds the plan now or later gets
nothing new.
"""

import csv
import io
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.utils import timezone

from accounts.models import User, normalize_email
from accounts.phone_numbers import phone_number_e164
from admissions.tasks import student_welcome_emails_task
from core.aftercommit import run_after_commit
from core.exceptions import ApplicationError
from courses.models import Course, Enrollment, Plan, PlanGrant
from courses.plan_services import plan_grants_bulk

BATCH_SIZE = 1000
REQUIRED_COLUMNS = ("full_name", "email")
OPTIONAL_COLUMNS = ("phone_number", "course_ids", "plan_id")
UNSUPPORTED_FILE = "Unsupported file type. Upload a CSV (UTF-8) or XLSX file."
FILE_TOO_LARGE = "File too large."
BAD_ROWS = "Some rows are invalid; nothing was imported."
CONCURRENT_WRITE = (
    "Some of these students were added while the file was being imported; nothing was imported. Upload it again."
)
# One Celery task sends this many welcome emails (one SMTP connection).
WELCOME_EMAILS_PER_TASK = 200
EMAIL_FIELD = User._meta.get_field("email")
FULL_NAME_MAX = User._meta.get_field("full_name").max_length


@dataclass
class Row:
    number: int
    full_name: str
    email: str
    phone_number: str
    course_ids: list[str] = field(default_factory=list)
    plan_id: str | None = None


@dataclass
class ImportResult:
    created: int = 0
    existing: int = 0
    granted: int = 0
    new_user_ids: list[str] = field(default_factory=list)


# The view's `max_body_setting` (core.parsers.view_body_limit): the cap of the whole request body.
MAX_BYTES_SETTING = "STUDENT_IMPORT_MAX_BYTES"


def max_import_bytes() -> int:
    return getattr(settings, MAX_BYTES_SETTING)


class FileTooLarge(ApplicationError):
    def __init__(self):
        super().__init__(FILE_TOO_LARGE, status=413)


class ImportUploadHandler(TemporaryFileUploadHandler):
    """Streams the sheet to a temporary file and stops as soon as it passes STUDENT_IMPORT_MAX_BYTES
    (the view refuses a Content-Length over it before a byte is read; this counts what is read, as
    Content-Length may be absent or lie). Installed by the import view."""

    def __init__(self, request=None):
        super().__init__(request)
        self.total = 0

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > max_import_bytes():
            self.file.close()  # a NamedTemporaryFile: closing deletes it
            raise FileTooLarge()
        return super().receive_data_chunk(raw_data, start)


# --- Reading ---------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 12345 is read back as 12345.0
    return str(value).strip()


def sheet_rows(file: UploadedFile) -> list[list[str]]:
    """The file's rows as lists of strings, header first. XLSX (a zip) is told from CSV by its
    content, not its name; 413 past STUDENT_IMPORT_MAX_BYTES, 415 for anything else."""
    if file.size is not None and file.size > max_import_bytes():
        raise FileTooLarge()
    head = file.read(4)
    file.seek(0)
    if head == b"PK\x03\x04":
        return _xlsx_rows(file)
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(UNSUPPORTED_FILE, status=415) from None
    if "\x00" in text:
        raise ApplicationError(UNSUPPORTED_FILE, status=415)
    try:
        return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise ApplicationError(UNSUPPORTED_FILE, status=415) from None


def _xlsx_rows(file: UploadedFile) -> list[list[str]]:
    from openpyxl import load_workbook  # only an XLSX upload pays for importing openpyxl

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a zoo of errors for a damaged or foreign zip
        raise ApplicationError(UNSUPPORTED_FILE, status=415) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in values])
            if len(rows) > settings.IMPORT_MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


# --- Validating ------------------------------------------------------------------------------


def _ids(raw: str) -> list[str]:
    return [part for part in raw.replace(";", " ").replace(",", " ").split() if part]


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def rows_validated(table: list[list[str]]) -> list[Row]:
    """Every data row checked, or one 400 listing each bad row's errors by column."""
    if not table or not any(table[0]):
        raise ApplicationError("The file is empty.", errors={"file": ["The file is empty."]})
    header = [name.strip().lower() for name in table[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name and name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        messages = [f"Missing column: {name}." for name in missing] + [f"Unknown column: {name}." for name in unknown]
        raise ApplicationError(messages[0], errors={"file": messages})
    body = [(number, values) for number, values in enumerate(table[1:], start=2) if any(values)]
    if len(body) > settings.IMPORT_MAX_ROWS:
        message = f"At most {settings.IMPORT_MAX_ROWS} rows per file."
        raise ApplicationError(message, errors={"file": [message]})
    position = {name: header.index(name) for name in header if name}
    course_ids, plan_ids = set(), set()
    rows, bad, first_row_of = [], [], {}
    for number, values in body:
        value = {name: (values[index] if index < len(values) else "") for name, index in position.items()}
        errors: dict[str, list[str]] = {}
        full_name = value["full_name"]
        if not full_name:
            errors["full_name"] = ["This field may not be blank."]
        elif len(full_name) > FULL_NAME_MAX:
            errors["full_name"] = [f"At most {FULL_NAME_MAX} characters."]
        email = normalize_email(value["email"])
        try:
            EMAIL_FIELD.run_validators(email)
            if not email:
                raise ValidationError("This field may not be blank.")
        except ValidationError as error:
            errors["email"] = list(error.messages)
        else:
            if email in first_row_of:
                errors["email"] = [f"This email is also on row {first_row_of[email]}."]
            else:
                first_row_of[email] = number
        phone = value.get("phone_number", "")
        if phone:
            try:
                phone = phone_number_e164(phone)
            except ValidationError as error:
                errors["phone_number"] = list(error.messages)
        row_course_ids = [_uuid_or_none(raw) for raw in _ids(value.get("course_ids", ""))]
        if None in row_course_ids:
            errors["course_ids"] = ["Course ids must be UUIDs separated by `;`, `,` or spaces."]
        plan_id = value.get("plan_id") or None
        if plan_id is not None and (plan_id := _uuid_or_none(plan_id)) is None:
            errors["plan_id"] = ["Must be a valid UUID."]
        if errors:
            bad.append({"row": number, "errors": errors})
            continue
        course_ids.update(row_course_ids)
        if plan_id:
            plan_ids.add(plan_id)
        rows.append(Row(number, full_name, email, phone, list(dict.fromkeys(row_course_ids)), plan_id))
    known_courses = {str(pk) for pk in Course.objects.filter(pk__in=course_ids).values_list("pk", flat=True)}
    known_plans = {str(pk) for pk in Plan.objects.filter(pk__in=plan_ids).values_list("pk", flat=True)}
    for row in rows:
        errors = {}
        if unknown_courses := [pk for pk in row.course_ids if pk not in known_courses]:
            errors["course_ids"] = [f"Unknown course: {pk}." for pk in unknown_courses]
        if row.plan_id and row.plan_id not in known_plans:
            errors["plan_id"] = [f"Unknown plan: {row.plan_id}."]
        if errors:
            bad.append({"row": row.number, "errors": errors})
    if bad:
        raise ApplicationError(BAD_ROWS, errors={"rows": sorted(bad, key=lambda item: item["row"])})
    return rows


# --- Writing ---------------------------------------------------------------------------------


def _batches(rows: list[Row]):
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _plans(rows: list[Row]) -> dict[str, Plan]:
    return {str(plan.pk): plan for plan in Plan.objects.filter(pk__in={row.plan_id for row in rows if row.plan_id})}


def _import_batch(*, rows: list[Row], plans: dict[str, Plan], granted_by: User, dry_run: bool, result: ImportResult):
    """One batch: five queries to read (users, their enrollments, their current plans) and, unless a
    dry run, three inserts and one lock, whatever the batch's size."""
    # As `User.objects.with_email` compares: lower(email), which the case-insensitive unique index answers.
    known = User.objects.filter(In(Lower("email"), [row.email for row in rows]))
    users = {normalize_email(user.email): user for user in known}
    new_rows = [row for row in rows if row.email not in users]
    result.existing += len(rows) - len(new_rows)
    result.created += len(new_rows)
    if not dry_run and new_rows:
        # Unusable passwords: the student chooses one through the emailed link, which is also the only
        # way into the account, so the address is as verified as a verification email would make it.
        created = User.objects.bulk_create(
            User(
                email=row.email,
                full_name=row.full_name,
                password=_unusable_password(),
                email_verified=True,
                phone_number=row.phone_number,
            )
            for row in new_rows
        )
        users.update((user.email, user) for user in created)
        result.new_user_ids.extend(str(user.pk) for user in created)
    known_ids = [user.pk for user in users.values()]
    if not dry_run and known_ids:
        # The lock `courses.plan_services.plan_grant` takes: a payment granting one of these users a
        # plan at this moment waits for this batch, and then stacks on it.
        # In id order, so two imports sharing students wait for each other instead of deadlocking.
        list(User.objects.select_for_update().filter(pk__in=known_ids).order_by("pk").values_list("pk", flat=True))
    enrolled = set(
        Enrollment.objects.filter(user_id__in=known_ids).values_list("user_id", "course_id") if known_ids else []
    )
    enrollments, plan_pairs = [], []
    for row in rows:
        user = users.get(row.email)  # None in a dry run for a new student: nothing held yet
        user_id = user.pk if user is not None else None
        for course_id in row.course_ids:
            if (user_id, uuid.UUID(course_id)) not in enrolled:
                enrollments.append(Enrollment(user=user, course_id=course_id, source=Enrollment.Source.ADMIN))
        if row.plan_id:
            plan_pairs.append((user, plans[row.plan_id]))
    if dry_run:  # what plan_grants_bulk(unless_held=True) would grant: the pairs not held now or later
        held = _held(plan_pairs)
        result.granted += len(enrollments) + len([pair for pair in plan_pairs if pair not in held])
        return
    Enrollment.objects.bulk_create(enrollments, ignore_conflicts=True)
    grants = plan_grants_bulk(pairs=plan_pairs, source=PlanGrant.Source.ADMIN, granted_by=granted_by, unless_held=True)
    result.granted += len(enrollments) + len(grants)


def _held(pairs: list[tuple]) -> set[tuple]:
    """The (user, plan) pairs of `pairs` whose user holds the plan now or later (one query; a dry
    run's new students hold nothing)."""
    user_ids = {user.pk for user, _ in pairs if user is not None}
    if not user_ids:
        return set()
    now = timezone.now()
    held = set(
        PlanGrant.objects.filter(user_id__in=user_ids, plan_id__in={plan.pk for _, plan in pairs})
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .values_list("user_id", "plan_id")
    )
    return {(user, plan) for user, plan in pairs if user is not None and (user.pk, plan.pk) in held}


def _unusable_password() -> str:
    # What `make_password(None)` stores (`!` + a random suffix: never matches, never equal between
    # users), from one call to the OS's random source instead of forty.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def students_import(*, file: UploadedFile, granted_by: User, dry_run: bool = False) -> ImportResult:
    """Import a sheet of students (the rules are this module's docstring), all or nothing."""
    rows = rows_validated(sheet_rows(file))
    result = ImportResult()
    try:
        with transaction.atomic():
            plans = _plans(rows)
            for batch in _batches(rows):
                _import_batch(rows=batch, plans=plans, granted_by=granted_by, dry_run=dry_run, result=result)
            for start in range(0, len(result.new_user_ids), WELCOME_EMAILS_PER_TASK):
                chunk = result.new_user_ids[start : start + WELCOME_EMAILS_PER_TASK]
                run_after_commit(student_welcome_emails_task.delay, chunk)
    except IntegrityError:
        # An account with one of these emails was registered while the file was being imported.
        raise ApplicationError(CONCURRENT_WRITE, status=409) from None
    return result
