"""Companies' needs: declaring them, keeping them up to date, and staff's view and export."""

import csv
import datetime
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Need, NeedLanguage
from companies.needs import needs_csv
from tests.companies.factories import CompanyFactory, MembershipFactory, NeedFactory
from tests.students.factories import SectorFactory, TrackFactory


@pytest.fixture
def electricity(db):
    return SectorFactory(slug="electricite", name_fr="Électricité")


@pytest.fixture
def construction(db):
    return SectorFactory(slug="construction", name_fr="Construction")


@pytest.fixture
def electrician(electricity):
    return TrackFactory(sector=electricity, slug="electricien", name_fr="Électricien installateur")


@pytest.fixture
def automation(electricity):
    return TrackFactory(sector=electricity, slug="automaticien", name_fr="Automaticien")


@pytest.fixture
def mason(construction):
    return TrackFactory(sector=construction, slug="macon", name_fr="Maçon")


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def need_data(tracks, **overrides):
    data = {
        "title": "Électricien·ne de chantier",
        "tracks": [track.pk for track in tracks],
        "headcount": "3",
        "contract_kinds": ["cdi", "alternance"],
        "desired_start": in_days(60),
        "driving_licence": "b",
        "key_skills": "Lecture de plans, câblage",
        "commune": "anderlecht",
        "postcode": "",
        "remarks": "Horaires de jour",
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


def languages_of(need):
    return [str(language) for language in need.languages.order_by("pk")]


# --- Declaring and listing ------------------------------------------------------------------


def test_a_member_declares_two_needs_and_sees_them_listed(
    client, recruiter, company, electrician, automation, mason
):
    client.force_login(recruiter)
    response = client.post(reverse("companies:need_create"), need_data([electrician, automation]))
    assert response.status_code == 302
    assert response.url == reverse("companies:need_list")
    response = client.post(
        reverse("companies:need_create"),
        need_data(
            [mason],
            title="Maçon·ne",
            headcount="1",
            contract_kinds=["internship"],
            commune="outside",
            postcode="1500",
            driving_licence="",
            desired_start="",
            **{
                "languages-0-language": "fr",
                "languages-0-level": "fluent",
                "languages-1-language": "en",
                "languages-1-level": "basic",
            },
        ),
    )
    assert response.status_code == 302

    electric, masonry = company.needs.order_by("pk")
    assert electric.title == "Électricien·ne de chantier"
    assert set(electric.tracks.all()) == {electrician, automation}
    assert electric.headcount == 3
    assert electric.contract_kinds == ["cdi", "alternance"]
    assert electric.driving_licence == "b"
    assert electric.status == Need.Status.OPEN
    assert languages_of(electric) == ["Néerlandais (Moyen)"]
    assert masonry.place == "1500 (Hors de Bruxelles)"
    assert masonry.desired_start is None
    assert masonry.driving_licence == ""
    assert languages_of(masonry) == ["Français (Courant)", "Anglais (Notions)"]

    page = client.get(reverse("companies:need_list")).content.decode()
    assert "Pourquoi la Ville vous pose ces questions" in page
    for text in (
        "Électricien·ne de chantier",
        "Électricien installateur",
        "Automaticien",
        "CDI (contrat à durée indéterminée)",
        "Alternance (CEFA)",
        "Anderlecht",
        "Maçon·ne",
        "1500 (Hors de Bruxelles)",
        "Stage",
        "Néerlandais (Moyen)",
        "Ouvert",
        reverse("companies:need_update", kwargs={"pk": electric.pk}),
    ):
        assert text in page


def test_the_contract_kinds_are_kept_in_the_lists_order(client, recruiter, company, electrician):
    client.force_login(recruiter)
    client.post(
        reverse("companies:need_create"),
        need_data([electrician], contract_kinds=["student_job", "cdi"]),
    )
    assert company.needs.get().contract_kinds == ["cdi", "student_job"]


def test_a_new_need_is_open_and_its_form_has_no_status(client, recruiter, electrician):
    client.force_login(recruiter)
    response = client.get(reverse("companies:need_create"))
    assert "status" not in response.context["form"].fields
    response = client.post(
        reverse("companies:need_create"), need_data([electrician], status="filled")
    )
    assert Need.objects.get().status == Need.Status.OPEN


def test_a_colleague_marks_a_need_filled_and_it_moves_down_the_list(
    client, colleague, company, electrician
):
    need = NeedFactory(company=company, tracks=[electrician], title="Câbleur·euse")
    NeedLanguage.objects.create(need=need, language="nl", level="basic")
    client.force_login(colleague)
    page = client.get(need.get_absolute_url())
    assert page.status_code == 200
    assert page.context["form"]["status"].value() == "open"
    data = need_data(
        [electrician],
        title="Câbleur·euse",
        status="filled",
        **{
            "languages-TOTAL_FORMS": "3",
            "languages-INITIAL_FORMS": "1",
            "languages-0-id": str(need.languages.get().pk),
            "languages-0-language": "nl",
            "languages-0-level": "fluent",
        },
    )
    response = client.post(need.get_absolute_url(), data)
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.FILLED
    assert languages_of(need) == ["Néerlandais (Courant)"]
    listing = client.get(reverse("companies:need_list"))
    assert listing.context["open_needs"] == []
    assert listing.context["closed_needs"] == [need]
    assert "Pourvu" in listing.content.decode()


def test_withdrawing_an_old_need_keeps_its_past_start_date(client, recruiter, company, electrician):
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    need = NeedFactory(company=company, tracks=[electrician], desired_start=long_ago)
    client.force_login(recruiter)
    response = client.post(
        need.get_absolute_url(),
        need_data([electrician], status="withdrawn", desired_start=long_ago.isoformat()),
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.WITHDRAWN
    assert need.desired_start == long_ago


def test_a_language_can_be_removed(client, recruiter, company, electrician):
    need = NeedFactory(company=company, tracks=[electrician])
    language = NeedLanguage.objects.create(need=need, language="nl", level="basic")
    client.force_login(recruiter)
    data = need_data(
        [electrician],
        status="open",
        **{
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "1",
            "languages-0-id": str(language.pk),
            "languages-0-language": "nl",
            "languages-0-level": "basic",
            "languages-0-DELETE": "on",
        },
    )
    assert client.post(need.get_absolute_url(), data).status_code == 302
    assert not need.languages.exists()


def test_a_pending_company_can_already_declare_needs(client, electrician):
    pending = CompanyFactory()
    assert pending.status == Company.Status.PENDING
    member = MembershipFactory(company=pending, owner=True).user
    client.force_login(member)
    page = client.get(reverse("companies:need_create")).content.decode()
    assert "vos besoins ne sont visibles que par l'équipe du campus" in page
    response = client.post(reverse("companies:need_create"), need_data([electrician]))
    assert response.status_code == 302
    assert pending.needs.count() == 1
    assert not Need.objects.public().exists()


def test_the_list_costs_the_same_queries_for_2_and_10_needs(client, recruiter, company, mason):
    client.force_login(recruiter)
    client.get(reverse("companies:need_list"))  # the session's first request costs more

    def queries_for(count):
        Need.objects.all().delete()
        for _n in range(count):
            need = NeedFactory(company=company, tracks=[mason])
            NeedLanguage.objects.create(need=need, language="fr", level="fluent")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("companies:need_list")).status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(10)


def test_the_form_groups_the_tracks_by_sector(client, recruiter, electrician, automation, mason):
    client.force_login(recruiter)
    form = client.get(reverse("companies:need_create")).context["form"]
    groups = [
        (sector, [box.choice_label for box in boxes]) for sector, boxes, _n in form.track_groups()
    ]
    assert ("Électricité", ["Automaticien", "Électricien installateur"]) in groups
    assert ("Construction", ["Maçon"]) in groups


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"contract_kinds": None}, "contract_kinds", "Choisissez au moins un type de contrat."),
        (
            {"contract_kinds": ["cdx"]},
            "contract_kinds",
            "Choisissez un type de contrat dans la liste.",
        ),
        ({"headcount": "0"}, "headcount", "Indiquez au moins une personne."),
        ({"headcount": "10000"}, "headcount", "Indiquez 500 personnes au plus."),
        ({"headcount": "abc"}, "headcount", "Indiquez un nombre entier, par exemple 2."),
        ({"title": "  "}, "title", "Donnez un intitulé au besoin."),
        ({"tracks": None}, "tracks", "Choisissez au moins une filière."),
        (
            {"tracks": ["99999"]},
            "tracks",
            "Cette filière n'existe pas : choisissez-la dans la liste.",
        ),
        (
            {"tracks": ["abc"]},
            "tracks",
            "Cette filière n'existe pas : choisissez-la dans la liste.",
        ),
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
            {"commune": "outside", "postcode": "0999"},
            "postcode",
            "Un code postal belge a quatre chiffres, par exemple 1500.",
        ),
        ({"commune": ""}, "commune", "Choisissez la commune du lieu de travail."),
        (
            {"desired_start": "2020-01-01"},
            "desired_start",
            "Cette date est passée depuis plus d'un mois. Indiquez une date à venir.",
        ),
        (
            {"desired_start": in_days(800)},
            "desired_start",
            "Indiquez une date dans les deux prochaines années.",
        ),
        ({"desired_start": "31/02/2026"}, "desired_start", "Saisissez une date valide."),
        ({"driving_licence": "none"}, "driving_licence", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, recruiter, electrician, overrides, field, message
):
    client.force_login(recruiter)
    data = need_data([electrician], title="Soudeur·euse TIG")
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    if field == "title":
        data["key_skills"] = "Soudure TIG sur inox"
    response = client.post(reverse("companies:need_create"), data)
    assert response.status_code == 200
    assert not Need.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors), errors
    page = html.unescape(response.content.decode())
    assert message in page
    assert "Le besoin n'est pas enregistré" in page
    # What the member typed is still there.
    if field == "title":
        assert "Soudure TIG sur inox" in page
    else:
        assert 'value="Soudeur·euse TIG"' in page
        assert "Lecture de plans, câblage" in page


def test_a_duplicate_language_is_refused_on_its_row(client, recruiter, electrician):
    client.force_login(recruiter)
    data = need_data(
        [electrician],
        **{"languages-1-language": "nl", "languages-1-level": "fluent"},
    )
    response = client.post(reverse("companies:need_create"), data)
    assert response.status_code == 200
    assert not Need.objects.exists()
    languages = response.context["languages"]
    assert languages.forms[1].errors["language"] == [
        "Cette langue est déjà demandée pour ce besoin."
    ]
    page = response.content.decode()
    assert "Cette langue est déjà demandée pour ce besoin." in page
    assert 'value="Électricien·ne de chantier"' in page


def test_a_language_without_level_is_refused(client, recruiter, electrician):
    client.force_login(recruiter)
    data = need_data([electrician], **{"languages-1-language": "de"})
    response = client.post(reverse("companies:need_create"), data)
    assert response.status_code == 200
    assert response.context["languages"].forms[1].errors["level"] == [
        "Choisissez le niveau minimal."
    ]


def test_the_postcode_is_cleared_inside_brussels(client, recruiter, electrician):
    client.force_login(recruiter)
    client.post(
        reverse("companies:need_create"),
        need_data([electrician], commune="ixelles", postcode="1500"),
    )
    need = Need.objects.get()
    assert need.postcode == ""
    assert need.place == "Ixelles"


def test_a_postcode_with_spaces_around_is_tidied(client, recruiter, electrician):
    client.force_login(recruiter)
    client.post(
        reverse("companies:need_create"),
        need_data([electrician], commune="outside", postcode=" 1500 "),
    )
    assert Need.objects.get().postcode == "1500"


# --- Another company's need -----------------------------------------------------------------


def test_another_companys_need_is_404_and_stays_unchanged(
    client, other_recruiter, company, electrician
):
    need = NeedFactory(company=company, tracks=[electrician], title="Câbleur·euse")
    client.force_login(other_recruiter)
    assert client.get(need.get_absolute_url()).status_code == 404
    response = client.post(
        need.get_absolute_url(), need_data([electrician], title="Piraté", status="withdrawn")
    )
    assert response.status_code == 404
    need.refresh_from_db()
    assert need.title == "Câbleur·euse"
    assert need.status == Need.Status.OPEN
    listing = client.get(reverse("companies:need_list")).content.decode()
    assert "Câbleur·euse" not in listing


def test_students_and_staff_are_refused(client, student, staff):
    for user in (student, staff):
        client.force_login(user)
        assert client.get(reverse("companies:need_list")).status_code == 403
        assert client.post(reverse("companies:need_create"), {}).status_code == 403
    assert not Need.objects.exists()


# --- Staff: the admin and the export --------------------------------------------------------


@pytest.fixture
def staff_needs(company, other_company, electrician, mason):
    return {
        "cdi_electric": NeedFactory(
            company=company, title="Électricien·ne", contract_kinds=["cdi"], tracks=[electrician]
        ),
        "cdd_mason": NeedFactory(
            company=other_company, title="Maçon·ne", contract_kinds=["cdd"], tracks=[mason]
        ),
        "both": NeedFactory(
            company=other_company,
            title="Polyvalent·e",
            contract_kinds=["cdd", "cdi", "internship"],
            tracks=[electrician, mason],
        ),
    }


def changelist(client, **params):
    response = client.get(reverse("admin:companies_need_changelist"), params)
    assert response.status_code == 200
    return {need.title for need in response.context["cl"].result_list}


def test_the_admin_filters_by_contract_kind(client, staff, staff_needs):
    client.force_login(staff)
    assert changelist(client) == {"Électricien·ne", "Maçon·ne", "Polyvalent·e"}
    assert changelist(client, contract_kind="cdi") == {"Électricien·ne", "Polyvalent·e"}
    assert changelist(client, contract_kind="cdd") == {"Maçon·ne", "Polyvalent·e"}
    assert changelist(client, contract_kind="internship") == {"Polyvalent·e"}
    assert changelist(client, contract_kind="interim") == set()


def test_the_admin_filters_by_sector_track_status_and_company_status(
    client, staff, staff_needs, electricity, construction, mason, other_company
):
    client.force_login(staff)
    assert changelist(client, tracks__sector__id__exact=electricity.pk) == {
        "Électricien·ne",
        "Polyvalent·e",
    }
    assert changelist(client, tracks__sector__id__exact=construction.pk) == {
        "Maçon·ne",
        "Polyvalent·e",
    }
    assert changelist(client, tracks__id__exact=mason.pk) == {"Maçon·ne", "Polyvalent·e"}
    staff_needs["both"].status = Need.Status.FILLED
    staff_needs["both"].save()
    assert changelist(client, status__exact="filled") == {"Polyvalent·e"}
    other_company.status = Company.Status.SUSPENDED
    other_company.save()
    assert changelist(client, company__status__exact="suspended") == {"Maçon·ne", "Polyvalent·e"}


def test_the_admin_shows_a_need_with_its_languages(client, staff, staff_needs):
    need = staff_needs["cdi_electric"]
    NeedLanguage.objects.create(need=need, language="nl", level="intermediate")
    client.force_login(staff)
    response = client.get(reverse("admin:companies_need_change", args=[need.pk]))
    assert response.status_code == 200
    assert "Néerlandais" in response.content.decode()


def read_csv(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_csv_export_has_a_bom_accents_and_one_row_per_need(client, staff, staff_needs, company):
    need = staff_needs["cdi_electric"]
    need.desired_start = datetime.date(2031, 9, 1)
    need.driving_licence = "b"
    need.key_skills = "Câblage, lecture de plans"
    need.save()
    NeedLanguage.objects.create(need=need, language="nl", level="intermediate")
    NeedLanguage.objects.create(need=need, language="fr", level="fluent")
    client.force_login(staff)
    response = client.post(
        reverse("admin:companies_need_changelist"),
        {
            "action": "export_csv",
            "_selected_action": [need.pk, staff_needs["both"].pk],
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="besoins-')
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    header, *rows = read_csv(raw.decode("utf-8"))
    assert header == [
        "entreprise",
        "numéro d'entreprise",
        "statut entreprise",
        "intitulé",
        "filières",
        "secteurs",
        "nombre",
        "contrats",
        "début souhaité",
        "langues",
        "permis",
        "compétences",
        "lieu",
        "statut",
        "créé le",
    ]
    assert len(rows) == 2
    row = next(row for row in rows if row[3] == "Électricien·ne")
    assert row[:9] == [
        "Firma Elektro",
        company.enterprise_number_display,
        "Vérifiée",
        "Électricien·ne",
        "Électricien installateur",
        "Électricité",
        "2",
        "CDI (contrat à durée indéterminée)",
        "2031-09-01",
    ]
    assert row[9] == "Néerlandais (Moyen) | Français (Courant)"
    assert row[10:14] == ["Permis B", "Câblage, lecture de plans", "Anderlecht", "Ouvert"]
    both = next(row for row in rows if row[3] == "Polyvalent·e")
    assert both[4] == "Électricien installateur | Maçon"
    assert both[5] == "Électricité | Construction"
    assert (
        both[7] == "CDD (contrat à durée déterminée) | CDI (contrat à durée indéterminée) | Stage"
    )
    assert both[10] == "Pas nécessaire"


def test_the_csv_never_hands_excel_a_formula(company):
    NeedFactory(company=company, title='=HYPERLINK("http://x")', key_skills="+32 470")
    header, row = read_csv(needs_csv(Need.objects.all()))
    assert row[3] == '\'=HYPERLINK("http://x")'
    assert row[11] == "'+32 470"


def test_the_csv_costs_the_same_queries_for_1_and_5_needs(company, mason):
    def queries_for(count):
        Need.objects.all().delete()
        for _n in range(count):
            need = NeedFactory(company=company, tracks=[mason])
            NeedLanguage.objects.create(need=need, language="fr", level="fluent")
        with CaptureQueriesContext(connection) as captured:
            needs_csv(Need.objects.all())
        return len(captured)

    assert queries_for(1) == queries_for(5)
