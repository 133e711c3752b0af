"""Companies and the people who represent them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecruiterProfile(models.Model):
    """A company member's side of the account, made at sign-up before any company exists.

    Its existence makes the account a company member's; memberships of companies link it
    to the companies the person represents.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="recruiter_profile",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("profil de membre d'entreprise")
        verbose_name_plural = _("profils de membres d'entreprise")

    def __str__(self):
        return str(self.user)
