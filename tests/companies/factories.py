import factory

from companies.models import RecruiterProfile
from tests.factories import UserFactory


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruiterProfile

    user = factory.SubFactory(UserFactory)
