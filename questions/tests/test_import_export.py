"""Import and export of the bank (CONTRACT §7): all or nothing, errors by index, a round trip."""

import json

import pytest
from django.db import connection

from courses.tests.factories import CourseFactory
from questions.models import CaseStudy, CjmmStep, Question, QuestionVersion
from questions.tests.factories import example

pytestmark = pytest.mark.django_db

IMPORT = "/api/admin/questions/import/"
EXPORT = "/api/admin/questions/export/"
TYPES = ["multiple_choice", "multiple_response", "matrix_multiple_choice", "bowtie", "drop_down_cloze", "hot_spot"]


def item(item_type: str = "multiple_choice", n: int = 0, **fields) -> dict:
    ex = example(item_type)
    return {
        "type": item_type,
        "stem": f"Imported item {n}: which finding requires follow-up?",
        "content": ex["content"],
        "answer": ex["answer"],
        "client_need": "physiological_adaptation",
        **fields,
    }


def case_study(**fields) -> dict:
    return {
        "title": "Post-operative client with new confusion",
        "scenario": "A 78-year-old client is 2 days after a hip replacement.",
        "exhibits": [
            {"tab": "Nurses' Notes", "kind": "text", "text": "0800: oriented x3.", "reveal_at": 1},
            {"tab": "Vital Signs", "kind": "table", "columns": ["Time", "HR"], "rows": [["0800", "88"]]},
        ],
        "items": [item(TYPES[n % len(TYPES)], n, cjmm_step=step) for n, step in enumerate(CjmmStep.values)],
        **fields,
    }


def test_an_import_creates_every_item_with_its_version_1(admin_client):
    response = admin_client.post(IMPORT, {"items": [item(t, n) for n, t in enumerate(TYPES)]}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == len(TYPES)
    assert set(body["ids"]) == {str(pk) for pk in Question.objects.values_list("pk", flat=True)}
    assert QuestionVersion.objects.filter(number=1).count() == len(TYPES)


def test_an_import_creates_case_studies_with_their_six_items_in_order(admin_client):
    response = admin_client.post(IMPORT, {"case_studies": [case_study(status="published")]}, format="json")

    assert response.status_code == 201, response.json()
    case = CaseStudy.objects.get()
    rows = list(case.questions.order_by("case_position").values_list("case_position", "cjmm_step", "status"))
    assert rows == [(n + 1, step, "published") for n, step in enumerate(CjmmStep.values)]
    assert len(case.exhibits) == 2


def test_a_case_study_item_may_leave_its_step_to_its_position(admin_client):
    spec = case_study()
    for entry in spec["items"]:
        del entry["cjmm_step"]

    response = admin_client.post(IMPORT, {"case_studies": [spec]}, format="json")

    assert response.status_code == 201


def test_one_bad_item_imports_nothing_and_names_its_index(admin_client):
    bad = item("multiple_choice", 3, answer={"correct": ["A", "B"]})
    items = [item(n=0), item(n=1), item(n=2), bad, {"type": "essay"}]

    response = admin_client.post(IMPORT, {"items": items}, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(path.startswith("items[3].answer") for path in errors), errors
    assert "items[4].type" in errors
    assert not any(path.startswith(("items[0]", "items[1]", "items[2]")) for path in errors)
    assert not Question.objects.exists()


def test_a_case_study_without_six_items_is_a_400(admin_client):
    spec = case_study()
    spec["items"] = spec["items"][:5]

    response = admin_client.post(IMPORT, {"case_studies": [spec]}, format="json")

    assert response.status_code == 400
    assert "case_studies[0].items" in response.json()["errors"]
    assert not CaseStudy.objects.exists()


def test_case_study_items_out_of_step_order_are_a_400(admin_client):
    spec = case_study()
    spec["items"][0]["cjmm_step"], spec["items"][1]["cjmm_step"] = "analyze_cues", "recognize_cues"

    response = admin_client.post(IMPORT, {"case_studies": [spec]}, format="json")

    assert response.status_code == 400
    assert {"case_studies[0].items[0].cjmm_step", "case_studies[0].items[1].cjmm_step"} <= set(
        response.json()["errors"]
    )


def test_a_bad_exhibit_is_a_400_under_its_path(admin_client):
    spec = case_study()
    spec["exhibits"][1]["rows"] = [["0800"]]

    response = admin_client.post(IMPORT, {"case_studies": [spec]}, format="json")

    assert response.status_code == 400
    assert any(path.startswith("case_studies[0].exhibits[1]") for path in response.json()["errors"])


def test_more_than_the_import_cap_is_a_400(admin_client, settings):
    settings.QUESTION_IMPORT_MAX_ITEMS = 5_000
    minimal = item()

    response = admin_client.post(IMPORT, {"items": [minimal] * 5_001}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"items": ["At most 5000 items can be imported at a time."]}
    assert not Question.objects.exists()


def test_the_cap_counts_case_study_items(admin_client, settings):
    settings.QUESTION_IMPORT_MAX_ITEMS = 10

    response = admin_client.post(IMPORT, {"items": [item()] * 5, "case_studies": [case_study()]}, format="json")

    assert response.status_code == 400


def test_an_empty_import_is_a_400(admin_client):
    response = admin_client.post(IMPORT, {"items": []}, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("body", [[], {"items": "x"}, {"items": [1, None]}, {"case_studies": [[]]}])
def test_garbage_imports_are_a_400(admin_client, body):
    assert admin_client.post(IMPORT, body, format="json").status_code == 400


def test_an_import_keeps_course_ids_and_refuses_unknown_ones(admin_client):
    course = CourseFactory()
    unknown = "00000000-0000-0000-0000-000000000001"

    refused = admin_client.post(IMPORT, {"items": [item(), item(course_ids=[unknown])]}, format="json")
    accepted = admin_client.post(IMPORT, {"items": [item(course_ids=[str(course.pk)])]}, format="json")

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["items[1].course_ids"]
    assert accepted.status_code == 201
    assert list(Question.objects.get().courses.all()) == [course]


def test_a_tutor_importing_published_items_is_403(tutor_client):
    response = tutor_client.post(IMPORT, {"items": [item(status="published")]}, format="json")

    assert response.status_code == 403
    assert not Question.objects.exists()


def test_a_tutor_imports_drafts(tutor_client):
    assert tutor_client.post(IMPORT, {"items": [item()]}, format="json").status_code == 201


def test_an_admin_imports_calibrated_items(admin_client):
    response = admin_client.post(IMPORT, {"items": [item(calibrated=True, difficulty=-1.5)]}, format="json")

    assert response.status_code == 201
    assert Question.objects.values_list("calibrated", "difficulty").get() == (True, -1.5)


def test_a_student_cannot_import_or_export(student_client):
    assert student_client.post(IMPORT, {"items": [item()]}, format="json").status_code == 403
    assert student_client.get(EXPORT).status_code == 403


def test_the_export_imports_again_unchanged(admin_client):
    course = CourseFactory()
    items = [item(t, n, course_ids=[str(course.pk)] if n % 2 else []) for n, t in enumerate(TYPES)]
    admin_client.post(IMPORT, {"items": items, "case_studies": [case_study()]}, format="json")
    exported = admin_client.get(EXPORT).json()

    again = admin_client.post(IMPORT, exported, format="json")
    both = admin_client.get(EXPORT).json()

    assert again.status_code == 201, again.json()
    assert len(exported["items"]) == len(TYPES)
    assert both["items"] == exported["items"] * 2 or sorted(map(repr, both["items"])) == sorted(
        map(repr, exported["items"] * 2)
    )
    assert both["case_studies"] == exported["case_studies"] * 2


@pytest.mark.parametrize("count", [10, 200])
def test_an_import_takes_the_same_queries_whatever_its_size(admin_client, django_assert_num_queries, count):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite splits a bulk insert by its limit on query variables")
    course = CourseFactory()
    items = [item(TYPES[n % len(TYPES)], n, course_ids=[str(course.pk)]) for n in range(count)]

    # The caller, the course ids, then in one transaction (a savepoint here): the case study, items,
    # versions, course links.
    with django_assert_num_queries(8):
        response = admin_client.post(IMPORT, {"items": items, "case_studies": [case_study()]}, format="json")

    assert response.status_code == 201


def test_a_5000_item_import_goes_in_whole(admin_client, settings):
    # How long it takes is measured by `python -m bench.questions` (bench/RESULTS.md), never here.
    items = [item(TYPES[n % len(TYPES)], n) for n in range(5_000)]
    # More than DATA_UPLOAD_MAX_MEMORY_SIZE: the import's own cap (QUESTION_IMPORT_MAX_BYTES) applies.
    assert len(json.dumps({"items": items})) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = admin_client.post(IMPORT, {"items": items}, format="json")

    assert response.status_code == 201
    assert Question.objects.count() == 5_000


# --- The body: QUESTION_IMPORT_MAX_BYTES, not DATA_UPLOAD_MAX_MEMORY_SIZE --------------------------


def padded_import(size: int) -> str:
    """An import body of exactly `size` bytes: one valid item, padded with spaces (valid JSON)."""
    body = json.dumps({"items": [item()]})
    return body[:-1] + " " * (size - len(body)) + "}"


def test_an_import_body_over_data_upload_max_memory_size_is_read_up_to_its_own_cap(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    settings.QUESTION_IMPORT_MAX_BYTES = 100_000

    response = admin_client.generic("POST", IMPORT, padded_import(100_000), content_type="application/json")

    assert response.status_code == 201, response.content[:200]
    assert response.json()["created"] == 1


def test_an_import_body_over_question_import_max_bytes_is_413(admin_client, settings):
    settings.QUESTION_IMPORT_MAX_BYTES = 100_000

    response = admin_client.generic("POST", IMPORT, padded_import(100_001), content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large."}
    assert not Question.objects.exists()


def test_other_routes_keep_data_upload_max_memory_size(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps(item())
    body = body[:-1] + " " * (10_001 - len(body)) + "}"

    response = admin_client.generic("POST", "/api/admin/questions/", body, content_type="application/json")

    assert response.status_code == 413


def test_the_import_still_reads_only_json(admin_client):
    response = admin_client.generic("POST", IMPORT, "items=1", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
