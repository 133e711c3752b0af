import datetime

import factory
from django.utils import timezone

from jobboard.models import Application, ApplicationEvent, Offer, OfferInvitation, SavedOffer
from students.models import ContractKind
from tests.companies.factories import CompanyFactory
from tests.students.factories import StudentFactory


class OfferFactory(factory.django.DjangoModelFactory):
    """A draft offer of a verified company; traits for the other states."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory, verified=True)
    title = factory.Sequence(lambda n: f"Électricien·ne en alternance {n}")
    language = "fr"
    kind = ContractKind.ALTERNANCE
    description = "Installer et entretenir des tableaux électriques avec notre équipe."
    requirements = "Élève en électricité, motivé·e."
    commune = "anderlecht"
    hours_per_week = 38

    class Params:
        pending = factory.Trait(
            status=Offer.Status.PENDING, submitted_at=factory.LazyFunction(timezone.now)
        )
        published = factory.Trait(
            status=Offer.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            expires_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=60)),
        )
        rejected = factory.Trait(status=Offer.Status.REJECTED, rejection_reason="Texte incomplet.")
        closed = factory.Trait(
            status=Offer.Status.CLOSED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
            expires_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=50)),
            closed_at=factory.LazyFunction(timezone.now),
        )
        expired = factory.Trait(
            status=Offer.Status.EXPIRED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=70)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
        )

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    offer = factory.SubFactory(OfferFactory, published=True)
    student = factory.SubFactory(StudentFactory, complete=True)
    message = "Bonjour, je suis très intéressé·e par votre offre."

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            ApplicationEvent.objects.create(application=self, to_status=self.status)


class SavedOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedOffer

    offer = factory.SubFactory(OfferFactory, published=True)
    student = factory.SubFactory(StudentFactory, complete=True)


class OfferInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferInvitation

    offer = factory.SubFactory(OfferFactory, published=True)
    student = factory.SubFactory(StudentFactory, complete=True)
    message = "Votre profil nous intéresse."


def make_findable(profile, **fields):
    """Complete `profile` (a persona's is empty) and opt it in to the talent search."""
    from django.core.files.base import ContentFile

    from students.models import StudentProfile
    from tests.students.factories import StudentLanguageFactory, TrackFactory, pdf_bytes

    profile.track = fields.pop("track", None) or TrackFactory()
    profile.status = fields.pop("status", StudentProfile.Status.YEAR_6)
    profile.date_of_birth = fields.pop("date_of_birth", datetime.date(2008, 5, 2))
    profile.contract_kinds = fields.pop("contract_kinds", [ContractKind.INTERNSHIP])
    for name, value in fields.items():
        setattr(profile, name, value)
    if not profile.cv:
        profile.cv.save("cv.pdf", ContentFile(pdf_bytes()), save=False)
    profile.set_talent_search(True)
    profile.save()
    if not profile.languages.exists():
        StudentLanguageFactory(profile=profile)
    return profile


def complete_profile(profile):
    """Complete `profile` (a persona's is empty) so that the student may apply; no opt-in."""
    from django.core.files.base import ContentFile

    from students.models import StudentProfile
    from tests.students.factories import StudentLanguageFactory, TrackFactory, pdf_bytes

    profile.track = profile.track or TrackFactory()
    profile.status = profile.status or StudentProfile.Status.YEAR_6
    profile.date_of_birth = profile.date_of_birth or datetime.date(2008, 5, 2)
    profile.contract_kinds = profile.contract_kinds or [ContractKind.INTERNSHIP]
    if not profile.cv:
        profile.cv.save("cv.pdf", ContentFile(pdf_bytes()), save=False)
        profile.cv_uploaded_at = timezone.now()
    profile.save()
    if not profile.languages.exists():
        StudentLanguageFactory(profile=profile)
    return profile
