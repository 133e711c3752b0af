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
