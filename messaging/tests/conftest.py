import pytest

from accounts.tests.factories import UserFactory
from core.testing import bearer_client


@pytest.fixture
def outsider(db):
    """A third user, in no conversation with the student or the tutor."""
    return UserFactory()


@pytest.fixture
def outsider_client(outsider):
    return bearer_client(outsider)
