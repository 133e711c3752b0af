"""How allauth fits the portal: where each role lands, and emails in the user's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.urls import translate_url
from django.utils import translation

from campus_portal import roles


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        role = roles.for_user(request.user)
        if role is not None:
            return role.landing_url(request.user)
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Render in the recipient's language, with links into that language's pages.

        Without this, the owner of an address that someone else typed into the sign-up
        form would get the warning in the language of whoever typed it.
        """
        user = get_user_model().objects.filter(email__iexact=email).first()
        language = user.preferred_language if user else translation.get_language()
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
