"""Template context shared by every page."""

from campus_portal import roles


def portal(request):
    return {"user_role": roles.for_user(getattr(request, "user", None))}
