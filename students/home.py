"""The home page's "tracks in shortage" section."""

from django.db.models import Max

from students.models import ShortageOccupation, Track


def shortage_tracks_section(request) -> dict | None:
    """Tracks that prepare for an occupation of the latest shortage list."""
    year = ShortageOccupation.objects.aggregate(year=Max("list_year"))["year"]
    if year is None:
        return None
    tracks = (
        Track.objects.filter(shortage_occupations__list_year=year)
        .select_related("sector")
        .distinct()
        .order_by("sector__position", "position")
    )
    return {
        "template": "students/includes/home_shortage_tracks.html",
        "context": {"tracks": list(tracks[:12]), "year": year},
    }
