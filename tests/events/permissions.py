from tests.permission_table import STUDENTS as registration_students
from tests.permission_table import Row  # noqa: F401 - rows are added below
from tests.permission_table import everyone as checkin_everyone
from tests.permission_table import everyone as survey_everyone
from tests.permission_table import only as checkin_only
from tests.permission_table import only as registration_only

ROWS = []


def _survey(persona) -> dict:
    """A survey sent to the student persona: the token alone opens it, for anyone."""
    from events.models import SurveyResponse
    from tests.events.factories import MeetingDayFactory

    user = persona("student")
    response = SurveyResponse.objects.create(
        meeting_day=MeetingDayFactory(), user=user, role="student"
    )
    return {"token": response.token}


ROWS += [
    # The token is the secret (no login): an unknown one is 404 for everyone, a real one
    # opens the form for whoever holds the link.
    Row("events:survey_answer", survey_everyone(404), kwargs={"token": "no-such-token"}),
    Row("events:survey_answer", survey_everyone(200), setup=_survey),
]


# --- Student registration (events/registration_views.py) ----------------------------------


def _registration_of_student(persona) -> dict:
    """A registration of the student persona: cancelling is POST only (405 to a GET)."""
    from tests.events.factories import RegistrationFactory

    profile = persona("student").student_profile
    return {"pk": RegistrationFactory(student=profile).pk}


ROWS += [
    Row("events:my_event_list", registration_only(registration_students)),
    Row(
        "events:my_registration_cancel",
        survey_everyone(405),
        setup=_registration_of_student,
    ),
]


# --- On the day: check-in (events/checkin_views.py) and follow-ups (followup_views.py) ---


def _checkin_day(persona) -> dict:
    from tests.events.factories import MeetingDayFactory

    return {"slug": MeetingDayFactory(scheduled=True).slug}


def _checkin_registration(persona) -> dict:
    """The student persona's own QR URL: even they get 403, and learn nothing."""
    from tests.events.factories import MeetingDayFactory, RegistrationFactory

    registration = RegistrationFactory(
        meeting_day=MeetingDayFactory(scheduled=True), student=persona("student").student_profile
    )
    return {"slug": registration.meeting_day.slug, "token": registration.checkin_token}


def _checkin_participation(persona) -> dict:
    from tests.events.factories import ParticipationFactory

    participation = ParticipationFactory(accepted=True, company=persona("company"))
    return {"slug": participation.meeting_day.slug, "pk": participation.pk}


def _meeting_of_company(persona):
    from events.models import Meeting
    from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory

    day = MeetingDayFactory(scheduled=True)
    return Meeting.objects.create(
        meeting_day=day,
        registration=RegistrationFactory(meeting_day=day),
        participation=ParticipationFactory(
            meeting_day=day, accepted=True, company=persona("company")
        ),
        slot_index=0,
    )


def _followup_participation(persona) -> dict:
    return {"pk": _meeting_of_company(persona).participation_id}


def _followup_meeting(persona) -> dict:
    return {"pk": _meeting_of_company(persona).pk}


# The company persona's own meetings: its members 200, another company 404.
_FOLLOWUP = {**checkin_only(("recruiter", "colleague")), "other_recruiter": 404}

ROWS += [
    Row("events:checkin_home", checkin_only(("staff",)), setup=_checkin_day),
    Row("events:checkin_token", checkin_only(("staff",)), setup=_checkin_registration),
    Row("events:checkin_code", checkin_everyone(405), setup=_checkin_day),
    Row("events:checkin_no_shows", checkin_everyone(405), setup=_checkin_day),
    Row("events:checkin_company", checkin_everyone(405), setup=_checkin_participation),
    Row("events:company_meeting_list", _FOLLOWUP, setup=_followup_participation),
    Row("events:meeting_rate", _FOLLOWUP, setup=_followup_meeting),
]


# --- Schedules, calendars and reminders (events/schedule_views.py) ------------------------

from tests.permission_table import RECRUITERS as schedule_recruiters  # noqa: E402
from tests.permission_table import STUDENTS as schedule_students  # noqa: E402
from tests.permission_table import everyone as schedule_everyone  # noqa: E402
from tests.permission_table import only as schedule_only  # noqa: E402


def _scheduled_registration(persona) -> dict:
    """The student persona's registration for a published day: other_student gets 404."""
    from tests.events.factories import MeetingDayFactory, RegistrationFactory

    day = MeetingDayFactory(scheduled=True)
    profile = persona("student").student_profile
    return {"pk": RegistrationFactory(meeting_day=day, student=profile).pk}


def _scheduled_participation(persona) -> dict:
    """The company persona's participation in a published day: other_recruiter gets 404."""
    from tests.events.factories import MeetingDayFactory, ParticipationFactory

    day = MeetingDayFactory(scheduled=True)
    participation = ParticipationFactory(meeting_day=day, company=persona("company"), accepted=True)
    return {"pk": participation.pk}


def _student_feed(persona) -> dict:
    from events.models import CalendarFeed

    return {"token": CalendarFeed.objects.create(user=persona("student")).token}


def _mail_preference(persona) -> dict:
    from events.models import EventMailPreference

    return {"token": EventMailPreference.objects.create(user=persona("student")).token}


ROWS += [
    Row(
        "events:my_schedule",
        {**schedule_only(schedule_students), "other_student": 404},
        setup=_scheduled_registration,
    ),
    Row(
        "events:my_schedule_ics",
        {**schedule_only(schedule_students), "other_student": 404},
        setup=_scheduled_registration,
    ),
    Row(
        "events:company_schedule",
        {**schedule_only(schedule_recruiters), "other_recruiter": 404},
        setup=_scheduled_participation,
    ),
    Row(
        "events:company_schedule_ics",
        {**schedule_only(schedule_recruiters), "other_recruiter": 404},
        setup=_scheduled_participation,
    ),
    # Students and company members have meetings; staff have none.
    Row("events:calendar_settings", schedule_only((*schedule_students, *schedule_recruiters))),
    Row("events:calendar_renew", schedule_everyone(405)),
    # Calendar apps and mail clients have no session: the token alone opens these, and a
    # made-up token is a 404 for everyone.
    Row("calendar_feed", schedule_everyone(200), setup=_student_feed),
    Row("calendar_feed", schedule_everyone(404), {"token": "not-a-real-token"}),
    Row("events:mail_unsubscribe", schedule_everyone(200), setup=_mail_preference),
    Row("events:mail_unsubscribe", schedule_everyone(404), {"token": "not-a-real-token"}),
]


# --- Meeting days' public pages and companies' participation ----------------------------

from tests.permission_table import RECRUITERS as participation_recruiters  # noqa: E402
from tests.permission_table import everyone as participation_everyone  # noqa: E402
from tests.permission_table import only as participation_only  # noqa: E402


def _public_day(persona) -> dict:
    """A day open to companies, with `company` accepted, and a past day for the list."""
    import datetime

    from django.utils import timezone

    from tests.events.factories import MeetingDayFactory, ParticipationFactory

    day = MeetingDayFactory()
    ParticipationFactory(meeting_day=day, company=persona("company"), accepted=True)
    MeetingDayFactory(date=timezone.localdate() - datetime.timedelta(days=90), status="held")
    return {"slug": day.slug}


def _draft_day(persona) -> dict:
    from tests.events.factories import MeetingDayFactory

    return {"slug": MeetingDayFactory(status="draft").slug}


def _participation_of_company(persona) -> dict:
    from tests.events.factories import ParticipationFactory

    return {"pk": ParticipationFactory(company=persona("company")).pk}


def _list_setup(persona) -> dict:
    _public_day(persona)
    return {}


ROWS += [
    Row("events:meetingday_list", participation_everyone(200), setup=_list_setup),
    Row("events:meetingday_detail", participation_everyone(200), setup=_public_day),
    Row("events:meetingday_detail", participation_everyone(404), setup=_draft_day),
    # One address for both sides: company members get the participation form, students
    # the registration of events/registration_views.py (a page even with an incomplete
    # profile), staff work in the admin.
    Row(
        "events:meetingday_register",
        {
            "visitor": 302,
            "student": 200,
            "other_student": 200,
            "recruiter": 200,
            "colleague": 200,
            "other_recruiter": 200,
            "staff": 403,
        },
        setup=_public_day,
    ),
    Row("events:meetingday_register", participation_everyone(404), setup=_draft_day),
    Row("events:company_event_list", participation_only(participation_recruiters)),
    Row(
        "events:participation_cancel",
        participation_everyone(405),
        setup=_participation_of_company,
    ),
]
