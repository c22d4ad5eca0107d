"""The random draw of a practice test's stand-alone items: an index walk from a random point in
`draw_key` order, wrapping round (practice.services._draw)."""

import random
from collections import Counter

import pytest
from django.db import connection
from django.db.models.expressions import DatabaseDefault

from practice.tests.factories import QuestionFactory
from questions.models import Question

pytestmark = pytest.mark.django_db

URL = "/api/practice/tests/"


def drawn(client, count: int) -> set[str]:
    response = client.post(URL, {"exam": "RN", "mode": "tutor", "count": count}, format="json")
    assert response.status_code == 201, response.json()
    client.post(f"{URL}{response.json()['id']}/finish/")
    return {row["item"]["id"] for row in response.json()["items"]}


def test_every_item_gets_a_random_draw_key():
    QuestionFactory.create_batch(50)
    keys = list(Question.objects.values_list("draw_key", flat=True))

    assert all(0 <= key < 1 for key in keys)
    assert len(set(keys)) == 50


def test_a_row_written_without_a_draw_key_gets_one_from_the_database():
    """The column's database default: what the benchmark data set's COPY relies on."""
    field = Question._meta.get_field("draw_key")
    question = QuestionFactory(draw_key=DatabaseDefault(field.db_default, output_field=field))

    key = Question.objects.values_list("draw_key", flat=True).get(pk=question.pk)
    assert 0 <= key < 1


walks = pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound, reason="SQLite sorts at random instead"
)


@walks
@pytest.mark.parametrize("start", [0.0, 0.5, 0.999999])
def test_a_draw_from_any_point_wraps_round_to_the_count(student_client, monkeypatch, start):
    QuestionFactory.create_batch(12)
    monkeypatch.setattr(random, "random", lambda: start)

    assert len(drawn(student_client, 10)) == 10


@walks
def test_the_draw_follows_the_random_point_in_key_order(student_client, monkeypatch):
    QuestionFactory.create_batch(12)
    keys = sorted(Question.objects.values_list("draw_key", "id"))
    start = (keys[3][0] + keys[4][0]) / 2  # between the 4th and the 5th key
    monkeypatch.setattr(random, "random", lambda: start)

    expected = {str(pk) for _, pk in keys[4:9]}
    assert drawn(student_client, 5) == expected


def test_over_many_draws_every_item_comes_up(student_client):
    """An item's chance in one walk is the width of the `count` key gaps before it, so a draw of 5
    of 20 items missed some item in 30 draws about once in twelve runs (simulated); half the bank
    over 60 draws misses one less than once in 200,000."""
    QuestionFactory.create_batch(20)

    seen = Counter()
    for _ in range(60):
        seen.update(drawn(student_client, 10))

    assert len(seen) == 20
