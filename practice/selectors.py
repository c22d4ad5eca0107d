"""Reads for practice tests and a student's performance (CONTRACT §7)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from practice.models import PracticeItem, PracticeTest
from questions.models import Answer, CjmmStep, ClientNeed, ItemType

# The newest tests an un-paginated list returns (a student who practises daily for years stays bounded).
LIST_CAP = 500
PERFORMANCE_WEEKS = 12
PEERS_CACHE_KEY = "practice:peers-percent:v1"
PEERS_CACHE_SECONDS = getattr(settings, "PRACTICE_PEERS_CACHE_SECONDS", 300)
GROUPS = (
    ("client_need", "question__client_need", ClientNeed.values),
    ("type", "question__type", ItemType.values),
    ("cjmm_step", "question__cjmm_step", CjmmStep.values),
)


def practice_test_list(*, user: User) -> QuerySet[PracticeTest]:
    """The user's own tests, newest first, each with how many items are answered (one query)."""
    answered = Q(items__answer__isnull=False) | Q(items__pending_response__isnull=False)
    return (
        PracticeTest.objects.filter(user=user)
        .annotate(answered_count=Count("items", filter=answered))
        .order_by("-started_at", "-pk")
    )


def practice_test_items(*, test: PracticeTest) -> list[PracticeItem]:
    """The test's items in order, with what showing them needs (item, version, case study, answer)
    in one query."""
    return list(test.items.select_related("question", "question__case_study", "version", "answer").order_by("position"))


def _percent(earned, possible) -> float | None:
    return round(100 * earned / possible, 1) if possible else None


def _grouped(answers: QuerySet[Answer], field: str) -> dict:
    rows = answers.values(key=F(field)).annotate(answered=Count("pk"), earned=Sum("score"), possible=Sum("max_score"))
    return {row["key"]: row for row in rows}


def _peers_percent() -> dict[str, dict]:
    """Every user's percent per group, from all answers (aggregate SQL, three GROUP BY queries),
    kept in the shared cache for PEERS_CACHE_SECONDS: the same for every student, and a few
    minutes old is fresh enough for a comparison."""

    def compute() -> dict[str, dict]:
        everyone = Answer.objects.all()
        return {
            name: {key: _percent(row["earned"], row["possible"]) for key, row in _grouped(everyone, field).items()}
            for name, field, _ in GROUPS
        }

    return cache.get_or_set(PEERS_CACHE_KEY, compute, PEERS_CACHE_SECONDS)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def performance_for(*, user: User, today: date | None = None) -> dict:
    """A student's performance over all their answers (practice and adaptive exams alike).

    `percent` = credit earned / credit possible * 100 (sum of scores over sum of maximum scores, so a
    3-point item weighs three times a 1-point one), one decimal, null with no answers. Per client
    need, item type and clinical-judgment step (every group listed, in the plan's order; items with
    no step are left out of `by_cjmm_step`), with `peers_percent`, the same figure over every user's
    answers. `weekly`: the last PERFORMANCE_WEEKS weeks (Monday, UTC), oldest first, empty weeks
    included. A constant number of queries (four, plus three when the peers' figures are not cached)."""
    mine = Answer.objects.filter(user=user)
    peers = _peers_percent()
    body: dict = {}
    for name, field, values in GROUPS:
        rows = _grouped(mine, field)
        body[f"by_{name}"] = [
            {
                name: value,
                "answered": rows[value]["answered"] if value in rows else 0,
                "percent": _percent(rows[value]["earned"], rows[value]["possible"]) if value in rows else None,
                "peers_percent": peers[name].get(value),
            }
            for value in values
        ]
        if name == "type":  # every answer has a type: the totals come from these rows
            answered = sum(row["answered"] for row in rows.values())
            earned = sum(row["earned"] for row in rows.values())
            possible = sum(row["possible"] for row in rows.values())
    first_week = _monday(today or timezone.now().date()) - timedelta(weeks=PERFORMANCE_WEEKS - 1)
    since = datetime(first_week.year, first_week.month, first_week.day, tzinfo=timezone.get_current_timezone())
    weeks = (
        mine.filter(answered_at__gte=since)
        .annotate(week=TruncWeek("answered_at"))
        .values("week")
        .annotate(answered=Count("pk"), earned=Sum("score"), possible=Sum("max_score"))
    )
    by_week = {row["week"].date(): row for row in weeks}
    body["weekly"] = [
        {
            "week": week.isoformat(),
            "answered": by_week[week]["answered"] if week in by_week else 0,
            "percent": _percent(by_week[week]["earned"], by_week[week]["possible"]) if week in by_week else None,
        }
        for week in (first_week + timedelta(weeks=n) for n in range(PERFORMANCE_WEEKS))
    ]
    return {"answered": answered, "percent": _percent(earned, possible), **body}
