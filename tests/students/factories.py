import factory

from students.models import StudentProfile
from tests.factories import UserFactory


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile

    user = factory.SubFactory(UserFactory)
