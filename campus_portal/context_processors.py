"""Template context shared by every page."""

from campus_portal import area_menu, roles


def portal(request):
    role = roles.for_user(getattr(request, "user", None))
    return {
        "user_role": role,
        "area_menu": area_menu.entries_for(role.key if role else None),
    }
