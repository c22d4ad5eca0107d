"""The bank an exam draws from is read once per bank version and shared by every process: a change
to the bank (publish, retire, edit, import, recalibration, courses) is seen at the next request."""

import uuid

import numpy as np
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
    return set(sitting.bank_load(user=student, exam=exam).question_ids())


def test_the_bank_is_read_once_per_version_and_shared_across_processes(student, bank, django_assert_num_queries):
    first = served_ids(student)
    other_process()
    with django_assert_num_queries(0):
        assert served_ids(student) == first == {q.pk for q in bank}


def test_the_engine_sees_the_same_rows_as_the_database_gives(student, bank):
    loaded = sitting.bank_load(user=student, exam="RN")
    assert loaded.question_ids() == sorted(q.pk for q in bank)
    assert loaded.items.step_matrix[:, 0].tolist() == [
        Question.objects.get(pk=qid).difficulty for qid in loaded.question_ids()
    ]


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
    assert loaded.items.step_matrix[loaded.rows_of([bank[0].pk])[0], 0] == bank[0].difficulty  # the cached rows

    with committed():
        bank_changed()  # what questions_calibrate calls after its bulk_update (questions' own test pins it)

    other_process()
    loaded = sitting.bank_load(user=student, exam="RN")
    assert loaded.items.step_matrix[loaded.rows_of([bank[0].pk])[0], 0] == 2.5


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


def test_the_shared_cache_holds_columns_not_an_object_per_item(student, bank):
    """A new process unpickles arrays (milliseconds for 90,000 items), not one object per item."""
    import pickle

    columns = sitting.bank_columns("RN")
    assert isinstance(columns, sitting.BankColumns)
    assert columns.ids.dtype == "S32" and len(columns.ids) == len(bank)
    copy = pickle.loads(pickle.dumps(columns))
    assert copy.ids.tolist() == columns.ids.tolist()
    assert np.array_equal(copy.step_matrix, columns.step_matrix, equal_nan=True)


def test_rows_are_found_by_id_and_unknown_ids_are_left_out(student, bank):
    loaded = sitting.bank_load(user=student, exam="RN")
    ids = loaded.question_ids()
    unknown = uuid.uuid4()

    rows = loaded.rows_of([ids[5], unknown, ids[0], ids[-1]])

    assert sorted(rows.tolist()) == [0, 5, len(ids) - 1]
    assert [loaded.question_id(r) for r in rows] == [ids[5], ids[0], ids[-1]]
    assert loaded.rows_of([]).tolist() == [] and loaded.rows_of([unknown]).tolist() == []
    assert loaded.mask_of([ids[3]]).nonzero()[0].tolist() == [3]


def test_a_student_with_one_of_two_courses_is_served_the_open_items_and_that_courses(student, bank, committed):
    from courses.tests.factories import EnrollmentFactory, PaidCourseFactory

    mine, other = PaidCourseFactory(), PaidCourseFactory()
    EnrollmentFactory(user=student, course=mine)
    with committed():
        for item in bank[:3]:
            item.courses.add(other)
        for item in bank[2:6]:
            item.courses.add(mine)  # bank[2] is in both

    loaded = sitting.bank_load(user=student, exam="RN")

    served = set(loaded.question_ids())
    assert served == {q.pk for q in bank} - {bank[0].pk, bank[1].pk}
    assert len(loaded.items) == len(served) == loaded.scorable.size  # the engine's rows are the served ones
    row = loaded.rows_of([bank[4].pk])[0]
    assert loaded.items.step_matrix[row, 0] == bank[4].difficulty
