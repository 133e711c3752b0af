"""The job board's sections on other apps' pages: the home, a track's and a company's page."""

from django.db.models import Count, QuerySet, Window

from campus_portal import caching
from companies.models import Company
from jobboard.models import Offer
from jobboard.search import LISTED_TOPICS, mark_shortages, search_offers
from students.models import Track

HOME_OFFERS = 6
TRACK_OFFERS = 10
COMPANY_OFFERS = 20


def _shown(offers: QuerySet[Offer], limit: int) -> list[Offer]:
    shown = list(offers[:limit])
    mark_shortages(shown)
    return shown


def home_section(request) -> dict | None:
    """ "Dernières offres" on the home page; nothing while no offer is listed."""
    offers = caching.cached(
        "home-offers", lambda: _shown(search_offers({}), HOME_OFFERS), topics=LISTED_TOPICS
    )
    if not offers:
        return None
    return {"template": "jobboard/includes/home_offers.html", "context": {"offers": offers}}


def track_section(track: Track) -> dict | None:
    """ "Offres ouvertes pour cette filière" on a track's page; nothing if there is none."""
    offers = _shown(search_offers({"track": track.slug}, known_tracks=[track]), TRACK_OFFERS)
    if not offers:
        return None
    return {
        "template": "jobboard/includes/track_offers.html",
        "context": {"offers": offers, "track": track, "more": len(offers) == TRACK_OFFERS},
    }


def company_section(company: Company) -> dict | None:
    """ "Offres ouvertes" on a company's page, the newest first; nothing if there is none."""
    # The total rides along with the rows (a window over the whole list, before the limit).
    listed = search_offers({}).filter(company=company).annotate(total=Window(Count("pk")))
    offers = _shown(listed, COMPANY_OFFERS)
    if not offers:
        return None
    total = offers[0].total
    return {
        "template": "jobboard/includes/company_offers.html",
        "context": {"offers": offers, "company": company, "total": total},
    }
