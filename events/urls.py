from django.urls import path

from events import (
    checkin_views,
    followup_views,
    participation_views,
    public_views,
    registration_views,
    schedule_views,
    survey_views,
)

app_name = "events"

urlpatterns = [
    path("events/survey/<str:token>/", survey_views.survey_answer, name="survey_answer"),
    path("events/", public_views.meetingday_list, name="meetingday_list"),
    path("events/<slug:slug>/", public_views.meetingday_detail, name="meetingday_detail"),
    path(
        "events/<slug:slug>/register/",
        participation_views.meetingday_register,
        name="meetingday_register",
    ),
    path("company/events/", participation_views.company_event_list, name="company_event_list"),
    path(
        "company/events/<int:pk>/cancel/",
        participation_views.participation_cancel,
        name="participation_cancel",
    ),
    path("me/events/", registration_views.my_event_list, name="my_event_list"),
    path(
        "me/events/<int:pk>/cancel/",
        registration_views.my_registration_cancel,
        name="my_registration_cancel",
    ),
    path("me/events/<int:pk>/schedule/", schedule_views.my_schedule, name="my_schedule"),
    path("me/events/<int:pk>/schedule.ics", schedule_views.my_schedule_ics, name="my_schedule_ics"),
    path(
        "company/events/<int:pk>/schedule/",
        schedule_views.company_schedule,
        name="company_schedule",
    ),
    path(
        "company/events/<int:pk>/schedule.ics",
        schedule_views.company_schedule_ics,
        name="company_schedule_ics",
    ),
    path("me/calendar/", schedule_views.calendar_settings, name="calendar_settings"),
    path("me/calendar/renew/", schedule_views.calendar_renew, name="calendar_renew"),
    path(
        "events/mail/unsubscribe/<str:token>/",
        schedule_views.mail_unsubscribe,
        name="mail_unsubscribe",
    ),
    # The typed code and the no-shows come before the token, which would match them.
    path("events/<slug:slug>/check-in/", checkin_views.checkin_home, name="checkin_home"),
    path("events/<slug:slug>/check-in/code/", checkin_views.checkin_code, name="checkin_code"),
    path(
        "events/<slug:slug>/check-in/no-shows/",
        checkin_views.checkin_no_shows,
        name="checkin_no_shows",
    ),
    path(
        "events/<slug:slug>/check-in/companies/<int:pk>/",
        checkin_views.checkin_company,
        name="checkin_company",
    ),
    path(
        "events/<slug:slug>/check-in/<str:token>/",
        checkin_views.checkin_token,
        name="checkin_token",
    ),
    path(
        "company/events/<int:pk>/meetings/",
        followup_views.company_meeting_list,
        name="company_meeting_list",
    ),
    path(
        "company/events/meetings/<int:pk>/rate/",
        followup_views.meeting_rate,
        name="meeting_rate",
    ),
]
