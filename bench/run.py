"""`make bench`: how fast the API is, and how close to the framework's limit, in one command.

    make bench            # or: .venv/bin/python -m bench.run [--reset] [--no-compare] [--only NAME,...]

1. Builds the data set of bench/data.py into its own database once (`BENCH_DATABASE_URL`, default
   postgres://postgres@127.0.0.1:5432/nclex_bench) and reuses it on later runs.
2. Calls every endpoint once in-process (Django's test client) to count its SQL queries and capture
   its response bytes (the ceiling view serves them).
3. Measures the raw Argon2 verify rate with the project's parameters (the login's floor).
4. Starts the production HTTP server (`make serve`'s: gunicorn -c config/gunicorn.py, threaded WSGI
   workers, as many as it picks for this machine) with bench/settings.py (the shipped settings and
   URLs plus the reference views) against that database and Redis DB 7 (`BENCH_REDIS_URL`).
5. Drives each endpoint, its hand-written twin and its ceiling with wrk (one thread, 16 connections,
   requests replayed from a file by bench/wrk.lua) in alternating one-second rounds, so that a
   machine whose speed drifts (a shared host, other work) slows all three alike; prints one table,
   then (unless --no-compare) the serving comparison: gunicorn with uvicorn (ASGI) workers, gthread
   and sync (WSGI) workers, all serving at once and measured in turn on a few endpoints and a ceiling.

Throttle rates are raised for the run (the throttles still run, they just never trip): the bench
sends thousands of logins and messages a minute from a few hundred accounts. Logs go to
bench/.data/server.log; the table is also written to bench/.data/last-run.md.
"""

import argparse
import contextlib
import json
import multiprocessing
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / ".data"
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nclex_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
CONNECTIONS = 16
ROUNDS = 6
SAMPLE_USERS = 200
TARGET_P99_MS = 50.0

# The server and this process read the same settings: production's, from the environment.
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": "nclex-bench",
    "JWT_ACCESS_TOKEN_MINUTES": "240",
    "THROTTLE_LOGIN": "1000000/min",
    "THROTTLE_LOGIN_EMAIL": "1000000/min",
    "THROTTLE_SEND_MESSAGE": "1000000/min",
    "BENCH_CEILING_FILE": str(DATA_DIR / "ceiling.json"),
    "ACCESS_LOG_LEVEL": "INFO",  # one JSON line per request, as in production
}
# This process's own access log would only time the terminal.
RUNNER_ENV = {"ACCESS_LOG_LEVEL": "WARNING"}


@dataclass
class Case:
    """One endpoint as the load sees it: a rotation of requests (method, path, token, JSON body)."""

    name: str
    requests: list[tuple[str, str, str | None, dict | None]]
    twin: bool = False  # a list endpoint: also measure its hand-written twin
    compare: bool = False  # one of the endpoints of the serving comparison
    expect: int = 200
    queries: int = 0
    results: dict = field(default_factory=dict)  # "api" | "twin" | "ceiling" -> wrk numbers
    # A request valid only once (an answer, an exam start): fresh requests before every wrk run.
    prepare: Callable[[], list] | None = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=1, help=f"seconds per round ({ROUNDS} rounds per target)")
    parser.add_argument("--reset", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--no-compare", action="store_true", help="skip the ASGI/WSGI serving comparison")
    parser.add_argument("--only", default="", help="comma-separated case names, or their beginnings")
    parser.add_argument("--server", default="production", help="measure this server variant (see VARIANTS)")
    parser.add_argument("--variants", default=",".join(COMPARED_VARIANTS), help="the variants to compare")
    args = parser.parse_args()
    started = time.perf_counter()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk (make bench does it)")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "server.log").unlink(missing_ok=True)
    load_before = _load()
    print(f"load average before: {load_before}", flush=True)

    cases = setup(reset=args.reset, only=args.only)
    from django.db import connections

    _capture(cases)
    connections.close_all()
    argon2 = _argon2_rates(processes=_workers())

    variant = VARIANTS[args.server]
    with Server(variant) as server:
        for case in cases:
            targets = {"api": case.prepare or case.requests}
            if case.twin:
                targets["twin"] = [_twin(r) for r in case.requests]
            targets["ceiling"] = [_ceiling(case, r) for r in case.requests]
            case.results = _measure_interleaved(server.url, targets, seconds=args.seconds, rounds=ROUNDS)
            print(f"  {_row(case, argon2)}", flush=True)

    comparison = {}
    if not args.no_compare:
        variants = args.variants.split(",")
        comparison = _compare([case for case in cases if case.compare], variants=variants, seconds=COMPARE_SECONDS)

    report = _report(
        cases,
        argon2,
        comparison,
        variant,
        seconds=time.perf_counter() - started,
        seconds_per_round=args.seconds,
        load_before=load_before,
    )
    print("\n" + report)
    (DATA_DIR / "last-run.md").write_text(report)


def setup(*, reset: bool = False, only: str = "") -> list["Case"]:
    """The bench database (built or reused), Django configured on it, and the cases to run."""
    started = time.perf_counter()
    os.environ.update(BENCH_ENV)
    _ensure_database(reset=reset)
    import django

    os.environ.update(RUNNER_ENV)
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from bench import data

    call_command("migrate", verbosity=0)
    if data.ensure():
        print(f"data set built ({time.perf_counter() - started:.0f}s)", flush=True)
    else:
        print("reusing the data set in the benchmark database", flush=True)
    cache.clear()  # Redis DB 7 is the bench's own
    _analyze_without_autovacuum()
    wanted = {name.strip() for name in only.split(",")} if only else None
    cases = _cases(wanted)
    if wanted:
        cases = [case for case in cases if is_wanted(case.name, wanted)]
    return cases


def _analyze_without_autovacuum() -> None:
    """Fresh planner statistics when the server runs without autovacuum (this machine's CI
    configuration): earlier runs' rows (practice tests and their items, answers, exams) would
    otherwise be planned on the counts of the day the data set was built, e.g. a practice test's 75
    items read by a parallel scan of the whole table instead of its index. Production analyses them
    itself. A few seconds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "off":
            cursor.execute("ANALYZE")


def is_wanted(name: str, wanted: set[str] | None) -> bool:
    """A case is run when no names are given, or when its name begins with one of them (`--only
    "create test"` for "create test (75, tutor)", whose comma `--only` would split)."""
    return wanted is None or any(name.startswith(prefix) for prefix in wanted)


# --- the endpoints --------------------------------------------------------------------------------


def _cases(wanted: set[str] | None = None) -> list[Case]:
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bench import data, questions
    from courses.models import Course, CourseProgress
    from messaging.models import Conversation
    from payments.models import Payment

    rng = random.Random(7)
    students = list(User.objects.filter(role="user", is_active=True).order_by("email")[:SAMPLE_USERS])
    tokens = {user.pk: str(AccessToken.for_user(user)) for user in students}
    admin = User.objects.get(email=data.ADMIN_EMAIL)
    focal = User.objects.get(email=data.FOCAL_EMAIL)
    heavy = User.objects.get(email=data.HEAVY_PARTNER_EMAIL)
    admin_token, focal_token = str(AccessToken.for_user(admin)), str(AccessToken.for_user(focal))
    published = list(Course.objects.filter(is_published=True).values_list("id", flat=True))
    progress = list(
        CourseProgress.objects.filter(user__in=students, course__is_published=True).values_list("user_id", "course_id")
    )
    rng.shuffle(progress)
    payments = list(
        Payment.objects.filter(user__in=students, status="success").values_list("user_id", "transaction_id")
    )
    receivers = list(User.objects.filter(is_active=True).values_list("id", flat=True)[:2000])
    with_inbox = set(Conversation.objects.filter(user__in=students).values_list("user_id", flat=True))

    def each(make) -> list:
        return [make(i, user) for i, user in enumerate(students)]

    return [
        Case(
            "login",
            each(lambda i, u: ("POST", "/api/auth/login/", None, {"email": u.email, "password": data.PASSWORD})),
        ),
        Case("courses (anonymous)", [("GET", "/api/courses/", None, None)], twin=True),
        Case(
            "courses (signed in)",
            each(lambda i, u: ("GET", "/api/courses/", tokens[u.pk], None)),
            twin=True,
        ),
        Case(
            "course detail",
            each(lambda i, u: ("GET", f"/api/courses/{published[i % len(published)]}/", tokens[u.pk], None)),
            compare=True,
        ),
        Case(
            "progress list",
            each(lambda i, u: ("GET", "/api/users/me/progress/", tokens[u.pk], None)),
            twin=True,
            compare=True,
        ),
        Case(
            "progress update",
            [
                ("PUT", f"/api/users/me/progress/{course}/", tokens[user], {"progress_percentage": rng.randrange(100)})
                for user, course in progress[:1000]
            ],
        ),
        Case(
            "conversations (student)",
            [("GET", "/api/messages/conversations/", tokens[u.pk], None) for u in students if u.pk in with_inbox],
            twin=True,
        ),
        Case(
            "conversations (tutor: 300)",
            [("GET", "/api/messages/conversations/", focal_token, None)],
            twin=True,
        ),
        Case(
            "conversation page (20k messages)",
            [("GET", f"/api/messages/conversation/{heavy.pk}/?limit=50", focal_token, None)],
            twin=True,
            compare=True,
        ),
        Case(
            "send message",
            [
                (
                    "POST",
                    "/api/messages/send/",
                    tokens[u.pk],
                    {"receiver_id": str(rng.choice(receivers)), "content": rng.choice(data.SENTENCES)},
                )
                for u in students
                for _ in range(5)
            ],
            expect=201,
        ),
        Case(
            "payment status",
            [("GET", f"/api/payments/status/{tx}/", tokens[user], None) for user, tx in payments[:1000]],
        ),
        Case(
            "admin users page",
            [("GET", f"/api/admin/users/?limit=50&offset={offset}", admin_token, None) for offset in range(0, 500, 50)],
            twin=True,
        ),
        Case("admin stats", [("GET", "/api/admin/stats/", admin_token, None)]),
        *questions.cases(students, tokens, wanted),
    ]


def _twin(request: tuple) -> tuple:
    method, path, token, body = request
    twins = [
        ("/api/courses/", "/bench/twin/courses/"),
        ("/api/users/me/progress/", "/bench/twin/progress/"),
        ("/api/messages/conversations/", "/bench/twin/conversations/"),
        ("/api/messages/conversation/", "/bench/twin/conversation/"),
        ("/api/admin/users/", "/bench/twin/admin/users/"),
    ]
    for prefix, twin in twins:
        if path.startswith(prefix):
            return method, twin + path.removeprefix(prefix), token, body
    raise ValueError(f"no twin for {path}")


def _ceiling(case: Case, request: tuple) -> tuple:
    method, _, token, body = request
    return method, f"/bench/ceiling/{_slug(case.name)}/", token, body


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


# --- in-process: query counts and the ceiling's bytes ----------------------------------------------


def _capture(cases: list[Case]) -> None:
    """Each endpoint twice through Django's test client: the second call's queries are counted (the
    first warms caches, as the load does) and its bytes become the ceiling's response."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    bodies = {}
    for case in cases:
        for method, path, token, body in (case.requests * 2)[:2]:
            headers = {"authorization": f"Bearer {token}"} if token else {}
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    method, path, json.dumps(body) if body else "", content_type="application/json", headers=headers
                )
            if response.status_code != case.expect:
                sys.exit(f"{case.name}: {method} {path} answered {response.status_code}: {response.content[:300]!r}")
        case.queries = len(queries)
        bodies[_slug(case.name)] = {"status": response.status_code, "body": response.content.decode()}
    (DATA_DIR / "ceiling.json").write_text(json.dumps(bodies))


# --- the raw Argon2 rate ----------------------------------------------------------------------------


def _argon2_loop(encoded: str, password: str, seconds: float) -> int:
    from argon2 import PasswordHasher

    hasher, count, deadline = PasswordHasher(), 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        hasher.verify(encoded, password)
        count += 1
    return count


def _argon2_rates(*, processes: int, seconds: float = 3.0) -> dict:
    """argon2-cffi verify of the bench users' hash (the project's parameters): one process alone,
    then `processes` at once (the server's worker count): the most logins this machine can verify."""
    from accounts.models import User
    from bench import data

    encoded = User.objects.get(email=data.ADMIN_EMAIL).password.removeprefix("argon2")
    single = _argon2_loop(encoded, data.PASSWORD, seconds) / seconds
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        counts = pool.starmap(_argon2_loop, [(encoded, data.PASSWORD, seconds)] * processes)
    return {"params": encoded.split("$")[3], "single": single, "processes": processes, "all": sum(counts) / seconds}


# --- the server -------------------------------------------------------------------------------------


def _workers() -> int:
    """What config/gunicorn.py picks for this machine (WEB_CONCURRENCY overrides it)."""
    namespace: dict = {}
    environment = dict(os.environ)
    try:
        exec(compile((ROOT / "config" / "gunicorn.py").read_text(), "gunicorn.py", "exec"), namespace)
    finally:  # the config sets defaults in the environment, for the server's workers only
        os.environ.clear()
        os.environ.update(environment)
    return namespace["workers"]


GUNICORN = [str(BIN / "gunicorn"), "-c", "config/gunicorn.py"]
# The ASGI variants run the WebSocket server's configuration (uvicorn workers, CONN_MAX_AGE=0) with
# as many workers as the HTTP server.
# (with the full ASGI app: the WebSocket server's own app answers plain HTTP with 404).
GUNICORN_ASGI = [str(BIN / "gunicorn"), "-c", "config/gunicorn_ws.py", "config.asgi:application"]
ASGI_ENV = {"WS_CONCURRENCY": str(_workers())}
# name -> (label, command, environment): "production" is exactly `make serve`'s HTTP server.
VARIANTS = {
    "production": ("production: make serve (WSGI, gthread workers x 4 threads)", GUNICORN, {}),
    "asgi-uvicorn": ("ASGI, uvicorn workers", GUNICORN_ASGI, ASGI_ENV),
    "wsgi-gthread": ("WSGI, gthread workers x 4 threads", GUNICORN, {}),
    "wsgi-gthread2": ("WSGI, gthread workers x 2 threads", [*GUNICORN, "--threads", "2"], {}),
    "wsgi-sync": ("WSGI, sync workers", [*GUNICORN, "-k", "sync"], {}),
}
COMPARED_VARIANTS = ["asgi-uvicorn", "wsgi-gthread", "wsgi-sync"]


COMPARE_SECONDS, COMPARE_ROUNDS = 1, 6


def _compare(cases: list[Case], *, variants: list[str], seconds: int) -> dict:
    """Every compared variant serves at once (each on its own port); each case (and the ceiling of
    the first) is measured on each variant in turn, COMPARE_ROUNDS times, so a change in the
    machine's speed hits them alike. Rounds are pooled."""
    runs = [(case.name, case.requests) for case in cases]
    if cases:
        runs.append(("ceiling", [_ceiling(cases[0], r) for r in cases[0].requests]))
    results: dict[str, dict[str, dict]] = {name: {} for name in variants}
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(Server(VARIANTS[name])) for name in variants}
        for run, requests in runs:
            rotation = _rotation(requests, run)
            for server in servers.values():
                _wrk(server.url, rotation, 1)
            rounds: dict[str, list[dict]] = {name: [] for name in variants}
            for round_ in range(COMPARE_ROUNDS):
                for name in variants[round_ % len(variants) :] + variants[: round_ % len(variants)]:
                    rounds[name].append(_wrk(servers[name].url, rotation, seconds))
            for name in variants:
                results[name][run] = _pooled(rounds[name])
            print(f"  compared: {run}", flush=True)
    return results | {"_runs": [run for run, _ in runs]}


class Server:
    """A server process group on a free local port, stopped (and its workers with it) on exit."""

    def __init__(self, variant: tuple[str, list[str], dict]):
        self.label, self.argv, self.env = variant
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        log = open(DATA_DIR / "server.log", "ab")
        log.write(f"\n===== {self.label}: {' '.join(self.argv)}\n".encode())
        env = {**os.environ, **BENCH_ENV, **self.env}
        env["GUNICORN_BIND"] = env["GUNICORN_WS_BIND"] = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            self.argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(f"{self.url}/api/health/", headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                sys.exit(f"the server did not start: see {DATA_DIR / 'server.log'}")
            time.sleep(0.3)
        print(f"\n{self.label} on {self.url} ({_workers()} workers):", flush=True)
        return self

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- load -------------------------------------------------------------------------------------------


def _measure_interleaved(url: str, targets: dict[str, list[tuple]], *, seconds: int, rounds: int) -> dict:
    """Each target (a rotation of requests) warmed up for a second, then measured `rounds` times for
    `seconds`, the targets taking turns: a change in the machine's speed (other work, a busy host)
    falls on all of them alike instead of on whichever ran at the time. Rounds are pooled."""

    def requests_of(target) -> list[tuple]:  # a Case.prepare makes fresh requests for each run
        return target() if callable(target) else target

    for name, requests in targets.items():
        _wrk(url, _rotation(requests_of(requests), name), 1)
    runs: dict[str, list[dict]] = {name: [] for name in targets}
    names = list(targets)
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:  # each goes first in turn
            runs[name].append(_wrk(url, _rotation(requests_of(targets[name]), name), seconds))
    return {name: _pooled(results) for name, results in runs.items()}


def _measure(url: str, case: Case | None, requests: list[tuple], seconds: int, warm_up: int = 1) -> dict:
    """wrk at CONNECTIONS connections: `warm_up` seconds (discarded), then `seconds` measured."""
    rotation = _rotation(requests, "single")
    _wrk(url, rotation, warm_up)
    return _pooled([_wrk(url, rotation, seconds)])


def _rotation(requests: list[tuple], name: str) -> Path:
    """The requests as bench/wrk.lua reads them, one per line."""
    path = DATA_DIR / f"requests-{_slug(name)}.tsv"
    with path.open("w") as file:
        for method, target, token, body in requests:
            file.write(f"{method}\t{target}\t{token or '-'}\t{json.dumps(body) if body else '-'}\n")
    return path


def _wrk(url: str, rotation: Path, seconds: int) -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", "bench/wrk.lua"]
    command += [url, "--", str(rotation)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 30)
    line = next((row for row in reversed(result.stdout.splitlines()) if row.startswith("{")), None)
    if line is None:
        sys.exit(f"{rotation.name}: no result from wrk:\n{result.stdout}\n{result.stderr}")
    return json.loads(line)


def _pooled(runs: list[dict]) -> dict:
    """req/s over all runs, and p50/p99 of all their requests (each run's 200 quantiles weighted by
    its request count)."""
    requests = sum(run["requests"] for run in runs)
    points = sorted(
        (latency, run["requests"] / len(run["quantiles_us"])) for run in runs for latency in run["quantiles_us"]
    )

    def quantile(q: float) -> float:
        seen = 0.0
        for latency, weight in points:
            seen += weight
            if seen >= q * requests:
                return latency / 1000
        return points[-1][0] / 1000 if points else 0.0

    return {
        "rps": requests / (sum(run["duration_us"] for run in runs) / 1e6),
        "p50": quantile(0.50),
        "p99": quantile(0.99),
        "errors": sum(run[key] for run in runs for key in ("connect", "read", "write", "status", "timeout")),
        "requests": requests,
    }


# --- the report -------------------------------------------------------------------------------------


def _ratio(case: Case, reference: str) -> float | None:
    if reference not in case.results:
        return None
    return case.results["api"]["rps"] / case.results[reference]["rps"]


def _row(case: Case, argon2: dict) -> str:
    api = case.results["api"]
    twin, ceiling = _ratio(case, "twin"), _ratio(case, "ceiling")
    return (
        f"| {case.name} | {api['rps']:,.0f} | {api['p50']:.1f} | {api['p99']:.1f} | {api['errors']} | "
        f"{f'{twin:.2f}' if twin is not None else '-'} | {ceiling:.2f} | {case.queries} |"
    )


def _targets(cases: list[Case], argon2: dict) -> list[str]:
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"- {'met ' if ok else 'MISSED'}: {text}")

    errors = sum(case.results["api"]["errors"] for case in cases)
    check(errors == 0, f"zero errors ({errors})")
    for case in cases:
        ratio = _ratio(case, "twin")
        if ratio is not None:
            check(ratio >= 0.8, f"{case.name} at {ratio:.2f} of its hand-written twin (>= 0.8)")
    anonymous = next((case for case in cases if case.name == "courses (anonymous)"), None)
    if anonymous:
        ratio = _ratio(anonymous, "ceiling")
        check(ratio >= 0.5, f"anonymous catalogue at {ratio:.2f} of the ceiling (>= 0.5)")
    for case in cases:
        if case.name != "login":
            p99 = case.results["api"]["p99"]
            check(p99 < TARGET_P99_MS, f"{case.name} p99 {p99:.1f} ms (< {TARGET_P99_MS:.0f} ms)")
    login = next((case for case in cases if case.name == "login"), None)
    if login:
        ratio = login.results["api"]["rps"] / argon2["all"]
        check(ratio >= 0.8, f"login at {ratio:.2f} of the raw Argon2 verify rate ({argon2['all']:.0f}/s) (>= 0.8)")
    return lines


def _report(
    cases: list[Case],
    argon2: dict,
    comparison: dict,
    variant: tuple,
    *,
    seconds: float,
    seconds_per_round: int,
    load_before: str,
) -> str:
    import django
    import psycopg
    import rest_framework

    from bench import data

    pg = _scalar("SHOW server_version")
    lines = [
        f"Server: {variant[0]} (`{' '.join(variant[1][1:])}`), {_workers()} workers; wrk -t1 -c{CONNECTIONS}, "
        f"per target 1 s warm-up, then {ROUNDS} rounds of {seconds_per_round} s taking turns with its "
        f"references (pooled); data set v{data.VERSION}.",
        f"Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {_memory_gb():.0f} GB RAM; "
        f"Python {platform.python_version()}, "
        f"Django {django.__version__}, DRF {rest_framework.__version__}, psycopg {psycopg.__version__}, "
        f"PostgreSQL {pg}; load average before the run {load_before} (after: {_load()}, mostly the bench "
        f"itself); whole run {seconds:.0f} s.",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | errors | vs hand-written | vs ceiling | SQL/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(_row(case, argon2) for case in cases),
        "",
        "References (same server, same middleware):",
        "",
        "| endpoint | hand-written req/s | p99 ms | ceiling req/s | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for case in cases:
        twin, ceiling = case.results.get("twin"), case.results["ceiling"]
        twin_cells = f"{twin['rps']:,.0f} | {twin['p99']:.1f}" if twin else "- | -"
        lines.append(f"| {case.name} | {twin_cells} | {ceiling['rps']:,.0f} | {ceiling['p99']:.1f} |")
    lines += [
        "",
        f"Raw Argon2id verify ({argon2['params']}): {argon2['single']:.0f}/s in one process, "
        f"{argon2['all']:.0f}/s with {argon2['processes']} processes at once.",
        "",
        "Targets:",
        "",
        *_targets(cases, argon2),
    ]
    if comparison:
        names = [name for name in comparison if not name.startswith("_")]
        lines += [
            "",
            f"Serving comparison: {COMPARE_ROUNDS} rounds of {COMPARE_SECONDS} s per server taking turns "
            f"(pooled), {_workers()} workers each, all servers up at once:",
            "",
            "| endpoint | " + " | ".join(VARIANTS[name][0] for name in names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for run in comparison["_runs"]:
            cells = [comparison[name][run] for name in names]
            text = [
                f"{c['rps']:,.0f} req/s, p99 {c['p99']:.0f} ms" + (f", {c['errors']} errors" if c["errors"] else "")
                for c in cells
            ]
            lines.append(f"| {run} | " + " | ".join(text) + " |")
    return "\n".join(lines) + "\n"


# --- small helpers ----------------------------------------------------------------------------------


def _ensure_database(*, reset: bool) -> None:
    """Create the bench database if missing; drop it first on --reset or when it holds an incomplete
    or older data set (the database is the bench's own)."""
    import environ
    import psycopg

    from bench import data

    config = environ.Env.db_url_config(DATABASE_URL)
    params = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None}
    params["password"] = config["PASSWORD"] or None
    name = config["NAME"]
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reset:
            with psycopg.connect(**params, dbname=name) as bench, bench.cursor() as cursor:
                reset = not data.is_current(cursor)
            if reset:
                print(f"{name} holds no complete data set of version {data.VERSION}: rebuilding it", flush=True)
        if exists and reset:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _scalar(sql: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


if __name__ == "__main__":
    main()
