"""The periodic jobs of the beat schedule: calibration runs nightly as the command does."""

import pytest
from django.conf import settings as django_settings

from accounts.tests.factories import UserFactory
from exams.tasks import questions_calibrate_nightly
from exams.tests.factories import calibrated_bank, practice_answers, pretest_items

pytestmark = pytest.mark.django_db


def test_the_nightly_task_calibrates_an_item_with_enough_answers(settings):
    settings.CALIBRATION_MIN_RESPONSES = 20
    anchors = calibrated_bank(10, low=-1.0, high=1.0)
    (free,) = pretest_items(1)
    for n in range(40):
        right = n % 10 + 1  # totals 1..10 of 11: no student all right or all wrong
        # The free item comes first (right) for half of the students, last (wrong) for the others.
        items = [free, *anchors] if n % 2 else [*anchors, free]
        practice_answers(UserFactory(), items, right=right)
    assert questions_calibrate_nightly.delay().get()["items_calibrated"] == 1
    free.refresh_from_db()
    assert free.calibrated is True


def test_the_beat_schedule_runs_the_settling_every_minute_and_calibration_nightly():
    schedule = {entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["exams.tasks.exams_settle_expired"] == 60.0
    assert "exams.tasks.questions_calibrate_nightly" in schedule
