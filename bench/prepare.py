"""Pick the pages `bench/run.py` loads, log a seeded student in, and count the data.

Run by `run.py` with the portal's environment (see bench/README.md); prints one JSON
object. The student's session is written straight into the session store, as a login
would write it: the login form is rate-limited and would cost a password hash per run.
This is benchmark tooling, never imported by the portal.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from companies.models import Company  # noqa: E402
from events.models import Meeting, MeetingDay, Participation, Registration  # noqa: E402
from events.schedules import PUBLISHED_STATUSES  # noqa: E402
from jobboard.models import Application, Offer  # noqa: E402
from students.models import StudentProfile, Track  # noqa: E402

SCHEDULE_MEETINGS = 4  # the student the schedule page shows has at least this many


def fail(message: str) -> None:
    raise SystemExit(f"bench/prepare.py: {message} Run `manage.py seed_bench` first.")


def scheduled_registration() -> Registration:
    """A registered student of the next day whose schedule is published, with meetings."""
    day = (
        MeetingDay.objects.upcoming().filter(status__in=PUBLISHED_STATUSES).order_by("date").first()
    )
    if day is None:
        fail("No coming meeting day with a published schedule.")
    registration = (
        Registration.objects.filter(meeting_day=day, status=Registration.Status.REGISTERED)
        .annotate(
            meeting_count=Count(
                "meetings", filter=Q(meetings__participation__status=Participation.Status.ACCEPTED)
            )
        )
        .filter(meeting_count__gte=SCHEDULE_MEETINGS)
        .select_related("student__user")
        .order_by("pk")
        .first()
    )
    if registration is None:
        fail(f"Nobody with {SCHEDULE_MEETINGS} meetings on {day}.")
    return registration


def session_cookie(user) -> tuple[str, str]:
    """A session of `user` as `django.contrib.auth.login` leaves it."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key


def counts() -> dict[str, int]:
    return {
        "companies (verified)": Company.objects.verified().count(),
        "offers": Offer.objects.count(),
        "offers listed": Offer.objects.listed().count(),
        "students": StudentProfile.objects.count(),
        "applications": Application.objects.count(),
        "meeting days": MeetingDay.objects.count(),
        "registrations": Registration.objects.count(),
        "meetings": Meeting.objects.count(),
    }


def main() -> None:
    # One listed offer; the company and the track with the most offers (the longest pages).
    offer = Offer.objects.listed().filter(company__slug__startswith="bench-").order_by("pk").first()
    company = (
        Company.objects.verified()
        .filter(slug__startswith="bench-")
        .annotate(offer_count=Count("offers"))
        .order_by("-offer_count", "pk")
        .first()
    )
    track = Track.objects.annotate(n=Count("offers")).order_by("-n", "pk").first()
    if offer is None or company is None or track is None:
        fail("No bench offer, company or track.")
    registration = scheduled_registration()
    first_meeting = (
        Meeting.objects.filter(registration=registration)
        .select_related("participation__company")
        .order_by("slot_index")
        .first()
    )
    cookie_name, cookie_value = session_cookie(registration.student.user)
    version = ".".join(str(part) for part in connection.get_database_version())
    with translation.override("fr"):
        result = {
            "offer": offer.get_absolute_url(),
            "company": company.get_absolute_url(),
            "track": track.get_absolute_url(),
            "schedule": reverse("events:my_schedule", kwargs={"pk": registration.pk}),
            # The schedule page names the companies met: proof the session works.
            "schedule_marker": first_meeting.participation.company.name,
            "cookie": f"{cookie_name}={cookie_value}",
            "database": f"{connection.display_name} {version}",
            "counts": counts(),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
