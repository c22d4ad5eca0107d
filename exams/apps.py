from django.apps import AppConfig


class ExamsConfig(AppConfig):
    """The adaptive exam (CONTRACT §8) and readiness."""

    name = "exams"
