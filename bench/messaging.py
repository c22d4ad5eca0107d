"""Benchmark of the messaging reads on PostgreSQL at scale (run on demand; never part of the tests).

    .venv/bin/python bench/messaging.py [--reset] [--iterations 500] [--explain]

Against `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/bench_messaging`, created when
missing; `--reset` drops and rebuilds it): migrates, then loads 2,000 users and 1,000,000 messages
with COPY, once (a later run reuses the data set). One "focal" user has 300 conversations: 299 of
30 messages and one of 20,000. Everyone else talks in 40,000 random pairs over the past year;
messages older than two days are read.

Then it times requests through Django's test Client (authentication, view, serializer, JSON, as
a client sees them minus the network) and prints p50/p99 per case. Targets: p99 under 50 ms for the
conversation list and for a conversation page. For comparison it also times the query the
denormalised inbox replaces: the same list computed from the messages table with DISTINCT ON.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and its name would shadow the
# `messaging` app: the project root takes its place.
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_messaging")
os.environ.setdefault("ACCESS_LOG_LEVEL", "WARNING")  # a log line per timed request would time the terminal

from bench.data import SENTENCES  # noqa: E402  (after sys.path is fixed above)
from bench.timing import samples_ms  # noqa: E402

USERS = 2_000
MESSAGES = 1_000_000
FOCAL_CONVERSATIONS = 300
FOCAL_MESSAGES_PER_CONVERSATION = 30
HEAVY_CONVERSATION = 20_000
OTHER_PAIRS = 40_000
EMAIL_DOMAIN = "bench.test"
TARGET_P99_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop and rebuild the benchmark database")
    parser.add_argument("--iterations", type=int, default=500, help="timed requests per case")
    parser.add_argument("--explain", action="store_true", help="print the query plans of the main reads")
    args = parser.parse_args()

    ensure_database(reset=args.reset)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no per-query logging while timing
    call_command("migrate", verbosity=0)
    focal = load_data_set()
    measure(focal, iterations=args.iterations, explain=args.explain)


def ensure_database(*, reset: bool) -> None:
    import environ
    import psycopg

    db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in db["ENGINE"]:
        sys.exit("bench/messaging.py measures PostgreSQL: set DATABASE_URL to a postgres:// URL")
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"] or None}
    params |= {"password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if exists and reset:
            print(f"dropping {db['NAME']}")
            admin.execute(f'DROP DATABASE "{db["NAME"]}" WITH (FORCE)')
            exists = None
        if not exists:
            print(f"creating {db['NAME']}")
            admin.execute(f'CREATE DATABASE "{db["NAME"]}"')


def load_data_set():
    from django.db import connection, transaction

    from accounts.models import User
    from messaging.models import Message

    focal_email = f"focal@{EMAIL_DOMAIN}"
    focal = User.objects.filter(email=focal_email).first()
    if focal is not None and Message.objects.count() >= MESSAGES:
        print(f"reusing the data set: {Message.objects.count():,} messages")
        return focal
    if focal is not None or Message.objects.exists():
        sys.exit("the benchmark database holds a partial or foreign data set: run with --reset")

    started = time.perf_counter()
    rng = random.Random(42)
    now = datetime.now(UTC)
    with transaction.atomic():
        password = User(email=focal_email).password  # unusable: nobody logs in, the bench uses tokens
        users = [User(email=focal_email, full_name="Focal Tutor", role="tutor", password=password)]
        users += [
            User(email=f"user{i}@{EMAIL_DOMAIN}", full_name=f"Bench User {i}", role="user", password=password)
            for i in range(1, USERS)
        ]
        User.objects.bulk_create(users, batch_size=1000)
        ids = [u.id for u in users]
        print(f"  {len(ids):,} users ({time.perf_counter() - started:.1f}s)")

        # (a, b) -> number of messages. The focal user's 300 conversations, one of them heavy.
        pairs = {(ids[0], ids[i]): FOCAL_MESSAGES_PER_CONVERSATION for i in range(1, FOCAL_CONVERSATIONS + 1)}
        pairs[(ids[0], ids[1])] = HEAVY_CONVERSATION
        remaining = MESSAGES - sum(pairs.values())
        others = set()
        while len(others) < OTHER_PAIRS:
            a, b = rng.sample(ids[1:], 2)
            others.add((min(a, b), max(a, b)))
        others = sorted(others)
        counts = [0] * len(others)
        for _ in range(remaining):
            counts[rng.randrange(len(others))] += 1
        pairs |= {pair: n for pair, n in zip(others, counts, strict=True) if n}

        conversations = []
        with connection.cursor() as cursor:
            columns = "id, sender_id, receiver_id, content, created_at, read_at"
            with cursor.copy(f"COPY messaging_message ({columns}) FROM STDIN") as copy:
                for (a, b), n in pairs.items():
                    span = 365 * 24 * 3600 if n < 1000 else 30 * 24 * 3600
                    times = sorted(now - timedelta(seconds=rng.uniform(60, span)) for _ in range(n))
                    unread = {a: 0, b: 0}
                    last_id = None
                    for created_at in times:
                        sender, receiver = (a, b) if rng.random() < 0.5 else (b, a)
                        last_id = uuid.uuid4()
                        read_at = created_at + timedelta(hours=1) if now - created_at > timedelta(days=2) else None
                        unread[receiver] += read_at is None
                        copy.write_row((last_id, sender, receiver, rng.choice(SENTENCES), created_at, read_at))
                    for owner, other in ((a, b), (b, a)):
                        conversations.append((uuid.uuid4(), owner, other, last_id, times[-1], unread[owner]))
            print(f"  {sum(pairs.values()):,} messages ({time.perf_counter() - started:.1f}s)")
            columns = "id, user_id, other_user_id, last_message_id, last_message_at, unread_count"
            with cursor.copy(f"COPY messaging_conversation ({columns}) FROM STDIN") as copy:
                for row in conversations:
                    copy.write_row(row)
            print(f"  {len(conversations):,} inbox rows ({time.perf_counter() - started:.1f}s)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE accounts_user")
        cursor.execute("VACUUM ANALYZE messaging_message")
        cursor.execute("VACUUM ANALYZE messaging_conversation")
    print(f"loaded in {time.perf_counter() - started:.1f}s")
    return User.objects.get(email=focal_email)


def measure(focal, *, iterations: int, explain: bool) -> None:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from messaging import selectors
    from messaging.models import Conversation, Message
    from messaging.services import message_create

    heavy = _partner_with_most_messages(focal)
    typical = (
        Conversation.objects.filter(user=focal).exclude(other_user=heavy).values_list("other_user", flat=True).first()
    )
    middle = selectors.conversation_messages(user=focal, other_user=User(pk=heavy))[0]  # the 500th newest
    client = Client(headers={"authorization": f"Bearer {AccessToken.for_user(focal)}"})
    base = "/api/messages"
    cases = [
        ("conversation list (300 rows)", f"{base}/conversations/", True),
        ("page ?limit=50, 30-message conversation", f"{base}/conversation/{typical}/?limit=50", True),
        ("page ?limit=50, 20,000-message conversation", f"{base}/conversation/{heavy}/?limit=50", True),
        (
            "page ?limit=50&before=, 20,000-message",
            f"{base}/conversation/{heavy}/?limit=50&before={middle['id']}",
            True,
        ),
        ("no limit (newest 500), 20,000-message", f"{base}/conversation/{heavy}/", False),
    ]
    print(
        f"\nfocal user {focal.email}: {Conversation.objects.filter(user=focal).count()} conversations, "
        f"{Message.objects.count():,} messages in the database; {iterations} timed requests per case; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n"
    )
    rows = []
    for label, url, targeted in cases:
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code, first.content[:200])
        samples = _time(lambda url=url: client.get(url), iterations)
        rows.append((label, len(first.json()), samples, targeted))

    # The alternative the inbox rows replace: the list computed from the messages table.
    alternative = """
        WITH last AS (
            SELECT DISTINCT ON (other) other, content, created_at FROM (
                SELECT CASE WHEN sender_id = %(me)s THEN receiver_id ELSE sender_id END AS other,
                       id, content, created_at
                FROM messaging_message WHERE sender_id = %(me)s OR receiver_id = %(me)s
            ) mine
            ORDER BY other, created_at DESC, id DESC
        )
        SELECT u.id, u.full_name, u.email, last.content, last.created_at,
               (SELECT count(*) FROM messaging_message unread
                WHERE unread.receiver_id = %(me)s AND unread.sender_id = last.other AND unread.read_at IS NULL)
        FROM last JOIN accounts_user u ON u.id = last.other
        ORDER BY last.created_at DESC"""
    with connection.cursor() as cursor:

        def run_alternative():
            cursor.execute(alternative, {"me": focal.pk})
            return cursor.fetchall()

        result = run_alternative()
        samples = _time(run_alternative, max(50, iterations // 5))
        rows.append(("(alternative: DISTINCT ON over messages, SQL only)", len(result), samples, False))

    # The write side of the choice: what keeping the inbox rows costs a send (rolled back).
    receiver = User.objects.get(pk=typical)

    def send():
        with transaction.atomic():
            message_create(sender=focal, receiver=receiver, content="Timing a send.")
            transaction.set_rollback(True)

    samples = _time(send, max(50, iterations // 5))
    rows.append(("send: message + both inbox rows (service)", 1, samples, False))

    print(f"{'case':<52} {'rows':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  target")
    print("-" * 96)
    failed = False
    for label, count, samples, targeted in rows:
        p50, p99 = _percentile(samples, 50), _percentile(samples, 99)
        verdict = ("ok" if p99 < TARGET_P99_MS else "MISSED") if targeted else ""
        failed |= verdict == "MISSED"
        print(f"{label:<52} {count:>5} {p50:>8.2f} {p99:>8.2f} {max(samples):>8.2f}  {verdict}")
    print(f"\ntarget: p99 < {TARGET_P99_MS:.0f} ms for the list and the conversation pages")

    if explain:
        reads = [
            ("conversation list", lambda: list(selectors.conversation_list(user=focal)[:500])),
            (
                "page ?limit=50 of the 20,000-message conversation",
                lambda: selectors.conversation_messages(user=focal, other_user=User(pk=heavy), limit=50),
            ),
        ]
        for label, read in reads:
            with CaptureQueriesContext(connection) as captured:
                read()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {captured.captured_queries[-1]['sql']}")
                print(f"\n{label}:\n" + "\n".join(row[0] for row in cursor.fetchall()))
    sys.exit(1 if failed else 0)


def _partner_with_most_messages(focal):
    from django.db.models import Count

    from messaging.models import Message

    return (
        Message.objects.filter(sender=focal)
        .values("receiver")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("receiver", flat=True)[0]
    )


def _time(call, iterations: int) -> list[float]:
    return samples_ms(call, iterations, warm=min(20, iterations))


def _percentile(samples: list[float], percent: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] if percent < 100 else max(samples)


if __name__ == "__main__":
    main()
