import pytest

from accounts import demo as accounts_demo
from core.testing import bearer_client
from tutors import demo
from tutors.models import Cohort, TutorAssignment


@pytest.mark.django_db
def test_demo_gives_the_tutor_a_profile_and_a_cohort_of_the_demo_students_once():
    people = accounts_demo.seed()
    demo.seed(people)
    demo.seed(people)

    assert Cohort.objects.get().name == demo.COHORT_NAME
    assert TutorAssignment.objects.count() == len(people.students)
    (listed,) = bearer_client(people.students[0]).get("/api/tutors/").json()
    assert listed["bio"] == demo.BIO
    rows = bearer_client(people.tutor).get("/api/tutor/students/").json()
    assert {row["id"] for row in rows} == {str(s.pk) for s in people.students}
    me = bearer_client(people.students[0]).get("/api/users/me/").json()
    assert me["tutor"] == {"id": str(people.tutor.pk), "full_name": people.tutor.full_name}
