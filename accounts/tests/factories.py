import factory

from accounts.models import Role, User

DEFAULT_PASSWORD = "Correct-Horse-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"student{n}@example.com")
    full_name = factory.Faker("name")
    role = Role.USER
    email_verified = True
    password = factory.django.Password(DEFAULT_PASSWORD)


class TutorFactory(UserFactory):
    email = factory.Sequence(lambda n: f"tutor{n}@example.com")
    role = Role.TUTOR


class AdminFactory(UserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.com")
    role = Role.ADMIN
