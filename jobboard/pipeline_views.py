"""The company area's applications: the list per offer, one application, its CV copy."""

from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.membership import company_member_required
from companies.models import Company
from jobboard.models import Application, Offer
from jobboard.pipeline import mark_viewed, move_application
from jobboard.retention import cv_copy_cutoff
from students.cv import download_name

STATUS_LABELS = dict(Application.Status.choices)


class ApplicationFilterForm(forms.Form):
    """The list's filters, read from the query string."""

    offer = forms.ModelChoiceField(
        label=gettext_lazy("Offre"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=gettext_lazy("Toutes les offres"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Cette offre n'existe pas : choisissez-la dans la liste."
            )
        },
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Statut"),
        choices=[("", gettext_lazy("Tous les statuts")), *Application.Status.choices],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Choisissez un statut dans la liste."),
        },
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the offers of this company that received applications.
        self.fields["offer"].queryset = (
            Offer.objects.filter(company=company, applications__isnull=False)
            .distinct()
            .order_by("-created_at", "-pk")
        )

    def value(self, name: str):
        """The filter's value if it is valid, else None (the list is then not filtered by it)."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


class MoveForm(forms.Form):
    """Move an application to one of the steps DESIGN.md allows from its status."""

    to = forms.ChoiceField(
        label=gettext_lazy("Nouveau statut"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choisissez le nouveau statut."),
            "invalid_choice": gettext_lazy(
                "Ce statut n'est pas possible pour cette candidature : choisissez-en un dans "
                "la liste."
            ),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Note interne (facultative)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Visible seulement par votre équipe, dans l'historique. L'élève ne la reçoit pas."
        ),
        error_messages={
            "max_length": gettext_lazy(
                "La note peut compter %(limit_value)d caractères au plus "
                "(elle en a %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        moves = application.allowed_moves()
        if moves:
            self.fields["to"].choices = [(status, STATUS_LABELS[status]) for status in moves]
        else:
            # A closed application: whatever was posted, the answer is the one message below.
            self.fields["to"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not self.application.allowed_moves():
            raise ValidationError(
                _("Cette candidature est clôturée (« %(status)s ») : son statut ne change plus.")
                % {"status": self.application.get_status_display()}
            )
        return cleaned


def _company_applications(request):
    return Application.objects.filter(offer__company=request.company)


@company_member_required
def company_application_list(request):
    form = ApplicationFilterForm(request.GET or None, company=request.company)
    if form.is_bound:
        form.is_valid()
    offer, status = form.value("offer"), form.value("status")

    applications = _company_applications(request)
    if offer is not None:
        applications = applications.filter(offer=offer)
    counts = dict(
        applications.order_by().values_list("status").annotate(count=Count("pk")).order_by()
    )
    status_counts = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Application.Status.choices
    ]
    if status is not None:
        applications = applications.filter(status=status)
    applications = applications.select_related("offer", "student__user", "student__track")
    applications = applications.order_by("-offer__created_at", "-offer_id", "-created_at", "-pk")
    groups = [
        {"offer": rows[0].offer, "applications": rows}
        for rows in (list(rows) for _offer_id, rows in groupby(applications, lambda a: a.offer_id))
    ]
    return render(
        request,
        "jobboard/company/application_list.html",
        {
            "company": request.company,
            "form": form,
            "groups": groups,
            "status_counts": status_counts,
            "total": sum(counts.values()),
            "selected_offer": offer,
            "selected_status": status,
            "filtered": offer is not None or status is not None,
        },
    )


def _company_application_or_404(request, pk: int) -> Application:
    """An application to one of the company's offers; any other is a 404."""
    return get_object_or_404(
        _company_applications(request).select_related(
            "offer__company", "student__user", "student__track"
        ),
        pk=pk,
    )


@company_member_required
def company_application_detail(request, pk: int):
    application = _company_application_or_404(request, pk)
    if request.method == "POST":
        form = MoveForm(request.POST, application=application)
        if form.is_valid():
            try:
                move_application(
                    application=application,
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                # A colleague moved it in the meantime: say so, show where it is now and
                # keep the typed note.
                application.refresh_from_db(fields=["status", "closed_at", "updated_at"])
                form = MoveForm(request.POST, application=application)
                if form.is_valid():
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("La candidature de %(name)s est maintenant « %(status)s ».")
                    % {
                        "name": application.student.user.get_full_name(),
                        "status": application.get_status_display(),
                    },
                )
                return redirect("jobboard:company_application_detail", pk=application.pk)
    else:
        if request.method == "GET":
            mark_viewed(application, request.user)
        form = MoveForm(application=application)
    return render(
        request,
        "jobboard/company/application_detail.html",
        {
            "company": request.company,
            "application": application,
            "offer": application.offer,
            "profile": application.student,
            "languages": list(application.student.languages.all()),
            "events": list(application.events.select_related("actor")),
            "has_cv_copy": _cv_copy_available(application),
            "form": form,
        },
    )


def _cv_copy_available(application: Application) -> bool:
    """The copy is kept until 12 months after the application closed, not a day more,
    even before the daily retention command has deleted it. As in the access registry
    (`jobboard.access`), a company that is no longer verified does not get CVs."""
    if not application.cv_copy or application.offer.company.status != Company.Status.VERIFIED:
        return False
    return application.closed_at is None or application.closed_at > cv_copy_cutoff(timezone.now())


@company_member_required
def company_application_cv(request, pk: int):
    application = _company_application_or_404(request, pk)
    if not _cv_copy_available(application):
        raise Http404
    try:
        handle = application.cv_copy.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(application.student),
        content_type="application/pdf",
    )
