"""Starting an adaptive exam: POST /api/exams/ (CONTRACT §8)."""

import pytest

from courses.tests.factories import PaidCourseFactory
from exams.models import AdaptiveExam
from exams.tests.factories import calibrated_bank, exam_in_progress
from questions.models import Question

pytestmark = pytest.mark.django_db

STUDENT_ITEM_KEYS = {"id", "type", "stem", "content", "client_need", "cjmm_step", "max_score"}


def test_starting_an_exam_answers_201_with_the_first_item(student_client):
    calibrated_bank(120)
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["exam"] == "RN"
    assert body["status"] == "in_progress"
    assert body["position"] == 1
    assert body["started_at"].endswith("Z") and body["deadline"].endswith("Z")
    assert set(body["item"]) == STUDENT_ITEM_KEYS
    assert body["item"]["content"]["options"][0] == {"id": "A", "text": "Option A"}


def test_the_deadline_is_the_time_limit_after_the_start(student_client, settings):
    calibrated_bank(120)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    exam = AdaptiveExam.objects.get(pk=body["id"])
    assert (exam.deadline - exam.started_at).total_seconds() == settings.EXAM_TIME_LIMIT_SECONDS


def test_the_first_item_is_about_one_logit_below_the_standard(student_client):
    questions = calibrated_bank(120)
    body = student_client.post("/api/exams/", {"exam": "RN"}, format="json").json()
    # From the need with the largest share (management of care), one of the five nearest -1.0.
    area = [q for q in questions if q.client_need == "management_of_care"]
    nearest = sorted(area, key=lambda q: abs(q.difficulty + 1.0))[:5]
    assert body["item"]["id"] in {str(q.pk) for q in nearest}
    assert body["item"]["client_need"] == "management_of_care"


def test_a_second_exam_while_one_is_in_progress_is_409_with_its_id(student_client, student):
    exam, _ = exam_in_progress(student)
    calibrated_bank(120)
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "You already have an exam in progress.", "id": str(exam.pk)}
    assert AdaptiveExam.objects.filter(user=student).count() == 1


def test_a_bank_with_no_published_item_is_400(student_client):
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Not enough calibrated questions for an adaptive exam."


def test_a_bank_too_small_for_a_whole_exam_is_400(student_client):
    calibrated_bank(49)  # the maximum length is 50
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Not enough calibrated questions for an adaptive exam."
    assert not AdaptiveExam.objects.exists()


def test_a_bank_without_enough_items_in_one_client_need_is_400(student_client):
    calibrated_bank(120)
    # Health promotion needs 6 % of 50 = 3 items; leave it 2.
    ids = list(Question.objects.filter(client_need="health_promotion").values_list("id", flat=True))
    Question.objects.filter(id__in=ids[2:]).update(calibrated=False)
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Not enough calibrated questions for an adaptive exam."


def test_uncalibrated_items_do_not_count_toward_the_bank(student_client):
    questions = calibrated_bank(120)
    Question.objects.filter(id__in=[q.pk for q in questions[:80]]).update(calibrated=False)
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 400


def test_items_of_courses_the_student_cannot_access_do_not_count(student_client):
    questions = calibrated_bank(120)
    course = PaidCourseFactory()
    for q in questions[:80]:
        q.courses.add(course)
    response = student_client.post("/api/exams/", {"exam": "RN"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Not enough calibrated questions for an adaptive exam."


def test_an_exam_that_is_neither_rn_nor_pn_is_400_with_errors(student_client):
    calibrated_bank(120)
    response = student_client.post("/api/exams/", {"exam": "NP"}, format="json")
    assert response.status_code == 400
    assert "exam" in response.json()["errors"]


def test_a_missing_exam_is_400(student_client):
    response = student_client.post("/api/exams/", {}, format="json")
    assert response.status_code == 400
    assert "exam" in response.json()["errors"]


def test_anonymous_cannot_start_an_exam(api_client):
    assert api_client.post("/api/exams/", {"exam": "RN"}, format="json").status_code == 401


def test_a_pn_exam_has_the_pn_passing_standard(student_client):
    calibrated_bank(120)
    body = student_client.post("/api/exams/", {"exam": "PN"}, format="json").json()
    assert AdaptiveExam.objects.get(pk=body["id"]).passing_standard == -0.18


def test_rn_only_items_do_not_serve_a_pn_exam(student_client):
    calibrated_bank(120, exam="RN")
    response = student_client.post("/api/exams/", {"exam": "PN"}, format="json")
    assert response.status_code == 400
