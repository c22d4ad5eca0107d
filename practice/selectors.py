"""Reads for practice tests and a student's performance (CONTRACT §7)."""

from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from practice.models import PracticeItem, PracticeTest
from questions.models import CjmmStep, ClientNeed, ItemType, PerformanceGroup, PerformanceTotal, QuestionVersion

# The newest tests an un-paginated list returns (a student who practises daily for years stays bounded).
LIST_CAP = 500
PERFORMANCE_WEEKS = 12
PEERS_CACHE_KEY = "practice:peers-percent:v1"
PEERS_CACHE_SECONDS = getattr(settings, "PRACTICE_PEERS_CACHE_SECONDS", 300)
GROUPS = (("client_need", ClientNeed.values), ("type", ItemType.values), ("cjmm_step", CjmmStep.values))


def practice_test_list(*, user: User) -> QuerySet[PracticeTest]:
    """The user's own tests, newest first, each with how many items are answered (one query)."""
    answered = Q(items__answer__isnull=False) | Q(items__pending_response__isnull=False)
    return (
        PracticeTest.objects.filter(user=user)
        .annotate(answered_count=Count("items", filter=answered))
        .order_by("-started_at", "-pk")
    )


def practice_test_items(*, test: PracticeTest) -> list[PracticeItem]:
    """The test's items in position order, with what showing them needs (item, version, case study,
    answer), in two queries: the slots' versions, and the rows of the items the student touched. An
    untouched item is a new, unsaved row (no answer, no flag). An item deleted since the test was
    built (only an item nobody answered can be) is left out."""
    slots = test.all_slots()
    versions = QuestionVersion.objects.select_related("question", "question__case_study").order_by()
    versions = versions.in_bulk([slot.version_id for slot in slots])
    touched = {str(row.question_id): row for row in test.items.select_related("answer").order_by()}
    items = []
    for slot in slots:
        version = versions.get(UUID(slot.version_id))
        if version is None:
            continue
        item = touched.get(slot.question_id) or PracticeItem(test=test, position=slot.position)
        item.question, item.version = version.question, version
        items.append(item)
    return items


def _percent(earned, possible) -> float | None:
    return round(100 * earned / possible, 1) if possible else None


def _totals(rows) -> dict:
    """{group: {key: (answered, earned, possible)}} from PerformanceTotal rows."""
    totals: dict = {group: {} for group in PerformanceGroup.values}
    for group, key, answered, earned, possible in rows:
        totals[group][key] = (answered, earned, possible)
    return totals


def _peers_percent() -> dict[str, dict]:
    """Every user's percent per group, summed over every student's totals (one GROUP BY over a few
    dozen rows per student), kept in the shared cache for PEERS_CACHE_SECONDS: the same for every
    student, and a few minutes old is fresh enough for a comparison."""

    def compute() -> dict[str, dict]:
        rows = (
            PerformanceTotal.objects.exclude(group=PerformanceGroup.WEEK)
            .values_list("group", "key")
            .annotate(Sum("answered"), Sum("earned"), Sum("possible"))
            .order_by()
        )
        totals = _totals(rows)
        return {
            name: {key: _percent(earned, possible) for key, (_, earned, possible) in totals[name].items()}
            for name, _ in GROUPS
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
    included. Read from the student's PerformanceTotal rows (`questions.services.answers_store` keeps
    them): one query, plus one when the peers' figures are not cached."""
    peers = _peers_percent()
    first_week = _monday(today or timezone.now().date()) - timedelta(weeks=PERFORMANCE_WEEKS - 1)
    recent = ~Q(group=PerformanceGroup.WEEK) | Q(key__gte=first_week.isoformat())  # ISO dates sort as text
    rows = PerformanceTotal.objects.filter(recent, user=user)
    mine = _totals(rows.values_list("group", "key", "answered", "earned", "possible"))
    body: dict = {}
    for name, values in GROUPS:
        rows = mine[name]
        body[f"by_{name}"] = [
            {
                name: value,
                "answered": rows[value][0] if value in rows else 0,
                "percent": _percent(rows[value][1], rows[value][2]) if value in rows else None,
                "peers_percent": peers[name].get(value),
            }
            for value in values
        ]
    # Every answer has a type: the totals are the sums of the type rows.
    by_type = mine[PerformanceGroup.TYPE].values()
    answered, earned, possible = (sum(row[n] for row in by_type) for n in range(3))
    weeks = mine[PerformanceGroup.WEEK]
    body["weekly"] = [
        {
            "week": week,
            "answered": weeks[week][0] if week in weeks else 0,
            "percent": _percent(weeks[week][1], weeks[week][2]) if week in weeks else None,
        }
        for week in ((first_week + timedelta(weeks=n)).isoformat() for n in range(PERFORMANCE_WEEKS))
    ]
    return {"answered": answered, "percent": _percent(earned, possible), **body}


def client_need_performance_for(*, user_ids: list) -> dict:
    """`performance_for`'s totals and `by_client_need` (without the peers' figures) for many students
    at once, from their PerformanceTotal rows in one query: a tutor's list of students. Same rule:
    percent = credit earned / credit possible * 100, one decimal, null with no answers; the totals
    are the sums of the type rows. Keyed by user id; a student with no answers has zeros and nulls."""
    rows = PerformanceTotal.objects.filter(
        user_id__in=user_ids, group__in=[PerformanceGroup.CLIENT_NEED, PerformanceGroup.TYPE]
    ).values_list("user_id", "group", "key", "answered", "earned", "possible")
    per_user: dict = {user_id: [] for user_id in user_ids}
    for user_id, *row in rows:
        per_user[user_id].append(row)
    result = {}
    for user_id, user_rows in per_user.items():
        mine = _totals(user_rows)
        needs = mine[PerformanceGroup.CLIENT_NEED]
        by_type = mine[PerformanceGroup.TYPE].values()
        answered, earned, possible = (sum(row[n] for row in by_type) for n in range(3))
        result[user_id] = {
            "answered": answered,
            "percent": _percent(earned, possible),
            "by_client_need": [
                {
                    "client_need": need,
                    "answered": needs[need][0] if need in needs else 0,
                    "percent": _percent(needs[need][1], needs[need][2]) if need in needs else None,
                }
                for need in ClientNeed.values
            ],
        }
    return result
