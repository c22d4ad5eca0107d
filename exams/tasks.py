"""Periodic work of the adaptive exam and the question bank (the beat schedule is in config/settings.py)."""

from celery import shared_task

from exams.services import exams_settle_expired as settle_expired
from questions.calibrate import questions_calibrate


@shared_task(name="exams.tasks.exams_settle_expired")
def exams_settle_expired() -> int:
    """Every minute: exams past their deadline are finished by the time rule, even if the student
    never comes back (their next request would settle them too)."""
    return settle_expired()


@shared_task(name="exams.tasks.questions_calibrate_nightly")
def questions_calibrate_nightly() -> dict:
    """Nightly: re-estimate the uncalibrated items from all answers, anchored on the calibrated ones
    (`questions.calibrate.questions_calibrate`, the same run as `manage.py calibrate_questions`)."""
    summary = questions_calibrate()
    return {"items_calibrated": summary.items_calibrated, "misfitting": summary.misfitting}
