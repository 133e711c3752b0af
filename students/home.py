"""The home page's "tracks in shortage" section."""

from campus_portal import caching
from students.models import Track

HOME_TRACKS = 12


def _shortage_tracks() -> list[Track]:
    return list(
        Track.objects.with_latest_shortage()
        .filter(latest_shortage_year__isnull=False)
        .select_related("sector")
        .order_by("sector__position", "position")[:HOME_TRACKS]
    )


def shortage_tracks_section(request) -> dict | None:
    """Tracks that prepare for an occupation of the newest shortage list."""
    tracks = caching.cached("home-shortage-tracks", _shortage_tracks, topics=("tracks",))
    if not tracks:
        return None
    return {
        "template": "students/includes/home_shortage_tracks.html",
        "context": {"tracks": tracks, "year": tracks[0].latest_shortage_year},
    }
