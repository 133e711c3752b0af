"""The offer list, its search and filters, the Atom feed, and the sections on other pages.

Runs on SQLite and on PostgreSQL (CI runs the suite on both): the text search must find the
same offers on both; ranking and the GIN index are PostgreSQL's own.
"""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobboard.models import Offer
from jobboard.search import search_offers
from tests.companies.factories import CompanyFactory
from tests.jobboard.factories import OfferFactory
from tests.students.factories import SectorFactory, ShortageOccupationFactory, TrackFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


def listed(**kwargs):
    return OfferFactory(published=True, **kwargs)


def model_fields(offer) -> dict:
    return {field.attname: getattr(offer, field.attname) for field in Offer._meta.concrete_fields}


def titles(response) -> list[str]:
    return [offer.title for offer in response.context["offers"]]


def get_list(client, **params):
    return client.get(reverse("jobboard:offer_list"), params)


# --- Listed offers only ----------------------------------------------------------------


def test_the_list_shows_listed_offers_only(client):
    listed(title="Publiée")
    OfferFactory(title="Brouillon")
    OfferFactory(pending=True, title="En attente")
    OfferFactory(rejected=True, title="Refusée")
    OfferFactory(closed=True, title="Clôturée")
    OfferFactory(expired=True, title="Expirée")
    listed(title="D'une entreprise en attente", company=CompanyFactory())
    listed(title="D'une entreprise suspendue", company=CompanyFactory(suspended=True))
    # Published, its end passed, the expiry command not run yet: gone all the same.
    listed(title="Fin passée", expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = get_list(client)

    assert response.status_code == 200
    assert titles(response) == ["Publiée"]
    assert "1 offre" in response.content.decode()


def test_a_card_says_what_a_student_needs_to_know(client):
    track = TrackFactory(name_fr="Électricien·ne automaticien·ne")
    ShortageOccupationFactory(list_year=2024, tracks=[track])
    offer = listed(
        title="Électricien de maintenance",
        company=CompanyFactory(verified=True, name="Firma Volt"),
        kind="cdi",
        commune="ixelles",
        tracks=[track],
    )

    page = get_list(client).content.decode()

    assert f'href="{offer.get_absolute_url()}"' in page
    for text in ("Firma Volt", "CDI", "Ixelles", "Électricien·ne automaticien·ne"):
        assert text in page
    assert "Métier en pénurie (2024)" in page
    assert f"Clôture le {offer.expires_at.day}" in page


# --- Filters ---------------------------------------------------------------------------


def test_filter_by_track_and_by_sector(client):
    building = SectorFactory(slug="construction")
    joinery = TrackFactory(slug="menuisier", sector=building)
    roofing = TrackFactory(slug="couvreur", sector=building)
    cooking = TrackFactory(slug="cuisinier")
    listed(title="Menuisier", tracks=[joinery])
    # Two tracks of the same sector: listed once under that sector.
    listed(title="Menuisier-couvreur", tracks=[joinery, roofing])
    listed(title="Cuisinier", tracks=[cooking])

    assert sorted(titles(get_list(client, track="menuisier"))) == [
        "Menuisier",
        "Menuisier-couvreur",
    ]
    assert sorted(titles(get_list(client, sector="construction"))) == [
        "Menuisier",
        "Menuisier-couvreur",
    ]
    assert titles(get_list(client, track="cuisinier")) == ["Cuisinier"]


def test_filter_by_kind_and_commune(client):
    listed(title="CDI à Ixelles", kind="cdi", commune="ixelles")
    listed(title="Stage à Ixelles", kind="internship", commune="ixelles")
    listed(title="CDI à Uccle", kind="cdi", commune="uccle")

    assert sorted(titles(get_list(client, kind="cdi"))) == ["CDI à Ixelles", "CDI à Uccle"]
    assert titles(get_list(client, kind="cdi", commune="ixelles")) == ["CDI à Ixelles"]
    assert titles(get_list(client, commune="uccle")) == ["CDI à Uccle"]


def test_shortage_filter_uses_the_latest_list(client):
    now_short = TrackFactory(slug="soudeur")
    formerly_short = TrackFactory(slug="vendeur")
    never_short = TrackFactory(slug="coiffeur")
    ShortageOccupationFactory(list_year=2024, tracks=[now_short])
    ShortageOccupationFactory(list_year=2023, tracks=[formerly_short])
    listed(title="Soudeur", tracks=[now_short])
    listed(title="Vendeur", tracks=[formerly_short])
    listed(title="Coiffeur", tracks=[never_short])

    response = get_list(client, shortage="on")

    assert titles(response) == ["Soudeur"]
    assert len(titles(get_list(client))) == 3


def test_shortage_filter_without_any_list_finds_nothing(client):
    listed(title="Soudeur", tracks=[TrackFactory()])

    response = get_list(client, shortage="on")

    assert response.status_code == 200
    assert titles(response) == []


def test_newest_first_or_closing_soonest(client):
    now = timezone.now()
    listed(
        title="Ancienne, longue",
        published_at=now - datetime.timedelta(days=5),
        expires_at=now + datetime.timedelta(days=100),
    )
    listed(
        title="Récente, longue",
        published_at=now - datetime.timedelta(days=1),
        expires_at=now + datetime.timedelta(days=150),
    )
    listed(
        title="Ancienne, courte",
        published_at=now - datetime.timedelta(days=10),
        expires_at=now + datetime.timedelta(days=3),
    )

    assert titles(get_list(client)) == ["Récente, longue", "Ancienne, longue", "Ancienne, courte"]
    assert titles(get_list(client, order="closing")) == [
        "Ancienne, courte",
        "Ancienne, longue",
        "Récente, longue",
    ]


# --- Free text -------------------------------------------------------------------------


@pytest.fixture
def texts():
    listed(
        title="Électricien de maintenance",
        description="Entretien des installations du bâtiment.",
        requirements="",
    )
    listed(
        title="Menuisier d'atelier",
        description="Fabrication de meubles sur mesure.",
        requirements="Tu aimes le bois.",
    )
    listed(
        title="Elektricien",
        language="nl",
        description="Wij zoeken een gemotiveerde elektricien.",
        requirements="",
    )
    listed(
        title="Kitchen assistant",
        language="en",
        description="Help our chefs in a busy kitchen.",
        requirements="",
    )


@pytest.mark.usefixtures("texts")
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("electricien", ["Électricien de maintenance"]),  # without its accent
        ("Électricien", ["Électricien de maintenance"]),
        ("ÉLECTRICIENS", ["Électricien de maintenance"]),  # upper case, plural
        ("électriciens maintenance", ["Électricien de maintenance"]),
        ("menuisiers", ["Menuisier d'atelier"]),
        ("MEUBLES", ["Menuisier d'atelier"]),  # in the description
        ("bois", ["Menuisier d'atelier"]),  # in the requirements
        ("elektriciens", ["Elektricien"]),  # Dutch
        ("kitchen", ["Kitchen assistant"]),  # English
        ("electricien menuisier", []),  # every word must match
        ("plombier", []),
    ],
)
def test_free_text_ignores_accents_case_and_plurals(client, q, expected):
    assert sorted(titles(get_list(client, q=q))) == expected


@pytest.mark.usefixtures("texts")
def test_free_text_combines_with_filters(client):
    listed(title="Électricien en CDI", kind="cdi")

    assert titles(get_list(client, q="electricien", kind="cdi")) == ["Électricien en CDI"]


@on_postgresql
def test_relevance_puts_a_title_match_above_a_description_match(client):
    now = timezone.now()
    listed(
        title="Menuisier",
        description="Travail du bois.",
        published_at=now - datetime.timedelta(days=3),
    )
    listed(
        title="Ouvrier polyvalent",
        description="Tu aideras notre menuisier à l'atelier.",
        published_at=now,  # newer: first without the ranking
    )

    assert titles(get_list(client, q="menuisier")) == ["Menuisier", "Ouvrier polyvalent"]
    # An explicit order wins over relevance.
    assert titles(get_list(client, q="menuisier", order="newest")) == [
        "Ouvrier polyvalent",
        "Menuisier",
    ]


@on_postgresql
def test_the_text_search_uses_the_gin_index():
    company = CompanyFactory(verified=True)
    listed(title="Électricien", company=company)
    # Many listed offers the words do not match, so that the status index is no shortcut.
    template = listed(title="Menuisier", company=company)
    Offer.objects.bulk_create(
        Offer(**{**model_fields(template), "id": None, "title": f"Menuisier {n}"})
        for n in range(300)
    )
    query = search_offers({"q": "electriciens"})
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobboard_offer")
        # With few rows PostgreSQL prefers reading the table; forbid it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "offer_search_vector_idx" in plan, plan


@on_postgresql
def test_the_search_vector_follows_the_offers_language():
    offer = listed(title="Électricienne", language="fr", description="Chantiers.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM jobboard_offer WHERE id = %s", [offer.pk])
        (vector,) = cursor.fetchone()
    # Stemmed, without accents, the title weighted A.
    assert "'electricien':1A" in vector
    assert "'chanti':2B" in vector


# --- Bad input, pagination, empty state ------------------------------------------------


def test_junk_parameters_are_dropped_not_an_error(client):
    listed(title="Menuisier")
    url = (
        reverse("jobboard:offer_list")
        + "?kind=xx&commune=%3Cscript%3E&track=%00&sector=%00&order=%00&page=abc&q="
        + "a" * 500
    )

    response = client.get(url)

    assert response.status_code == 200
    assert titles(response) == ["Menuisier"]
    page = response.content.decode()
    assert "<script>" not in page
    assert "a été ignoré" in page
    # The over-long text stays in the field, with a message next to it.
    assert response.context["form"].errors["q"]


def test_a_nul_character_in_the_text_is_dropped(client):
    listed(title="Menuisier")

    response = get_list(client, q="menu\x00isier")

    assert response.status_code == 200
    assert titles(response) == ["Menuisier"]


def test_pagination_keeps_the_filters(client):
    company = CompanyFactory(verified=True)
    for n in range(25):
        listed(title=f"Électricien {n}", kind="cdi", company=company)
    listed(title="Électricien en stage", kind="internship", company=company)

    first = get_list(client, q="electricien", kind="cdi")

    assert len(titles(first)) == 20
    assert "25 offres" in first.content.decode()
    next_links = re.findall(r'rel="next" href="\?([^"]+)"', first.content.decode())
    assert next_links
    query = next_links[0].replace("&amp;", "&")
    assert set(query.split("&")) == {"q=electricien", "kind=cdi", "page=2"}

    second = client.get(reverse("jobboard:offer_list") + "?" + query)
    assert len(titles(second)) == 5
    assert all(title.startswith("Électricien ") for title in titles(second))
    assert "Électricien en stage" not in titles(second)


def test_counting_stops_at_the_cap(client, monkeypatch):
    monkeypatch.setattr("jobboard.search_views.COUNT_CAP", 4)
    monkeypatch.setattr("jobboard.search_views.PER_PAGE", 2)
    company = CompanyFactory(verified=True)
    for n in range(7):
        listed(title=f"Menuisier {n}", company=company)

    first = get_list(client)
    last = get_list(client, page=99)

    assert "Plus de 4 offres" in first.content.decode()
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(titles(last)) == 2
    assert "précise ta recherche" in last.content.decode()


def test_the_empty_state_suggests_what_to_relax(client):
    listed(title="Menuisier", kind="internship")

    response = get_list(client, q="plombier", kind="cdi", order="closing")

    page = response.content.decode()
    assert titles(response) == []
    assert "Aucune offre ne correspond" in page
    # Each link drops one thing and keeps the rest.
    assert '?kind=cdi&amp;order=closing"' in page
    assert "Retirer la recherche « plombier »" in page
    assert '?q=plombier&amp;order=closing"' in page
    assert "Retirer le filtre « CDI (contrat à durée indéterminée) »" in page


def test_query_count_does_not_grow_with_the_rows(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # counted cold: the cache would spare the second run
    tracks = [TrackFactory(), TrackFactory()]
    ShortageOccupationFactory(list_year=2024, tracks=tracks[:1])

    def queries_for(count):
        Offer.objects.all().delete()
        for _ in range(count):
            listed(tracks=tracks, company=CompanyFactory(verified=True))
        with CaptureQueriesContext(connection) as captured:
            response = get_list(client, q="electricien", kind="alternance")
        assert response.status_code == 200
        assert len(titles(response)) == min(count, 20)
        return len(captured)

    assert queries_for(5) == queries_for(50)


# --- Feed ------------------------------------------------------------------------------


def test_the_feed_is_atom_with_the_50_newest_listed_offers(client):
    company = CompanyFactory(verified=True, name="Firma Elektro")
    now = timezone.now()
    for n in range(55):
        listed(
            title=f"Offre {n}",
            company=company,
            description="Première ligne.\nDeuxième ligne.\n\nTroisième.\nQuatrième.",
            published_at=now - datetime.timedelta(hours=n),
        )
    # Newer than all of them, but not listed.
    OfferFactory(pending=True, title="En attente", company=company)
    OfferFactory(closed=True, title="Clôturée", company=company, published_at=now)
    listed(title="Fin passée", company=company, published_at=now, expires_at=now)

    response = client.get(reverse("jobboard:offer_feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        f"Offre {n} · Firma Elektro" for n in range(50)
    ]
    first = entries[0]
    assert (
        first.find(f"{ATOM}link")
        .get("href")
        .endswith(Offer.objects.get(title="Offre 0").get_absolute_url())
    )
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Firma Elektro"
    assert first.findtext(f"{ATOM}updated")
    summary = first.findtext(f"{ATOM}summary")
    assert "Première ligne." in summary
    assert "Troisième." in summary
    assert "Quatrième." not in summary


# --- Sections on other pages -----------------------------------------------------------


def test_the_home_page_shows_the_latest_listed_offers(client):
    company = CompanyFactory(verified=True)
    now = timezone.now()
    for n in range(8):
        listed(title=f"Offre {n}", company=company, published_at=now - datetime.timedelta(hours=n))
    OfferFactory(pending=True, title="En attente", company=company)

    page = client.get(reverse("home")).content.decode()

    assert "Dernières offres" in page
    assert all(f"Offre {n}<" in page for n in range(6))
    assert "Offre 6<" not in page
    assert "En attente" not in page
    assert f'href="{reverse("jobboard:offer_list")}"' in page


def test_the_home_page_has_no_offer_section_without_offers(client):
    assert "Dernières offres" not in client.get(reverse("home")).content.decode()


def test_a_track_page_shows_its_open_offers(client):
    track = TrackFactory(slug="menuisier")
    other = TrackFactory(slug="cuisinier")
    listed(title="Menuisier en CDI", tracks=[track])
    OfferFactory(closed=True, title="Menuisier clôturée", tracks=[track])
    listed(title="Cuisinier", tracks=[other])

    page = client.get(track.get_absolute_url()).content.decode()

    assert "Offres ouvertes pour cette filière" in page
    assert "Menuisier en CDI" in page
    assert "Menuisier clôturée" not in page
    assert "Cuisinier<" not in page
    assert f"{reverse('jobboard:offer_list')}?track=menuisier" in page


def test_a_company_page_shows_its_open_offers(client, company, other_company):
    listed(title="Électricien chez Firma", company=company)
    OfferFactory(expired=True, title="Expirée chez Firma", company=company)
    OfferFactory(title="Brouillon chez Firma", company=company)
    listed(title="Chez l'autre", company=other_company)

    page = client.get(company.get_absolute_url()).content.decode()

    assert "Offres ouvertes" in page
    assert "Électricien chez Firma" in page
    for absent in ("Expirée chez Firma", "Brouillon chez Firma", "Chez l'autre"):
        assert absent not in page


def test_the_header_links_to_the_offers(client):
    page = client.get(reverse("jobboard:offer_list")).content.decode()
    assert f'<a href="{reverse("jobboard:offer_list")}" aria-current="page">Offres</a>' in page
