"""A company member creates a company or asks to join one; the profile and its checks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from companies.models import Company, Membership
from tests.companies.factories import CompanyFactory, RecruiterFactory, valid_enterprise_number
from tests.students.factories import SectorFactory


@pytest.fixture
def newcomer(db):
    """A company member who just confirmed their address: no company yet."""
    return RecruiterFactory(user__first_name="Nadia", user__email="nadia@garage.be").user


@pytest.fixture
def sector(db):
    return SectorFactory(slug="industrie", name_fr="Industrie")


def company_data(sector, **overrides):
    data = {
        "name": "Garage Nadia",
        "legal_name": "Garage Nadia SRL",
        "enterprise_number": "BE 0403.170.701",
        "sectors": [sector.pk],
        "size": "1-9",
        "street": "Chaussée de Mons 100",
        "postcode": "1070",
        "city": "Anderlecht",
        "website": "https://garage-nadia.example",
        "description": "Réparation et entretien de voitures.",
        "languages": ["fr", "nl"],
        "contact_name": "Nadia Benali",
        "contact_email": "nadia@garage.be",
        "contact_phone": "02 520 00 00",
    }
    data.update(overrides)
    return data


def png(size=(800, 400), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format=fmt)
    return buffer.getvalue()


def test_newcomer_sees_the_two_ways_in(client, newcomer):
    client.force_login(newcomer)
    content = client.get(reverse("companies:area")).content.decode()
    assert "Inscrire mon entreprise" in content
    assert "Demander à rejoindre" in content


def test_creating_a_company_makes_it_pending_with_its_creator_as_owner(client, newcomer, sector):
    client.force_login(newcomer)
    response = client.post(reverse("companies:profile"), company_data(sector))
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.enterprise_number == "0403170701"
    assert company.status == Company.Status.PENDING
    assert company.slug == "garage-nadia"
    assert company.created_by == newcomer
    assert Membership.objects.get(user=newcomer).is_owner
    dashboard = client.get(reverse("companies:area")).content.decode()
    assert "En attente de vérification" in dashboard
    # Not public while pending.
    assert client.get(company.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"enterprise_number": "0403.170.702"}, "enterprise_number", "ne correspondent pas"),
        ({"enterprise_number": "403170701"}, "enterprise_number", "dix chiffres"),
        ({"enterprise_number": "BE04O3170701"}, "enterprise_number", "que des chiffres"),
        ({"postcode": "10700"}, "postcode", "quatre chiffres"),
        ({"sectors": []}, "sectors", "au moins un secteur"),
        ({"languages": []}, "languages", "au moins une langue"),
        ({"website": "pas un site"}, "website", "URL valide"),
        ({"contact_email": "nadia@"}, "contact_email", "adresse de courriel valide"),
    ],
)
def test_bad_input_is_refused_and_the_rest_of_the_form_is_kept(
    client, newcomer, sector, overrides, field, message
):
    client.force_login(newcomer)
    response = client.post(reverse("companies:profile"), company_data(sector, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    content = response.content.decode()
    assert "Réparation et entretien de voitures." in content
    assert 'value="Chaussée de Mons 100"' in content
    assert not Company.objects.exists()


def test_a_number_already_used_offers_to_join_instead(client, newcomer, sector):
    existing = CompanyFactory(enterprise_number="0403170701", name="Garage Existant")
    client.force_login(newcomer)
    response = client.post(reverse("companies:profile"), company_data(sector))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Garage Existant est déjà inscrite" in content
    assert "Demander à rejoindre Garage Existant" in content
    assert Company.objects.count() == 1
    # Asking to join creates a pending request and tells the owners.
    owner = RecruiterFactory(user__email="owner@existant.be", user__preferred_language="nl").user
    Membership.objects.create(company=existing, user=owner, role=Membership.Role.OWNER)
    response = client.post(reverse("companies:join_request"), {"enterprise_number": "0403170701"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.status == Membership.Status.REQUESTED
    assert "Demande en attente" in client.get(reverse("companies:area")).content.decode()


def test_join_request_emails_the_owners_in_their_language(
    client, newcomer, company, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    recruiter.preferred_language = "nl"
    recruiter.save()
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("companies:join_request"),
            {"enterprise_number": company.enterprise_number_display},
        )
    assert [message.to for message in mailoutbox] == [[recruiter.email]]
    assert "/nl/company/team/" in mailoutbox[0].body


def test_join_request_for_an_unknown_number_says_so(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("companies:join_request"),
        {"enterprise_number": valid_enterprise_number(99)},
        follow=True,
    )
    assert "Aucune entreprise n&#x27;est inscrite avec ce numéro" in response.content.decode()
    assert not Membership.objects.exists()


def test_a_pending_request_can_be_cancelled(client, newcomer, company):
    Membership.objects.create(company=company, user=newcomer, status=Membership.Status.REQUESTED)
    client.force_login(newcomer)
    client.post(reverse("companies:join_request"), {"cancel": "1"})
    assert not Membership.objects.filter(user=newcomer).exists()


def test_requested_member_has_no_access_to_the_company_pages(client, newcomer, company):
    Membership.objects.create(company=company, user=newcomer, status=Membership.Status.REQUESTED)
    client.force_login(newcomer)
    response = client.get(reverse("companies:profile"))
    assert response.status_code == 302
    assert response.url == reverse("companies:area")


def test_a_member_edits_the_profile_but_not_the_verified_number(client, recruiter, company, sector):
    client.force_login(recruiter)
    data = company_data(
        sector, enterprise_number=valid_enterprise_number(50), name="Firma Elektro NV"
    )
    response = client.post(reverse("companies:profile"), data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Firma Elektro NV"
    assert company.enterprise_number != valid_enterprise_number(50)


def test_logo_is_checked_resized_and_kept_in_the_public_store(client, newcomer, sector, settings):
    client.force_login(newcomer)
    data = company_data(sector)
    data["logo"] = SimpleUploadedFile("logo.jpg", png(fmt="JPEG"), content_type="image/jpeg")
    assert client.post(reverse("companies:profile"), data).status_code == 302
    company = Company.objects.get()
    assert company.logo.url.startswith("/media/logos/")
    with Image.open(company.logo.open("rb")) as stored:
        assert stored.format == "PNG"
        assert stored.width <= 400


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not an image", "logo.png", "pas une image"),
        (b"", "logo.png", "vide"),
        (b"GIF89a" + b"\x00" * 50, "logo.gif", "pas une image"),
        (png() + b"\x00" * (2 * 1024 * 1024), "logo.png", "2 Mo"),
    ],
)
def test_bad_logos_are_refused(client, newcomer, sector, content, name, message):
    client.force_login(newcomer)
    data = company_data(sector)
    data["logo"] = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(reverse("companies:profile"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo"])
    assert not Company.objects.exists()


def test_a_student_cannot_create_a_company(client, student, sector):
    client.force_login(student)
    assert client.post(reverse("companies:profile"), company_data(sector)).status_code == 403
    assert not Company.objects.exists()
