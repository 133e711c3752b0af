from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Entreprises")

    def ready(self):
        from campus_portal import area_menu, demo, personal_data, roles
        from companies.demo import load_demo_companies
        from companies.models import RecruiterProfile
        from companies.personal_data import RECRUITER_SECTION

        personal_data.register(RECRUITER_SECTION)
        demo.register(load_demo_companies)
        area_menu.register("company", _("Tableau de bord"), "companies:area", order=0)
        area_menu.register("company", _("Fiche"), "companies:profile", order=10)
        area_menu.register("company", _("Équipe"), "companies:team", order=20)
        area_menu.register("company", _("Besoins"), "companies:need_list", order=30)

        roles.register(
            roles.Role(
                key="company",
                label=_("Je représente une entreprise"),
                signup_help=_("Pour publier des offres et rencontrer des élèves."),
                area_url_name="companies:area",
                holds=lambda user: hasattr(user, "recruiter_profile"),
                on_signup=lambda user: RecruiterProfile.objects.create(user=user),
                # active_membership() reads the membership loaded with the user.
                user_relations=("recruiter_profile", "membership__company"),
            )
        )

        from companies.directory import track_section
        from students import track_sections

        track_sections.register(track_section, topics=("needs", "companies", "tracks"))

        from campus_portal import caching
        from companies.models import Company, Need

        caching.bump_on_change("companies", Company, Company.sectors.through)
        caching.bump_on_change("needs", Need, Need.tracks.through)
