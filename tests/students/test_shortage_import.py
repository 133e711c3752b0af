"""Staff load a year's list of shortage occupations from a CSV file in the admin."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from students.models import Sector, ShortageOccupation, Track
from tests.factories import UserFactory

IMPORT_URL = reverse("admin:students_shortageoccupation_import")
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "fonctions-critiques.csv"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"


@pytest.fixture
def tracks(db):
    sector = Sector.objects.create(slug="construction", name_fr="Construction")
    return {
        slug: Track.objects.create(
            sector=sector, slug=slug, name_fr=name, form=Track.Form.PROFESSIONAL
        )
        for slug, name in [
            ("ouvrier-gros-oeuvre", "Ouvrier qualifié en construction gros œuvre"),
            ("cuisinier", "Cuisinier de collectivité"),
            ("vendeur", "Vendeur"),
        ]
    }


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def upload(client, content: bytes | str, *, year=2025, name="liste.csv"):
    if isinstance(content, str):
        content = content.encode()
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(IMPORT_URL, {"list_year": year, "file": file})


def track_slugs(name, year=2025):
    occupation = ShortageOccupation.objects.get(list_year=year, name_fr=name)
    return sorted(occupation.tracks.values_list("slug", flat=True))


def test_the_changelist_links_to_the_import_page(staff_client):
    response = staff_client.get(reverse("admin:students_shortageoccupation_changelist"))
    assert response.status_code == 200
    assert IMPORT_URL in response.text
    assert "Importer une liste (CSV)" in response.text


def test_the_form_proposes_the_current_year(staff_client):
    from django.utils import timezone

    response = staff_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert f'value="{timezone.localdate().year}"' in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_import_adds_changes_and_refuses_rows(staff_client, tracks):
    kept = ShortageOccupation.objects.create(list_year=2025, name_fr="Maçon", name_nl="Metselaar")
    kept.tracks.set([tracks["ouvrier-gros-oeuvre"]])
    ShortageOccupation.objects.create(list_year=2025, name_fr="Cuisinier", name_nl="Kok")
    other_year = ShortageOccupation.objects.create(list_year=2024, name_fr="Boucher")

    response = upload(
        staff_client,
        "name_fr,name_nl,name_en,tracks\n"
        "Maçon,Metselaar,,ouvrier-gros-oeuvre\n"  # unchanged
        "Cuisinier,Kok,Cook,cuisinier\n"  # changed: English name and track
        "Boucher,Slager,Butcher,cuisinier|vendeur\n"  # added (the 2024 entry is another list)
        "Plombier,Loodgieter,Plumber,plomberie\n",  # refused
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert report.added == ["Boucher"]
    assert report.changed == ["Cuisinier"]
    assert report.unchanged == ["Maçon"]
    assert [(row.line, row.name) for row in report.refused] == [(5, "Plombier")]
    for count in (
        "1 fonction ajoutée.",
        "1 fonction modifiée.",
        "1 fonction inchangée.",
        "1 ligne refusée.",
    ):
        assert count in response.text
    assert ShortageOccupation.objects.get(list_year=2025, name_fr="Cuisinier").name_en == "Cook"
    assert track_slugs("Cuisinier") == ["cuisinier"]
    assert track_slugs("Boucher") == ["cuisinier", "vendeur"]
    assert not ShortageOccupation.objects.filter(name_fr="Plombier").exists()
    assert ShortageOccupation.objects.get(pk=other_year.pk).name_nl is None
    assert not ShortageOccupation.objects.filter(list_year=2025, is_sample=True).exists()


def test_a_file_saved_by_excel_with_a_bom_and_semicolons_is_read(staff_client, tracks):
    content = (
        "\ufeffname_fr;name_nl;tracks\r\nSoudeur / Soudeuse;Lasser;ouvrier-gros-oeuvre, vendeur\r\n"
    )

    response = upload(staff_client, content.encode("utf-8"))

    assert response.context["report"].added == ["Soudeur / Soudeuse"]
    occupation = ShortageOccupation.objects.get(list_year=2025, name_fr="Soudeur / Soudeuse")
    assert occupation.name_nl == "Lasser"
    assert track_slugs("Soudeur / Soudeuse") == ["ouvrier-gros-oeuvre", "vendeur"]


def test_bad_rows_are_refused_with_their_line_while_good_rows_are_imported(staff_client, tracks):
    response = upload(
        staff_client,
        "name_fr;tracks\n"
        "Maçon;ouvrier-gros-oeuvre\n"
        ";cuisinier\n"
        "Plombier;vendeur|plomberie\n"
        "\n"
        "Cuisinier;cuisinier\n"
        "cuisinier;\n",
    )

    report = response.context["report"]
    assert report.added == ["Maçon", "Cuisinier"]
    assert report.refused == [
        (3, "", "nom français manquant"),
        (4, "Plombier", "filière inconnue : plomberie"),
        (7, "cuisinier", "en double : déjà à la ligne 6"),
    ]
    assert "plomberie" in response.text
    assert "nom français manquant" in response.text
    assert "<td>4</td>" in response.text
    assert set(ShortageOccupation.objects.values_list("name_fr", flat=True)) == {
        "Maçon",
        "Cuisinier",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "pas un fichier CSV en UTF-8"),
        ("nom;tracks\nMaçon;ouvrier-gros-oeuvre\n", "« name_fr »"),
        ("", "fichier soumis est vide"),  # Django's own check comes first
        ("\r\n;;\r\n", "Le fichier est vide."),
        ("name_fr\n", "aucune fonction"),
        ("name_fr\n" + "Fonction numéro\n" * 2001, "plus de 2000 lignes"),
        ("name_fr\n" + "x" * (1024 * 1024), "dépasse 1 Mo"),
    ],
    ids=["png", "no-name-column", "empty", "blank", "header-only", "too-many-rows", "too-big"],
)
def test_a_wrong_file_imports_nothing_and_says_why(staff_client, tracks, content, message):
    response = upload(staff_client, content, year=2024)

    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.text
    assert "rien n'a été importé" in response.text
    assert 'value="2024"' in response.text  # the typed year is kept
    assert not ShortageOccupation.objects.exists()


def test_form_errors_are_shown_next_to_the_fields(staff_client):
    response = staff_client.post(IMPORT_URL, {"list_year": 1999})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"list_year", "file"}
    assert 'value="1999"' in response.text
    assert 'class="errorlist' in response.text


def test_reimporting_the_same_file_changes_nothing(staff_client, tracks):
    content = SAMPLE.read_bytes()

    first = upload(staff_client, content)
    second = upload(staff_client, content)

    assert len(first.context["report"].added) == 3
    assert first.context["report"].refused == []
    report = second.context["report"]
    assert (report.added, report.changed, report.refused) == ([], [], [])
    assert len(report.unchanged) == 3
    assert "3 fonctions inchangées." in second.text
    assert ShortageOccupation.objects.count() == 3


def test_names_match_whatever_their_case_and_samples_become_real_entries(staff_client, tracks):
    ShortageOccupation.objects.create(list_year=2025, name_fr="soudeur", is_sample=True)

    response = upload(staff_client, "name_fr\nSoudeur\n")

    assert response.context["report"].changed == ["Soudeur"]
    occupation = ShortageOccupation.objects.get(list_year=2025)
    assert occupation.name_fr == "Soudeur"
    assert occupation.is_sample is False


def test_a_dutch_name_given_to_another_occupation_is_refused(staff_client, tracks):
    ShortageOccupation.objects.create(list_year=2025, name_fr="Maçon", name_nl="Metselaar")

    response = upload(staff_client, "name_fr;name_nl\nBriqueteur;Metselaar\nCoffreur;Bekister\n")

    report = response.context["report"]
    assert report.added == ["Coffreur"]
    assert [(row.line, row.name) for row in report.refused] == [(2, "Briqueteur")]
    assert "Maçon" in report.refused[0].reason


@pytest.mark.django_db
def test_staff_without_the_permission_get_403(client):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(
        IMPORT_URL,
        {"list_year": 2025, "file": SimpleUploadedFile("liste.csv", b"name_fr\nMacon\n")},
    )
    assert response.status_code == 403
    assert not ShortageOccupation.objects.exists()


@pytest.mark.django_db
def test_staff_who_may_only_view_see_no_import_link(client):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_shortageoccupation"))
    client.force_login(clerk)

    response = client.get(reverse("admin:students_shortageoccupation_changelist"))

    assert response.status_code == 200
    assert IMPORT_URL not in response.text
    assert client.get(IMPORT_URL).status_code == 403
