"""`manage.py seed_demo`: fills a demo school from every app's `demo.py`, in INSTALLED_APPS order.

Each app that has demo data has a module `<app>/demo.py` with `seed(people)`; the accounts app comes
first and its `seed` returns the demo people the others build on. Each module is idempotent (rows are
found by natural keys), and one may add `describe(people) -> list[str]`: lines printed at the end.
The command knows no app by name, so `core` stays the ground floor.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules() -> list:
    """The project's apps' `demo` modules (third-party apps are not asked), in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and find_spec(f"{config.name}.demo") is not None
    ]


class Command(BaseCommand):
    help = "Fill a demo school: people, courses, progress, conversations, payments, a question bank."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database has users.")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("Database already has users; demo data not seeded (run `make seed` to add it).")
            return
        modules = demo_modules()
        people = None
        with transaction.atomic():
            for module in modules:
                seeded = module.seed(people)
                people = people if people is not None else seeded
        self.stdout.write(self.style.SUCCESS("Demo school ready."))
        for module in modules:
            for line in getattr(module, "describe", lambda _people: [])(people):
                self.stdout.write(line)
