"""The question bank's and the adaptive exam's benchmark cases (bench/run.py), and their in-process
goals (issue 12): create-test and performance p50 under 10 ms for the focal student (10,000
answers), and a 5,000-item import under 10 s.

    .venv/bin/python -m bench.questions [--iterations 200]

A request that changes state (an answer, an exam start) is valid only once, and wrk replays a fixed
file. So those cases carry a `prepare` that bench/run.py calls before every wrk run (warm-up and each
round) and that returns fresh, valid requests:

- practice answer: the unanswered items of one 150-item tutor test per sample student, read from the
  database before each run (new tests are created when fewer than 5,000 remain); the response is
  the item's key (scored in full, then peers' share and totals updated as usual).
- exam start: 2,000 students; before each run their exams in progress are finished (one UPDATE),
  so each POST /api/exams/ starts one (201); each run begins a third of the list further on. A
  round never reaches 2,000 starts.
- exam answer: 1,500 other students; before each run their exams in progress are finished and each
  gets a fresh exam at position 1 (bulk-created rows as exam_start writes them: a calibrated
  one-point item about one logit below the standard, no pretest or case-study positions), and the
  request answers it (right or wrong at random). So this row measures an answer at position 1:
  the sitting it reloads has one item.
- exam answer (position 60): 500 more students, whose exams the benchmark alone writes; before
  each run their exams and exam answers are deleted and each gets an exam whose first 59 items
  (calibrated one-point items of any difficulty) are answered, 0 or 1 at random, and whose 60th
  waits; the request answers it. The sitting it reloads has 60 items, the estimate 60 responses:
  the middle of a real exam (85-150 items).
Neither exam row goes through `exam_start`, which reads a student's earlier exams into the cache,
so each answer reads them from the database (one query either way; a few rows, the benchmark's
own).
"""

import argparse
import gc
import itertools
import json
import random
import statistics
import time
import uuid
from datetime import timedelta

from bench.timing import samples_ms

PRACTICE_COUNT = 75
ANSWER_TEST_COUNT = 150
REVIEW_USERS = 20
EXAM_START_USERS = 2_000
EXAM_ANSWER_USERS = 1_500
EXAM_LATE_POSITION = 60
EXAM_LATE_ANSWER_USERS = 500  # 30,000 rows to write before each run; ~4 s of answers at ~120/s
IMPORT_ITEMS = 5_000


def _client():
    from django.test import Client

    return Client(HTTP_X_FORWARDED_PROTO="https")


def _call(client, method: str, path: str, token: str | None, body: dict | None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body else ""
    return client.generic(method, path, data, content_type="application/json", headers=headers)


def key_response(item_type: str, answer: dict) -> dict:
    """A valid response scoring full marks: the key for option lists, the documented example's
    response otherwise (the bench bank's other types are those examples)."""
    from questions.itemtypes import EXAMPLES

    if item_type in ("multiple_choice", "multiple_response", "select_n"):
        return {"selected": list(answer["correct"])}
    return EXAMPLES[item_type]["response"]


def cases(students: list, tokens: dict, wanted: set | None = None) -> list:
    """The rows of `make bench` for the bank and the exam (bench/run.py Case objects); only those
    named in `wanted` when given (building some of them writes to the database)."""
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bench import data
    from bench.run import Case, is_wanted

    rng = random.Random(12)
    focal = User.objects.get(email=data.FOCAL_STUDENT_EMAIL)
    focal_token = str(AccessToken.for_user(focal))
    sample_ids = {user.pk for user in students}
    others = [
        user
        for user in User.objects.filter(role="user", is_active=True).order_by("email")[
            : len(students) + EXAM_START_USERS + EXAM_ANSWER_USERS + EXAM_LATE_ANSWER_USERS + 1
        ]
        if user.pk not in sample_ids and user.pk != focal.pk
    ]
    groups = itertools.accumulate([EXAM_START_USERS, EXAM_ANSWER_USERS, EXAM_LATE_ANSWER_USERS], initial=0)
    starters, answerers, late_answerers = (others[a:b] for a, b in itertools.pairwise(groups))
    for user in starters + answerers + late_answerers:
        tokens[user.pk] = str(AccessToken.for_user(user))

    body = {"exam": "RN", "mode": "tutor", "count": PRACTICE_COUNT}
    makers = {
        "create test (75, tutor)": lambda: Case(
            "create test (75, tutor)",
            [("POST", "/api/practice/tests/", tokens[u.pk], body) for u in students],
            expect=201,
        ),
        "practice answer (tutor)": lambda: _prepared(
            Case, "practice answer (tutor)", _practice_answers(students, tokens)
        ),
        "review (finished 75-item test)": lambda: Case(
            "review (finished 75-item test)", _review_requests(students[:REVIEW_USERS], tokens)
        ),
        "performance (10k answers)": lambda: Case(
            "performance (10k answers)", [("GET", "/api/users/me/performance/", focal_token, None)]
        ),
        "performance (students ~1k answers)": lambda: Case(
            "performance (students ~1k answers)",
            [("GET", "/api/users/me/performance/", tokens[u.pk], None) for u in students],
        ),
        "exam start": lambda: _prepared(Case, "exam start", _exam_starts(starters, tokens), expect=201),
        "exam answer (position 1)": lambda: _prepared(
            Case, "exam answer (position 1)", _exam_answers(answerers, tokens, rng)
        ),
        f"exam answer (position {EXAM_LATE_POSITION})": lambda: _prepared(
            Case,
            f"exam answer (position {EXAM_LATE_POSITION})",
            _exam_answers(late_answerers, tokens, rng, position=EXAM_LATE_POSITION),
        ),
    }
    return [make() for name, make in makers.items() if is_wanted(name, wanted)]


def _prepared(case_class, name: str, prepare, **options):
    return case_class(name, prepare(), prepare=prepare, **options)


def _review_requests(users: list, tokens: dict) -> list[tuple]:
    """One finished 75-item tutor test per user, every item answered through the API (made once,
    kept in the bench database)."""
    from practice.models import PracticeTest

    client, requests = _client(), []
    for user in users:
        test = PracticeTest.objects.filter(user=user, status="finished", count=PRACTICE_COUNT, mode="tutor").first()
        if test is None:
            token = tokens[user.pk]
            created = _call(client, "POST", "/api/practice/tests/", token, {"exam": "RN", "mode": "tutor", "count": 75})
            assert created.status_code == 201, created.content[:300]
            test_id = created.json()["id"]
            for row in _unanswered(test_ids=[test_id]):
                _call(client, "POST", f"/api/practice/tests/{test_id}/answers/", token, row[1])
            finished = _call(client, "POST", f"/api/practice/tests/{test_id}/finish/", token, None)
            assert finished.status_code == 200, finished.content[:300]
            test = PracticeTest.objects.get(pk=test_id)
        requests.append(("GET", f"/api/practice/tests/{test.pk}/", tokens[user.pk], None))
    return requests


def _unanswered(*, test_ids: list) -> list[tuple]:
    """(test_id, body) for every unanswered item of these tests, by position then test."""
    from practice.models import PracticeItem, PracticeTest
    from questions.models import QuestionVersion

    tests = PracticeTest.objects.filter(pk__in=test_ids, status="in_progress").order_by("pk")
    answered = set(
        PracticeItem.objects.filter(test_id__in=test_ids, answer__isnull=False).values_list("test_id", "question_id")
    )
    slots = [
        (position, test.pk, slot)
        for test in tests
        for position, slot in enumerate(test.slots)
        if (test.pk, uuid.UUID(slot[0])) not in answered
    ]
    keys = QuestionVersion.objects.filter(pk__in={slot[1] for _, _, slot in slots}).values_list(
        "pk", "question__type", "answer"
    )
    keys = {str(pk): (kind, answer) for pk, kind, answer in keys}
    return [
        (test_id, {"item_id": question_id, "response": key_response(*keys[version_id]), "seconds": 40})
        for _, test_id, (question_id, version_id) in sorted(slots, key=lambda row: row[:2])
    ]


def _practice_answers(users: list, tokens: dict):
    from practice.models import PracticeTest

    owner = {}

    def prepare() -> list[tuple]:
        _after_the_last_run()  # an answer committed after the read below would be sent again: 409
        tests = list(
            PracticeTest.objects.filter(
                user__in=users, status="in_progress", mode="tutor", count=ANSWER_TEST_COUNT
            ).values_list("id", "user_id")
        )
        rows = _unanswered(test_ids=[t for t, _ in tests])
        if len(rows) < 5_000:
            client = _client()
            body = {"exam": "RN", "mode": "tutor", "count": ANSWER_TEST_COUNT}
            for user in users:
                response = _call(client, "POST", "/api/practice/tests/", tokens[user.pk], body)
                assert response.status_code == 201, response.content[:300]
            return prepare()
        owner.update(dict(tests))
        return [
            ("POST", f"/api/practice/tests/{test_id}/answers/", tokens[owner[test_id]], body)
            for test_id, body in rows[:10_000]
        ]

    return prepare


def _finish_exams(users: list) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE exams_adaptiveexam SET status = 'finished', finished_at = now(), passed = false, "
            "reason = 'time', result = '{}' WHERE status = 'in_progress' AND user_id = ANY(%s)",
            [[user.pk for user in users]],
        )


def _after_the_last_run() -> None:
    """Waits for the requests the last wrk run left in flight (wrk stops on time, the server
    finishes what it was given; p99 is well under a second). A start that commits after the next
    run's reset would leave its student an exam in progress, and an answer committed after the next
    run's requests were read would be sent again: a 409 in that run either way."""
    time.sleep(1.0)


def _exam_starts(users: list, tokens: dict):
    """Each run begins a third of the students further on: a start the last run left in flight (a
    cold worker's first requests take seconds) commits after the reset, and would meet the same
    student's start at the head of the next run (409)."""
    turn = itertools.count()

    def prepare() -> list[tuple]:
        _after_the_last_run()
        _finish_exams(users)
        offset = next(turn) * len(users) // 3 % len(users)
        return [("POST", "/api/exams/", tokens[user.pk], {"exam": "RN"}) for user in users[offset:] + users[:offset]]

    return prepare


def _delete_exams(users: list) -> None:
    """Deletes the users' exams, their items and the answers recorded in them (found through the
    items: these students also have ~1,000 practice answers each)."""
    from django.db import connection, transaction

    user_ids = [[user.pk for user in users]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "WITH gone AS (DELETE FROM exams_examitem WHERE exam_id IN "
            "(SELECT id FROM exams_adaptiveexam WHERE user_id = ANY(%s)) RETURNING answer_id) "
            "DELETE FROM questions_answer WHERE id IN (SELECT answer_id FROM gone)",
            user_ids,
        )
        cursor.execute("DELETE FROM exams_adaptiveexam WHERE user_id = ANY(%s)", user_ids)


def _exam_answers(users: list, tokens: dict, rng: random.Random, *, position: int = 1):
    """Before each run: a fresh exam per user at `position`, the items before it answered."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from exams import sitting
    from exams.models import AdaptiveExam
    from questions.models import QuestionVersion

    standard = sitting.passing_standard("RN")
    one_point = QuestionVersion.objects.filter(
        question__calibrated=True,
        question__status="published",
        question__exam__in=["RN", "both"],
        question__type="multiple_choice",
        question__case_study__isnull=True,
    )
    current = list(
        one_point.filter(question__difficulty__range=(standard - 1.1, standard - 0.9)).values_list(
            "id", "question_id", "answer", "question__content"
        )[:300]
    )
    earlier = list(one_point.order_by("question__draw_key").values_list("id", "question_id")[: 20 * position])

    def prepare() -> list[tuple]:
        _after_the_last_run()
        (_finish_exams if position == 1 else _delete_exams)(users)
        now = timezone.now()
        exams, items, answers, requests = [], [], [], []
        for user in users:
            exam = AdaptiveExam(
                id=uuid.uuid4(),
                user=user,
                exam="RN",
                started_at=now,
                deadline=now + timedelta(seconds=settings.EXAM_TIME_LIMIT_SECONDS),
                passing_standard=standard,
                pretest_positions=[],
                case_study_positions=[],
                seed=rng.getrandbits(62),
            )
            version_id, question_id, answer, content = rng.choice(current)
            picks = rng.sample(earlier, position) if position > 1 else []  # one spare, should it be the current
            answered = [row for row in picks if row[1] != question_id][: position - 1]
            for number, (earlier_version_id, earlier_question_id) in enumerate(answered, start=1):
                answer_id = uuid.uuid4()
                score = int(rng.random() < 0.6)
                answers.append((answer_id, user.pk, earlier_question_id, earlier_version_id, score, now))
                items.append((uuid.uuid4(), exam.id, number, earlier_question_id, earlier_version_id, now, answer_id))
            items.append((uuid.uuid4(), exam.id, position, question_id, version_id, now, None))
            options = [option["id"] for option in content["options"]]
            selected = answer["correct"] if rng.random() < 0.6 else [rng.choice(options)]
            body = {"item_id": str(question_id), "response": {"selected": selected}}
            requests.append(("POST", f"/api/exams/{exam.id}/answer/", tokens[user.pk], body))
            exams.append(exam)
        AdaptiveExam.objects.bulk_create(exams)
        with connection.cursor() as cursor:  # COPY: the 30,000 rows of a run in a few seconds
            columns = "id, user_id, question_id, version_id, score, answered_at, source, response, max_score, scored"
            with cursor.copy(f"COPY questions_answer ({columns}) FROM STDIN") as copy:
                for row in answers:
                    copy.write_row((*row, "exam", '{"selected": ["A"]}', 1, True))
            columns = "id, exam_id, position, question_id, version_id, presented_at, answer_id, pretest"
            with cursor.copy(f"COPY exams_examitem ({columns}) FROM STDIN") as copy:
                for row in items:
                    copy.write_row((*row, False))
        return requests

    return prepare


# --- in-process goals -------------------------------------------------------------------------------


def _timed(client, requests: list[tuple], iterations: int, expect: int) -> list[float]:
    turns = itertools.cycle(requests)

    def call() -> None:
        response = _call(client, *next(turns))
        assert response.status_code == expect, response.content[:300]

    return samples_ms(call, iterations)


def _summary(samples: list[float]) -> str:
    p99 = statistics.quantiles(samples, n=100)[98]
    return f"p50 {statistics.median(samples):.2f} ms, p99 {p99:.2f} ms, mean {statistics.mean(samples):.2f} ms"


#: The hand-written twin of creating a 75-item test (PostgreSQL): the same work as
#: `practice.services.practice_test_create` for a student with no filters on a bank with no course
#: links, in raw SQL: the index walk from a random point in both directions with each item's
#: current version joined (the student view's columns), the case-study draw, and the test with its
#: slots written in one statement. What is left out is the ORM: building the queries and the rows.
_TWIN_DRAW = """
(SELECT q.id, q.draw_key, v.id, q.type, v.stem, v.content, v.max_score, q.client_need, q.cjmm_step
   FROM questions_question q JOIN questions_questionversion v ON v.question_id = q.id AND v.number = q.version
  WHERE q.status = 'published' AND q.exam = ANY(%(exams)s) AND q.case_study_id IS NULL AND q.draw_key >= %(start)s
  ORDER BY q.draw_key LIMIT %(count)s)
UNION ALL
(SELECT q.id, q.draw_key, v.id, q.type, v.stem, v.content, v.max_score, q.client_need, q.cjmm_step
   FROM questions_question q JOIN questions_questionversion v ON v.question_id = q.id AND v.number = q.version
  WHERE q.status = 'published' AND q.exam = ANY(%(exams)s) AND q.case_study_id IS NULL AND q.draw_key < %(start)s
  ORDER BY q.draw_key LIMIT %(count)s)"""
_TWIN_CASES = """
SELECT q.case_study_id, count(*) FROM questions_question q JOIN questions_casestudy c ON c.id = q.case_study_id
 WHERE q.status = 'published' AND q.exam = ANY(%(exams)s) AND c.status = 'published'
 GROUP BY 1 HAVING count(*) <= %(count)s ORDER BY random() LIMIT %(count)s"""
_TWIN_WRITE = """
INSERT INTO practice_practicetest (id, user_id, exam, mode, status, count, filters, time_limit_seconds,
                                   started_at, deadline, finished_at, result, slots)
VALUES (%(id)s, %(user)s, 'RN', 'tutor', 'in_progress', %(count)s, '{}', NULL, now(), NULL, NULL, NULL, %(slots)s)"""


def _create_twin(user, count: int) -> None:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        start = random.random()
        cursor.execute(_TWIN_DRAW, {"exams": ["RN", "both"], "start": start, "count": count})
        rows = sorted(cursor.fetchall(), key=lambda row: (row[1] < start, row[1]))[:count]
        cursor.execute(_TWIN_CASES, {"exams": ["RN", "both"], "count": count})
        cursor.fetchall()
        with transaction.atomic():  # as the service commits it: without waiting for the disk
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                _TWIN_WRITE,
                {
                    "id": uuid.uuid4(),
                    "user": user.pk,
                    "count": len(rows),
                    "slots": json.dumps([[str(row[0]), str(row[2])] for row in rows]),
                },
            )


def import_body(n: int, rng: random.Random) -> dict:
    """`n` valid items as an author imports them: the bench bank's mix (bench/data.py)."""
    from bench import data

    keep = data.QUESTIONS
    try:
        data.QUESTIONS = n
        items = data._bank_items(rng)
    finally:
        data.QUESTIONS = keep
    return {
        "items": [
            {
                "exam": item["exam"],
                "type": item["type"],
                "stem": item["stem"],
                "content": json.loads(item["content"]),
                "answer": json.loads(item["answer"]),
                "rationale": "Bench import.",
                "client_need": item["need"],
                "cjmm_step": item["step"],
                "difficulty": round(item["difficulty"], 3),
            }
            for item in items
        ]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--imports", type=int, default=3, help="timed 5,000-item imports")
    args = parser.parse_args()

    from bench.run import setup

    setup(only="-")
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bench import data
    from practice.models import PracticeTest
    from questions.models import Answer, Question

    client = _client()
    focal = User.objects.get(email=data.FOCAL_STUDENT_EMAIL)
    token = str(AccessToken.for_user(focal))
    answers = Answer.objects.filter(user=focal).count()
    print(f"focal student {focal.email}: {answers:,} answers; bank {Question.objects.count():,} items")

    body = {"exam": "RN", "mode": "tutor", "count": PRACTICE_COUNT}
    create = [("POST", "/api/practice/tests/", token, body)]
    performance = [("GET", "/api/users/me/performance/", token, None)]
    for request in (create[0], performance[0]):
        for _ in range(5):
            _call(client, *request)  # warm: caches, connection
    gc.freeze()  # the loaded app out of the collector's generations, as config/gunicorn.py's pre_fork does
    rounds = {"create test (75, tutor)": [], "performance": []}
    for _ in range(2):  # two rounds taking turns, pooled
        rounds["create test (75, tutor)"] += _timed(client, create, args.iterations // 2, 201)
        rounds["performance"] += _timed(client, performance, args.iterations // 2, 200)
    for name, samples in rounds.items():
        print(f"{name:<28} {len(samples)} calls: {_summary(samples)}  (goal p50 < 10 ms)")

    # The service alone (no request: no middleware, authentication or JSON), beside its twin.
    from practice.services import TestFilters, practice_test_create

    filters = TestFilters(exam="RN", mode="tutor", count=PRACTICE_COUNT)
    services = {
        "  the service alone": lambda: practice_test_create(user=focal, filters=filters),
        "  its hand-written SQL twin": lambda: _create_twin(focal, PRACTICE_COUNT),
    }
    for call in services.values():
        samples_ms(call, 0, warm=5)
    pooled = {name: [] for name in services}
    for _ in range(2):
        for name, call in services.items():
            pooled[name] += samples_ms(call, args.iterations // 2)
    for name, samples in pooled.items():
        print(f"{name:<28} {len(samples)} calls: {_summary(samples)}")
    PracticeTest.objects.filter(user=focal, status="in_progress").delete()

    admin = User.objects.get(email=data.ADMIN_EMAIL)
    admin_token = str(AccessToken.for_user(admin))
    rng = random.Random(5000)
    for run in range(args.imports):
        payload = import_body(IMPORT_ITEMS, rng)
        started = time.perf_counter()
        response = _call(client, "POST", "/api/admin/questions/import/", admin_token, payload)
        seconds = time.perf_counter() - started
        assert response.status_code == 201, response.content[:500]
        ids = response.json()["ids"]
        print(f"import of {len(ids):,} items, run {run + 1}: {seconds:.2f} s  (goal < 10 s)")
        Question.objects.filter(id__in=ids).delete()


if __name__ == "__main__":
    main()
