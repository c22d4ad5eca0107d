from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """Practice tests: tutor and timed mode over the question bank, flags, review, performance."""

    name = "practice"
