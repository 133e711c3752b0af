"""The public directory of verified companies: its filter form, queries and track section."""

from django import forms
from django.db.models import Count, Prefetch, QuerySet, Sum, Window
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Need
from students.models import Track
from students.sectors import sectors_with_tracks, track_choices


class FilterChoiceField(forms.ChoiceField):
    """A filter's choice: an unknown value (stale link, junk) means "no filter", not an error."""

    def clean(self, value):
        value = self.to_python(value)
        return value if value and self.valid_value(value) else ""


class DirectoryFilterForm(forms.Form):
    """The directory's GET filters: a sector and a track sought, both by slug, both optional."""

    sector = FilterChoiceField(label=_("Secteur"), required=False)
    track = FilterChoiceField(label=_("Filière recherchée"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        sectors = sectors_with_tracks()
        self.fields["sector"].choices = [
            ("", _("Tous les secteurs")),
            *((sector.slug, sector.name) for sector in sectors),
        ]
        self.fields["track"].choices = [("", _("Toutes les filières")), *track_choices(sectors)]

    def filters(self) -> dict[str, str]:
        """The known, non-empty filters; an unknown value is left out."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}

    def chosen(self) -> dict[str, str]:
        """The label of each filter in use (its sector's or track's name), by filter name."""
        chosen = {}
        for name, value in self.filters().items():
            for key, label in self.fields[name].choices:
                options = label if isinstance(label, list | tuple) else [(key, label)]
                for slug, text in options:
                    if slug == value:
                        chosen[name] = str(text)
        return chosen

    def ignored(self) -> list[str]:
        """Names of the filters given with a value that matches no sector or track."""
        if not self.is_bound:
            return []
        kept = self.filters()
        return [name for name in self.fields if self.data.get(name) and name not in kept]


def directory_companies(*, sector: str = "", track: str = "") -> QuerySet[Company]:
    """Verified companies, by name, optionally in a sector or seeking a track (slugs).

    Each company comes with its sectors and its open needs (`open_needs`, with their
    tracks) prefetched, so that a page of results costs the same few queries.
    """
    companies = Company.objects.verified()
    if sector:
        # One row per company: a company holds a sector at most once.
        companies = companies.filter(sectors__slug=sector)
    if track:
        needs = Need.objects.public().filter(tracks__slug=track)
        companies = companies.filter(pk__in=needs.values("company_id"))
    tracks = Track.objects.select_related("sector")
    return companies.order_by(Lower("name"), "pk").prefetch_related(
        "sectors",
        Prefetch(
            "needs",
            queryset=Need.objects.open().prefetch_related(Prefetch("tracks", queryset=tracks)),
            to_attr="open_needs",
        ),
    )


def sought_tracks(company: Company) -> list[Track]:
    """The distinct tracks of the prefetched `open_needs` of a company, in the usual order."""
    tracks = {track.pk: track for need in company.open_needs for track in need.tracks.all()}
    return sorted(
        tracks.values(), key=lambda track: (track.sector.position, track.position, track.slug)
    )


def tracks_sought_by(company: Company) -> QuerySet[Track]:
    """The tracks of a company's open needs, each once, with `headcount` summed over them."""
    return (
        Track.objects.filter(needs__company=company, needs__status=Need.Status.OPEN)
        .select_related("sector")
        .annotate(headcount=Sum("needs__headcount"))
        .order_by("sector__position", "position", "slug")
    )


def companies_seeking(track: Track) -> QuerySet[Company]:
    """Verified companies with at least one open need for `track`, by name."""
    needs = Need.objects.public().filter(tracks=track)
    return (
        Company.objects.verified()
        .filter(pk__in=needs.values("company_id"))
        .order_by(Lower("name"), "pk")
    )


# A track page names this many companies; the directory, filtered by the track, has them all.
TRACK_COMPANIES = 12


def track_section(track: Track) -> dict | None:
    """The "companies seeking this track" section of a track page: the first companies by
    name and how many there are in all (the total rides along with the rows, a window over
    the whole list before the limit); nothing if none does."""
    seeking = companies_seeking(track).annotate(total=Window(Count("pk")))
    companies = list(seeking[:TRACK_COMPANIES])
    if not companies:
        return None
    return {
        "template": "companies/includes/track_companies.html",
        "context": {"companies": companies, "track": track, "total": companies[0].total},
    }
