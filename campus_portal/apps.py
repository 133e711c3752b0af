from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampusPortalConfig(AppConfig):
    name = "campus_portal"
    verbose_name = _("Portail")

    def ready(self):
        from django.db.models.signals import post_migrate

        from campus_portal import personal_data, roles, staff_groups
        from campus_portal.account_data import ACCOUNT_SECTION, RETENTION_RULES

        # Permissions exist only after migrations: the staff groups are made then.
        post_migrate.connect(
            staff_groups.create_staff_groups, dispatch_uid="campus_portal.staff_groups"
        )

        personal_data.register(ACCOUNT_SECTION)
        for rule in RETENTION_RULES:
            personal_data.register_retention(rule)

        roles.register(
            roles.Role(
                key=roles.STAFF,
                label=_("Personnel de l'école"),
                area_url_name="admin:index",
                holds=lambda user: user.is_staff,
            )
        )
