"""Item statistics (`questions.statistics`): point-biserial, medians, option counts, review flags."""

import random
import statistics

import pytest
from django.core.management import call_command

from accounts.tests.factories import UserFactory
from questions.statistics import question_statistics_refresh
from questions.tasks import question_statistics_refresh_task
from questions.tests.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def answer(question, user, score, **fields):
    response = {"selected": ["B" if score else "A"]} if question.type == "multiple_choice" else None
    fields.setdefault("response", response or {"selected": []})
    return AnswerFactory(question=question, user=user, score=score, max_score=question.max_score, **fields)


def hand_point_biserial(answers, item) -> float:
    """The corrected item-total correlation, computed the slow way from the list of answers."""
    xs, ys = [], []
    for user, question, score, maximum in answers:
        if question != item:
            continue
        others = [(s, m) for u, q, s, m in answers if u == user and q != item]
        if not others:
            continue
        xs.append(score / maximum)
        ys.append(sum(s for s, _ in others) / sum(m for _, m in others))
    return statistics.correlation(xs, ys)


def test_discrimination_is_the_point_biserial_with_the_rest_of_the_students_answers():
    rng = random.Random(7)
    items = [QuestionFactory(), QuestionFactory(), QuestionFactory(type="multiple_response")]
    answers = []
    for _ in range(40):
        user, ability = UserFactory(), rng.random()
        for question in items:
            score = sum(rng.random() < ability for _ in range(question.max_score))
            answer(question, user, score)
            answers.append((user.pk, question.pk, score, question.max_score))
    # Practice repeats an item: a second answer to the first item by one student counts too.
    answer(items[0], _first_user(answers), 1)
    answers.append((_first_user(answers).pk, items[0].pk, 1, 1))

    question_statistics_refresh()

    for question in items:
        question.refresh_from_db()
        assert question.discrimination == pytest.approx(hand_point_biserial(answers, question.pk), abs=1e-4)


def _first_user(answers):
    from accounts.models import User

    return User.objects.get(pk=answers[0][0])


def test_discrimination_is_null_under_30_answers():
    item, other = QuestionFactory(), QuestionFactory()
    for n in range(29):
        user = UserFactory()
        answer(item, user, n % 2)
        answer(other, user, (n // 2) % 2)

    question_statistics_refresh()

    item.refresh_from_db()
    assert item.discrimination is None
    assert item.needs_review is False


def test_an_item_the_strong_students_get_wrong_is_flagged_for_review(admin_client):
    item, others = QuestionFactory(), QuestionFactory.create_batch(2)
    for n in range(40):
        user, strong = UserFactory(), n % 2 == 0
        answer(item, user, 0 if strong else 1)
        for other in others:
            answer(other, user, 1 if strong else 0)

    question_statistics_refresh()

    stats = admin_client.get(f"/api/admin/questions/{item.pk}/").json()
    assert stats["stats"]["discrimination"] < 0
    assert stats["needs_review"] is True


def test_option_counts_count_each_chosen_option():
    item = QuestionFactory(type="multiple_response")
    for selected in (["A"], ["A", "C"], ["C"], ["C", "D"]):
        AnswerFactory(question=item, response={"selected": selected}, score=0)

    question_statistics_refresh()

    item.refresh_from_db()
    assert item.option_counts == {"A": 2, "C": 3, "D": 1}


def test_median_seconds_is_the_middle_answering_time():
    odd, even = QuestionFactory(), QuestionFactory()
    for seconds in (30, 10, 95):
        AnswerFactory(question=odd, seconds=seconds)
    for seconds in (10, 20, 30, 100, None):
        AnswerFactory(question=even, seconds=seconds)

    question_statistics_refresh()

    odd.refresh_from_db()
    even.refresh_from_db()
    assert (odd.median_seconds, even.median_seconds) == (30, 25)


def test_unanswered_items_are_left_alone():
    item = QuestionFactory(option_counts={})

    assert question_statistics_refresh() == 0
    item.refresh_from_db()
    assert item.median_seconds is None


@pytest.mark.parametrize("count", [5, 60])
def test_the_refresh_takes_the_same_queries_whatever_the_number_of_items(django_assert_num_queries, count):
    user = UserFactory()
    items = QuestionFactory.create_batch(count, answer_count=1)
    for question in items:
        answer(question, user, 1)

    # Answer counts, sums, medians; then per batch of 2,000 items: their types, their responses, a
    # savepoint, the update, its release.
    with django_assert_num_queries(8):
        assert question_statistics_refresh() == count


def test_the_command_prints_its_progress(capsys):
    AnswerFactory()

    call_command("refresh_question_stats")

    out = capsys.readouterr().out
    assert "1/1 items" in out
    assert "Refreshed the statistics of 1 answered items." in out


def test_the_task_refreshes_the_statistics():
    AnswerFactory(seconds=12)

    assert question_statistics_refresh_task.delay().get() == 1
