"""What the meeting days store about a user, for export and erasure."""

from campus_portal.personal_data import Section
from events.models import (
    CalendarFeed,
    EventMailPreference,
    Meeting,
    Participation,
    Registration,
    SurveyResponse,
)


def export_events(user) -> dict:
    registrations = (
        Registration.objects.filter(student__user=user)
        .select_related("meeting_day")
        .prefetch_related("preferences__participation__company", "meetings__participation__company")
    )
    return {
        "registrations": [
            {
                "meeting_day": str(registration.meeting_day),
                "status": registration.get_status_display(),
                "wishes": [
                    {"rank": wish.rank, "company": wish.participation.company.name}
                    for wish in registration.preferences.all()
                ],
                "meetings": [
                    {"slot": meeting.slot_index, "company": meeting.participation.company.name}
                    for meeting in registration.meetings.all()
                ],
            }
            for registration in registrations
        ],
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "survey_answers": [
            {
                "meeting_day": str(response.meeting_day),
                "satisfaction": response.satisfaction,
                "comment": response.comment,
            }
            for response in SurveyResponse.objects.filter(user=user, answered_at__isnull=False)
        ],
    }


EVENTS_SECTION = Section(
    key="meeting_days",
    models=(
        Participation,
        Registration,
        Meeting,
        CalendarFeed,
        EventMailPreference,
        SurveyResponse,
    ),
    export=export_events,
)
