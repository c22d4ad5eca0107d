"""PerformanceTotal: a student's running totals are always the sums over their answers."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps as global_apps
from django.db.models import Count, Sum

from accounts.tests.factories import UserFactory
from questions.models import Answer, PerformanceTotal
from questions.services import _PERFORMANCE_UPSERT, answers_store
from questions.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def sums_over_answers(user) -> dict:
    """What the totals must hold, computed the slow way from the answers themselves."""
    expected = {}
    groups = {"client_need": "question__client_need", "type": "question__type", "cjmm_step": "question__cjmm_step"}
    for group, field in groups.items():
        rows = Answer.objects.filter(user=user, **{f"{field}__isnull": False}).values(field)
        for row in rows.annotate(n=Count("pk"), earned=Sum("score"), possible=Sum("max_score")):
            expected[(group, row[field])] = (row["n"], row["earned"], row["possible"])
    weeks = {}
    for answer in Answer.objects.filter(user=user):
        day = answer.answered_at.astimezone(UTC).date()
        monday = (day - timedelta(days=day.weekday())).isoformat()
        n, earned, possible = weeks.get(monday, (0, 0, 0))
        weeks[monday] = (n + 1, earned + answer.score, possible + answer.max_score)
    expected.update({("week", monday): value for monday, value in weeks.items()})
    return expected


def totals(user) -> dict:
    rows = PerformanceTotal.objects.filter(user=user).values_list("group", "key", "answered", "earned", "possible")
    return {(group, key): (n, earned, possible) for group, key, n, earned, possible in rows}


def test_totals_are_the_sums_over_the_answers_batch_after_batch():
    student, other = UserFactory(), UserFactory()
    items = [
        QuestionFactory(client_need=need)
        for need in (
            "safety_infection_control",
            "pharmacological_therapies",
            "safety_infection_control",
            "basic_care_comfort",
        )
    ]
    start = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)  # a Sunday night: two weeks
    for n in range(3):
        batch = [
            Answer(
                user=user,
                question=item,
                version=item.versions.get(),
                source="practice",
                response={},
                score=(n + i) % (item.max_score + 1),
                max_score=item.max_score,
                answered_at=start + timedelta(hours=n),
            )
            for i, item in enumerate(items)
            for user in (student, other)
        ]
        answers_store(batch)
        assert totals(student) == sums_over_answers(student)
        assert totals(other) == sums_over_answers(other)
    assert {key for group, key in totals(student) if group == "week"} == {"2026-11-23", "2026-11-30"}


def test_an_answer_counts_under_the_client_need_its_item_had_when_answered():
    item = QuestionFactory(client_need="safety_infection_control")
    answer = AnswerFactory(question=item)
    item.client_need = "pharmacological_therapies"
    item.save()

    assert ("client_need", "safety_infection_control") in totals(answer.user)
    assert ("client_need", "pharmacological_therapies") not in totals(answer.user)


def test_the_upsert_writes_the_models_table():
    assert PerformanceTotal._meta.db_table in _PERFORMANCE_UPSERT


def test_the_migration_builds_the_totals_of_answers_recorded_before_it():
    student = UserFactory()
    for item in QuestionFactory.create_batch(5):
        AnswerFactory(user=student, question=item, score=0)
    expected = totals(student)
    PerformanceTotal.objects.all().delete()

    migration = importlib.import_module("questions.migrations.0002_draw_key_performance_totals")
    migration.totals_from_answers(global_apps, None)

    assert totals(student) == expected == sums_over_answers(student)
