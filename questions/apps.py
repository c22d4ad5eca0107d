from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    """The question bank: items of every NCLEX type, case studies, versions, answers, statistics, calibration."""

    name = "questions"
