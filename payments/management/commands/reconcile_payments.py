from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from payments import services


class Command(BaseCommand):
    help = (
        "Re-verify pending payments older than --older-than minutes with their gateway and settle them "
        "(success + enrollment, or failed): the cover for lost webhooks. Safe to run at any time, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=10, help="Minutes since the payment started (10).")
        parser.add_argument("--limit", type=int, default=500, help="At most this many payments per run (500).")

    def handle(self, *args, older_than: int, limit: int, **options):
        if older_than < 0 or limit < 1:
            raise CommandError("--older-than must be >= 0 and --limit >= 1.")
        summary = services.payments_reconcile(older_than=timedelta(minutes=older_than), limit=limit)
        self.stdout.write(
            f"Checked {summary.checked} pending payment(s) older than {older_than} min: "
            f"{summary.succeeded} succeeded, {summary.failed} failed, {summary.still_pending} still pending, "
            f"{summary.unavailable} gateway unavailable."
        )
