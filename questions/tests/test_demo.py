"""The demo question bank (`questions.demo`): idempotent, every type and client need, calibrated items."""

import time

import pytest

from accounts.demo import seed as people_seed
from questions import demo, itemtypes
from questions.models import CaseStudy, ClientNeed, Question, QuestionVersion, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return people_seed()


def test_seeding_twice_gives_the_same_rows(people):
    demo.seed(people)
    first = sorted(Question.objects.values_list("stem", "difficulty", "status"))

    demo.seed(people)

    assert sorted(Question.objects.values_list("stem", "difficulty", "status")) == first
    assert QuestionVersion.objects.count() == len(first)


def test_every_type_and_client_need_is_published(people):
    demo.seed(people)

    published = Question.objects.filter(status=Status.PUBLISHED, is_sample=True)
    assert set(published.values_list("type", flat=True)) == set(itemtypes.ITEM_TYPES)
    assert set(published.values_list("client_need", flat=True)) == set(ClientNeed.values)


def test_the_calibrated_bank_follows_the_rn_test_plan_midpoints(people):
    demo.seed(people)

    calibrated = Question.objects.filter(calibrated=True, case_study=None, status=Status.PUBLISHED)
    assert calibrated.count() == demo.CALIBRATED_ITEMS
    counts = {need: calibrated.filter(client_need=need).count() for need in ClientNeed.values}
    for need, share in demo.RN_MIDPOINTS.items():
        assert counts[need] == pytest.approx(demo.CALIBRATED_ITEMS * share / 100, abs=1)
    difficulties = list(calibrated.values_list("difficulty", flat=True))
    assert abs(sum(difficulties) / len(difficulties)) < 0.15
    assert all(stem.startswith("Sample calibrated item") for stem in calibrated.values_list("stem", flat=True))


def test_pretest_items_and_calibrated_case_studies_are_there(people):
    demo.seed(people)

    pretest = Question.objects.filter(calibrated=False, stem__startswith="Sample pretest item")
    assert pretest.filter(status=Status.PUBLISHED).count() == demo.PRETEST_ITEMS
    calibrated_cases = [c for c in CaseStudy.objects.all() if all(q.calibrated for q in c.questions.all())]
    assert len(calibrated_cases) >= demo.CALIBRATED_CASE_STUDIES
    for case in CaseStudy.objects.all():
        assert sorted(case.questions.values_list("case_position", flat=True)) == [1, 2, 3, 4, 5, 6]
        assert set(case.questions.values_list("status", flat=True)) == {case.status}


def test_seeding_takes_a_few_seconds_at_most(people):
    started = time.monotonic()
    demo.seed(people)

    assert time.monotonic() - started < 5


def test_describe_counts_the_bank(people):
    demo.seed(people)

    assert demo.describe(people)[0].startswith("Question bank: ")
