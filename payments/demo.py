"""Demo data for `manage.py seed_demo`. Idempotent."""

from accounts.demo import DemoPeople


def seed(people: DemoPeople) -> None:
    pass
