from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Journées de rencontre")

    def ready(self):
        from campus_portal import personal_data
        from events.personal_data import EVENTS_SECTION

        personal_data.register(EVENTS_SECTION)
