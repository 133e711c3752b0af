"""The meeting days' sections on other apps' pages: the home page and a company's page."""

from django.db.models import Count

from campus_portal import caching
from companies.models import Company
from events.meeting_days import company_window, student_window
from events.models import MeetingDay, Participation
from events.public_views import ACCEPTED_VERIFIED


def _next_day() -> MeetingDay | None:
    return (
        MeetingDay.objects.upcoming()
        .annotate(company_count=Count("participations", filter=ACCEPTED_VERIFIED))
        .first()
    )


def home_section(request) -> dict | None:
    """ "Prochaine journée de rencontre" on the home page; nothing if none is announced."""
    day = caching.cached("home-meeting-day", _next_day, topics=("days", "companies"))
    if day is None:
        return None
    return {
        "template": "events/includes/home_meeting_day.html",
        "context": {
            "day": day,
            "company_window": company_window(day),
            "student_window": student_window(day),
        },
    }


def company_section(company: Company) -> dict | None:
    """ "Journées de rencontre" on a company's page: the coming days it takes part in."""
    days = list(
        MeetingDay.objects.upcoming().filter(
            participations__company=company,
            participations__status=Participation.Status.ACCEPTED,
        )
    )
    if not days:
        return None
    return {
        "template": "events/includes/company_meeting_days.html",
        "context": {"days": days, "company": company},
    }
