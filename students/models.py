"""Students and graduates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StudentProfile(models.Model):
    """A student's or graduate's profile; its existence makes the account a student's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="student_profile",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("profil d'élève")
        verbose_name_plural = _("profils d'élèves")

    def __str__(self):
        return str(self.user)
