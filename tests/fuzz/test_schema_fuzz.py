"""Every operation of the served OpenAPI schema, fuzzed as a student and as an admin.

Schemathesis reads `/api/schema/` as the running server serves it and generates requests from it —
valid ones and, in the "all" generation mode, invalid ones (wrong types, missing or extra fields,
out-of-range values, junk path ids) — then checks every answer: not a 5xx, a status code the schema
documents for the operation, the documented content type, and a body matching the documented shape.
Path ids come from the generator and from real objects (see `hooks.py`).

It runs the schemathesis CLI, its primary and most stable interface, against the server (its pytest
loader for a fixture-made schema, `from_fixture`, fails under pytest 9.2); a failure shows the CLI's
report with a `curl` line per problem. Bounded for CI: a few examples per operation
and phase, no shrinking. Every run prints its seed; `FUZZ_SEED=<seed> make fuzz` replays a run and
`FUZZ_EXAMPLES=<n> make fuzz` fuzzes harder.
"""

import json
import os
import subprocess
import sys
import time

import pytest
import requests
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory, PaidCourseFactory
from messaging.tests.factories import MessageFactory
from payments.models import Payment
from payments.tests.factories import PaymentFactory
from tests.servers import BASE_DIR, environment

pytestmark = [pytest.mark.django_db(transaction=True)]

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
SEED = os.environ.get("FUZZ_SEED")
TIME_LIMIT = 900  # seconds per role: far above a normal run (~150 operations); a hang fails instead of blocking CI


def _config(hooks_module: str) -> str:
    return "\n".join(
        [
            f'hooks = "{hooks_module}"',
            "[generation]",
            # The bearer token sent in the header is the auth; none is generated in its place.
            "with-security-parameters = false",
            'database = "none"',
            "[cache]",
            "enabled = false",
        ]
    )


@pytest.fixture
def school():
    """The fuzzing users and objects for the path parameters: their own, other users', unknown ones."""
    student = UserFactory()
    other = UserFactory()
    tutor = TutorFactory()
    admin = AdminFactory()
    free, paid, hidden = CourseFactory(), PaidCourseFactory(), CourseFactory(is_published=False)
    EnrollmentFactory(user=student, course=free)
    CourseProgressFactory(user=student, course=free, progress_percentage=50)
    CourseProgressFactory(user=other, course=free, progress_percentage=100)
    MessageFactory(sender=student, receiver=tutor)
    MessageFactory(sender=tutor, receiver=student)
    MessageFactory(sender=other, receiver=tutor)
    own_payment = PaymentFactory(user=student, course=paid, provider=Payment.Provider.SANDBOX)
    other_payment = PaymentFactory(user=other, course=paid, status=Payment.Status.SUCCESS)
    users = [str(u.pk) for u in (student, other, tutor, admin)]
    return {
        "student": student,
        "admin": admin,
        "path_objects": {
            "id": [str(c.pk) for c in (free, paid, hidden)],
            "course_id": [str(c.pk) for c in (free, paid, hidden)],
            "admin_users": users,
            "other_user_id": users,
            "transaction_id": [own_payment.transaction_id, other_payment.transaction_id],
        },
    }


def fuzz(server, user: User, school: dict, tmp_path) -> None:
    token = RefreshToken.for_user(user).access_token
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config("tests.fuzz.hooks"))
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{server.url}/api/schema/",
        "--checks",
        CHECKS,
        "--mode",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--no-shrink",
        "--header",
        f"Authorization: Bearer {token}",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--no-color",
    ]
    if SEED:
        command += ["--seed", SEED]
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - the command is built here, from no outside input
        command,
        cwd=BASE_DIR,
        env=environment(
            {
                "FUZZ_PATH_OBJECTS": json.dumps(school["path_objects"]),
                "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "hypothesis"),  # not a .hypothesis/ in the repo
            }
        ),
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    # The CLI's report (failures with a curl line each, the seed) is the test's captured output.
    print(f"schemathesis as {user.role}, {time.monotonic() - started:.0f}s:\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, f"schemathesis found failures (report above); server log:\n{server.log_tail(30)}"
    # Whatever was sent (PATCH of their own account included), the fuzzing user kept their access:
    # so every request of the run was made as them, not refused with a 401 the schema also allows.
    me = requests.get(f"{server.url}/api/users/me/", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200, me.text
    assert me.json()["role"] == user.role


def test_the_api_answers_a_student_as_documented(fuzz_server, school, tmp_path):
    fuzz(fuzz_server, school["student"], school, tmp_path)


def test_the_api_answers_an_admin_as_documented(fuzz_server, school, tmp_path):
    fuzz(fuzz_server, school["admin"], school, tmp_path)
