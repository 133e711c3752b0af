from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobboardConfig(AppConfig):
    name = "jobboard"
    verbose_name = _("Bourse à l'emploi")

    def ready(self):
        from campus_portal import area_menu, personal_data
        from jobboard.personal_data import JOB_BOARD_SECTION

        personal_data.register(JOB_BOARD_SECTION)

        from campus_portal import demo
        from jobboard.demo import load_demo_offers

        demo.register(load_demo_offers)
        area_menu.register("company", _("Offres"), "jobboard:company_offer_list", order=40)

        from jobboard.retention import CV_COPY_RETENTION

        personal_data.register_retention(CV_COPY_RETENTION)
        area_menu.register(
            "company", _("Candidatures"), "jobboard:company_application_list", order=50
        )

        from jobboard.access import opted_in_to_talent_search
        from students import access as student_access

        student_access.register(opted_in_to_talent_search)

        from jobboard.access import applicant_of_viewers_company

        student_access.register(applicant_of_viewers_company)
        area_menu.register(
            "student", _("Mes candidatures"), "jobboard:my_application_list", order=30
        )
        area_menu.register("company", _("Recherche de talents"), "jobboard:talent_search", order=60)
        area_menu.register("student", _("Invitations"), "jobboard:my_invitation_list", order=50)
        area_menu.register(
            "student", _("Offres sauvegardées"), "jobboard:saved_offer_list", order=40
        )

        from campus_portal import home_sections
        from companies import profile_sections
        from jobboard import sections as offer_sections
        from jobboard.search import LISTED_TOPICS
        from students import track_sections

        home_sections.register(offer_sections.home_section, order=20)
        track_sections.register(offer_sections.track_section, topics=LISTED_TOPICS)
        profile_sections.register(offer_sections.company_section, topics=LISTED_TOPICS)

        from campus_portal import caching
        from jobboard.models import Offer

        caching.bump_on_change("offers", Offer, Offer.tracks.through)
