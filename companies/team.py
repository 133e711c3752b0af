"""A company's team: invitations, join requests, roles and departures."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_portal.mail import send_templated_mail
from campus_portal.roles import user_has_role
from companies.models import (
    Company,
    Membership,
    TeamInvitation,
    new_team_token,
    team_invitation_expiry,
)


def _keep_an_owner(membership: Membership) -> None:
    """Refuse to take away the company's last active owner.

    The owners' rows are locked so that two owners demoting each other at the same time
    cannot both succeed (a no-op on SQLite, which serialises writes anyway).
    """
    if not membership.is_owner:
        return
    owners = list(
        Membership.objects.owners()
        .filter(company_id=membership.company_id)
        .order_by("pk")  # the default ordering joins the users, whose rows need no lock
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if set(owners) <= {membership.pk}:
        raise ValidationError(
            _(
                "L'entreprise doit garder au moins un·e responsable. "
                "Désignez d'abord un·e autre responsable de l'équipe."
            )
        )


def is_invited_address(invitation: TeamInvitation, user) -> bool:
    """Whether the invitation went to one of the account's confirmed addresses."""
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email
    ).exists()


# --- Invitations --------------------------------------------------------------------------


@transaction.atomic
def invite_colleague(
    *, company: Company, email: str, role: str, by, language: str
) -> TeamInvitation:
    """Invite `email` to the team, or send a fresh link if an invitation is still open."""
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError(_("Choisissez un rôle valide."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choisissez une langue valide."))
    members = Membership.objects.filter(
        Q(user__email__iexact=email)
        | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
    )
    if members.filter(company=company, status=Membership.Status.REQUESTED).exists():
        raise ValidationError(
            _(
                "Cette personne a déjà demandé à rejoindre votre équipe : "
                "acceptez sa demande dans la liste des demandes."
            )
        )
    if members.exists():
        raise ValidationError(_("Cette adresse fait déjà partie d'une entreprise sur le portail."))
    invitation = (
        TeamInvitation.objects.select_for_update()
        .filter(company=company, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        invitation = TeamInvitation(company=company, email=email)
    else:
        # A new link: the one sent before stops working.
        invitation.token = new_team_token()
        invitation.created_at = timezone.now()
        invitation.expires_at = team_invitation_expiry()
    invitation.role = role
    invitation.invited_by = by
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:  # the same address, invited by another owner meanwhile
        raise ValidationError(
            _("Une invitation vient d'être envoyée à cette adresse par un·e autre responsable.")
        ) from error
    send_templated_mail(
        template="companies/email/team_invitation",
        to=invitation.email,
        language=language,
        context={"invitation": invitation, "company": company, "inviter": by},
    )
    return invitation


def invitation_problem(invitation: TeamInvitation, user) -> str | None:
    """Why `user` cannot accept `invitation`, as a message for them; None if they can."""
    if invitation.accepted_at is not None:
        return _("Cette invitation a déjà été utilisée. Chaque lien ne sert qu'une fois.")
    if invitation.is_expired:
        return _(
            "Cette invitation a expiré. Demandez à un·e responsable de %(company)s de vous "
            "en envoyer une nouvelle."
        ) % {"company": invitation.company.name}
    if not user_has_role(user, "company"):
        return _(
            "Ce compte ne peut pas rejoindre une entreprise : seuls les comptes « Je représente "
            "une entreprise » le peuvent."
        )
    if not is_invited_address(invitation, user):
        return _(
            "Cette invitation a été envoyée à %(email)s, qui n'est pas une adresse confirmée "
            "de votre compte. Connectez-vous avec le compte de cette adresse."
        ) % {"email": invitation.email}
    membership = Membership.objects.filter(user=user).first()
    if membership is not None and membership.status == Membership.Status.REQUESTED:
        return _(
            "Votre demande pour rejoindre une entreprise est en cours. Annulez-la d'abord "
            "dans votre espace entreprise, puis acceptez cette invitation."
        )
    if membership is not None:
        return _("Vous faites déjà partie d'une entreprise sur le portail.")
    return None


@transaction.atomic
def accept_invitation(*, invitation: TeamInvitation, user) -> Membership:
    """Make `user` a member with the invitation's role; the link then stops working."""
    # Locked and read again: the same link opened twice must make one member only.
    invitation = (
        TeamInvitation.objects.select_for_update(of=("self",))
        .select_related("company")
        .get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation, user)
    if problem:
        raise ValidationError(problem)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                company=invitation.company,
                user=user,
                role=invitation.role,
                status=Membership.Status.ACTIVE,
            )
    except IntegrityError as error:  # a join request or company created meanwhile
        raise ValidationError(
            _("Vous faites déjà partie d'une entreprise sur le portail.")
        ) from error
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: TeamInvitation, by) -> None:
    """Withdraw an open invitation: its link then leads nowhere."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée."))
    invitation.delete()


# --- Join requests ------------------------------------------------------------------------


def _pending(membership: Membership) -> Membership:
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("company", "user")
        .get(pk=membership.pk)
    )
    if membership.status != Membership.Status.REQUESTED:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    return membership


@transaction.atomic
def approve_request(*, membership: Membership, by) -> Membership:
    """Let the requester in, as a recruiter; they learn it by email."""
    membership = _pending(membership)
    membership.status = Membership.Status.ACTIVE
    membership.role = Membership.Role.RECRUITER
    membership.save(update_fields=["status", "role"])
    send_templated_mail(
        template="companies/email/join_approved",
        to=membership.user,
        context={"company": membership.company},
    )
    return membership


@transaction.atomic
def refuse_request(*, membership: Membership, by) -> None:
    """Turn the request down; the requester may then create or join another company."""
    membership = _pending(membership)
    user, company = membership.user, membership.company
    membership.delete()
    send_templated_mail(
        template="companies/email/join_refused", to=user, context={"company": company}
    )


# --- Members ------------------------------------------------------------------------------


def _active(membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("Cette personne ne fait pas (encore) partie de l'équipe."))
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choisissez un rôle valide."))
    membership = _active(membership)
    if membership.role == role:
        return membership
    if role != Membership.Role.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Take someone off the team: they lose access to the company area at once."""
    membership = _active(membership)
    _keep_an_owner(membership)
    membership.delete()


@transaction.atomic
def leave(*, membership: Membership) -> None:
    """Leave one's team; the account stays, free to create or join another company."""
    membership = _active(membership)
    _keep_an_owner(membership)
    membership.delete()
