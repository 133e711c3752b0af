import factory

from companies.models import Company, Membership, Need, RecruiterProfile, TeamInvitation
from students.models import ContractKind
from tests.factories import UserFactory


class RecruiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruiterProfile

    user = factory.SubFactory(UserFactory)


def valid_enterprise_number(n: int) -> str:
    """The n-th valid Belgian enterprise number (ten digits, mod-97 check)."""
    base = 4_000_000 + n  # eight digits with a leading 0
    return f"{base:08d}{97 - base % 97:02d}"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Entreprise {n} SRL")
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    enterprise_number = factory.Sequence(valid_enterprise_number)
    size = Company.Size.SMALL
    street = "Rue de l'Atelier 12"
    postcode = "1000"
    city = "Bruxelles"
    description = "Une entreprise bruxelloise qui forme des jeunes."
    languages = ["fr", "nl"]
    contact_name = "Sam Peeters"
    contact_email = factory.Sequence(lambda n: f"contact{n}@entreprise.be")

    class Params:
        verified = factory.Trait(status=Company.Status.VERIFIED)
        rejected = factory.Trait(status=Company.Status.REJECTED, status_reason="Numéro inconnu")
        suspended = factory.Trait(status=Company.Status.SUSPENDED)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.LazyAttribute(lambda _o: RecruiterFactory().user)
    role = Membership.Role.RECRUITER

    class Params:
        owner = factory.Trait(role=Membership.Role.OWNER)
        requested = factory.Trait(status=Membership.Status.REQUESTED)


class TeamInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamInvitation

    company = factory.SubFactory(CompanyFactory)
    email = factory.Sequence(lambda n: f"collegue{n}@entreprise.be")


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Électricien·ne de chantier {n}")
    headcount = 2
    contract_kinds = [ContractKind.INTERNSHIP]
    commune = "anderlecht"

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)
