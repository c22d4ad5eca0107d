"""Writing the bank through the API: create, validate, version, publish, retire, delete (CONTRACT §7)."""

import pytest

from courses.tests.factories import CourseFactory
from questions.models import Question, QuestionVersion, Status
from questions.tests.factories import AnswerFactory, CaseStudyFactory, QuestionFactory, example

pytestmark = pytest.mark.django_db

URL = "/api/admin/questions/"


def item(item_type: str = "multiple_choice", **fields) -> dict:
    ex = example(item_type)
    return {
        "type": item_type,
        "stem": "A client receiving heparin has an aPTT of 120 seconds. Which medication should the nurse prepare?",
        "content": ex["content"],
        "answer": ex["answer"],
        "rationale": "Protamine sulfate reverses heparin.",
        "client_need": "pharmacological_therapies",
        **fields,
    }


def detail(question) -> str:
    return f"{URL}{question.pk}/"


@pytest.mark.parametrize(
    ("item_type", "max_score"),
    [("multiple_choice", 1), ("multiple_response", None), ("matrix_multiple_choice", 4), ("bowtie", 5)],
)
def test_an_admin_creates_an_item_of_each_type_with_its_computed_max_score(admin_client, item_type, max_score):
    response = admin_client.post(URL, item(item_type, max_score=99), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["type"] == item_type
    expected = max_score or len(example(item_type)["answer"]["correct"])
    assert body["max_score"] == expected
    assert Question.objects.get(pk=body["id"]).max_score == expected


def test_the_author_view_has_every_contract_field(admin_client):
    body = admin_client.post(URL, item(), format="json").json()

    assert set(body) >= {
        "id", "exam", "type", "stem", "content", "answer", "rationale", "client_need", "cjmm_step", "difficulty",
        "calibrated", "status", "case_study_id", "course_ids", "max_score", "stats", "created_at", "updated_at",
    }  # fmt: skip
    stats = body["stats"]
    assert [stats[k] for k in ("responses", "mean_score", "discrimination", "median_seconds")] == [0, None, None, None]
    assert (body["exam"], body["difficulty"], body["calibrated"], body["status"]) == ("both", 0.0, False, "draft")
    assert body["created_at"].endswith("Z")


def test_creating_an_item_creates_its_version_1(admin_client):
    body = admin_client.post(URL, item(), format="json").json()

    version = QuestionVersion.objects.get(question_id=body["id"])
    assert (version.number, version.stem, version.answer, version.max_score) == (1, body["stem"], body["answer"], 1)


def test_a_bad_item_is_a_400_with_errors_keyed_by_path(admin_client):
    bad = item("matrix_multiple_choice")
    bad["content"]["rows"][2] = {"id": "r1", "text": "duplicate id"}
    bad["client_need"] = "astrology"

    response = admin_client.post(URL, bad, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "client_need" in errors
    assert any(path.startswith("content.rows[2]") for path in errors), errors
    assert not Question.objects.exists()


def test_an_answer_that_does_not_fit_the_content_names_its_path(admin_client):
    response = admin_client.post(URL, item(answer={"correct": ["Z"]}), format="json")

    assert response.status_code == 400
    assert any(path.startswith("answer.correct") for path in response.json()["errors"])


def test_an_unknown_course_id_is_a_400(admin_client):
    response = admin_client.post(URL, item(course_ids=["00000000-0000-0000-0000-000000000001"]), format="json")

    assert response.status_code == 400
    assert "course_ids" in response.json()["errors"]


def test_course_ids_are_kept(admin_client):
    course = CourseFactory()

    body = admin_client.post(URL, item(course_ids=[str(course.pk)]), format="json").json()

    assert body["course_ids"] == [str(course.pk)]


@pytest.mark.parametrize("garbage", [[], "text", 3, None, {"content": {"options": "x" * 10}}, {"stem": {"a": 1}}])
def test_garbage_json_is_a_400_not_a_500(admin_client, garbage):
    response = admin_client.post(URL, garbage, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("difficulty", ["Infinity", "NaN", 11, "-inf"])
def test_a_difficulty_that_is_not_a_finite_logit_in_range_is_a_400(admin_client, difficulty):
    response = admin_client.post(URL, item(difficulty=difficulty), format="json")

    assert response.status_code == 400
    assert "difficulty" in response.json()["errors"]


def test_a_tutor_creates_drafts(tutor_client):
    response = tutor_client.post(URL, item(), format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "draft"


def test_a_tutor_setting_published_is_403(tutor_client):
    response = tutor_client.post(URL, item(status="published"), format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "Only an admin can publish or retire questions."}
    assert not Question.objects.exists()


def test_a_tutor_publishing_a_draft_is_403(tutor_client):
    question = QuestionFactory(status=Status.DRAFT)

    response = tutor_client.patch(detail(question), {"status": "published"}, format="json")

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == Status.DRAFT


def test_a_tutor_marking_an_item_calibrated_is_403(tutor_client):
    response = tutor_client.post(URL, item(calibrated=True), format="json")

    assert response.status_code == 403


def test_an_admin_may_create_calibrated_published_items(admin_client):
    body = admin_client.post(URL, item(calibrated=True, status="published", difficulty=1.25), format="json").json()

    assert (body["calibrated"], body["status"], body["difficulty"]) == (True, "published", 1.25)


def test_a_tutor_cannot_change_a_published_item(tutor_client):
    question = QuestionFactory(status=Status.PUBLISHED)

    response = tutor_client.patch(detail(question), {"stem": "Changed"}, format="json")

    assert response.status_code == 403


def test_a_student_gets_403_everywhere(student_client):
    question = QuestionFactory()

    assert student_client.get(URL).status_code == 403
    assert student_client.post(URL, item(), format="json").status_code == 403
    assert student_client.get(detail(question)).status_code == 403
    assert student_client.delete(detail(question)).status_code == 403


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_an_unknown_item_is_404(admin_client):
    response = admin_client.get(f"{URL}00000000-0000-0000-0000-000000000001/")

    assert response.status_code == 404


def test_editing_an_unanswered_item_corrects_its_version_in_place(admin_client):
    question = QuestionFactory()

    response = admin_client.patch(detail(question), {"stem": "Corrected stem"}, format="json")

    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert list(question.versions.values_list("number", "stem")) == [(1, "Corrected stem")]


def test_editing_an_answered_item_makes_a_new_version_and_keeps_the_old_one_for_its_answers(admin_client):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    old_stem = question.stem

    response = admin_client.patch(detail(question), {"stem": "New stem", "answer": {"correct": ["A"]}}, format="json")

    assert response.status_code == 200
    assert response.json()["version"] == 2
    versions = dict(question.versions.values_list("number", "stem"))
    assert versions == {1: old_stem, 2: "New stem"}
    answer.refresh_from_db()
    assert answer.version.number == 1
    assert answer.version.answer == {"correct": ["B"]}
    assert question.versions.get(number=2).answer == {"correct": ["A"]}


def test_changing_only_the_status_of_an_answered_item_makes_no_new_version(admin_client):
    question = QuestionFactory()
    AnswerFactory(question=question)

    response = admin_client.patch(detail(question), {"status": "retired"}, format="json")

    assert response.json()["version"] == 1
    assert question.versions.count() == 1


def test_a_patch_checks_a_new_key_against_the_stored_content(admin_client):
    question = QuestionFactory()

    response = admin_client.patch(detail(question), {"answer": {"correct": ["Q"]}}, format="json")

    assert response.status_code == 400
    assert any(path.startswith("answer") for path in response.json()["errors"])


def test_a_put_without_the_required_fields_is_a_400(admin_client):
    question = QuestionFactory()

    response = admin_client.put(detail(question), {"stem": "Only a stem"}, format="json")

    assert response.status_code == 400
    assert {"type", "content", "answer", "client_need"} <= set(response.json()["errors"])


def test_a_put_keeps_the_fields_it_leaves_out(admin_client):
    question = QuestionFactory(status=Status.PUBLISHED, difficulty=0.7)

    response = admin_client.put(detail(question), item(), format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["difficulty"]) == ("published", 0.7)


def test_the_type_of_an_answered_item_cannot_change(admin_client):
    question = QuestionFactory()
    AnswerFactory(question=question)

    response = admin_client.put(detail(question), item("multiple_response"), format="json")

    assert response.status_code == 400
    assert "type" in response.json()["errors"]


def test_retiring_an_item_keeps_its_answers(admin_client):
    question = QuestionFactory()
    AnswerFactory(question=question)

    response = admin_client.patch(detail(question), {"status": "retired"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "retired"
    assert question.answers.count() == 1


def test_deleting_an_answered_item_is_409(admin_client):
    question = QuestionFactory()
    AnswerFactory(question=question)

    response = admin_client.delete(detail(question))

    assert response.status_code == 409
    assert response.json() == {"detail": "Answered questions can be retired, not deleted."}
    assert Question.objects.filter(pk=question.pk).exists()


def test_deleting_an_unanswered_item_removes_it_and_its_versions(admin_client):
    question = QuestionFactory()

    response = admin_client.delete(detail(question))

    assert response.status_code == 204
    assert not Question.objects.exists()
    assert not QuestionVersion.objects.exists()


def test_a_case_study_item_is_published_with_its_case_study_not_alone(admin_client):
    case = CaseStudyFactory()
    question = QuestionFactory(case_study=case, case_position=1, cjmm_step="recognize_cues")

    response = admin_client.patch(detail(question), {"status": "retired"}, format="json")

    assert response.status_code == 409


def test_the_list_filters_by_exam_type_client_need_status_and_search(admin_client):
    wanted = QuestionFactory(exam="RN", stem="Priority for hyperkalemia", status=Status.DRAFT)
    QuestionFactory(exam="PN", stem="Priority for hyperkalemia", status=Status.DRAFT)
    QuestionFactory(exam="RN", stem="Something else", status=Status.DRAFT)
    QuestionFactory(exam="RN", stem="Priority for hyperkalemia", type="multiple_response")

    response = admin_client.get(
        URL,
        {"exam": "RN", "type": "multiple_choice", "client_need": "management_of_care", "status": "draft",
         "search": "HYPERKALEMIA"},
    )  # fmt: skip

    assert [row["id"] for row in response.json()] == [str(wanted.pk)]


def test_an_unknown_filter_value_is_a_400(admin_client):
    response = admin_client.get(URL, {"type": "essay"})

    assert response.status_code == 400
    assert "type" in response.json()["errors"]


def test_the_list_pages_with_limit_and_offset(admin_client):
    QuestionFactory.create_batch(3)

    body = admin_client.get(URL, {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2


def test_the_list_without_limit_is_capped_at_the_newest_500(admin_client, monkeypatch):
    from questions import views

    monkeypatch.setattr(views.QuestionListView, "unpaginated_cap", 2)
    QuestionFactory.create_batch(3)

    assert len(admin_client.get(URL).json()) == 2


def test_stats_come_from_the_running_totals(admin_client):
    question = QuestionFactory(answer_count=4, full_credit_count=1, credit_sum=2.0, discrimination=0.31)

    stats = admin_client.get(detail(question)).json()["stats"]

    assert (stats["responses"], stats["mean_score"], stats["percent_correct"], stats["discrimination"]) == (
        4, 0.5, 25.0, 0.31,
    )  # fmt: skip


@pytest.mark.parametrize("count", [10, 75])
def test_the_list_takes_the_same_queries_whatever_its_length(admin_client, django_assert_num_queries, count):
    course = CourseFactory()
    for question in QuestionFactory.create_batch(count):
        question.courses.add(course)

    # The caller (JWT user), the items, their courses.
    with django_assert_num_queries(3):
        response = admin_client.get(URL)

    assert len(response.json()) == count
