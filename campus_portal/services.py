"""Decisions about accounts, taken by staff."""

from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from campus_portal.models import User


@transaction.atomic
def deactivate_account(user: User, *, by: User, reason: str) -> None:
    """Stop an account from logging in, end its sessions and tell its owner why."""
    if user == by:
        raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."))
    if not user.is_active:
        raise ValidationError(_("Ce compte est déjà désactivé."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    for session in UserSession.objects.filter(user=user):
        session.end()
    audit.record(actor=by, action="account.deactivate", target=user, reason=reason)
    send_templated_mail(
        template="campus_portal/email/account_deactivated", to=user, context={"reason": reason}
    )


@transaction.atomic
def reactivate_account(user: User, *, by: User, reason: str) -> None:
    if user.is_active:
        raise ValidationError(_("Ce compte est déjà actif."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=by, action="account.reactivate", target=user, reason=reason)
    send_templated_mail(
        template="campus_portal/email/account_reactivated", to=user, context={"reason": reason}
    )
