"""The staff roles: permission groups kept in step with this file after every migrate."""

from django.apps import apps as global_apps
from django.contrib import admin
from django.db import DEFAULT_DB_ALIAS, router

# Group names are data (shown as typed in the admin), not interface strings.
MODERATION = "Modération"
EVENTS = "Événements"
DIRECTION = "Direction"

DASHBOARD_PERMISSION = "campus_portal.view_dashboard"

# The project's own apps: "Direction" reads whatever of them the admin shows.
PROJECT_APPS = ("campus_portal", "students", "companies", "jobboard", "events")

VIEW = ("view",)
EDIT = ("view", "change")
FULL = ("view", "add", "change", "delete")

# "app_label.model_name": actions. Inline models need their own permissions for the
# inline to show (or to be editable) on the parent's page.
GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    # Companies and offers: verify, reject, suspend, reinstate; publish or refuse offers.
    MODERATION: {
        "companies.company": EDIT,
        "companies.membership": EDIT,
        "companies.teaminvitation": EDIT,
        "companies.need": EDIT,
        "companies.needlanguage": FULL,
        "jobboard.offer": EDIT,
        "jobboard.offerlanguage": FULL,
        "campus_portal.user": VIEW,
        "campus_portal.auditentry": VIEW,
        "students.sector": VIEW,
        "students.track": VIEW,
        "students.shortageoccupation": VIEW,
    },
    # Meeting days: prepare them, decide on companies, schedule, move meetings by hand.
    EVENTS: {
        "events.meetingday": ("view", "add", "change"),
        "events.participation": EDIT,
        "events.registration": EDIT,  # checking students in on the day
        "events.preference": VIEW,
        "events.meeting": ("view", "change", "delete"),
        "events.surveyresponse": VIEW,
        "companies.company": VIEW,
        "jobboard.offer": VIEW,  # a participation's offers are picked by autocomplete
        "students.studentprofile": VIEW,
        "students.studentlanguage": VIEW,
        "students.sector": VIEW,
        "students.track": VIEW,
        "campus_portal.auditentry": VIEW,
    },
}


def _admin_models() -> set[str]:
    """The project's models the admin shows, on their own page or as an inline."""
    shown = set()
    for config in global_apps.get_app_configs():
        if config.label not in PROJECT_APPS:
            continue
        for model in config.get_models():
            if not admin.site.is_registered(model):
                continue
            model_admin = admin.site.get_model_admin(model)
            for each in [model, *(inline.model for inline in model_admin.inlines)]:
                shown.add(each._meta.label_lower)
    return shown


def wanted_permissions() -> dict[str, set[tuple[str, str]]]:
    """Per group, the (app label, codename) of each permission it should hold."""
    wanted = {
        name: {
            (label.split(".")[0], f"{action}_{label.split('.')[1]}")
            for label, actions in grants.items()
            for action in actions
        }
        for name, grants in GRANTS.items()
    }
    # Read-only on everything staff see, plus the dashboard; never add, change or delete.
    dashboard_app, dashboard_codename = DASHBOARD_PERMISSION.split(".")
    wanted[DIRECTION] = {
        (label.split(".")[0], f"view_{label.split('.')[1]}") for label in _admin_models()
    } | {(dashboard_app, dashboard_codename)}
    return wanted


def ensure_groups(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps) -> None:
    """Create the groups if missing and set their permissions to the ones above: a right
    removed here is removed from the group. A permission not created yet (a partial
    migrate) is skipped; the next migrate adds it."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated yet
        return
    if not router.allow_migrate_model(using, group_model):
        return
    wanted = wanted_permissions()
    labels = {app_label for keys in wanted.values() for app_label, _codename in keys}
    existing = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in permission_model.objects.using(using)
        .filter(content_type__app_label__in=labels)
        .select_related("content_type")
    }
    for name, keys in wanted.items():
        group, _created = group_model.objects.using(using).get_or_create(name=name)
        group.permissions.set([existing[key] for key in sorted(keys) if key in existing])


def create_staff_groups(sender, *, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """`post_migrate` receiver. Django sends the signal once per app, after creating that
    app's permissions: acting on the last app's signal sees every permission."""
    last = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    if sender.label != last.label:
        return
    ensure_groups(using=using, apps=apps)
