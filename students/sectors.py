"""The sectors with their tracks, as the filter forms offer them: read once, then cached."""

from django.db.models import Prefetch

from campus_portal import caching
from students.models import Sector, Track


def sectors_with_tracks() -> list[Sector]:
    """Every sector in order, its tracks prefetched in order (each knows its sector)."""
    return caching.cached("sectors-with-tracks", _sectors_with_tracks, topics=("tracks",))


def _sectors_with_tracks() -> list[Sector]:
    tracks = Track.objects.order_by("position", "slug")
    return list(Sector.objects.prefetch_related(Prefetch("tracks", queryset=tracks)))


def track_choices(sectors: list[Sector]) -> list[tuple[str, list[tuple[str, str]]]]:
    """A select's groups: each sector that has tracks, with its tracks by slug."""
    return [
        (sector.name, [(track.slug, track.name) for track in sector.tracks.all()])
        for sector in sectors
        if sector.tracks.all()
    ]
