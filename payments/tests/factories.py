import factory

from accounts.tests.factories import UserFactory
from courses.tests.factories import PaidCourseFactory
from payments.models import Payment


class PaymentFactory(factory.django.DjangoModelFactory):
    """A pending Paystack payment for a 60.00 USD course, priced as the course is."""

    class Meta:
        model = Payment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(PaidCourseFactory)
    provider = Payment.Provider.PAYSTACK
    amount = factory.LazyAttribute(lambda o: o.course.price)
    currency = factory.LazyAttribute(lambda o: o.course.currency)
    transaction_id = factory.Sequence(lambda n: f"NCX-test-{n:06d}")
    status = Payment.Status.PENDING
