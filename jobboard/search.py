"""The offer search: its GET filter form and the query over listed offers, on both databases.

On PostgreSQL the free text is matched against `jobboard_offer.search_vector` (migration
0002: a generated tsvector in the offer's own language, without accents, with a GIN index)
and ranked with `ts_rank`. On SQLite every word of the query, lower-cased and without
accents, must be contained in `Offer.search_text`. What SQLite does not do: stemming
beyond a final "s" ("travaux" does not find "travail", "électricienne" does not find
"électricien" — the other way round it does), Dutch or English word forms, ranking (it
orders by date), and the `"phrase"`, `or` and `-word` syntax PostgreSQL's
`websearch_to_tsquery` understands.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.postgres.search import SearchQueryField, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    Func,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
)
from django.utils.translation import gettext_lazy as _

from campus_portal import caching
from companies.communes import Commune
from companies.directory import FilterChoiceField
from jobboard.models import Offer, normalise_text
from students.models import ContractKind, Track
from students.sectors import sectors_with_tracks, track_choices

Q_MAX_LENGTH = 200
# On SQLite: a query word longer than this loses a final "s" ("électriciens" → "electricien").
PLURAL_MIN_LENGTH = 4
MAX_WORDS = 10

# The query in each configuration (migration 0002), each distinct one once.
FULL_TEXT_QUERY_SQL = """
    SELECT query FROM (
        SELECT websearch_to_tsquery('campus_fr', %(q)s)::text AS query
        UNION SELECT websearch_to_tsquery('campus_nl', %(q)s)::text
        UNION SELECT websearch_to_tsquery('campus_simple', %(q)s)::text
    ) AS queries
    WHERE query <> ''
    ORDER BY query
"""

ORDER_RELEVANCE, ORDER_NEWEST, ORDER_CLOSING = "", "newest", "closing"
# What a list of listed offers depends on (campus_portal.caching): the offers, their
# companies' status, the tracks and the shortage list (the cards' badge).
LISTED_TOPICS = ("offers", "companies", "tracks")


class OfferSearchForm(forms.Form):
    """The list's GET filters. A value that matches nothing known is dropped, never an error
    page: a stale link or junk in the address shows the offers without that filter."""

    q = forms.CharField(
        label=_("Mots-clés"),
        max_length=Q_MAX_LENGTH,
        required=False,
        help_text=_("Un métier, une compétence, un mot de l'offre."),
    )
    track = FilterChoiceField(label=_("Filière"), required=False)
    sector = FilterChoiceField(label=_("Secteur"), required=False)
    kind = FilterChoiceField(
        label=_("Type de contrat"),
        required=False,
        choices=[("", _("Tous les contrats")), *ContractKind.choices],
    )
    commune = FilterChoiceField(
        label=_("Lieu de travail"),
        required=False,
        choices=[("", _("Toutes les communes")), *Commune.choices],
    )
    shortage = forms.BooleanField(label=_("Métiers en pénurie uniquement"), required=False)
    order = FilterChoiceField(label=_("Trier par"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        sectors = sectors_with_tracks()
        # Every track with its sector: the search resolves the filters' slugs from them.
        self.tracks = [track for sector in sectors for track in sector.tracks.all()]
        self.fields["sector"].choices = [
            ("", _("Tous les secteurs")),
            *((sector.slug, sector.name) for sector in sectors),
        ]
        self.fields["track"].choices = [("", _("Toutes les filières")), *track_choices(sectors)]
        # Relevance only means something with words to search for.
        searching = bool(self.is_bound and str(self.data.get("q", "")).strip())
        self.fields["order"].choices = [
            *([(ORDER_RELEVANCE, _("Pertinence"))] if searching else []),
            (ORDER_NEWEST, _("Les plus récentes")),
            (ORDER_CLOSING, _("Clôture la plus proche")),
        ]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters; a field with an invalid value is left out."""
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds the fields that are valid
        return {name: value for name, value in self.cleaned_data.items() if value}

    def chosen(self) -> dict[str, str]:
        """A label for each filter in use but `q` and `order`, by filter name."""
        chosen = {}
        for name, value in self.filters().items():
            if name in ("q", "order"):
                continue
            if name == "shortage":
                chosen[name] = str(self.fields[name].label)
                continue
            for key, label in self.fields[name].choices:
                options = label if isinstance(label, list | tuple) else [(key, label)]
                for slug, text in options:
                    if slug == value:
                        chosen[name] = str(text)
        return chosen

    def ignored(self) -> list[str]:
        """Names of the filters given a value that was dropped (unknown or invalid)."""
        if not self.is_bound:
            return []
        kept = self.filters()
        return [
            name
            for name in self.fields
            if name != "q" and str(self.data.get(name, "")).strip() and name not in kept
        ]


def shortage_track_ids() -> list[int]:
    """The tracks that prepare for an occupation of the newest shortage list."""
    return caching.cached(
        "shortage-track-ids",
        lambda: list(
            Track.objects.with_latest_shortage()
            .filter(latest_shortage_year__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        topics=("tracks",),
    )


def mark_shortages(offers: Iterable[Offer]) -> None:
    """Set `shortage_year` on each offer one of whose tracks is on the newest shortage list,
    None on the others: the cards' badge. No query: `search_offers` prefetches the tracks
    with `latest_shortage_year`."""
    for offer in offers:
        years = [track.latest_shortage_year for track in offer.tracks.all()]
        offer.shortage_year = max((year for year in years if year), default=None)


class _SearchVector(Expression):
    """The offer's `search_vector` column, which the database generates (migration 0002)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name('search_vector')}", []


class _TsQuery(Func):
    """A tsquery given in its text form, lexemes as they are (no parsing, no stemming)."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()


class _Matches(Func):
    """`vector @@ query`, a condition for `filter()`."""

    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def full_text_query(q: str) -> str:
    """The text of the tsquery for `q`: its words in each language's configuration, any of
    them matching, each distinct query once; "" when `q` has no word to look for.

    Worked out before the search rather than inside it: PostgreSQL then plans with the
    query itself, and `'electricien' | 'electricien' | 'electricien'` (the same word in the
    three configurations) would make it expect three times too many rows and read the
    whole table instead of the GIN index.
    """

    def compute() -> str:
        with connection.cursor() as cursor:
            cursor.execute(FULL_TEXT_QUERY_SQL, {"q": q})
            queries = [row[0] for row in cursor.fetchall()]
        return " | ".join(f"( {query} )" for query in queries)

    # A function of the words alone: kept like public data, whatever changes.
    return caching.cached("tsquery:" + caching.digest(q), compute, topics=())


def query_words(q: str) -> list[str]:
    """For SQLite: the query's words, unaccented, lower case, plural "s" removed."""
    words = re.findall(r"\w+", normalise_text(q))[:MAX_WORDS]
    return [
        word[:-1] if len(word) >= PLURAL_MIN_LENGTH and word.endswith("s") else word
        for word in words
    ]


def search_offers(
    params: Mapping[str, Any], *, known_tracks: Sequence[Track] | None = None
) -> QuerySet[Offer]:
    """Listed offers matching the filters of `OfferSearchForm.filters()`, in their order.

    `known_tracks` (with their sectors), when the caller has them, resolve the track and
    sector filters without a query.

    With `q` and no explicit order, the best matches come first on PostgreSQL (`ts_rank`,
    title over description over requirements); otherwise the newest, or those closing
    soonest with `order=closing`.
    """
    offers = Offer.objects.listed()
    # Tracks by id, looked up first (tiny tables): PostgreSQL then estimates each filter
    # from the statistics of the offers' tracks, and walks the newest offers first.
    for tracks in _track_filters(params, known_tracks):
        # EXISTS rather than a join: an offer with two tracks of a sector is listed once.
        links = Offer.tracks.through.objects.filter(offer_id=OuterRef("pk"), track_id__in=tracks)
        offers = offers.filter(Exists(links))
    if kind := params.get("kind"):
        offers = offers.filter(kind=kind)
    if commune := params.get("commune"):
        offers = offers.filter(commune=commune)

    order = params.get("order", ORDER_RELEVANCE)
    ranked = False
    q = params.get("q", "").strip()
    # Punctuation alone is no query (PostgreSQL would find nothing, SQLite everything).
    if re.search(r"\w", q):
        if connection.vendor == "postgresql":
            if not (text := full_text_query(q)):
                return offers.none()  # only words too common to search ("le", "de")
            offers = offers.filter(_Matches(_SearchVector(), _TsQuery(Value(text))))
            if order == ORDER_RELEVANCE:
                offers = offers.annotate(rank=SearchRank(_SearchVector(), _TsQuery(Value(text))))
                ranked = True
        else:
            for word in query_words(q):
                offers = offers.filter(search_text__contains=word)

    if order == ORDER_CLOSING:
        offers = offers.order_by("expires_at", "pk")
    elif ranked:
        offers = offers.order_by("-rank", "-published_at", "-pk")
    else:
        offers = offers.order_by("-published_at", "-pk")
    return offers.select_related("company").prefetch_related(
        Prefetch(
            "tracks", queryset=Track.objects.with_latest_shortage().order_by("position", "slug")
        )
    )


def _track_filters(
    params: Mapping[str, Any], known_tracks: Sequence[Track] | None
) -> list[list[int]]:
    """For each filter on tracks (track, sector, shortage), the ids of the tracks it allows."""
    filters = []
    if track := params.get("track"):
        filters.append(_track_ids(known_tracks, lambda known: known.slug == track, slug=track))
    if sector := params.get("sector"):
        filters.append(
            _track_ids(known_tracks, lambda known: known.sector.slug == sector, sector__slug=sector)
        )
    if params.get("shortage"):
        filters.append(shortage_track_ids())
    return filters


def _track_ids(known_tracks: Sequence[Track] | None, test, **lookup) -> list[int]:
    """The ids of the tracks passing `test` among `known_tracks`, or found by `lookup`."""
    if known_tracks is None:
        return list(Track.objects.filter(**lookup).values_list("pk", flat=True))
    return [known.pk for known in known_tracks if test(known)]
