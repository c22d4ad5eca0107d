"""Periodic work for practice tests."""

from celery import shared_task

from practice.services import practice_tests_expire


@shared_task
def practice_tests_expire_task() -> int:
    """Finishes the timed tests past their deadline that no request has touched (every minute or so:
    a test also settles itself on the next request that touches it)."""
    return practice_tests_expire()
