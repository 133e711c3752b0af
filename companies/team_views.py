"""The team page of the company area, and accepting an invitation to a team."""

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campus_portal.roles import user_has_role
from companies import team
from companies.membership import company_member_required
from companies.models import INTERFACE_LANGUAGES, Membership, TeamInvitation


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail professionnelle"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rôle"),
        choices=Membership.Role.choices,
        initial=Membership.Role.RECRUITER,
        help_text=gettext_lazy(
            "Les responsables gèrent l'équipe et la fiche ; les recruteur·euses publient des "
            "offres et suivent les candidatures."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Langue de l'e-mail d'invitation"), choices=INTERFACE_LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()


def _team_page(request, form=None, status=200):
    company = request.company
    context = {
        "company": company,
        "membership": request.membership,
        "is_owner": request.membership.is_owner,
        "members": company.memberships.active().select_related("user"),
        "join_requests": company.memberships.filter(
            status=Membership.Status.REQUESTED
        ).select_related("user"),
        "invitations": company.invitations.filter(accepted_at__isnull=True).select_related(
            "invited_by"
        ),
        "owner_count": company.memberships.owners().count(),
        "form": form or InvitationForm(),
    }
    return render(request, "companies/team.html", context, status=status)


@company_member_required
def team_page(request):
    """Members, join requests and open invitations; owners also get the forms."""
    return _team_page(request)


@require_POST
@company_member_required(owner=True)
def team_invite(request):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = team.invite_colleague(
                company=request.company,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("L'invitation est envoyée à %(email)s. Le lien est valable 7 jours.")
                % {"email": invitation.email},
            )
            return redirect("companies:team")
    # The page again, with the errors next to the fields and what was typed kept.
    return _team_page(request, form=form)


MEMBER_ACTIONS = {
    "approve": (
        lambda membership, by: team.approve_request(membership=membership, by=by),
        gettext_lazy("%(name)s fait maintenant partie de l'équipe."),
    ),
    "refuse": (
        lambda membership, by: team.refuse_request(membership=membership, by=by),
        gettext_lazy("La demande de %(name)s est refusée."),
    ),
    "make_owner": (
        lambda membership, by: team.change_role(
            membership=membership, role=Membership.Role.OWNER, by=by
        ),
        gettext_lazy("%(name)s est maintenant responsable."),
    ),
    "make_recruiter": (
        lambda membership, by: team.change_role(
            membership=membership, role=Membership.Role.RECRUITER, by=by
        ),
        gettext_lazy("%(name)s est maintenant recruteur·euse."),
    ),
    "remove": (
        lambda membership, by: team.remove_member(membership=membership, by=by),
        gettext_lazy("%(name)s ne fait plus partie de l'équipe."),
    ),
}


@require_POST
@company_member_required(owner=True)
def member_action(request, pk):
    """An owner's decision about a member or a join request of their own company."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, company=request.company
    )
    try:
        act, done = MEMBER_ACTIONS[request.POST.get("action", "")]
    except KeyError:
        raise BadRequest("Unknown team action.") from None
    name = membership.user.get_full_name() or membership.user.email
    try:
        act(membership, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"name": name})
    # An owner who removed themselves is sent on to the company area by the team page.
    return redirect("companies:team")


@require_POST
@company_member_required(owner=True)
def invitation_revoke(request, pk):
    invitation = get_object_or_404(TeamInvitation, pk=pk, company=request.company)
    try:
        team.revoke_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("L'invitation envoyée à %(email)s est retirée : son lien ne fonctionne plus.")
            % {"email": invitation.email},
        )
    return redirect("companies:team")


@require_POST
@company_member_required
def team_leave(request):
    try:
        team.leave(membership=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:team")
    messages.success(
        request, _("Vous avez quitté l'équipe de %(company)s.") % {"company": request.company.name}
    )
    return redirect("companies:area")


def invitation_accept(request, token):
    """The link of the invitation email: who may accept it, and accepting it.

    Visitors are asked to log in (or sign up) with the invited address; students and staff
    get 403, since their accounts cannot represent a company; any other refusal (used or
    expired link, another address, already in a company) is explained on the page.
    """
    invitation = get_object_or_404(
        TeamInvitation.objects.select_related("company", "invited_by"), token=token
    )
    context = {"invitation": invitation, "company": invitation.company}
    if not invitation.is_usable:
        context["problem"] = team.invitation_problem(invitation, request.user)
        return render(request, "companies/invitation_accept.html", context)
    if not request.user.is_authenticated:
        return render(request, "companies/invitation_accept.html", {**context, "visitor": True})
    if not user_has_role(request.user, "company"):
        context["problem"] = team.invitation_problem(invitation, request.user)
        context["switch_account"] = True
        return render(request, "companies/invitation_accept.html", context, status=403)
    if request.method == "POST":
        try:
            team.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            context["problem"] = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Bienvenue dans l'équipe de %(company)s !")
                % {"company": invitation.company.name},
            )
            return redirect("companies:area")
    else:
        context["problem"] = team.invitation_problem(invitation, request.user)
    context["switch_account"] = not team.is_invited_address(invitation, request.user)
    return render(request, "companies/invitation_accept.html", context)
