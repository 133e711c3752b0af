"""The public list of offers with its search and filters, and its Atom feed."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from campus_portal import caching
from jobboard.search import LISTED_TOPICS, OfferSearchForm, mark_shortages, search_offers

PER_PAGE = 20
# Counting stops here: nobody reads 50 pages, and counting every one of 100,000 offers is
# what made the list slow (docs/benchmarks.md).
COUNT_CAP = 1000
FEED_SIZE = 50
FEED_SUMMARY_LINES = 3
FEED_SUMMARY_CHARS = 400


class CappedPaginator(Paginator):
    """A paginator that counts the rows up to `cap`: beyond, `capped` is true and the pages
    stop at the cap ("more than 1,000 offers, refine your search"). With `cache_name`, the
    count is kept in the public cache (it depends on the listed offers only)."""

    def __init__(self, object_list, per_page, *, cap: int, cache_name: str | None = None):
        self.cap = cap
        self.cache_name = cache_name
        super().__init__(object_list, per_page)

    @cached_property
    def _counted(self) -> int:
        # The subquery stops reading rows at cap + 1, whatever the order of the list.
        def count() -> int:
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()

        if self.cache_name is None:
            return count()
        return caching.cached(self.cache_name, count, topics=LISTED_TOPICS)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap


def _query(filters: dict) -> str:
    """The filters as a query string (a checked box as "on", like the form sends it)."""
    return urlencode({k: "on" if v is True else v for k, v in filters.items()})


def _marked(offers) -> list:
    offers = list(offers)
    mark_shortages(offers)
    return offers


def offer_list(request):
    form = OfferSearchForm(request.GET or None)
    filters = form.filters()
    # The same filters give the same offers to everyone: the count and each page are public.
    name = "offer-list:" + caching.digest(filters)
    paginator = CappedPaginator(
        search_offers(filters, known_tracks=form.tracks),
        PER_PAGE,
        cap=COUNT_CAP,
        cache_name=f"{name}:count",
    )
    page = paginator.get_page(request.GET.get("page"))
    offers = caching.cached(
        f"{name}:page-{page.number}", lambda: _marked(page.object_list), topics=LISTED_TOPICS
    )

    # What to relax when nothing matches: each link drops one thing and keeps the rest.
    removals = []
    if "q" in filters:
        removals.append(
            {
                "label": _("Retirer la recherche « %(q)s »") % {"q": filters["q"]},
                "query": _query({k: v for k, v in filters.items() if k != "q"}),
            }
        )
    for name, label in form.chosen().items():
        removals.append(
            {
                "label": _("Retirer le filtre « %(label)s »") % {"label": label},
                "query": _query({k: v for k, v in filters.items() if k != name}),
            }
        )
    context = {
        "form": form,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "offers": offers,
        "filters": filters,
        "searching": bool({*filters} - {"order"}),
        "filter_query": _query(filters),
        "removals": removals,
        "ignored_filters": form.ignored(),
    }
    return render(request, "jobboard/offer_list.html", context)


class OfferFeed(Feed):
    """The 50 newest listed offers, as Atom."""

    feed_type = Atom1Feed
    title = _("Campus Portal · offres d'emploi, de stage et d'alternance")
    subtitle = _(
        "Les dernières offres des entreprises bruxelloises vérifiées par le Campus des Arts "
        "et Métiers."
    )

    def link(self):
        return reverse("jobboard:offer_list")

    def items(self):
        return search_offers({})[:FEED_SIZE]

    def item_title(self, offer):
        return f"{offer.title} · {offer.company.name}"

    def item_description(self, offer):
        # Atom's summary is HTML: the offer's first lines, as text.
        lines = [line.strip() for line in offer.description.splitlines() if line.strip()]
        summary = " ".join(lines[:FEED_SUMMARY_LINES])
        return escape(Truncator(summary).chars(FEED_SUMMARY_CHARS))

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        # Publication is the last change of substance: a changed offer is moderated again.
        return offer.published_at

    def item_author_name(self, offer):
        return offer.company.name

    def item_categories(self, offer):
        return [track.name for track in offer.tracks.all()]


offer_feed = OfferFeed()
