"""Site-wide response headers and the preferred language of logged-in users."""

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
