import factory

from accounts.tests.factories import TutorFactory
from tutors.models import Cohort


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort without members (add them through `tutors.services`, which assigns the tutor)."""

    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"RN — intake {n}")
    tutor = factory.SubFactory(TutorFactory)
