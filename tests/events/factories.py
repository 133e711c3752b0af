import datetime

import factory
from django.utils import timezone

from events.models import MeetingDay, Participation, Preference, Registration
from tests.companies.factories import CompanyFactory
from tests.students.factories import StudentFactory


def days(n: int):
    return timezone.now() + datetime.timedelta(days=n)


class MeetingDayFactory(factory.django.DjangoModelFactory):
    """A day in a month: companies register now, students register later."""

    class Meta:
        model = MeetingDay
        skip_postgeneration_save = True

    title_fr = factory.Sequence(lambda n: f"Journée de rencontre {n}")
    title_nl = factory.Sequence(lambda n: f"Ontmoetingsdag {n}")
    title_en = factory.Sequence(lambda n: f"Meeting day {n}")
    slug = factory.Sequence(lambda n: f"journee-{n}")
    date = factory.LazyFunction(lambda: (timezone.now() + datetime.timedelta(days=30)).date())
    venue = "Campus des Arts et Métiers, salle des fêtes"
    address = "Rue de l'Exemple 1, 1000 Bruxelles"
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(12, 0)
    slot_minutes = 10
    pause_minutes = 5
    company_registration_opens = factory.LazyFunction(lambda: days(-10))
    company_registration_closes = factory.LazyFunction(lambda: days(10))
    student_registration_opens = factory.LazyFunction(lambda: days(-5))
    student_registration_closes = factory.LazyFunction(lambda: days(20))
    status = MeetingDay.Status.COMPANY_REGISTRATION

    class Params:
        students_open = factory.Trait(status=MeetingDay.Status.STUDENT_REGISTRATION)
        scheduled = factory.Trait(
            status=MeetingDay.Status.SCHEDULED,
            schedule_published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation
        skip_postgeneration_save = True

    meeting_day = factory.SubFactory(MeetingDayFactory)
    company = factory.SubFactory(CompanyFactory, verified=True)
    charter_accepted_at = factory.LazyFunction(timezone.now)
    tables = 1

    class Params:
        accepted = factory.Trait(status=Participation.Status.ACCEPTED)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting_day = factory.SubFactory(MeetingDayFactory, students_open=True)
    student = factory.SubFactory(StudentFactory, complete=True)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    registration = factory.SubFactory(RegistrationFactory)
    participation = factory.SubFactory(ParticipationFactory, accepted=True)
    rank = 1
