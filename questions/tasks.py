"""Background work of the question bank: the nightly refresh of item statistics."""

from celery import shared_task

from questions.statistics import question_statistics_refresh


@shared_task(acks_late=True)
def question_statistics_refresh_task() -> int:
    """Recomputes every answered item's statistics (schedule it nightly with Celery beat)."""
    return question_statistics_refresh()
