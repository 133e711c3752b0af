"""The offer page: who reads which offer, what it says, why one may not apply, its JSON-LD."""

import html
import json
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from jobboard.job_posting import EMPLOYMENT_TYPES
from students.models import ContractKind
from tests.companies.factories import CompanyFactory
from tests.jobboard.factories import ApplicationFactory, OfferFactory, complete_profile
from tests.students.factories import ShortageOccupationFactory, TrackFactory

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def page(client, offer):
    return client.get(reverse("jobboard:offer_detail", kwargs={"pk": offer.pk}))


def text(response) -> str:
    return html.unescape(response.content.decode())


def json_ld(response) -> dict | None:
    found = JSON_LD.findall(response.content.decode())
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


# --- Who reads which offer ------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "pending", "rejected"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("visitor", 404),
        ("student", 404),
        ("other_recruiter", 404),
        ("recruiter", 200),
        ("colleague", 200),
        ("staff", 200),
    ],
)
def test_unpublished_offers_are_for_their_company_and_staff(
    persona_client, company, state, persona, status
):
    offer = OfferFactory(company=company, **({state: True} if state != "draft" else {}))
    response = page(persona_client(persona), offer)
    assert response.status_code == status
    if status == 200:
        content = text(response)
        assert "Cette offre n'est pas publiée" in content
        assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content
        assert json_ld(response) is None


@pytest.mark.parametrize("company_state", ["suspended", "pending"])
def test_offers_of_a_company_not_verified_are_404_for_the_public(
    client, recruiter, company, company_state
):
    company.status = company_state
    company.save()
    offer = OfferFactory(company=company, published=True)
    assert page(client, offer).status_code == 404
    client.force_login(recruiter)
    response = page(client, offer)
    assert response.status_code == 200
    assert json_ld(response) is None


@pytest.mark.parametrize(("state", "banner"), [("closed", "clôturée"), ("expired", "expiré")])
@pytest.mark.parametrize("persona", ["visitor", "student", "other_recruiter"])
def test_closed_and_expired_offers_are_readable_and_say_so(
    persona_client, student, company, state, banner, persona
):
    complete_profile(student.student_profile)
    offer = OfferFactory(company=company, **{state: True})
    response = page(persona_client(persona), offer)
    assert response.status_code == 200
    content = text(response)
    assert f"Cette offre {'est' if state == 'closed' else 'a'} {banner}" in content
    assert "n'accepte plus de candidatures" in content
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content
    assert json_ld(response) is None


def test_a_published_offer_past_its_end_is_expired_even_before_the_command(client, company):
    import datetime

    from django.utils import timezone

    offer = OfferFactory(
        company=company,
        published=True,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = page(client, offer)
    assert response.status_code == 200
    assert "Cette offre a expiré" in text(response)
    assert json_ld(response) is None


# --- What the page shows ----------------------------------------------------------------------


def test_the_page_shows_what_a_student_needs(client, company):
    company.logo.save("logo.png", ContentFile(PNG), save=True)
    shortage_track = TrackFactory(name_fr="Électricien installateur")
    ShortageOccupationFactory(tracks=[shortage_track], list_year=2024)
    quiet_track = TrackFactory(name_fr="Menuisier")
    offer = OfferFactory(
        company=company,
        published=True,
        title="Électricien·ne (alternance)",
        tracks=[shortage_track, quiet_track],
        pay_min=Decimal("12.50"),
        pay_max=Decimal("14.00"),
        pay_period="hour",
        places=3,
        commune="ixelles",
    )
    offer.languages.create(language="nl", level="intermediate")
    response = page(client, offer)
    content = text(response)
    assert "<h1" in content
    assert "Électricien·ne (alternance)" in content
    assert company.get_absolute_url() in content
    assert company.logo.url in content
    assert "Alternance (CEFA)" in content
    assert "Ixelles" in content
    assert "38 heures par semaine" in content
    assert "de 12,50 € à 14 €" in content
    assert "par heure" in content
    assert "Places" in content
    assert "<dd>3</dd>" in content
    assert "Néerlandais — niveau minimum : Moyen" in content
    assert "Publiée le" in content
    assert "Clôture le" in content
    assert "dès que possible" in content
    # The shortage badge goes with the track in shortage only.
    assert content.count("Métier en pénurie (2024)") == 1
    badge_at = content.index("Métier en pénurie (2024)")
    assert content.rindex("Électricien installateur", 0, badge_at) > content.rfind(
        "Menuisier", 0, badge_at
    )


# --- Apply, or why not ----------------------------------------------------------------------


def test_a_visitor_is_asked_to_log_in_and_comes_back(client, company):
    offer = OfferFactory(company=company, published=True)
    content = text(page(client, offer))
    assert "Connecte-toi ou crée un compte élève pour postuler" in content
    path = offer.get_absolute_url()
    assert f"{reverse('account_login')}?next={path}" in content
    assert f"{reverse('account_signup')}?next={path}" in content
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content


@pytest.mark.parametrize("persona", ["recruiter", "other_recruiter", "staff"])
def test_company_members_and_staff_cannot_apply(persona_client, company, persona):
    offer = OfferFactory(company=company, published=True)
    content = text(page(persona_client(persona), offer))
    assert "Seuls les élèves et diplômé·es peuvent postuler" in content
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content


def test_a_student_with_an_incomplete_profile_sees_what_is_missing(client, student, company):
    offer = OfferFactory(company=company, published=True)
    client.force_login(student)
    content = text(page(client, offer))
    assert "complète d'abord ton profil" in content
    assert "ton CV" in content
    assert "ta filière" in content
    assert reverse("students:profile_edit") in content
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content


def test_a_complete_student_gets_the_apply_button(client, student, company):
    complete_profile(student.student_profile)
    offer = OfferFactory(company=company, published=True)
    client.force_login(student)
    content = text(page(client, offer))
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) in content


@pytest.mark.parametrize("state", ["published", "closed"])
def test_a_student_who_applied_sees_when_with_a_link(client, student, company, state):
    profile = complete_profile(student.student_profile)
    offer = OfferFactory(company=company, **{state: True})
    application = ApplicationFactory(offer=offer, student=profile)
    client.force_login(student)
    content = text(page(client, offer))
    assert "Tu as postulé le" in content
    assert reverse("jobboard:my_application_detail", kwargs={"pk": application.pk}) in content
    assert reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}) not in content


# --- JSON-LD ----------------------------------------------------------------------------------


def test_json_ld_of_a_listed_offer_has_every_property(client, company):
    company.website = "https://firma-elektro.be"
    company.save()
    company.logo.save("logo.png", ContentFile(PNG), save=True)
    track = TrackFactory(isco_code="7411")
    offer = OfferFactory(
        company=company,
        published=True,
        title="Électricien·ne </script><b>",
        kind=ContractKind.PERMANENT,
        commune="anderlecht",
        tracks=[TrackFactory(), track],
        pay_min=Decimal("2300"),
        pay_max=Decimal("2600.50"),
        pay_period="month",
    )
    response = page(client, offer)
    assert "</script><b>" not in response.content.decode()
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Électricien·ne </script><b>"
    assert data["description"] == offer.description
    assert data["datePosted"] == offer.published_at.date().isoformat()
    assert data["validThrough"] == offer.expires_at.isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": company.name,
        "sameAs": "https://firma-elektro.be",
        "logo": f"http://testserver{company.logo.url}",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Anderlecht",
            "postalCode": "1070",
            "addressRegion": "Bruxelles-Capitale",
            "addressCountry": "BE",
        },
    }
    assert data["occupationalCategory"] == "ISCO-08 7411"
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 2300,
            "maxValue": 2600.5,
            "unitText": "MONTH",
        },
    }
    assert data["url"] == f"http://testserver{offer.get_absolute_url()}"


def test_json_ld_leaves_out_what_is_unknown(client, company):
    offer = OfferFactory(
        company=company, published=True, tracks=[TrackFactory()], commune="outside", postcode="1500"
    )
    data = json_ld(page(client, offer))
    assert "occupationalCategory" not in data
    assert "baseSalary" not in data
    assert "sameAs" not in data["hiringOrganization"]
    assert "logo" not in data["hiringOrganization"]
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "BE",
        "postalCode": "1500",
    }


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("cdi", "FULL_TIME"),
        ("cdd", "TEMPORARY"),
        ("interim", "TEMPORARY"),
        ("internship", "INTERN"),
        ("alternance", "INTERN"),
        ("student_job", "PART_TIME"),
    ],
)
def test_each_contract_kind_has_its_employment_type(client, db, kind, expected):
    assert EMPLOYMENT_TYPES[kind] == expected
    offer = OfferFactory(company=CompanyFactory(verified=True), published=True, kind=kind)
    assert json_ld(page(client, offer))["employmentType"] == expected
