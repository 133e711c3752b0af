"""App-level caching of public data (campus_portal.caching): fresh after a change, one
language never served in another, nobody's page served to someone else, CSRF intact, and
nothing kept with PUBLIC_CACHE_SECONDS = 0."""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jobboard.models import Offer
from students.models import Track
from tests.companies.factories import NeedFactory
from tests.jobboard.factories import ApplicationFactory, OfferFactory
from tests.students.factories import ShortageOccupationFactory, TrackFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def caching_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 60


@pytest.fixture
def track():
    track = TrackFactory(name_fr="Soudure industrielle", name_nl="Industrieel lassen")
    ShortageOccupationFactory(tracks=[track])
    return track


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        page(client, url)
    return [query["sql"] for query in captured.captured_queries]


PUBLIC_PAGES = ("/fr/", "/fr/jobs/", "/fr/jobs/?q=soudeur", "/fr/tracks/")


def test_pages_show_an_offer_published_after_they_were_cached(client, caching_on, track, company):
    pages = (*PUBLIC_PAGES, track.get_absolute_url(), company.get_absolute_url())
    for url in pages:
        assert "Soudeur·euse TIG" not in page(client, url)
    offer = OfferFactory(pending=True, title="Soudeur·euse TIG", tracks=[track], company=company)
    offer.publish()
    offer.save()
    for url in (*pages[:3], *pages[4:]):
        assert "Soudeur·euse TIG" in page(client, url), url
    assert "1 offre" in page(client, "/fr/jobs/")
    offer.close()
    offer.save()
    for url in (*pages[:3], *pages[4:]):
        assert "Soudeur·euse TIG" not in page(client, url), url


def test_a_track_page_shows_a_company_that_starts_seeking_it(client, caching_on, track, company):
    assert "Firma Elektro" not in page(client, track.get_absolute_url())
    NeedFactory(company=company, tracks=[track])
    assert "Firma Elektro" in page(client, track.get_absolute_url())


def test_the_cache_saves_queries_until_the_data_changes(client, caching_on, track):
    OfferFactory(published=True, tracks=[track])
    cold = queries(client, "/fr/")
    warm = queries(client, "/fr/")
    assert len(warm) < len(cold)
    Track.objects.get(pk=track.pk).save()  # what depends on the tracks is read afresh
    assert len(queries(client, "/fr/")) > len(warm)


def test_a_dutch_page_never_shows_french_cached_text_and_back(client, caching_on, track):
    french = page(client, "/fr/tracks/")
    assert "Soudure industrielle" in french
    dutch = page(client, "/nl/tracks/")
    assert "Industrieel lassen" in dutch
    assert "Soudure industrielle" not in dutch
    assert "/fr/tracks/" not in dutch
    home_nl = page(client, "/nl/")
    page(client, "/fr/")
    assert "Industrieel lassen" in home_nl
    french_again = page(client, "/fr/tracks/")
    assert "Soudure industrielle" in french_again
    assert "Industrieel lassen" not in french_again


def test_a_logged_in_page_never_shows_another_persons_data(caching_on, track, student, recruiter):
    offer = OfferFactory(published=True, title="Soudeur·euse TIG", tracks=[track])
    ApplicationFactory(offer=offer, student=student.student_profile)
    first, second = Client(), Client()
    first.force_login(student)
    second.force_login(recruiter)
    for url in ("/fr/", "/fr/tracks/", "/fr/jobs/", offer.get_absolute_url()):
        mine = first.get(url).content.decode()
        theirs = second.get(url).content.decode()
        tokens = set(CSRF_INPUT.findall(mine))
        assert tokens
        assert not tokens & set(CSRF_INPUT.findall(theirs)), url
        assert "/fr/company/" in theirs, url
        assert "/fr/me/" not in theirs, url
    assert "Tu as postulé" in html.unescape(first.get(offer.get_absolute_url()).content.decode())
    assert "Tu as postulé" not in html.unescape(
        second.get(offer.get_absolute_url()).content.decode()
    )


def test_the_language_switcher_works_on_a_page_served_from_the_cache(caching_on, track):
    Client().get("/fr/tracks/")  # a first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as captured:
        response = visitor.get("/fr/tracks/")
    assert not [query for query in captured if "students_sector" in query["sql"]]
    token = CSRF_INPUT.search(response.content.decode()).group(1)
    response = visitor.post(
        "/i18n/setlang/",
        {"language": "nl", "next": "/fr/tracks/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response.url == "/nl/tracks/"


def test_with_zero_seconds_nothing_is_cached(client, settings, track, company):
    settings.PUBLIC_CACHE_SECONDS = 0
    offer = OfferFactory(published=True, title="Soudeur·euse TIG", tracks=[track], company=company)
    pages = (*PUBLIC_PAGES, track.get_absolute_url(), company.get_absolute_url())
    for url in pages:
        first, second = queries(client, url), queries(client, url)
        assert len(second) == len(first), url
    # Changes the signals do not see (bulk updates) show at once: nothing was kept.
    Track.objects.filter(pk=track.pk).update(name_fr="Soudure et tuyauterie")
    Offer.objects.filter(pk=offer.pk).update(title="Soudeur·euse MIG")
    for url in pages:
        assert "Soudure et tuyauterie" in page(client, url), url
    for url in (*pages[:3], *pages[4:]):
        assert "Soudeur·euse MIG" in page(client, url), url
