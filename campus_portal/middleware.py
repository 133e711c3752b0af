"""Site-wide response headers, the preferred language of logged-in users, session activity."""

import hashlib
import time

from allauth.usersessions.internal.usersessionkit import track_activity
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_from_path


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    Pages for a logged-in user are never stored by browsers or proxies: a shared
    computer at school must not show the next pupil the previous one's data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class PreferredLanguageMiddleware:
    """On pages without a language prefix (admin), speak the user's preferred language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and get_language_from_path(request.path_info) is None:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """Staff enrol a second factor (allauth's TOTP) before any admin page.

    With a second factor enrolled, allauth's login asks for the code, so a staff session
    always went through it; what is left to enforce is the enrolment itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path_info.startswith("/admin/")
            and user.is_authenticated
            and user.is_staff
            and not has_second_factor(user)
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.urls import reverse

            with translation.override(user.preferred_language):
                messages.warning(
                    request,
                    translation.gettext(
                        "L'administration demande une double authentification : "
                        "activez-la avec une application d'authentification."
                    ),
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# How often a session's last activity is written down (allauth.usersessions).
ACTIVITY_INTERVAL_SECONDS = 300
ACTIVITY_SESSION_KEY = "_campus_activity"


class SessionActivityMiddleware:
    """allauth's session tracking (the "your sessions" page), written at most every five
    minutes per session instead of on every request.

    allauth records each request of a logged-in user with five queries (a savepoint, a
    read, the user, an update); the page only needs the last activity to within minutes.
    A new IP address or browser is recorded at once, as allauth would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            client = _client_digest(request)
            seen_at, seen_client = session.get(ACTIVITY_SESSION_KEY, (0, ""))
            now = int(time.time())
            if seen_client != client or now - seen_at >= ACTIVITY_INTERVAL_SECONDS:
                track_activity(request, user=request.user, session=session)
                session[ACTIVITY_SESSION_KEY] = (now, client)
        return self.get_response(request)


def _client_digest(request) -> str:
    """A short digest of what allauth compares to tell a session's client changed."""
    from allauth.account.adapter import get_adapter

    seen = f"{get_adapter().get_client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(seen.encode()).hexdigest()[:16]
