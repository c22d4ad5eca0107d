"""`manage.py refresh_question_stats`: recompute item statistics now (the nightly task does the same)."""

from django.core.management.base import BaseCommand

from questions.statistics import question_statistics_refresh


class Command(BaseCommand):
    help = "Recompute discrimination, median time, option counts and review flags of every answered item."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Item statistics: {done}/{total} items")

        refreshed = question_statistics_refresh(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Refreshed the statistics of {refreshed} answered items."))
