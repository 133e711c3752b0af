"""Ending a person's other sessions when they log out or change their password.

On a shared computer at school, logging out must also end the session left open on
another device; a changed password must not leave an old session working.
"""

from allauth.usersessions.models import UserSession


def end_sessions(user, *, keep_session_key: str | None = None) -> int:
    """End the user's sessions known to allauth.usersessions, but `keep_session_key`."""
    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(session_key=keep_session_key):
        session.end()
        ended += 1
    return ended


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        end_sessions(user)


def on_password_changed(sender, request, user, **kwargs):
    end_sessions(user, keep_session_key=request.session.session_key)
