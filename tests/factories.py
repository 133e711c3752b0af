"""Factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress

from campus_portal.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.be")
    first_name = factory.Faker("first_name", locale="fr_BE")
    last_name = factory.Faker("last_name", locale="fr_BE")
    preferred_language = "fr"
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
