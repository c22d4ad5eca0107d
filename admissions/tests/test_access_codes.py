"""Access codes (CONTRACT §9): admins make batches of random codes for a course or a plan; a student
redeems one for the grant; unknown, expired and used-up codes get one message; redemption is
race-safe, audited and throttled."""

import csv
import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from admissions.models import CODE_ALPHABET, AccessCode, AccessCodeBatch, AccessCodeRedemption
from admissions.services import access_code_redeem
from core.exceptions import ApplicationError
from core.testing import assert_error, bearer_client
from courses.models import Enrollment, PlanGrant
from courses.tests.factories import EnrollmentFactory, PaidCourseFactory
from courses.tests.plan_factories import PlanFactory, PlanGrantFactory

pytestmark = pytest.mark.django_db

BATCHES = "/api/admin/access-codes/"
REDEEM = "/api/access-codes/redeem/"
INVALID = "Invalid or expired code."


def make_batch(admin_client, **body) -> dict:
    response = admin_client.post(BATCHES, {"count": 3, "max_uses": 1, **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


# --- Making codes ----------------------------------------------------------------------------


def test_admin_makes_a_batch_of_unambiguous_grouped_codes(admin_client):
    course = PaidCourseFactory()

    body = make_batch(admin_client, course_id=str(course.pk), count=50, max_uses=2)

    assert body["kind"] == "course" and body["course_id"] == str(course.pk) and body["plan_id"] is None
    assert body["code_count"] == 50 and body["use_count"] == 0 and body["max_uses"] == 2
    codes = [row["code"] for row in body["codes"]]
    assert len(set(codes)) == 50
    for code in codes:
        groups = code.split("-")
        assert [len(group) for group in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(CODE_ALPHABET)
        assert not set("".join(groups)) & set("0O1IL")


def test_codes_are_random_not_sequential(admin_client):
    course = PaidCourseFactory()
    first = {row["code"] for row in make_batch(admin_client, course_id=str(course.pk), count=20)["codes"]}
    second = {row["code"] for row in make_batch(admin_client, course_id=str(course.pk), count=20)["codes"]}
    assert not first & second
    # Every position takes many symbols across 40 codes: not a counter.
    assert all(len({code[i] for code in first | second}) > 5 for i in range(14) if i not in (4, 9))


def test_a_plan_batch_needs_an_active_plan(admin_client):
    inactive = PlanFactory(is_active=False)
    response = admin_client.post(BATCHES, {"plan_id": str(inactive.pk), "count": 1, "max_uses": 1}, format="json")
    assert_error(response, 400, "Unknown or inactive plan.", field="plan_id")
    assert not AccessCodeBatch.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"count": 1, "max_uses": 1},
        {"count": 0, "max_uses": 1, "course": True},
        {"count": 1001, "max_uses": 1, "course": True},
        {"count": 1, "max_uses": 0, "course": True},
        {"count": 1, "max_uses": 1, "course": True, "plan": True},
        {"count": 1, "max_uses": 1, "course": True, "expires_at": "2000-01-01T00:00:00Z"},
    ],
    ids=["no-target", "count-0", "count-1001", "max-uses-0", "both-targets", "expired"],
)
def test_bad_batches_are_refused_and_nothing_is_written(admin_client, body):
    body = dict(body)
    if body.pop("course", False):
        body["course_id"] = str(PaidCourseFactory().pk)
    if body.pop("plan", False):
        body["plan_id"] = str(PlanFactory().pk)
    assert_error(admin_client.post(BATCHES, body, format="json"), 400)
    assert not AccessCode.objects.exists()


def test_unknown_course_is_refused(admin_client):
    response = admin_client.post(
        BATCHES, {"course_id": "00000000-0000-0000-0000-000000000000", "count": 1, "max_uses": 1}, format="json"
    )
    assert_error(response, 400, "Unknown course.", field="course_id")


def test_only_admins_make_list_and_export_codes(api_client, student_client, tutor_client, admin_client):
    batch_id = make_batch(admin_client, course_id=str(PaidCourseFactory().pk))["id"]
    for path in [BATCHES, f"{BATCHES}{batch_id}/", f"{BATCHES}{batch_id}/csv/"]:
        assert_error(api_client.get(path), 401)
        assert_error(student_client.get(path), 403)
        assert_error(tutor_client.get(path), 403)
    assert_error(student_client.post(BATCHES, {"count": 1, "max_uses": 1}, format="json"), 403)


def test_batch_list_shows_uses_with_constant_queries(admin_client, django_assert_num_queries):
    course, plan = PaidCourseFactory(), PlanFactory()
    make_batch(admin_client, course_id=str(course.pk))
    with django_assert_num_queries(2):  # the admin's session check, the batches
        assert len(admin_client.get(BATCHES).json()) == 1
    for _ in range(4):
        make_batch(admin_client, plan_id=str(plan.pk))
    code = AccessCode.objects.filter(batch__course=course).first()
    access_code_redeem(user=UserFactory(), code=code.code)
    with django_assert_num_queries(2):
        rows = admin_client.get(BATCHES).json()
    assert len(rows) == 5
    course_row = next(row for row in rows if row["kind"] == "course")
    assert course_row["use_count"] == 1 and course_row["code_count"] == 3 and course_row["name"] == course.title


def test_batch_csv_lists_every_code_and_who_used_it(admin_client):
    batch = make_batch(admin_client, course_id=str(PaidCourseFactory().pk), count=4, max_uses=2)
    used = batch["codes"][0]["code"]
    redeemer = UserFactory(email="=cmd@example.com")
    bearer_client(redeemer).post(REDEEM, {"code": used}, format="json")

    response = admin_client.get(f"{BATCHES}{batch['id']}/csv/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["code"] for row in rows) == sorted(row["code"] for row in batch["codes"])
    used_row = next(row for row in rows if row["code"] == used)
    assert used_row["uses"] == "1" and used_row["max_uses"] == "2"
    assert used_row["redeemed_by"] == "'=cmd@example.com"  # never a formula in a spreadsheet


def test_batch_detail_shows_redemptions(admin_client):
    batch = make_batch(admin_client, course_id=str(PaidCourseFactory().pk))
    student = UserFactory()
    bearer_client(student).post(REDEEM, {"code": batch["codes"][1]["code"]}, format="json")

    body = admin_client.get(f"{BATCHES}{batch['id']}/").json()

    used = next(row for row in body["codes"] if row["code"] == batch["codes"][1]["code"])
    assert used["uses"] == 1
    assert used["redemptions"][0]["email"] == student.email


# --- Redeeming -------------------------------------------------------------------------------


def test_a_course_code_enrolls_the_student(admin_client, student, student_client):
    course = PaidCourseFactory()
    code = make_batch(admin_client, course_id=str(course.pk))["codes"][0]["code"]

    response = student_client.post(REDEEM, {"code": code}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kind"] == "course" and body["course_id"] == str(course.pk) and body["name"] == course.title
    assert body["ends_at"] is None and body["redeemed_at"].endswith("Z")
    assert Enrollment.objects.filter(user=student, course=course).exists()
    assert student_client.get(f"/api/courses/{course.pk}/").json()["video_url"] == course.video_url
    redemption = AccessCodeRedemption.objects.get()
    assert redemption.user == student and redemption.ip_address == "127.0.0.1"
    assert AccessCode.objects.get(code=code.replace("-", "")).uses == 1


def test_a_plan_code_grants_the_plan(admin_client, student, student_client):
    plan = PlanFactory(duration_days=30)
    code = make_batch(admin_client, plan_id=str(plan.pk))["codes"][0]["code"]

    body = student_client.post(REDEEM, {"code": code}, format="json").json()

    grant = PlanGrant.objects.get(user=student)
    assert grant.source == "code" and grant.plan == plan
    assert body["kind"] == "plan" and body["plan_id"] == str(plan.pk)
    assert body["ends_at"] is not None and grant.ends_at - grant.starts_at == timedelta(days=30)
    assert student_client.get("/api/users/me/plans/").json()[0]["source"] == "code"


def test_a_plan_code_stacks_on_a_current_plan(admin_client, student, student_client):
    plan = PlanFactory(duration_days=30)
    current = PlanGrantFactory(user=student, plan=plan)
    code = make_batch(admin_client, plan_id=str(plan.pk))["codes"][0]["code"]

    student_client.post(REDEEM, {"code": code}, format="json")

    new = PlanGrant.objects.filter(user=student, source="code").get()
    assert new.starts_at == current.ends_at


def test_lookup_ignores_case_dashes_and_spaces(admin_client, student_client):
    code = make_batch(admin_client, course_id=str(PaidCourseFactory().pk))["codes"][0]["code"]
    typed = f"  {code.replace('-', ' ').lower()} "
    assert student_client.post(REDEEM, {"code": typed}, format="json").status_code == 200


def test_unknown_expired_and_used_up_codes_get_one_message(admin_client, student_client):
    course = PaidCourseFactory()
    batch = make_batch(admin_client, course_id=str(course.pk), max_uses=1)
    used_up = batch["codes"][0]["code"]
    bearer_client(UserFactory()).post(REDEEM, {"code": used_up}, format="json")
    expired = batch["codes"][1]["code"]
    AccessCodeBatch.objects.filter(pk=batch["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))

    for code in ["ABCD-EFGH-JKMN", "short", used_up, expired]:
        assert_error(student_client.post(REDEEM, {"code": code}, format="json"), 400, INVALID)
    assert not Enrollment.objects.filter(user=student_client.user).exists()
    assert AccessCodeRedemption.objects.count() == 1


def test_a_code_admits_max_uses_students(admin_client):
    code = make_batch(admin_client, course_id=str(PaidCourseFactory().pk), count=1, max_uses=2)["codes"][0]["code"]
    first, second, third = (bearer_client(UserFactory()) for _ in range(3))
    assert first.post(REDEEM, {"code": code}, format="json").status_code == 200
    assert second.post(REDEEM, {"code": code}, format="json").status_code == 200
    assert_error(third.post(REDEEM, {"code": code}, format="json"), 400, INVALID)


def test_redeeming_again_answers_the_first_grant_and_spends_no_use(admin_client, student_client):
    plan = PlanFactory(duration_days=30)
    code = make_batch(admin_client, plan_id=str(plan.pk), max_uses=5)["codes"][0]["code"]
    first = student_client.post(REDEEM, {"code": code}, format="json").json()

    again = student_client.post(REDEEM, {"code": code}, format="json")

    assert again.status_code == 200 and again.json() == first
    assert PlanGrant.objects.filter(user=student_client.user).count() == 1
    assert AccessCode.objects.get(code=code.replace("-", "")).uses == 1


def test_a_course_code_is_not_spent_on_a_student_already_enrolled(admin_client, student, student_client):
    course = PaidCourseFactory()
    EnrollmentFactory(user=student, course=course)
    code = make_batch(admin_client, course_id=str(course.pk))["codes"][0]["code"]

    response = student_client.post(REDEEM, {"code": code}, format="json")

    assert response.status_code == 200 and response.json()["course_id"] == str(course.pk)
    assert AccessCode.objects.get(code=code.replace("-", "")).uses == 0
    assert not AccessCodeRedemption.objects.exists()


def test_the_audit_records_the_address_the_proxy_reports(settings, admin_client, student, student_client):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    codes = make_batch(admin_client, course_id=str(PaidCourseFactory().pk))["codes"]
    student_client.post(REDEEM, {"code": codes[0]["code"]}, format="json", HTTP_X_FORWARDED_FOR="203.0.113.7")
    bearer_client(UserFactory()).post(REDEEM, {"code": codes[1]["code"]}, format="json", HTTP_X_FORWARDED_FOR="x")
    assert sorted(map(str, AccessCodeRedemption.objects.values_list("ip_address", flat=True))) == [
        "203.0.113.7",
        "None",
    ]


def test_redeeming_needs_a_signed_in_user_and_a_code(api_client, student_client):
    assert_error(api_client.post(REDEEM, {"code": "ABCD-EFGH-JKMN"}, format="json"), 401)
    assert_error(student_client.post(REDEEM, {}, format="json"), 400, field="code")


def test_redemption_is_throttled_per_user(settings, admin_client, student_client):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], access_code_redeem="3/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    for _ in range(3):
        assert_error(student_client.post(REDEEM, {"code": "ABCD-EFGH-JKMN"}, format="json"), 400, INVALID)
    response = student_client.post(REDEEM, {"code": "ABCD-EFGH-JKMN"}, format="json")
    assert_error(response, 429)
    assert response["Retry-After"]
    # Another user on another address is counted apart.
    other = bearer_client(UserFactory())
    assert other.post(REDEEM, {"code": "x"}, format="json", REMOTE_ADDR="10.0.0.9").status_code == 400


def test_redemption_is_throttled_per_client_ip(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], access_code_redeem_ip="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    clients = [bearer_client(UserFactory()) for _ in range(3)]
    for client in clients[:2]:
        assert client.post(REDEEM, {"code": "x"}, format="json").status_code == 400
    assert_error(clients[2].post(REDEEM, {"code": "x"}, format="json"), 429)


def test_the_database_refuses_more_uses_than_max_uses(admin_client):
    from django.db import IntegrityError, transaction
    from django.db.models import F

    make_batch(admin_client, course_id=str(PaidCourseFactory().pk), count=1, max_uses=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessCode.objects.update(uses=F("max_uses") + 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_students_racing_for_the_last_use_get_one_grant():
    admin = UserFactory(role="admin")
    code = make_batch(bearer_client(admin), course_id=str(PaidCourseFactory().pk), count=1, max_uses=1)["codes"][0]
    students = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def redeem(user):
        try:
            barrier.wait()
            access_code_redeem(user=user, code=code["code"])
            outcomes.append("granted")
        except ApplicationError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(user,)) for user in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(["granted", INVALID])
    assert Enrollment.objects.count() == 1
    assert AccessCode.objects.get().uses == 1
