"""The talent search in the company area, and the invitations to apply in the student area."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus_portal.roles import role_required
from companies.membership import company_member_required
from companies.models import Company
from jobboard.models import OfferInvitation
from jobboard.talent import (
    PER_PAGE,
    InvitationForm,
    TalentFilterForm,
    decline_invitation,
    findable_students,
    invitation_state,
    invitation_state_label,
    invite_to_apply,
    search_talent,
    short_name,
)
from students.models import StudentLanguage, StudentProfile

# --- Company side -------------------------------------------------------------------------


def _not_verified(request):
    """The talent search opens once staff have verified the company: until then, say so."""
    return render(
        request,
        "jobboard/company/talent_search.html",
        {"company": request.company, "verified": False},
    )


def _findable_or_404(public_id) -> StudentProfile:
    """The student, while they can be found: opted in, complete, account active."""
    students = findable_students().select_related("user", "track")
    students = students.prefetch_related(
        Prefetch("languages", queryset=StudentLanguage.objects.order_by("pk"))
    )
    return get_object_or_404(students, public_id=public_id)


@company_member_required
def talent_search(request):
    if request.company.status != Company.Status.VERIFIED:
        return _not_verified(request)
    form = TalentFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(search_talent(filters), PER_PAGE).get_page(request.GET.get("page"))
    for profile in page:
        profile.short_name = short_name(profile)
    context = {
        "company": request.company,
        "verified": True,
        "form": form,
        "filters": filters,
        "filter_query": urlencode(form.query()),
        "ignored_filters": form.ignored(),
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "students": page.object_list,
    }
    return render(request, "jobboard/company/talent_search.html", context)


def _profile_page(request, profile: StudentProfile, form: InvitationForm, *, status: int = 200):
    invitations = list(
        OfferInvitation.objects.filter(student=profile, offer__company=request.company)
        .select_related("offer", "sent_by")
        .order_by("-created_at", "-pk")
    )
    for invitation in invitations:
        invitation.state = invitation_state(invitation)
        invitation.state_label = invitation_state_label(invitation)
    profile.short_name = short_name(profile)
    context = {
        "company": request.company,
        "profile": profile,
        "form": form,
        "invitations": invitations,
    }
    return render(request, "jobboard/company/talent_profile.html", context, status=status)


@company_member_required
def talent_profile(request, public_id):
    if request.company.status != Company.Status.VERIFIED:
        return _not_verified(request)
    profile = _findable_or_404(public_id)
    return _profile_page(request, profile, InvitationForm(company=request.company, student=profile))


@require_POST
@company_member_required
def talent_invite(request, public_id):
    if request.company.status != Company.Status.VERIFIED:
        return _not_verified(request)
    profile = _findable_or_404(public_id)
    form = InvitationForm(request.POST, company=request.company, student=profile)
    if form.is_valid():
        try:
            invite_to_apply(
                offer=form.cleaned_data["offer"],
                student=profile,
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("offer", error)
        else:
            messages.success(
                request,
                _("Votre invitation est envoyée à %(name)s.") % {"name": short_name(profile)},
            )
            return redirect("jobboard:talent_profile", public_id=profile.public_id)
    return _profile_page(request, profile, form)


# --- Student side -------------------------------------------------------------------------


def _my_invitations(request):
    return OfferInvitation.objects.filter(student__user=request.user).select_related(
        "offer__company"
    )


@role_required("student")
def my_invitation_list(request):
    pending, answered = [], []
    for invitation in _my_invitations(request).order_by("-created_at", "-pk"):
        invitation.state = invitation_state(invitation)
        invitation.state_label = invitation_state_label(invitation)
        (pending if invitation.is_pending else answered).append(invitation)
    return render(
        request,
        "jobboard/my_invitation_list.html",
        {"pending": pending, "answered": answered},
    )


@role_required("student")
def my_invitation_detail(request, pk: int):
    invitation = get_object_or_404(_my_invitations(request), pk=pk)
    invitation.state = invitation_state(invitation)
    invitation.state_label = invitation_state_label(invitation)
    return render(
        request,
        "jobboard/my_invitation_detail.html",
        {"invitation": invitation, "offer": invitation.offer},
    )


@require_POST
@role_required("student")
def my_invitation_decline(request, pk: int):
    invitation = get_object_or_404(_my_invitations(request), pk=pk)
    try:
        decline_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Tu as décliné l'invitation de %(company)s. L'entreprise verra ta réponse.")
            % {"company": invitation.offer.company.name},
        )
    return redirect("jobboard:my_invitation_detail", pk=invitation.pk)
