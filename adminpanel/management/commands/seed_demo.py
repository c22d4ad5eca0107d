from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from accounts.models import User
from courses import demo as courses_demo
from messaging import demo as messaging_demo
from payments import demo as payments_demo


class Command(BaseCommand):
    help = "Fill a demo school: an admin, a tutor, students, courses, progress, conversations, payments."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database has users.")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Database already has users; demo data not seeded (run `make seed` to add it).")
            return
        with transaction.atomic():
            people = accounts_demo.seed()
            courses_demo.seed(people)
            messaging_demo.seed(people)
            payments_demo.seed(people)
        self.stdout.write(self.style.SUCCESS("Demo school ready. Log in with any of these:"))
        for user in [people.admin, people.tutor, *people.students]:
            self.stdout.write(f"  {user.role:<6} {user.email:<22} {accounts_demo.DEMO_PASSWORD}")
