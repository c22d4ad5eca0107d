"""The benchmark data set: a school at realistic scale, loaded into PostgreSQL once with COPY.

    10,000 users (1 admin, 50 tutors, the rest students), 200 courses (60 free, 15 unpublished),
    200,000 enrollments and as many progress rows (20 courses per user), 50,000 payments
    (40,000 successful, each behind an enrollment), 1,000,000 messages and their inbox rows.

Messages follow bench/messaging.py's shape: the "focal" tutor (`tutor@bench.test`) has 300
conversations, 299 of 30 messages and one of 20,000 (with `student1@bench.test`); everyone else
talks in 40,000 random pairs over the past year; messages older than two days are read.

Every user's password is `PASSWORD`, hashed once with the project's hasher (same salt for all: the
bench needs the verify cost, not distinct hashes). The load runs with foreign-key triggers off and
the big tables' secondary indexes dropped and rebuilt afterwards (minutes faster; the generator keeps
every reference valid). A row in `bench_dataset` marks a complete build of `VERSION`; `ensure()`
reuses such a database and rebuilds anything else.

Question bank (since version 2): 100,000 published items (55 % multiple_choice, 25 % multiple_response,
the other 20 % spread over the other fifteen types, each from its documented example), client needs
in the RN test plan's midpoint shares, 70 % for both exams, 20 % RN, 10 % PN; 20,000 of the
multiple-choice items are calibrated (difficulties ~ N(0, 1)), enough for an adaptive exam; each
item has its QuestionVersion 1. 10,000,000 practice answers (`BENCH_ANSWERS` overrides, for a quick
trial build into another database): `FOCAL_STUDENT_EMAIL` has exactly 10,000, the other students
share the rest at random; a response is right with the Rasch probability of the student's ability
(~ N(0.3, 1)) against the item's difficulty, a partial-credit item scores binomially; times spread
over the past year. Items' running totals (answer_count, full_credit_count, credit_sum) are summed
from exactly those rows, and (version 3) every student's PerformanceTotal rows are grouped from them
in SQL; each item's draw_key is the column's database default, random(). Answers are streamed to
COPY as preformatted text (numpy draws, one f-string per row): write_row was the bottleneck.
"""

import json
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

VERSION = 3
PASSWORD = "Bench-Password-2026"
EMAIL_DOMAIN = "bench.test"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
FOCAL_EMAIL = f"tutor@{EMAIL_DOMAIN}"
HEAVY_PARTNER_EMAIL = f"student1@{EMAIL_DOMAIN}"
FOCAL_STUDENT_EMAIL = f"student9000@{EMAIL_DOMAIN}"  # 10,000 answers; not among bench/run.py's sample users

USERS = 10_000
TUTORS = 50
COURSES = 200
FREE_COURSES = 60
UNPUBLISHED_COURSES = 15
COURSES_PER_USER = 20  # 200,000 enrollments and progress rows
SUCCESSFUL_PAYMENTS = 40_000
FAILED_PAYMENTS = 7_000
PENDING_PAYMENTS = 3_000
MESSAGES = 1_000_000
FOCAL_CONVERSATIONS = 300
FOCAL_MESSAGES_PER_CONVERSATION = 30
HEAVY_CONVERSATION = 20_000
OTHER_PAIRS = 40_000
QUESTIONS = 100_000
CALIBRATED = 20_000
ANSWERS = int(os.environ.get("BENCH_ANSWERS", 10_000_000))
FOCAL_STUDENT_ANSWERS = 10_000

TABLES = [
    "accounts_user",
    "courses_course",
    "courses_enrollment",
    "courses_courseprogress",
    "payments_payment",
    "messaging_message",
    "messaging_conversation",
    "questions_question",
    "questions_questionversion",
    "questions_answer",
    "questions_performancetotal",
]
SENTENCES = [
    "Can we go over the cardiac medications again?",
    "Remember: ABCs first, then Maslow, then the nursing process.",
    "I scored 68% on the last practice test, up from 55%.",
    "Digoxin: check the apical pulse for a full minute before giving it.",
    "Thanks, that explanation about fluid and electrolytes really helped!",
    "What is the antidote for heparin? Protamine sulfate, right?",
    "Let's schedule a review session for Thursday evening.",
    "Hyperkalemia shows peaked T waves; hypokalemia shows U waves.",
    "I'm struggling with delegation questions, any tips?",
    "RNs assess, teach and evaluate; those can't be delegated to UAPs.",
    "Could you explain the difference between SIADH and diabetes insipidus? " * 3,
    "ok",
]
TOPICS = [
    "Pharmacology",
    "Fluid and Electrolytes",
    "Cardiovascular Nursing",
    "Maternal and Newborn Care",
    "Pediatric Nursing",
    "Mental Health Nursing",
    "Prioritization and Delegation",
    "Infection Control",
    "Respiratory Care",
    "Endocrine Disorders",
]
DESCRIPTION = (
    "A focused NCLEX-RN review of {topic}: the concepts examiners ask about most, worked "
    "case studies, select-all-that-apply strategies and {n} practice questions with rationales."
)


def is_current(cursor) -> bool:
    """Whether the database behind `cursor` (psycopg 3) holds a complete build of this VERSION."""
    cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SELECT version FROM bench_dataset")
    row = cursor.fetchone()
    return bool(row and row[0] == VERSION)


def ensure() -> bool:
    """Build the data set into Django's (migrated, empty or current) database unless it is there.
    Returns whether it was built now. The build is one transaction: an interrupted one leaves nothing."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        if is_current(cursor):
            return False
        cursor.execute("SELECT count(*) FROM accounts_user")
        if cursor.fetchone()[0]:
            raise SystemExit("the benchmark database holds a foreign data set: run with --reset")
    with transaction.atomic():
        _build(connection.cursor)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return True


def _model_defaults_set(cursor) -> list[tuple[str, str]]:
    """The loaded tables' NOT NULL columns that the COPYs below do not name get the model's own
    default as a column default for the build, so a field added to a model later (a tutor's `bio`, a
    payment's `kind`) loads as the model would write it instead of failing the build. Returns the
    (table, column) pairs for `_model_defaults_dropped`."""
    from django.apps import apps
    from django.db import connection
    from django.db.models import NOT_PROVIDED
    from psycopg import sql

    changed = []
    for model in apps.get_models():
        table = model._meta.db_table
        if table not in TABLES:
            continue
        for field in model._meta.concrete_fields:
            if field.primary_key or field.null or not field.has_default() or field.db_default is not NOT_PROVIDED:
                continue
            value = field.get_db_prep_save(field.get_default(), connection)
            cursor.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                    sql.Identifier(table), sql.Identifier(field.column), sql.Literal(value)
                )
            )
            changed.append((table, field.column))
    return changed


def _model_defaults_dropped(cursor, columns: list[tuple[str, str]]) -> None:
    from psycopg import sql

    for table, column in columns:
        query = sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT")
        cursor.execute(query.format(sql.Identifier(table), sql.Identifier(column)))


def _uuids(rng: random.Random, n: int) -> list[uuid.UUID]:
    return [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n)]


def _log(started: float, what: str) -> None:
    print(f"  {what} ({time.perf_counter() - started:.0f}s)", flush=True)


def _build(cursor_factory) -> None:
    from django.contrib.auth.hashers import make_password

    rng = random.Random(2026)
    now = datetime.now(UTC)
    started = time.perf_counter()
    print(f"building the benchmark data set (version {VERSION}), once:", flush=True)
    password = make_password(PASSWORD)

    with cursor_factory() as cursor:
        # Generated rows reference each other correctly; skipping the FK triggers and rebuilding
        # the indexes once at the end is what makes a million rows load in seconds.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [TABLES],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        later_columns = _model_defaults_set(cursor)

        # --- users
        user_ids = _uuids(rng, USERS)
        roles = ["admin"] + ["tutor"] * TUTORS + ["user"] * (USERS - 1 - TUTORS)
        emails = [ADMIN_EMAIL, FOCAL_EMAIL] + [f"tutor{i}@{EMAIL_DOMAIN}" for i in range(2, TUTORS + 1)]
        emails += [f"student{i}@{EMAIL_DOMAIN}" for i in range(1, USERS - TUTORS)]
        columns = "id, password, last_login, email, full_name, role, email_verified, is_active, created_at, updated_at"
        with cursor.copy(f"COPY accounts_user ({columns}) FROM STDIN") as copy:
            for i, (user_id, role, email) in enumerate(zip(user_ids, roles, emails, strict=True)):
                created = now - timedelta(days=rng.uniform(0, 730)) if i else now - timedelta(days=800)
                last_login = created + (now - created) * rng.random() if rng.random() < 0.8 else None
                name = "School Admin" if i == 0 else f"{'Tutor' if role == 'tutor' else 'Student'} {i:05d}"
                active = rng.random() > 0.02 or i < 60
                copy.write_row((user_id, password, last_login, email, name, role, True, active, created, created))
        _log(started, f"{USERS:,} users")

        # --- courses: the newest UNPUBLISHED_COURSES are drafts
        course_ids = _uuids(rng, COURSES)
        prices, currencies, course_created = {}, {}, {}
        columns = "id, title, description, video_url, video_file, price, currency, is_published, created_at, updated_at"
        with cursor.copy(f"COPY courses_course ({columns}) FROM STDIN") as copy:
            for i, course_id in enumerate(course_ids):
                topic = TOPICS[i % len(TOPICS)]
                if i < FREE_COURSES:
                    price, currency = Decimal("0.00"), "USD"
                elif i % 10 == 0:
                    price, currency = Decimal("25000.00"), "NGN"
                else:
                    price, currency = Decimal(rng.choice(["29.99", "49.00", "60.00", "99.00"])), "USD"
                prices[course_id], currencies[course_id] = price, currency
                created = now - timedelta(days=(COURSES - i) * 3, minutes=rng.uniform(0, 600))
                course_created[course_id] = created
                copy.write_row(
                    (
                        course_id,
                        f"{topic} {i // len(TOPICS) + 1}: NCLEX review",
                        DESCRIPTION.format(topic=topic.lower(), n=rng.randrange(50, 400)),
                        f"https://videos.bench.test/courses/{course_id}.mp4",
                        "",
                        price,
                        currency,
                        i < COURSES - UNPUBLISHED_COURSES,
                        created,
                        created,
                    )
                )
        _log(started, f"{COURSES} courses")

        # --- enrollments, progress and payments: each user takes COURSES_PER_USER courses
        paid_left = SUCCESSFUL_PAYMENTS
        enrollments, progress, payments = [], [], []
        pair_ids = iter(_uuids(rng, 2 * USERS * COURSES_PER_USER + SUCCESSFUL_PAYMENTS))
        for user_id in user_ids:
            for course_id in rng.sample(course_ids, COURSES_PER_USER):
                enrolled_at = max(course_created[course_id], now - timedelta(days=rng.uniform(1, 700)))
                payment_id, source = None, "free"
                if prices[course_id]:
                    source = "admin"
                    if paid_left:
                        paid_left -= 1
                        payment_id, source = next(pair_ids), "payment"
                        payments.append((payment_id, user_id, course_id, "success", enrolled_at - timedelta(minutes=2)))
                enrollments.append((next(pair_ids), source, enrolled_at, course_id, payment_id, user_id))
                percentage = 100 if rng.random() < 0.25 else rng.randrange(0, 100)
                updated = enrolled_at + (now - enrolled_at) * rng.random()
                progress.append(
                    (next(pair_ids), percentage, updated if percentage == 100 else None, updated, course_id, user_id)
                )
        paid_courses = [c for c in course_ids if prices[c]]
        for status, count in (("failed", FAILED_PAYMENTS), ("pending", PENDING_PAYMENTS)):
            for _ in range(count):
                when = now - timedelta(days=rng.uniform(0.01, 700))
                payments.append((uuid.uuid4(), rng.choice(user_ids), rng.choice(paid_courses), status, when))

        columns = (
            "id, provider, amount, currency, status, transaction_id, gateway_reference, gateway_payload, "
            "failure_reason, note, created_at, updated_at, course_id, user_id"
        )
        with cursor.copy(f"COPY payments_payment ({columns}) FROM STDIN") as copy:
            for payment_id, user_id, course_id, status, when in payments:
                provider = rng.choice(["paystack", "flutterwave", "sandbox"])
                copy.write_row(
                    (
                        payment_id,
                        provider,
                        prices[course_id],
                        currencies[course_id],
                        status,
                        f"NCX-{payment_id.hex}",
                        f"{provider[:3]}_{payment_id.hex[:16]}" if status != "pending" else "",
                        "{}",
                        "Declined by the issuer." if status == "failed" else "",
                        "",
                        when,
                        when + timedelta(minutes=1) if status != "pending" else when,
                        course_id,
                        user_id,
                    )
                )
        _log(started, f"{len(payments):,} payments")
        columns = "id, source, created_at, course_id, payment_id, user_id"
        with cursor.copy(f"COPY courses_enrollment ({columns}) FROM STDIN") as copy:
            for row in enrollments:
                copy.write_row(row)
        columns = "id, progress_percentage, completed_at, updated_at, course_id, user_id"
        with cursor.copy(f"COPY courses_courseprogress ({columns}) FROM STDIN") as copy:
            for row in progress:
                copy.write_row(row)
        _log(started, f"{len(enrollments):,} enrollments and progress rows")

        # --- messages and inbox rows: (a, b) -> number of messages
        focal = user_ids[1]
        students = user_ids[TUTORS + 1 :]
        pairs = {(focal, students[i]): FOCAL_MESSAGES_PER_CONVERSATION for i in range(FOCAL_CONVERSATIONS)}
        pairs[(focal, students[0])] = HEAVY_CONVERSATION
        others = set()
        while len(others) < OTHER_PAIRS:
            a, b = rng.sample(user_ids[2:], 2)
            others.add((min(a, b), max(a, b)))
        others = sorted(others)
        counts = [0] * len(others)
        for _ in range(MESSAGES - sum(pairs.values())):
            counts[rng.randrange(len(others))] += 1
        pairs |= {pair: n for pair, n in zip(others, counts, strict=True) if n}

        conversations = []
        columns = "id, sender_id, receiver_id, content, created_at, read_at"
        with cursor.copy(f"COPY messaging_message ({columns}) FROM STDIN") as copy:
            read_after = now - timedelta(days=2)
            for (a, b), n in pairs.items():
                span = 365 * 86400 if n < 1000 else 30 * 86400
                times = sorted(now - timedelta(seconds=rng.uniform(60, span)) for _ in range(n))
                unread = {a: 0, b: 0}
                message_id = None
                for created_at in times:
                    sender, receiver = (a, b) if rng.random() < 0.5 else (b, a)
                    message_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                    read_at = created_at + timedelta(hours=1) if created_at < read_after else None
                    unread[receiver] += read_at is None
                    copy.write_row((message_id, sender, receiver, rng.choice(SENTENCES), created_at, read_at))
                for owner, other in ((a, b), (b, a)):
                    conversations.append((uuid.uuid4(), owner, other, message_id, times[-1], unread[owner]))
        _log(started, f"{sum(pairs.values()):,} messages")
        columns = "id, user_id, other_user_id, last_message_id, last_message_at, unread_count"
        with cursor.copy(f"COPY messaging_conversation ({columns}) FROM STDIN") as copy:
            for row in conversations:
                copy.write_row(row)
        _log(started, f"{len(conversations):,} inbox rows")

        _build_bank(cursor, rng, user_ids, emails, now, started)

        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        _log(started, f"{len(indexes)} indexes rebuilt")
        _model_defaults_dropped(cursor, later_columns)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (version int NOT NULL, built_at timestamptz NOT NULL)")
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("INSERT INTO bench_dataset VALUES (%s, %s)", [VERSION, now])


# --- the question bank and its answers --------------------------------------------------------------

PLAN_SHARES = {  # the RN test plan's midpoints (psychometrics.cat.TEST_PLAN), percent
    "management_of_care": 18,
    "safety_infection_control": 13,
    "health_promotion": 9,
    "psychosocial_integrity": 9,
    "basic_care_comfort": 9,
    "pharmacological_therapies": 16,
    "reduction_of_risk": 12,
    "physiological_adaptation": 14,
}
CJMM_STEPS = [
    "recognize_cues",
    "analyze_cues",
    "prioritize_hypotheses",
    "generate_solutions",
    "take_action",
    "evaluate_outcomes",
]
STEMS = [
    "A client with {topic} asks the nurse a question. Which response by the nurse is best?",
    "The nurse is caring for a client with {topic}. Which finding requires immediate follow-up?",
    "Which action should the nurse take first for a client with {topic}?",
    "The nurse reviews the prescriptions for a client with {topic}. Which should the nurse question?",
    "A client with {topic} is being discharged. Which statement shows the teaching was understood?",
]
CONDITIONS = [
    "heart failure",
    "type 1 diabetes",
    "COPD",
    "preeclampsia",
    "hypokalemia",
    "a new colostomy",
    "major depressive disorder",
    "sepsis",
    "a hip fracture",
    "acute kidney injury",
    "asthma",
    "cirrhosis",
]
OPTION_TEXTS = [
    "Assess the client's airway and breathing.",
    "Notify the health care provider.",
    "Check the client's blood glucose.",
    "Elevate the head of the bed to 30 degrees.",
    "Administer the prescribed analgesic.",
    "Reinforce teaching about a low-sodium diet.",
    "Obtain a 12-lead ECG.",
    "Encourage the client to cough and deep breathe.",
    "Weigh the client at the same time each day.",
    "Hold the next dose and recheck the vital signs.",
    "Place the client in a side-lying position.",
    "Offer oral fluids every hour while awake.",
]


def _copy_text(value: str) -> str:
    """A value for COPY's text format (our JSON has no tab or newline; backslashes double)."""
    return value.replace("\\", "\\\\")


def _bank_items(rng: random.Random) -> list[dict]:
    """QUESTIONS items: type, exam, client need, content, key, max score, difficulty, calibrated,
    the key's response and a wrong one (as JSON)."""
    from questions.itemtypes import EXAMPLES, max_score

    others = [name for name in EXAMPLES if name not in ("multiple_choice", "multiple_response")]
    needs = [need for need, share in PLAN_SHARES.items() for _ in range(share)]
    items = []
    for i in range(QUESTIONS):
        draw = rng.random()
        if draw < 0.55:
            kind = "multiple_choice"
            ids = ["A", "B", "C", "D"]
            texts = rng.sample(OPTION_TEXTS, 4)
            correct = [rng.choice(ids)]
            content = {"options": [{"id": k, "text": t} for k, t in zip(ids, texts, strict=True)]}
            answer = {"correct": correct}
            right, wrong = {"selected": correct}, {"selected": [rng.choice([k for k in ids if k != correct[0]])]}
        elif draw < 0.80:
            kind = "multiple_response"
            ids = ["A", "B", "C", "D", "E"]
            texts = rng.sample(OPTION_TEXTS, 5)
            correct = sorted(rng.sample(ids, rng.choice([2, 3])))
            content = {"options": [{"id": k, "text": t} for k, t in zip(ids, texts, strict=True)]}
            answer = {"correct": correct}
            right = {"selected": correct}
            wrong = {"selected": [correct[0], next(k for k in ids if k not in correct)]}
        else:
            kind = rng.choice(others)
            content, answer = EXAMPLES[kind]["content"], EXAMPLES[kind]["answer"]
            right = wrong = EXAMPLES[kind]["response"]
        exam = "both" if (e := rng.random()) < 0.7 else ("RN" if e < 0.9 else "PN")
        items.append(
            {
                "type": kind,
                "exam": exam,
                "need": needs[rng.randrange(len(needs))],
                "step": rng.choice(CJMM_STEPS) if kind not in ("multiple_choice", "multiple_response") else None,
                "stem": f"{rng.choice(STEMS).format(topic=rng.choice(CONDITIONS))} (bench item {i + 1})",
                "content": json.dumps(content),
                "answer": json.dumps(answer),
                "max_score": max_score(kind, content, answer),
                "difficulty": rng.gauss(0.0, 1.0),
                "right": _copy_text(json.dumps(right)),
                "wrong": _copy_text(json.dumps(wrong)),
            }
        )
    calibrated = 0
    for item in items:
        item["calibrated"] = item["type"] == "multiple_choice" and calibrated < CALIBRATED
        calibrated += item["calibrated"]
    return items


def _build_bank(cursor, rng: random.Random, user_ids: list, emails: list[str], now: datetime, started: float) -> None:
    import numpy as np

    items = _bank_items(rng)
    n = len(items)
    _log(started, f"{n:,} items generated")
    question_ids = _uuids(rng, n)
    version_ids = _uuids(rng, n)
    admin = user_ids[0]

    # --- answers: the focal student's FOCAL_STUDENT_ANSWERS, the other students share the rest
    focal = emails.index(FOCAL_STUDENT_EMAIL)
    students = [i for i, email in enumerate(emails) if email.startswith("student") and i != focal]
    np_rng = np.random.default_rng(2026)
    ability = np_rng.normal(0.3, 1.0, len(user_ids))
    difficulty = np.array([item["difficulty"] for item in items])
    max_scores = np.array([item["max_score"] for item in items])
    counts = np.zeros(n, dtype=np.int64)
    full = np.zeros(n, dtype=np.int64)
    credit = np.zeros(n)
    user_text = [str(u) for u in user_ids]
    item_text = [f"{q}\t{v}" for q, v in zip(question_ids, version_ids, strict=True)]
    right = [item["right"] for item in items]
    wrong = [item["wrong"] for item in items]
    max_text = [str(m) for m in max_scores.tolist()]
    year_minutes = 365 * 24 * 60
    start_minute = now.replace(second=0, microsecond=0) - timedelta(minutes=year_minutes)
    minute_text = [(start_minute + timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") for m in range(year_minutes)]
    answer_count = max(ANSWERS, FOCAL_STUDENT_ANSWERS)
    chunk = 500_000
    columns = "id, user_id, question_id, version_id, source, response, score, max_score, scored, seconds, answered_at"
    with cursor.copy(f"COPY questions_answer ({columns}) FROM STDIN") as copy:
        done = 0
        while done < answer_count:
            size = min(chunk, answer_count - done)
            if done == 0:
                users = np.concatenate(
                    [
                        np.full(FOCAL_STUDENT_ANSWERS, focal),
                        np_rng.choice(students, size - FOCAL_STUDENT_ANSWERS),
                    ]
                )
            else:
                users = np_rng.choice(students, size)
            questions = np_rng.integers(0, n, size)
            p = 1.0 / (1.0 + np.exp(difficulty[questions] - ability[users]))
            top = max_scores[questions]
            scores = np_rng.binomial(top, p)
            seconds = np_rng.integers(15, 180, size)
            minutes = np_rng.integers(0, year_minutes, size)
            secs = np_rng.integers(0, 60, size)
            counts += np.bincount(questions, minlength=n)
            full += np.bincount(questions[scores == top], minlength=n)
            credit += np.bincount(questions, weights=scores / top, minlength=n)
            lines = []
            for k, (u, q, s, m, sec, minute, second) in enumerate(
                zip(
                    users.tolist(),
                    questions.tolist(),
                    scores.tolist(),
                    top.tolist(),
                    seconds.tolist(),
                    minutes.tolist(),
                    secs.tolist(),
                    strict=True,
                ),
                start=done,
            ):
                lines.append(
                    f"00000000-0000-4000-8000-{k:012x}\t{user_text[u]}\t{item_text[q]}\tpractice\t"
                    f"{right[q] if s == m else wrong[q]}\t{s}\t{max_text[q]}\tt\t{sec}\t"
                    f"{minute_text[minute]}:{second:02d}+00\n"
                )
            copy.write("".join(lines))
            done += size
            if done % 1_000_000 == 0 or done == answer_count:
                _log(started, f"{done:,} answers")

    # --- the items (with their running totals) and their versions
    columns = (
        "id, exam, type, stem, content, answer, rationale, client_need, cjmm_step, max_score, difficulty, "
        "steps, calibrated, status, case_study_id, case_position, version, is_sample, created_by_id, "
        "answer_count, full_credit_count, credit_sum, option_counts, needs_review, created_at, updated_at"
    )
    created = now - timedelta(days=400)
    rationale = "The key follows from the client's priority needs; the other options are not the first action."
    with cursor.copy(f"COPY questions_question ({columns}) FROM STDIN") as copy:
        for i, item in enumerate(items):
            copy.write_row(
                (
                    question_ids[i],
                    item["exam"],
                    item["type"],
                    item["stem"],
                    item["content"],
                    item["answer"],
                    rationale,
                    item["need"],
                    item["step"],
                    item["max_score"],
                    item["difficulty"],
                    None,
                    item["calibrated"],
                    "published",
                    None,
                    None,
                    1,
                    False,
                    admin,
                    int(counts[i]),
                    int(full[i]),
                    float(credit[i]),
                    "{}",
                    False,
                    created,
                    created,
                )
            )
    columns = "id, question_id, number, stem, content, answer, rationale, max_score, created_at"
    with cursor.copy(f"COPY questions_questionversion ({columns}) FROM STDIN") as copy:
        for i, item in enumerate(items):
            copy.write_row(
                (
                    version_ids[i],
                    question_ids[i],
                    1,
                    item["stem"],
                    item["content"],
                    item["answer"],
                    rationale,
                    item["max_score"],
                    created,
                )
            )
    _log(started, f"{n:,} items and versions ({CALIBRATED:,} calibrated)")

    # --- every student's performance totals, as answers_store keeps them (the item's classification,
    # the week's Monday in UTC)
    groups = {
        "client_need": "q.client_need",
        "type": "q.type",
        "cjmm_step": "q.cjmm_step",
        "week": "to_char(date_trunc('week', a.answered_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
    }
    for group, key in groups.items():
        cursor.execute(
            'INSERT INTO questions_performancetotal (user_id, "group", key, answered, earned, possible) '
            f"SELECT a.user_id, %s, {key}, count(*), sum(a.score), sum(a.max_score) "
            "FROM questions_answer a JOIN questions_question q ON q.id = a.question_id "
            f"WHERE {key} IS NOT NULL GROUP BY a.user_id, {key}",
            [group],
        )
    _log(started, "performance totals")
