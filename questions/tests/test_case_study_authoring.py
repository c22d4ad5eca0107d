"""Writing case studies through the API: a scenario, exhibits and six items in clinical judgment order,
with the items' rules (drafts, publish admin-only, versions, retire not delete) (CONTRACT §7, issue 12: 3-4)."""

import pytest

from core.testing import assert_error
from courses.tests.factories import CourseFactory
from questions.authoring import (
    ADMIN_ONLY_EDIT_CASE,
    ADMIN_ONLY_STATUS,
    ANSWERED_NOT_DELETABLE,
    CASE_ANSWERED_FIXED,
)
from questions.models import CaseStudy, CjmmStep, Question, QuestionVersion, Status
from questions.serializers import CASE_SIX_ITEMS
from questions.tests.factories import AnswerFactory, example

pytestmark = pytest.mark.django_db

URL = "/api/admin/case-studies/"
TYPES = [
    "highlight_text",
    "matrix_multiple_choice",
    "drop_down_cloze",
    "multiple_response",
    "multiple_choice",
    "bowtie",
]


def case_item(item_type: str, n: int, **fields) -> dict:
    ex = example(item_type)
    return {
        "type": item_type,
        "stem": f"Step {n}: what should the nurse do?",
        "content": ex["content"],
        "answer": ex["answer"],
        "rationale": f"Rationale {n}.",
        "client_need": "physiological_adaptation",
        **fields,
    }


def case_body(**fields) -> dict:
    return {
        "exam": "RN",
        "title": "Post-operative client with new confusion",
        "scenario": "A 78-year-old client is 2 days after a hip replacement.",
        "exhibits": [
            {"tab": "Nurses' Notes", "kind": "text", "text": "0800: oriented x3."},
            {
                "tab": "Vital Signs",
                "kind": "table",
                "columns": ["Time", "HR"],
                "rows": [["0800", "88"]],
                "reveal_at": 3,
            },
        ],
        "items": [case_item(t, n) for n, t in enumerate(TYPES, start=1)],
        **fields,
    }


def detail(case_id) -> str:
    return f"{URL}{case_id}/"


@pytest.fixture
def case(admin_client):
    response = admin_client.post(URL, case_body(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def answer_step(case: dict, position: int):
    question = Question.objects.get(case_study_id=case["id"], case_position=position)
    return AnswerFactory(question=question)


def test_an_admin_writes_a_case_study_with_six_items_in_clinical_judgment_order(admin_client, case):
    assert case["status"] == "draft" and case["exam"] == "RN"
    assert [item["cjmm_step"] for item in case["items"]] == list(CjmmStep.values)
    assert [item["case_position"] for item in case["items"]] == [1, 2, 3, 4, 5, 6]
    assert {item["case_study_id"] for item in case["items"]} == {case["id"]}
    assert {(item["exam"], item["status"], item["version"]) for item in case["items"]} == {("RN", "draft", 1)}
    assert case["exhibits"][0]["reveal_at"] == 1 and case["exhibits"][1]["reveal_at"] == 3
    assert QuestionVersion.objects.filter(question__case_study_id=case["id"], number=1).count() == 6
    assert admin_client.get(detail(case["id"])).json() == case


def test_a_tutor_writes_drafts_and_publishing_is_admin_only(tutor_client):
    refused = tutor_client.post(URL, case_body(status="published"), format="json")
    assert_error(refused, 403, ADMIN_ONLY_STATUS)
    assert not CaseStudy.objects.exists() and not Question.objects.exists()

    created = tutor_client.post(URL, case_body(), format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert_error(tutor_client.patch(detail(created.json()["id"]), {"status": "published"}, format="json"), 403)


def test_an_admin_publishes_a_case_study_with_its_six_items(admin_client, case):
    response = admin_client.patch(detail(case["id"]), {"status": "published"}, format="json")

    assert response.status_code == 200, response.json()
    assert {item["status"] for item in response.json()["items"]} == {"published"}
    assert set(Question.objects.filter(case_study_id=case["id"]).values_list("status", flat=True)) == {"published"}


def test_a_tutor_cannot_change_or_delete_a_published_case_study(admin_client, tutor_client, case):
    admin_client.patch(detail(case["id"]), {"status": "published"}, format="json")

    assert_error(tutor_client.patch(detail(case["id"]), {"title": "New"}, format="json"), 403, ADMIN_ONLY_EDIT_CASE)
    assert_error(tutor_client.delete(detail(case["id"])), 403, ADMIN_ONLY_EDIT_CASE)


def test_students_get_403_and_anonymous_401(student_client, api_client, case):
    for client, code in ((student_client, 403), (api_client, 401)):
        assert_error(client.get(URL), code)
        assert_error(client.post(URL, case_body(), format="json"), code)
        assert_error(client.get(detail(case["id"])), code)
        assert_error(client.patch(detail(case["id"]), {"title": "x"}, format="json"), code)
        assert_error(client.delete(detail(case["id"])), code)


def test_an_unknown_case_study_is_404(admin_client):
    unknown = detail("00000000-0000-0000-0000-000000000000")
    assert_error(admin_client.get(unknown), 404)
    assert_error(admin_client.patch(unknown, {"title": "x"}, format="json"), 404)
    assert_error(admin_client.delete(unknown), 404)


def test_a_case_study_needs_exactly_six_items(admin_client):
    body = case_body()
    body["items"] = body["items"][:5]

    assert_error(admin_client.post(URL, body, format="json"), 400, field="items")
    assert admin_client.post(URL, body, format="json").json()["errors"]["items"] == [CASE_SIX_ITEMS]


def test_errors_name_the_path_of_the_item_and_the_exhibit(admin_client):
    body = case_body()
    body["items"][2]["content"] = {"nonsense": True}
    body["items"][4]["cjmm_step"] = "recognize_cues"
    body["exhibits"][1]["rows"] = [["0800", "88"], ["0900"]]

    errors = assert_error(admin_client.post(URL, body, format="json"), 400)["errors"]

    assert any(path.startswith("items[2].content") for path in errors), errors
    assert "items[4].cjmm_step" in errors
    assert "exhibits[1].rows[1]" in errors
    assert not CaseStudy.objects.exists()


def test_an_unknown_course_is_named_by_its_item(admin_client):
    body = case_body()
    body["items"][3]["course_ids"] = ["00000000-0000-0000-0000-000000000000"]

    assert_error(admin_client.post(URL, body, format="json"), 400, field="items[3].course_ids")
    assert not CaseStudy.objects.exists()


def test_course_ids_are_kept_per_item(admin_client):
    course = CourseFactory()
    body = case_body()
    body["items"][0]["course_ids"] = [str(course.pk)]

    items = admin_client.post(URL, body, format="json").json()["items"]

    assert items[0]["course_ids"] == [str(course.pk)] and items[1]["course_ids"] == []


def test_editing_an_answered_item_of_a_case_makes_a_new_version_and_keeps_the_old_one(admin_client, case):
    answer = answer_step(case, 2)
    changes = [{} for _ in range(6)]
    changes[1] = {"stem": "A corrected stem."}

    response = admin_client.patch(detail(case["id"]), {"items": changes}, format="json")

    assert response.status_code == 200, response.json()
    items = response.json()["items"]
    assert (items[1]["stem"], items[1]["version"]) == ("A corrected stem.", 2)
    assert [item["version"] for item in items if item["case_position"] != 2] == [1] * 5
    answer.refresh_from_db()
    assert answer.version.number == 1 and answer.version.stem == "Step 2: what should the nurse do?"


def test_editing_an_unanswered_case_corrects_it_in_place(admin_client, case):
    changes = [{} for _ in range(6)]
    changes[0] = {"rationale": "Better."}
    body = {"scenario": "A 79-year-old client.", "items": changes}

    response = admin_client.patch(detail(case["id"]), body, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["scenario"] == "A 79-year-old client."
    assert response.json()["items"][0]["version"] == 1
    assert QuestionVersion.objects.get(question_id=case["items"][0]["id"]).rationale == "Better."


def test_the_scenario_and_exhibits_of_an_answered_case_cannot_change(admin_client, case):
    answer_step(case, 1)

    assert_error(
        admin_client.patch(detail(case["id"]), {"scenario": "Other."}, format="json"), 409, CASE_ANSWERED_FIXED
    )
    assert_error(admin_client.patch(detail(case["id"]), {"exhibits": []}, format="json"), 409, CASE_ANSWERED_FIXED)
    assert CaseStudy.objects.get(pk=case["id"]).scenario == case_body()["scenario"]
    # What students did not see may change; retiring is how an answered case leaves the bank.
    assert admin_client.patch(detail(case["id"]), {"title": "Renamed"}, format="json").status_code == 200
    assert admin_client.patch(detail(case["id"]), {"status": "retired"}, format="json").json()["status"] == "retired"


def test_the_type_of_an_answered_item_of_a_case_cannot_change(admin_client, case):
    answer_step(case, 5)
    changes = [{} for _ in range(6)]
    ex = example("select_n")
    changes[4] = {"type": "select_n", "content": ex["content"], "answer": ex["answer"]}

    assert_error(admin_client.patch(detail(case["id"]), {"items": changes}, format="json"), 400, field="items[4].type")
    assert Question.objects.get(pk=case["items"][4]["id"]).type == "multiple_choice"


def test_a_put_needs_the_items_and_keeps_fields_left_out(admin_client, case):
    assert_error(admin_client.put(detail(case["id"]), {"title": "x"}, format="json"), 400, field="items")

    changes = [{"rationale": f"R{n}"} for n in range(6)]
    body = admin_client.put(detail(case["id"]), {"title": "Renamed", "items": changes}, format="json").json()

    assert (body["title"], body["scenario"], body["exam"]) == ("Renamed", case["scenario"], "RN")
    assert [item["rationale"] for item in body["items"]] == [f"R{n}" for n in range(6)]
    assert [item["stem"] for item in body["items"]] == [item["stem"] for item in case["items"]]


def test_deleting_an_unanswered_case_study_removes_it_and_its_items(admin_client, case):
    assert admin_client.delete(detail(case["id"])).status_code == 204
    assert not CaseStudy.objects.exists() and not Question.objects.exists() and not QuestionVersion.objects.exists()


def test_an_answered_case_study_is_retired_not_deleted(admin_client, case):
    answer_step(case, 6)

    assert_error(admin_client.delete(detail(case["id"])), 409, ANSWERED_NOT_DELETABLE)
    assert CaseStudy.objects.filter(pk=case["id"]).exists() and Question.objects.count() == 6


def test_the_list_filters_by_exam_status_and_search(admin_client):
    admin_client.post(URL, case_body(title="Sepsis in the ED"), format="json")
    admin_client.post(URL, case_body(title="Heart failure", exam="PN", status="published"), format="json")

    def titles(query: str) -> list[str]:
        return [c["title"] for c in admin_client.get(URL + query).json()]

    assert titles("") == ["Heart failure", "Sepsis in the ED"]
    assert titles("?exam=PN") == ["Heart failure"]
    assert titles("?status=draft") == ["Sepsis in the ED"]
    assert titles("?search=sepsis") == ["Sepsis in the ED"]
    assert_error(admin_client.get(URL + "?status=lost"), 400, field="status")
    page = admin_client.get(URL + "?limit=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_takes_the_same_queries_whatever_its_length(admin_client, django_assert_num_queries, count):
    for n in range(count):
        admin_client.post(URL, case_body(title=f"Case {n}"), format="json")
    with django_assert_num_queries(4):  # the caller, the cases, their items, the items' courses
        body = admin_client.get(URL).json()
    assert len(body) == count and all(len(c["items"]) == 6 for c in body)


def test_a_written_case_study_is_served_whole_by_the_import_format(admin_client, case):
    admin_client.patch(detail(case["id"]), {"status": "published"}, format="json")

    exported = admin_client.get("/api/admin/questions/export/").json()["case_studies"]

    assert [c["title"] for c in exported] == [case["title"]]
    assert [item["stem"] for item in exported[0]["items"]] == [item["stem"] for item in case["items"]]
    assert exported[0]["status"] == Status.PUBLISHED
