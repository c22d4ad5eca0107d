from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    """The question bank: items of every NCLEX type, case studies, versions, answers, statistics, calibration."""

    name = "questions"

    def ready(self) -> None:
        from questions import bank_version  # noqa: F401  (connects the bank-version receivers)
