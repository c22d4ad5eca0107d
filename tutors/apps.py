from django.apps import AppConfig


class TutorsConfig(AppConfig):
    """Tutors (CONTRACT §10): the directory, who tutors whom (and its history), cohorts, the workspace."""

    name = "tutors"
