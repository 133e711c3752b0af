import datetime
import io

import factory
from django.utils import timezone
from pypdf import PdfWriter

from students.models import (
    ContractKind,
    Sector,
    ShortageOccupation,
    StudentLanguage,
    StudentProfile,
    Track,
)
from tests.factories import UserFactory


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, real PDF."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"secteur-{n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")
    name_nl = factory.Sequence(lambda n: f"Sector {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n} (en)")
    position = factory.Sequence(int)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ["slug"]

    sector = factory.SubFactory(SectorFactory)
    slug = factory.Sequence(lambda n: f"filiere-{n}")
    name_fr = factory.Sequence(lambda n: f"Électricien·ne {n}")
    name_nl = factory.Sequence(lambda n: f"Elektricien {n}")
    name_en = factory.Sequence(lambda n: f"Electrician {n}")
    description_fr = "Installer et dépanner des installations électriques."
    occupations_fr = "Électricien·ne industriel·le\nTechnicien·ne de maintenance"
    form = Track.Form.TECHNICAL


class ShortageOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortageOccupation
        skip_postgeneration_save = True

    name_fr = factory.Sequence(lambda n: f"Fonction critique {n}")
    list_year = 2024

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)

    class Params:
        # A profile with everything a student needs to apply, CV included.
        complete = factory.Trait(
            track=factory.SubFactory(TrackFactory),
            status=StudentProfile.Status.YEAR_6,
            date_of_birth=datetime.date(2009, 3, 14),
            contract_kinds=[ContractKind.INTERNSHIP],
            cv=factory.django.FileField(filename="cv.pdf", data=pdf_bytes()),
            cv_uploaded_at=factory.LazyFunction(timezone.now),
            language=factory.RelatedFactory(
                "tests.students.factories.StudentLanguageFactory", factory_related_name="profile"
            ),
        )


class StudentLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentLanguage

    profile = factory.SubFactory(StudentFactory)
    language = "fr"
    level = StudentLanguage.Level.NATIVE
