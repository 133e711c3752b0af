"""The public directory of verified companies, their pages, and the track pages' section."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from companies.directory import TRACK_COMPANIES
from companies.models import Need
from tests.companies.factories import CompanyFactory, NeedFactory
from tests.students.factories import SectorFactory, TrackFactory

LIST_URL = "/fr/companies/"

pytestmark = pytest.mark.django_db

UNPUBLISHED = [
    pytest.param({}, id="pending"),
    pytest.param({"rejected": True}, id="rejected"),
    pytest.param({"suspended": True}, id="suspended"),
]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def names_listed(response) -> list[str]:
    """The company names of the result cards, in their order."""
    return re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', response.content.decode())


# --- The list ------------------------------------------------------------------------


def test_list_shows_verified_companies_by_name_with_their_count(client):
    CompanyFactory(verified=True, name="Zinc & Co", city="Anderlecht")
    CompanyFactory(verified=True, name="atelier Bois")
    CompanyFactory(verified=True, name="Boulangerie Dupont")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names_listed(response) == ["atelier Bois", "Boulangerie Dupont", "Zinc &amp; Co"]
    content = response.content.decode()
    assert "3 entreprises" in content
    assert "Anderlecht" in content


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unverified_companies_are_absent_and_their_page_is_404(client, state):
    hidden = CompanyFactory(name="Entreprise Cachée", slug="cachee", **state)
    CompanyFactory(verified=True, name="Entreprise Visible")
    response = client.get(LIST_URL)
    assert names_listed(response) == ["Entreprise Visible"]
    assert "Entreprise Cachée" not in response.content.decode()
    assert client.get("/fr/companies/cachee/").status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_unknown_company_is_404(client):
    assert client.get("/fr/companies/personne/").status_code == 404


def test_filter_by_sector(client):
    building = SectorFactory(slug="construction", name_fr="Construction")
    food = SectorFactory(slug="hotellerie", name_fr="Hôtellerie – alimentation")
    CompanyFactory(verified=True, name="Maçons Réunis", sectors=[building])
    CompanyFactory(verified=True, name="Traiteur Max", sectors=[food])
    CompanyFactory(verified=True, name="Les Deux", sectors=[building, food])
    response = client.get(LIST_URL, {"sector": "construction"})
    assert names_listed(response) == ["Les Deux", "Maçons Réunis"]
    assert "2 entreprises" in response.content.decode()
    # The select keeps the choice.
    assert '<option value="construction" selected>' in response.content.decode()


def test_filter_by_track_sought_counts_open_needs_of_the_track_only(client):
    electrician = TrackFactory(slug="electricien", name_fr="Électricien·ne")
    cook = TrackFactory(slug="cuisinier", name_fr="Cuisinier·ère")
    seeking = CompanyFactory(verified=True, name="Elektro Plus")
    NeedFactory(company=seeking, tracks=[cook, electrician])
    filled = CompanyFactory(verified=True, name="Déjà Pourvu")
    NeedFactory(company=filled, tracks=[electrician], status=Need.Status.FILLED)
    withdrawn = CompanyFactory(verified=True, name="A Retiré")
    NeedFactory(company=withdrawn, tracks=[electrician], status=Need.Status.WITHDRAWN)
    other = CompanyFactory(verified=True, name="Cuisine Seule")
    NeedFactory(company=other, tracks=[cook])
    response = client.get(LIST_URL, {"track": "electricien"})
    assert names_listed(response) == ["Elektro Plus"]
    # Tracks are offered grouped by sector.
    assert f'<optgroup label="{electrician.sector.name}">' in response.content.decode()


def test_filters_combine(client):
    building = SectorFactory(slug="construction")
    electrician = TrackFactory(slug="electricien")
    both = CompanyFactory(verified=True, name="Les Deux", sectors=[building])
    NeedFactory(company=both, tracks=[electrician])
    CompanyFactory(verified=True, name="Secteur Seul", sectors=[building])
    NeedFactory(company=CompanyFactory(verified=True, name="Filière Seule"), tracks=[electrician])
    response = client.get(LIST_URL, {"sector": "construction", "track": "electricien"})
    assert names_listed(response) == ["Les Deux"]


@pytest.mark.parametrize(
    "query",
    [
        "?track=%00'",
        "?sector=%00'%22<script>",
        "?sector=nothing-here&track=nothing-either",
        "?track=../../etc&sector=" + "x" * 5000,
        "?page=junk",
        "?page=-1",
        "?page=99999",
        "?sector=a&sector=b&page=2&page=%00",
    ],
)
def test_unknown_or_junk_filters_answer_200(client, query):
    CompanyFactory(verified=True, name="Toujours Là")
    response = client.get(LIST_URL + query)
    assert response.status_code == 200
    assert names_listed(response) == ["Toujours Là"]
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_an_unknown_filter_is_ignored_with_a_notice(client):
    CompanyFactory(verified=True, name="Toujours Là")
    response = client.get(LIST_URL, {"sector": "disparu"})
    assert "il a été ignoré" in response.content.decode()
    assert "il a été ignoré" not in client.get(LIST_URL).content.decode()


def test_empty_result_suggests_removing_a_filter(client):
    building = SectorFactory(slug="construction", name_fr="Construction")
    TrackFactory(slug="electricien", name_fr="Électricien·ne")
    CompanyFactory(verified=True, name="Sans Besoin", sectors=[building])
    response = client.get(LIST_URL, {"sector": "construction", "track": "electricien"})
    content = response.content.decode()
    assert names_listed(response) == []
    assert "0 entreprise" in content
    assert "Aucune entreprise ne correspond à ces filtres" in content
    assert 'href="/fr/companies/?track=electricien">Retirer le filtre « Construction »' in content
    assert (
        'href="/fr/companies/?sector=construction">Retirer le filtre « Électricien·ne »' in content
    )


def test_pagination_keeps_the_filters(client):
    building = SectorFactory(slug="construction")
    for number in range(25):
        CompanyFactory(verified=True, name=f"Atelier {number:02d}", sectors=[building])
    CompanyFactory(verified=True, name="Atelier Hors Secteur")
    first = client.get(LIST_URL, {"sector": "construction"})
    assert len(names_listed(first)) == 20
    assert "25 entreprises" in first.content.decode()
    assert 'href="?sector=construction&amp;page=2"' in first.content.decode()
    second = client.get(LIST_URL, {"sector": "construction", "page": "2"})
    assert names_listed(second) == [f"Atelier {number:02d}" for number in range(20, 25)]
    assert 'href="?sector=construction&amp;page=1"' in second.content.decode()


def test_list_queries_do_not_grow_with_the_companies(client):
    sector = SectorFactory()
    track = TrackFactory(sector=sector)

    def add_companies(count):
        for _number in range(count):
            company = CompanyFactory(verified=True, sectors=[sector, SectorFactory()])
            NeedFactory(company=company, tracks=[track, TrackFactory()])

    def count_queries(**filters):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL, filters)
            assert response.status_code == 200
        return len(queries)

    add_companies(3)
    few = count_queries()
    few_filtered = count_queries(sector=sector.slug, track=track.slug)
    add_companies(30)
    assert count_queries() == few
    assert count_queries(sector=sector.slug, track=track.slug) == few_filtered


# --- A company's page ------------------------------------------------------------------


def test_company_page_shows_the_public_profile(client):
    building = SectorFactory(name_fr="Construction")
    company = CompanyFactory(
        verified=True,
        name="Elektro Plus",
        slug="elektro-plus",
        description="Installations électriques.\n\nNous formons des apprenti·es.",
        city="Molenbeek-Saint-Jean",
        website="https://elektro.example.be/",
        languages=["fr", "nl"],
        enterprise_number="0403170701",
        contact_email="secret.contact@elektro.be",
        contact_phone="+32 2 555 12 34",
        contact_name="Sam Peeters",
        sectors=[building],
    )
    company.logo.save("logo.png", ContentFile(png_bytes()))
    response = client.get("/fr/companies/elektro-plus/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="mb-0">Elektro Plus</h1>' in content
    assert 'alt="Logo de Elektro Plus"' in content
    assert company.logo.url in content
    assert "<p>Installations électriques.</p>" in content
    assert "<p>Nous formons des apprenti·es.</p>" in content
    assert "Construction" in content
    assert "Français, Néerlandais" in content
    assert "Molenbeek-Saint-Jean" in content
    assert '<a href="https://elektro.example.be/" rel="noopener">' in content
    assert "0403.170.701" in content
    # The contact person's details stay private.
    assert "secret.contact@elektro.be" not in content
    assert "555 12 34" not in content
    assert "Sam Peeters" not in content


def test_company_page_lists_the_tracks_of_open_needs_once_with_headcounts(client):
    company = CompanyFactory(verified=True, slug="elektro-plus")
    electrician = TrackFactory(slug="electricien", name_fr="Électricien·ne installateur")
    cook = TrackFactory(slug="cuisinier", name_fr="Cuisinier·ère")
    baker = TrackFactory(slug="boulanger", name_fr="Boulanger·ère")
    NeedFactory(company=company, tracks=[electrician], headcount=2)
    NeedFactory(company=company, tracks=[electrician, cook], headcount=1)
    NeedFactory(company=company, tracks=[baker], status=Need.Status.FILLED)
    NeedFactory(company=company, tracks=[baker], status=Need.Status.WITHDRAWN)
    NeedFactory(company=CompanyFactory(verified=True), tracks=[baker])
    content = client.get("/fr/companies/elektro-plus/").content.decode()
    assert "Profils recherchés" in content
    assert content.count(f'href="{electrician.get_absolute_url()}"') == 1
    assert "3 personnes recherchées" in content
    assert f'href="{cook.get_absolute_url()}"' in content
    assert "1 personne recherchée" in content
    assert baker.get_absolute_url() not in content


def test_company_page_without_open_needs_says_so(client):
    CompanyFactory(verified=True, slug="calme", website="", logo="")
    content = client.get("/fr/companies/calme/").content.decode()
    assert "pas de besoin ouvert" in content
    assert "Logo de" not in content
    assert 'rel="noopener"' not in content


# --- The track page's section ------------------------------------------------------


SECTION = "Entreprises qui recherchent ce profil"


def test_track_page_shows_companies_seeking_it(client):
    track = TrackFactory()
    company = CompanyFactory(verified=True, name="Elektro Plus", city="Schaerbeek")
    NeedFactory(company=company, tracks=[track])
    NeedFactory(company=company, tracks=[track])
    content = client.get(track.get_absolute_url()).content.decode()
    assert SECTION in content
    assert content.count(f'href="{company.get_absolute_url()}">Elektro Plus</a>') == 1
    assert "Schaerbeek" in content
    assert f'href="/fr/companies/?track={track.slug}"' in content


def test_track_page_names_the_first_companies_and_links_to_all_of_them(client):
    track = TrackFactory()
    for n in range(TRACK_COMPANIES + 3):
        NeedFactory(company=CompanyFactory(verified=True, name=f"Firme {n:02d}"), tracks=[track])
    content = client.get(track.get_absolute_url()).content.decode()
    shown = [n for n in range(TRACK_COMPANIES + 3) if f">Firme {n:02d}</a>" in content]
    assert shown == list(range(TRACK_COMPANIES))
    assert f"Voir les {TRACK_COMPANIES + 3} entreprises dans l'annuaire" in content


@pytest.mark.parametrize("status", [Need.Status.FILLED, Need.Status.WITHDRAWN])
def test_track_page_leaves_out_needs_no_longer_open(client, status):
    track = TrackFactory()
    NeedFactory(
        company=CompanyFactory(verified=True, name="Elektro Plus"), tracks=[track], status=status
    )
    content = client.get(track.get_absolute_url()).content.decode()
    assert SECTION not in content
    assert "Elektro Plus" not in content


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_track_page_leaves_out_unverified_companies(client, state):
    track = TrackFactory()
    NeedFactory(company=CompanyFactory(name="Entreprise Cachée", **state), tracks=[track])
    content = client.get(track.get_absolute_url()).content.decode()
    assert SECTION not in content
    assert "Entreprise Cachée" not in content


def test_track_page_leaves_out_companies_seeking_another_track(client):
    track = TrackFactory()
    NeedFactory(company=CompanyFactory(verified=True, name="Ailleurs"), tracks=[TrackFactory()])
    content = client.get(track.get_absolute_url()).content.decode()
    assert SECTION not in content


# --- Navigation and languages --------------------------------------------------------


def test_header_links_to_the_directory(client):
    content = client.get(LIST_URL).content.decode()
    assert '<a href="/fr/companies/" aria-current="page">' in content
    assert '<a href="/fr/companies/">' in client.get("/fr/tracks/").content.decode()


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_directory_pages_render_in_every_language(client, language):
    track = TrackFactory(slug="electricien")
    company = CompanyFactory(verified=True, slug="elektro-plus", name="Elektro Plus")
    NeedFactory(company=company, tracks=[track])
    for path in [
        f"/{language}/companies/",
        f"/{language}/companies/?track=electricien",
        f"/{language}/companies/elektro-plus/",
        f"/{language}/tracks/electricien/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.content.decode(), path
        assert "Elektro Plus" in response.content.decode(), path
