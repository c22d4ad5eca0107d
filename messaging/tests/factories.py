from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import TutorFactory, UserFactory
from messaging.models import Message
from messaging.services import message_create

# Messages a factory makes are one second apart, oldest first, in the recent past: order is certain.
_EPOCH = timezone.now() - timedelta(days=30)


class MessageFactory(factory.django.DjangoModelFactory):
    """A message, recorded through `message_create` so both inbox rows are kept exactly as a real
    send keeps them (no push: nothing is sent over sockets)."""

    class Meta:
        model = Message

    sender = factory.SubFactory(UserFactory)
    receiver = factory.SubFactory(TutorFactory)
    content = factory.Faker("sentence")
    created_at = factory.Sequence(lambda n: _EPOCH + timedelta(seconds=n))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return message_create(**kwargs)
