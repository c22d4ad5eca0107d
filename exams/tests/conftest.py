import pytest


@pytest.fixture(autouse=True)
def short_exam(settings):
    """A shorter exam than the NCLEX's 85-150 so a whole sitting runs in a test: 30-50 items with
    up to 5 pretest items (three six-item case studies still fit inside the minimum)."""
    settings.EXAM_MIN_ITEMS = 30
    settings.EXAM_MAX_ITEMS = 50
    settings.EXAM_MAX_PRETEST_ITEMS = 5
    settings.EXAM_RANDOMESQUE_K = 5
    settings.EXAM_TIME_LIMIT_SECONDS = 18_000
    settings.PASSING_STANDARD_RN = 0.0
    settings.PASSING_STANDARD_PN = -0.18


def answer(client, exam_id, item, response):
    return client.post(f"/api/exams/{exam_id}/answer/", {"item_id": item["id"], "response": response}, format="json")
