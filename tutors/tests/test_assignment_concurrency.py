"""Two admins assign one student at once (PostgreSQL row locks): the history stays a chain."""

import threading

import pytest
from django.db import connection, connections

from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from core.testing import bearer_client
from tutors.models import TutorAssignment


@pytest.mark.django_db(transaction=True)
def test_concurrent_assignments_record_each_change_with_the_right_previous_tutor():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    student = UserFactory()
    tutors = [TutorFactory(), TutorFactory()]
    admins = [AdminFactory(), AdminFactory()]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def assign(admin, tutor):
        try:
            start.wait()
            response = bearer_client(admin).patch(
                f"/api/admin/users/{student.pk}/", {"tutor_id": str(tutor.pk)}, format="json"
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=assign, args=pair) for pair in zip(admins, tutors, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200, 200]
    first, second = TutorAssignment.objects.filter(student=student).order_by("created_at")
    assert first.previous_tutor is None
    assert second.previous_tutor == first.tutor != second.tutor
    student.refresh_from_db()
    assert student.tutor == second.tutor
