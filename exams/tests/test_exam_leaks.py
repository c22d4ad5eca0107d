"""Nothing of the key leaks through the exam endpoints: no answer, rationale, difficulty,
calibration flag or statistics, for the current item or any item not yet answered."""

import json

import pytest

from exams.tests.conftest import answer
from exams.tests.factories import RIGHT, calibrated_bank, case_study
from questions.models import Question

pytestmark = pytest.mark.django_db

SECRET_KEYS = {"answer", "correct", "rationale", "difficulty", "calibrated", "stats", "steps", "infit", "outfit"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_no_key_rationale_difficulty_or_stats_reach_the_student(student_client):
    calibrated_bank(120)
    for _ in range(3):
        case_study()
    marker = "SECRET-RATIONALE-7f3a"
    Question.objects.update(rationale=marker, difficulty=0.123456789)
    bodies = [student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()]
    while bodies[-1]["status"] == "in_progress" and len(bodies) < 60:
        body = bodies[-1]
        bodies.append(student_client.get(f"/api/exams/{body['id']}/").json())
        bodies.append(answer(student_client, body["id"], body["item"], RIGHT).json())
    bodies.append(student_client.get("/api/exams/").json())
    for body in bodies:
        text = json.dumps(body)
        assert not _keys(body) & SECRET_KEYS, _keys(body) & SECRET_KEYS
        assert marker not in text
        assert "0.123456789" not in text
    assert any("case_study" in (b.get("item") or {}) for b in bodies if isinstance(b, dict))
