from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampusPortalConfig(AppConfig):
    name = "campus_portal"
    verbose_name = _("Portail")

    def ready(self):
        from allauth.account.signals import password_changed, password_reset
        from django.contrib.auth.signals import user_logged_out

        from campus_portal import sessions

        user_logged_out.connect(sessions.on_logged_out, dispatch_uid="end_sessions_on_logout")
        password_changed.connect(
            sessions.on_password_changed, dispatch_uid="end_sessions_on_password_change"
        )
        password_reset.connect(
            sessions.on_password_changed, dispatch_uid="end_sessions_on_password_reset"
        )
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
