"""Offers in the company area (write, preview, submit, edit, close) and their moderation."""

import datetime
import html
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_portal.models import AuditEntry
from companies.models import NeedLanguage
from jobboard import moderation
from jobboard.models import Offer, OfferLanguage
from jobboard.offers import OfferForm, OfferLanguageFormSet
from tests.companies.factories import CompanyFactory, MembershipFactory, NeedFactory
from tests.jobboard.factories import ApplicationFactory, OfferFactory
from tests.students.factories import SectorFactory, TrackFactory

CHANGELIST = "/admin/jobboard/offer/"


@pytest.fixture
def electricity(db):
    return SectorFactory(slug="electricite", name_fr="Électricité")


@pytest.fixture
def electrician(electricity):
    return TrackFactory(sector=electricity, slug="electricien", name_fr="Électricien installateur")


@pytest.fixture
def automation(electricity):
    return TrackFactory(sector=electricity, slug="automaticien", name_fr="Automaticien")


@pytest.fixture
def mason(db):
    construction = SectorFactory(slug="construction", name_fr="Construction")
    return TrackFactory(sector=construction, slug="macon", name_fr="Maçon")


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def offer_data(tracks, **overrides):
    data = {
        "title": "Électricien·ne de chantier",
        "language": "fr",
        "kind": "alternance",
        "tracks": [track.pk for track in tracks],
        "description": "Câbler des tableaux électriques\r\navec notre équipe.",
        "requirements": "Lecture de plans",
        "commune": "anderlecht",
        "postcode": "",
        "start_date": in_days(30),
        "hours_per_week": "38",
        "pay_min": "14,50",
        "pay_max": "16",
        "pay_period": "hour",
        "places": "2",
        "publication_days": "60",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "13",
        "languages-0-language": "nl",
        "languages-0-level": "intermediate",
        "languages-1-language": "",
        "languages-1-level": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(offer, **overrides):
    """The form as the edit page shows it for `offer` (languages included)."""
    rows = list(offer.languages.order_by("pk"))
    data = offer_data(
        list(offer.tracks.all()),
        title=offer.title,
        language=offer.language,
        kind=offer.kind,
        description=offer.description.replace("\n", "\r\n"),
        requirements=offer.requirements,
        commune=offer.commune,
        postcode=offer.postcode,
        start_date=offer.start_date.isoformat() if offer.start_date else "",
        hours_per_week=str(offer.hours_per_week or ""),
        pay_min="",
        pay_max="",
        pay_period="",
        places=str(offer.places),
        publication_days=str(offer.publication_days),
        **{
            "languages-TOTAL_FORMS": str(len(rows) + 1),
            "languages-INITIAL_FORMS": str(len(rows)),
            "languages-0-language": "",
            "languages-0-level": "",
            "languages-1-language": None,
            "languages-1-level": None,
        },
    )
    for index, row in enumerate(rows):
        data[f"languages-{index}-id"] = str(row.pk)
        data[f"languages-{index}-language"] = row.language
        data[f"languages-{index}-level"] = row.level
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def decide(client, action, offer, reason=""):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [offer.pk], "apply": "1", "reason": reason},
    )


def update_url(offer):
    return reverse("jobboard:company_offer_update", kwargs={"pk": offer.pk})


def preview_url(offer):
    return reverse("jobboard:company_offer_preview", kwargs={"pk": offer.pk})


def submit_url(offer):
    return reverse("jobboard:company_offer_submit", kwargs={"pk": offer.pk})


def close_url(offer):
    return reverse("jobboard:company_offer_close", kwargs={"pk": offer.pk})


# --- Writing an offer -----------------------------------------------------------------------


def test_a_member_writes_an_offer_which_starts_as_a_draft(
    client, recruiter, company, electrician, automation
):
    client.force_login(recruiter)
    page = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert "Nouvelle offre" in page
    # The company area's menu leads here.
    assert '<a href="/fr/company/offers/" aria-current="page">Offres</a>' in page
    form = client.get(reverse("jobboard:company_offer_create")).context["form"]
    assert form["publication_days"].value() == 60
    assert "à partir de la publication" in form.fields["publication_days"].help_text

    response = client.post(
        reverse("jobboard:company_offer_create"), offer_data([electrician, automation])
    )
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response.url == preview_url(offer)
    assert offer.company == company
    assert offer.created_by == recruiter
    assert offer.status == Offer.Status.DRAFT
    assert set(offer.tracks.all()) == {electrician, automation}
    assert offer.description == "Câbler des tableaux électriques\navec notre équipe."
    assert (offer.pay_min, offer.pay_max, offer.pay_period) == (
        Decimal("14.50"),
        Decimal("16.00"),
        "hour",
    )
    assert offer.places == 2
    assert offer.publication_days == 60
    assert [str(row) for row in offer.languages.all()] == ["Néerlandais (Moyen)"]
    assert not Offer.objects.listed().exists()

    listing = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert "Brouillon" in listing
    assert "Électricien·ne de chantier" in listing
    assert "0 candidature" in listing


def test_an_offer_starts_from_a_need(client, recruiter, company, electrician, mason):
    need = NeedFactory(
        company=company,
        title="Maçon·ne",
        contract_kinds=["cdd", "internship"],
        commune="outside",
        postcode="1500",
        headcount=3,
        key_skills="Coffrage, lecture de plans",
    )
    need.tracks.set([mason])
    NeedLanguage.objects.create(need=need, language="fr", level="fluent")
    NeedLanguage.objects.create(need=need, language="en", level="basic")
    client.force_login(recruiter)
    url = reverse("jobboard:company_offer_create") + f"?need={need.pk}"

    response = client.get(url)
    form, languages = response.context["form"], response.context["languages"]
    assert form["title"].value() == "Maçon·ne"
    assert form["kind"].value() == "cdd"
    assert [int(pk) for pk in form["tracks"].value()] == [mason.pk]
    assert (form["commune"].value(), form["postcode"].value()) == ("outside", "1500")
    assert form["places"].value() == 3
    assert [(f["language"].value(), f["level"].value()) for f in languages.forms[:2]] == [
        ("fr", "fluent"),
        ("en", "basic"),
    ]
    assert "À partir de votre besoin" in response.content.decode()

    data = offer_data(
        [mason],
        title="Maçon·ne",
        kind="cdd",
        commune="outside",
        postcode="1500",
        **{
            "languages-TOTAL_FORMS": "3",
            "languages-0-language": "fr",
            "languages-0-level": "fluent",
            "languages-1-language": "en",
            "languages-1-level": "basic",
            "languages-2-language": "",
            "languages-2-level": "",
        },
    )
    assert client.post(url, data).status_code == 302
    offer = Offer.objects.get()
    assert offer.need == need
    assert offer.place == "1500 (Hors de Bruxelles)"
    assert [str(row) for row in offer.languages.order_by("pk")] == [
        "Français (Courant)",
        "Anglais (Notions)",
    ]


def test_another_companys_need_cannot_start_an_offer(client, recruiter, other_company):
    need = NeedFactory(company=other_company)
    client.force_login(recruiter)
    base = reverse("jobboard:company_offer_create")
    assert client.get(f"{base}?need={need.pk}").status_code == 404
    assert client.get(f"{base}?need=abc").status_code == 404
    assert client.post(f"{base}?need={need.pk}", {}).status_code == 404
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"pay_min": "20", "pay_max": "15"},
            "pay_max",
            "Le salaire maximum doit être supérieur ou égal au minimum.",
        ),
        (
            {"pay_period": ""},
            "pay_period",
            "Précisez si le salaire est par heure ou par mois.",
        ),
        ({"pay_min": "-3"}, "pay_min", "Indiquez un montant positif."),
        (
            {"commune": "outside"},
            "postcode",
            "Indiquez le code postal du lieu de travail hors de Bruxelles.",
        ),
        (
            {"commune": "outside", "postcode": "15A0"},
            "postcode",
            "Un code postal belge a quatre chiffres, par exemple 1500.",
        ),
        (
            {"publication_days": "365"},
            "publication_days",
            "Une offre est publiée six mois au plus (183 jours).",
        ),
        ({"publication_days": "3"}, "publication_days", "Publiez l'offre au moins 7 jours."),
        ({"hours_per_week": "0"}, "hours_per_week", "Indiquez au moins une heure par semaine."),
        ({"hours_per_week": "61"}, "hours_per_week", "Indiquez 60 heures par semaine au plus."),
        (
            {"start_date": in_days(-1)},
            "start_date",
            "Cette date est passée. Indiquez une date à venir, ou laissez le champ vide.",
        ),
        ({"places": "0"}, "places", "Indiquez au moins une place."),
        ({"places": "101"}, "places", "Indiquez 100 places au plus."),
        ({"kind": ""}, "kind", "Choisissez le type de contrat."),
        ({"tracks": None}, "tracks", "Choisissez au moins une filière."),
        ({"description": "  "}, "description", "Décrivez le poste."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, recruiter, electrician, overrides, field, message
):
    client.force_login(recruiter)
    data = offer_data([electrician], title="Soudeur·euse TIG")
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(reverse("jobboard:company_offer_create"), data)
    assert response.status_code == 200
    assert not Offer.objects.exists()
    errors = response.context["form"].errors[field]
    assert message in errors, errors
    page = html.unescape(response.content.decode())
    assert message in page
    assert "L'offre n'est pas enregistrée" in page
    assert 'value="Soudeur·euse TIG"' in page
    assert "Lecture de plans" in page


def test_a_duplicate_language_is_refused_on_its_row(client, recruiter, electrician):
    client.force_login(recruiter)
    data = offer_data(
        [electrician], **{"languages-1-language": "nl", "languages-1-level": "fluent"}
    )
    response = client.post(reverse("jobboard:company_offer_create"), data)
    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert response.context["languages"].forms[1].errors["language"] == [
        "Cette langue est déjà demandée pour cette offre."
    ]
    page = html.unescape(response.content.decode())
    assert "Cette langue est déjà demandée pour cette offre." in page
    assert 'value="Électricien·ne de chantier"' in page


def test_the_postcode_and_a_lone_pay_period_are_cleared(client, recruiter, electrician):
    client.force_login(recruiter)
    client.post(
        reverse("jobboard:company_offer_create"),
        offer_data([electrician], commune="ixelles", postcode="1500", pay_min="", pay_max=""),
    )
    offer = Offer.objects.get()
    assert (offer.postcode, offer.place) == ("", "Ixelles")
    assert (offer.pay_min, offer.pay_max, offer.pay_period) == (None, None, "")


# --- Preview and submission -----------------------------------------------------------------


def test_preview_then_submit_sends_the_offer_to_moderation(client, colleague, company, electrician):
    offer = OfferFactory(company=company, tracks=[electrician], title="Câbleur·euse")
    OfferLanguage.objects.create(offer=offer, language="fr", level="fluent")
    client.force_login(colleague)
    page = client.get(preview_url(offer)).content.decode()
    assert "Câbleur·euse" in page
    assert "Installer et entretenir des tableaux électriques" in page
    assert "Électricien installateur" in page
    assert "Soumettre à la modération" in page
    assert submit_url(offer) in page

    response = client.post(submit_url(offer))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert offer.submitted_at is not None
    assert AuditEntry.objects.get().action == "offer.submit"
    listing = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert "En attente de modération" in listing
    assert "Soumettre à la modération" not in client.get(preview_url(offer)).content.decode()


def test_an_unverified_company_prepares_offers_but_cannot_submit(client, electrician):
    pending_company = CompanyFactory()
    member = MembershipFactory(company=pending_company, owner=True).user
    client.force_login(member)
    listing = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert "seule une entreprise vérifiée peut les soumettre" in listing
    response = client.post(reverse("jobboard:company_offer_create"), offer_data([electrician]))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert "Soumettre à la modération" not in client.get(preview_url(offer)).content.decode()

    response = client.post(submit_url(offer), follow=True)
    assert "Seule une entreprise vérifiée peut soumettre des offres." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    with pytest.raises(ValidationError):
        moderation.submit_offer(offer, by=member)
    assert not AuditEntry.objects.exists()


# --- Moderation by staff --------------------------------------------------------------------


def test_staff_publish_in_the_admin_and_members_are_told_in_their_language(
    client, staff, company, recruiter, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    colleague.preferred_language = "nl"
    colleague.save()
    offer = OfferFactory(company=company, pending=True, publication_days=90)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "publish", offer)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.expires_at == offer.published_at + datetime.timedelta(days=90)
    assert Offer.objects.listed().filter(pk=offer.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (staff, "offer.publish", str(offer.pk))

    bodies = {message.to[0]: message for message in mailoutbox}
    assert set(bodies) == {"pieter@firma.be", "sofie@firma.be"}
    assert "/fr/company/offers/" in bodies["pieter@firma.be"].body
    assert "/nl/company/offers/" in bodies["sofie@firma.be"].body
    assert f"/fr/jobs/{offer.pk}/" in bodies["pieter@firma.be"].body
    assert offer.title in bodies["pieter@firma.be"].subject


def test_staff_cannot_publish_an_offer_of_an_unverified_company(client, staff):
    offer = OfferFactory(company=CompanyFactory(suspended=True), pending=True)
    client.force_login(staff)
    response = decide(client, "publish", offer)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("n'est pas vérifiée" in message for message in messages), messages
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert not AuditEntry.objects.exists()


def test_rejecting_needs_a_reason_which_members_receive(
    client, staff, company, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    offer = OfferFactory(company=company, pending=True)
    client.force_login(staff)
    response = decide(client, "reject", offer, reason="")
    assert response.status_code == 200
    assert "Indiquez le motif de la décision." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING

    reason = "Le salaire d'un·e apprenti·e CEFA doit être indiqué."
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, "reject", offer, reason=reason)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.REJECTED
    assert offer.rejection_reason == reason
    (message,) = mailoutbox
    assert message.to == ["pieter@firma.be"]
    assert reason in message.body
    assert update_url(offer) in message.body
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == ("offer.reject", reason)


def test_a_rejected_offer_is_edited_and_resubmitted(client, recruiter, company, electrician):
    offer = OfferFactory(company=company, rejected=True, tracks=[electrician])
    client.force_login(recruiter)
    page = client.get(preview_url(offer)).content.decode()
    assert "Texte incomplet." in page
    assert "Texte incomplet." in client.get(update_url(offer)).content.decode()

    response = client.post(
        update_url(offer), edit_data(offer, description="Un texte complet, enfin.")
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.description == "Un texte complet, enfin."
    assert offer.status == Offer.Status.REJECTED

    client.post(submit_url(offer))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING


def test_illegal_transitions_raise_and_are_refused_in_the_admin(client, staff, company):
    with pytest.raises(ValidationError):
        OfferFactory(company=company).publish()
    with pytest.raises(ValidationError):
        OfferFactory(company=company, published=True).submit()
    with pytest.raises(ValidationError):
        OfferFactory(company=company, pending=True).close()
    with pytest.raises(ValidationError):
        OfferFactory(company=company, closed=True).back_to_moderation()
    with pytest.raises(ValidationError):
        OfferFactory(company=company, pending=True).reject("  ")

    draft = OfferFactory(company=company)
    published = OfferFactory(company=company, published=True)
    client.force_login(staff)
    response = client.post(
        CHANGELIST,
        {
            "action": "publish",
            ACTION_CHECKBOX_NAME: [draft.pk, published.pk],
            "apply": "1",
            "reason": "",
        },
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert sum("Impossible de publier" in message for message in messages) == 2, messages
    draft.refresh_from_db()
    assert draft.status == Offer.Status.DRAFT
    decide(client, "reject", published, reason="Trop tard.")
    published.refresh_from_db()
    assert published.status == Offer.Status.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_the_admin_lists_filters_and_shows_status_fields_read_only(
    client, staff, company, electrician
):
    offer = OfferFactory(company=company, pending=True, tracks=[electrician])
    other = OfferFactory(company=company, published=True, title="Boulanger·ère")
    client.force_login(staff)
    response = client.get(f"{CHANGELIST}{offer.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "expires_at" not in form.fields
    assert "title" in form.fields
    changelist = client.get(
        CHANGELIST,
        {
            "status__exact": "pending",
            "kind__exact": "alternance",
            "company__status__exact": "verified",
            "tracks__sector__id__exact": str(electrician.sector.pk),
            "language__exact": "fr",
            "q": "Firma",
        },
    )
    assert changelist.status_code == 200
    shown = list(changelist.context["cl"].result_list)
    assert shown == [offer]
    assert other not in shown


# --- Editing a published offer --------------------------------------------------------------


def test_a_change_of_substance_warns_first_then_goes_back_to_moderation(
    client, recruiter, company, electrician
):
    offer = OfferFactory(company=company, published=True, tracks=[electrician])
    client.force_login(recruiter)
    data = edit_data(offer, title="Électricien·ne industriel·le", places="3")

    response = client.post(update_url(offer), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Cette modification renvoie l'offre en modération" in page
    assert 'value="Électricien·ne industriel·le"' in page
    assert 'name="confirm_substance"' in page
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.title != "Électricien·ne industriel·le"
    assert offer.places == 1

    response = client.post(update_url(offer), {**data, "confirm_substance": "on"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING
    assert (offer.title, offer.places) == ("Électricien·ne industriel·le", 3)
    assert not Offer.objects.listed().filter(pk=offer.pk).exists()
    assert AuditEntry.objects.get().action == "offer.back_to_moderation"


def test_other_changes_to_a_published_offer_apply_at_once(client, recruiter, company, electrician):
    offer = OfferFactory(
        company=company,
        published=True,
        tracks=[electrician],
        description="Première ligne\nDeuxième ligne",
    )
    client.force_login(recruiter)
    # The browser sends the unchanged text with CRLF line breaks: not a change of substance.
    response = client.post(update_url(offer), edit_data(offer, places="4"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.places == 4
    assert offer.description == "Première ligne\nDeuxième ligne"
    assert Offer.objects.listed().filter(pk=offer.pk).exists()


def test_a_longer_publication_moves_the_end_of_a_published_offer(client, recruiter, company):
    offer = OfferFactory(
        company=company,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=55),
        expires_at=timezone.now() + datetime.timedelta(days=5),
        expiry_reminder_sent_at=timezone.now(),
    )
    offer.tracks.set([TrackFactory()])
    client.force_login(recruiter)
    response = client.post(update_url(offer), edit_data(offer, publication_days="20"))
    assert response.status_code == 200
    assert "L'offre est publiée depuis 55 jours : indiquez au moins 56 jours." in html.unescape(
        response.content.decode()
    )
    client.post(update_url(offer), edit_data(offer, publication_days="120"))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert offer.expires_at == offer.published_at + datetime.timedelta(days=120)
    assert offer.expiry_reminder_sent_at is None


def test_an_edit_made_while_the_offer_moved_is_refused_and_kept(company, recruiter, electrician):
    offer = OfferFactory(company=company, published=True, tracks=[electrician])
    data = edit_data(offer, places="5")
    form = OfferForm(data, instance=offer)
    languages = OfferLanguageFormSet(data, instance=offer, prefix="languages")
    assert form.is_valid()
    assert languages.is_valid()
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.EXPIRED)
    with pytest.raises(ValidationError, match="a changé entre-temps"):
        moderation.save_offer_edit(offer, form=form, languages=languages, by=recruiter)
    stored = Offer.objects.get(pk=offer.pk)
    assert (stored.status, stored.places) == (Offer.Status.EXPIRED, 1)


def test_closing_a_published_offer(client, colleague, company):
    offer = OfferFactory(company=company, published=True)
    ApplicationFactory(offer=offer)
    client.force_login(colleague)
    page = client.get(preview_url(offer)).content.decode()
    assert close_url(offer) in page
    listing = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert "1 candidature" in listing

    assert client.post(close_url(offer)).status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CLOSED
    assert offer.closed_at is not None
    assert not Offer.objects.listed().filter(pk=offer.pk).exists()
    assert Offer.objects.readable().filter(pk=offer.pk).exists()
    # A closed offer cannot be edited any more: the edit page leads to its preview.
    response = client.get(update_url(offer))
    assert response.status_code == 302
    assert response.url == preview_url(offer)

    draft = OfferFactory(company=company)
    response = client.post(close_url(draft), follow=True)
    assert "Impossible de clôturer" in html.unescape(response.content.decode())
    draft.refresh_from_db()
    assert draft.status == Offer.Status.DRAFT


def test_the_list_groups_offers_by_status_in_constant_queries(client, recruiter, company):
    client.force_login(recruiter)
    client.get(reverse("jobboard:company_offer_list"))

    def queries_for(count):
        Offer.objects.all().delete()
        for _n in range(count):
            ApplicationFactory(offer=OfferFactory(company=company, published=True))
            OfferFactory(company=company, pending=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("jobboard:company_offer_list"))
        assert response.status_code == 200
        return len(captured), response

    few, _response = queries_for(2)
    many, response = queries_for(8)
    assert few == many
    labels = [group["label"] for group in response.context["groups"]]
    assert labels == ["En attente de modération", "Publiées"]
    assert [len(group["offers"]) for group in response.context["groups"]] == [8, 8]


# --- Expiry and reminders -------------------------------------------------------------------


def test_expire_offers_ends_the_published_offers_past_their_end(company, capsys):
    now = timezone.now()
    past = OfferFactory(
        company=company, published=True, expires_at=now - datetime.timedelta(hours=1)
    )
    current = OfferFactory(company=company, published=True)
    closed = OfferFactory(company=company, closed=True, expires_at=now - datetime.timedelta(days=1))
    # Even before the command runs, the list no longer shows the offer past its end.
    assert list(Offer.objects.listed()) == [current]

    call_command("expire_offers")
    assert "Offers expired: 1" in capsys.readouterr().out
    statuses = {o.pk: o.status for o in Offer.objects.all()}
    assert statuses == {
        past.pk: Offer.Status.EXPIRED,
        current.pk: Offer.Status.PUBLISHED,
        closed.pk: Offer.Status.CLOSED,
    }
    assert moderation.expire_offers(now=timezone.now()) == 0


def test_members_are_reminded_once_a_week_before_the_end(
    company, recruiter, colleague, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    now = timezone.now()
    soon = OfferFactory(
        company=company, published=True, expires_at=now + datetime.timedelta(days=3)
    )
    OfferFactory(company=company, published=True, expires_at=now + datetime.timedelta(days=10))
    OfferFactory(company=company, pending=True, expires_at=now + datetime.timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_expiring_offers")
    assert "Offers reminded of their end: 1" in capsys.readouterr().out
    assert sorted(message.to[0] for message in mailoutbox) == ["pieter@firma.be", "sofie@firma.be"]
    assert all(soon.title in message.subject for message in mailoutbox)
    assert all(update_url(soon) in message.body for message in mailoutbox)
    soon.refresh_from_db()
    assert soon.expiry_reminder_sent_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.remind_expiring_offers(now=timezone.now()) == 0
    assert len(mailoutbox) == 2


# --- Another company's offer ----------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "published"])
def test_another_companys_offer_is_404_on_every_route_and_unchanged(
    client, other_recruiter, company, electrician, state
):
    traits = {"published": True} if state == "published" else {}
    offer = OfferFactory(company=company, tracks=[electrician], **traits)
    before = Offer.objects.values().get(pk=offer.pk)
    client.force_login(other_recruiter)
    for url in (update_url(offer), preview_url(offer)):
        assert client.get(url).status_code == 404
    for url in (update_url(offer), submit_url(offer), close_url(offer), preview_url(offer)):
        response = client.post(url, edit_data(offer, title="Piraté", confirm_substance="on"))
        assert response.status_code == 404, url
    assert Offer.objects.values().get(pk=offer.pk) == before
    assert not AuditEntry.objects.exists()
    listing = client.get(reverse("jobboard:company_offer_list")).content.decode()
    assert offer.title not in listing


# --- Demo data ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_offers_load_once(settings, capsys):
    settings.DEBUG = True
    for _run in range(2):
        call_command("load_reference", verbosity=0)
        call_command("load_demo")
    capsys.readouterr()
    assert Offer.objects.count() == 12
    assert Offer.objects.listed().count() == 10
    assert Offer.objects.filter(status=Offer.Status.PENDING).count() == 1
    assert Offer.objects.filter(status=Offer.Status.DRAFT).count() == 1
    assert Offer.objects.filter(language="nl").count() == 2
    assert Offer.objects.filter(language="en").count() == 1
    assert not Offer.objects.filter(tracks__isnull=True).exists()
    assert Offer.objects.filter(need__isnull=False).count() >= 4
