"""The company area: onboarding (create or join a company), the dashboard and the profile."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus_portal.roles import role_required
from companies import enterprise_number, services
from companies.forms import CompanyForm
from companies.membership import company_member_required, membership_of
from companies.models import Company, Membership, TeamInvitation


@role_required("company")
def area(request):
    membership = membership_of(request.user)
    if membership is None:
        invitations = [
            invitation
            for invitation in TeamInvitation.objects.filter(
                email__iexact=request.user.email, accepted_at__isnull=True
            ).select_related("company")
            if invitation.is_usable
        ]
        return render(request, "companies/onboarding.html", {"invitations": invitations})
    if membership.status == Membership.Status.REQUESTED:
        return render(request, "companies/join_pending.html", {"membership": membership})
    company = membership.company
    prefetch_related_objects([company], "sectors")  # read by the completeness indicator
    context = {
        "membership": membership,
        "company": company,
        "members": company.memberships.active().select_related("user"),
        "join_requests": company.memberships.filter(status=Membership.Status.REQUESTED).count(),
        "open_needs": company.needs.open().prefetch_related("tracks"),
    }
    return render(request, "companies/dashboard.html", context)


@role_required("company")
def profile(request):
    """Create the company (first visit) or edit its profile."""
    membership = membership_of(request.user)
    if membership is not None and membership.status != Membership.Status.ACTIVE:
        return redirect("companies:area")
    company = membership.company if membership else None
    form = CompanyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=company,
    )
    if request.method == "POST" and form.is_valid():
        if company is None:
            try:
                services.create_company(form=form, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("companies:area")
            messages.success(
                request,
                _("Votre entreprise est enregistrée. L'équipe du campus va la vérifier."),
            )
        else:
            form.save()
            messages.success(request, _("La fiche de l'entreprise est enregistrée."))
        return redirect("companies:area")
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "company": company, "existing_company": form.existing_company},
    )


@require_POST
@role_required("company")
def join_request(request):
    """Ask to join the company with this enterprise number, or cancel one's request."""
    membership = membership_of(request.user)
    if "cancel" in request.POST:
        if membership is not None and membership.status == Membership.Status.REQUESTED:
            membership.delete()
            messages.success(request, _("Votre demande est annulée."))
        return redirect("companies:area")
    try:
        number = enterprise_number.normalise(request.POST.get("enterprise_number", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("companies:area")
    company = Company.objects.filter(enterprise_number=number).first()
    if company is None:
        messages.error(
            request,
            _("Aucune entreprise n'est inscrite avec ce numéro. Vous pouvez la créer."),
        )
        return redirect("companies:area")
    try:
        services.request_to_join(company=company, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Votre demande est envoyée aux responsables de %(company)s.") % {"company": company},
        )
    return redirect("companies:area")


@require_POST
@company_member_required
def resubmit(request):
    try:
        services.resubmit(company=request.company, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Votre fiche est renvoyée à l'équipe du campus pour vérification.")
        )
    return redirect("companies:area")
