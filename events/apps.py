from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Journées de rencontre")

    def ready(self):
        from campus_portal import personal_data
        from events.personal_data import EVENTS_SECTION

        personal_data.register(EVENTS_SECTION)

        from campus_portal import area_menu

        area_menu.register("student", _("Journées de rencontre"), "events:my_event_list", order=60)

        from campus_portal import area_menu, demo, home_sections
        from companies import profile_sections
        from events import sections as day_sections
        from events.demo import load_demo_meeting_days

        home_sections.register(day_sections.home_section, order=10)
        profile_sections.register(day_sections.company_section, topics=("days", "companies"))
        area_menu.register(
            "company", _("Journées de rencontre"), "events:company_event_list", order=70
        )
        demo.register(load_demo_meeting_days)

        # A booked meeting gives the company the student's profile and CV for a while.
        from events.access import met_at_meeting_day
        from events.reminders import REMINDERS_SECTION
        from students import access as student_access

        student_access.register(met_at_meeting_day)
        personal_data.register(REMINDERS_SECTION)

        from campus_portal import caching
        from events.models import MeetingDay, Participation

        caching.bump_on_change("days", MeetingDay, MeetingDay.tracks.through, Participation)
