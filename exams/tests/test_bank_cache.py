"""The bank an exam draws from is read once per bank version and shared by every process: a change
to the bank (publish, retire, edit, import, recalibration, courses) is seen at the next request."""

import pytest

from exams import sitting
from exams.tests.factories import calibrated_bank
from questions.bank_version import bank_changed, bank_version
from questions.models import Question, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of what the block writes (a test never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def bank():
    return calibrated_bank(40)


def other_process() -> None:
    """Forget this process's copy: what is left is the shared cache (another worker's view)."""
    sitting._LOCAL.clear()


def served_ids(student, exam: str = "RN") -> set:
    return set(sitting.bank_load(user=student, exam=exam).ids)


def test_the_bank_is_read_once_per_version_and_shared_across_processes(student, bank, django_assert_num_queries):
    first = served_ids(student)
    other_process()
    with django_assert_num_queries(0):
        assert served_ids(student) == first == {q.pk for q in bank}


def test_the_engine_sees_the_same_rows_as_the_database_gives(student, bank):
    loaded = sitting.bank_load(user=student, exam="RN")
    assert loaded.ids == sorted(q.pk for q in bank)
    assert loaded.items.step_matrix[:, 0].tolist() == [Question.objects.get(pk=qid).difficulty for qid in loaded.ids]


def test_retiring_an_item_over_the_api_removes_it_from_the_next_load(student, admin_client, bank, committed):
    served_ids(student)
    retired = bank[0]

    with committed():
        response = admin_client.patch(f"/api/admin/questions/{retired.pk}/", {"status": "retired"}, format="json")

    assert response.status_code == 200
    other_process()
    assert retired.pk not in served_ids(student)


def test_publishing_an_item_adds_it(student, admin_client, bank, committed):
    draft = calibrated_bank(1)[0]
    Question.objects.filter(pk=draft.pk).update(status=Status.DRAFT)  # before anything was read
    assert draft.pk not in served_ids(student)

    with committed():
        admin_client.patch(f"/api/admin/questions/{draft.pk}/", {"status": "published"}, format="json")

    assert draft.pk in served_ids(student)


def test_a_recalibrated_difficulty_is_read_at_the_next_version(student, bank, committed):
    served_ids(student)
    Question.objects.filter(pk=bank[0].pk).update(difficulty=2.5)  # as calibration writes it (bulk)
    loaded = sitting.bank_load(user=student, exam="RN")
    assert loaded.items.step_matrix[loaded.row[bank[0].pk], 0] == bank[0].difficulty  # the cached rows

    with committed():
        bank_changed()  # what questions_calibrate calls after its bulk_update (questions' own test pins it)

    other_process()
    loaded = sitting.bank_load(user=student, exam="RN")
    assert loaded.items.step_matrix[loaded.row[bank[0].pk], 0] == 2.5


def test_an_import_changes_the_version(admin_client, bank, committed):
    from questions.itemtypes import EXAMPLES

    before = bank_version()
    item = {
        "type": "multiple_choice",
        "stem": "Which?",
        "client_need": "management_of_care",
        **{k: EXAMPLES["multiple_choice"][k] for k in ("content", "answer")},
    }
    with committed():
        response = admin_client.post("/api/admin/questions/import/", {"items": [item]}, format="json")
    assert response.status_code == 201
    assert bank_version() != before


def test_an_item_linked_to_a_course_is_served_only_to_its_students(student, bank, committed):
    from courses.tests.factories import EnrollmentFactory, PaidCourseFactory

    course = PaidCourseFactory()
    served_ids(student)
    with committed():
        bank[0].courses.add(course)
    assert bank[0].pk not in served_ids(student)

    EnrollmentFactory(user=student, course=course)

    assert bank[0].pk in served_ids(student)  # access is the student's, read on every load
