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


def start(client, exam="RN"):
    response = client.post("/api/exams/", {"exam": exam}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def sit(client, body, respond, limit=200):
    """Answers item after item with `respond(item) -> response` until the exam ends."""
    for _ in range(limit):
        if body["status"] == "finished":
            return body
        response = answer(client, body["id"], body["item"], respond(body["item"]))
        assert response.status_code == 200, response.content
        body = response.json()
    raise AssertionError("the exam did not end")
