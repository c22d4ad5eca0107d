from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.models import Plan, PlanGrant, PlanPrice


class PlanFactory(factory.django.DjangoModelFactory):
    """An active 30-day all-courses plan priced 15000.00 NGN, 20.00 USD and 15.00 GBP."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Monthly plan {n}")
    description = "Every course for a month."
    duration_days = 30
    all_courses = True
    is_active = True

    @factory.post_generation
    def prices(plan, create, extracted, **kwargs):
        if not create:
            return
        prices = extracted if extracted is not None else {"NGN": "15000.00", "USD": "20.00", "GBP": "15.00"}
        for currency, amount in prices.items():
            PlanPrice.objects.create(plan=plan, currency=currency, amount=Decimal(amount))

    @factory.post_generation
    def courses(plan, create, extracted, **kwargs):
        if create and extracted:
            plan.courses.set(extracted)


class PlanGrantFactory(factory.django.DjangoModelFactory):
    """An active grant that started a day ago and ends in 29 days."""

    class Meta:
        model = PlanGrant

    user = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(PlanFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=30))
    source = PlanGrant.Source.ADMIN
