"""Staff's check-in pages on the day, made for a phone: the QR code's URL, a typed code, a
search by name, companies' arrivals and, at the end, the no-shows."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from campus_portal import roles
from campus_portal.roles import role_required
from events.checkin import (
    check_in_company,
    check_in_counts,
    check_in_student,
    mark_no_shows,
    meetings_of,
    normalise_code,
    registration_by_code,
    search_registrations,
)
from events.models import MeetingDay, Participation, Registration

CHECK_IN_PERMISSION = "events.change_registration"


def staff_required(view):
    """Staff who may change registrations (the Événements group): checking someone in is a
    change, so read-only staff (Direction) get 403."""
    staff_view = role_required(roles.STAFF)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff and not user.has_perm(CHECK_IN_PERMISSION):
            raise PermissionDenied
        return staff_view(request, *args, **kwargs)

    return wrapped


# A student may be checked in while registered, or late after being marked absent.
CAN_CHECK_IN = (Registration.Status.REGISTERED, Registration.Status.NO_SHOW)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code d'accueil"),
        max_length=20,
        strip=True,
        help_text=gettext_lazy("Les 6 caractères sous le QR code de l'élève."),
        error_messages={
            "required": gettext_lazy("Tapez le code de l'élève."),
            "max_length": gettext_lazy("Un code d'accueil compte 6 caractères."),
        },
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("Tapez le code de l'élève."))
        return code


def _day(slug: str) -> MeetingDay:
    return get_object_or_404(MeetingDay, slug=slug)


def _home(request, day: MeetingDay, *, code_form: CodeForm, query: str = "", results=()):
    companies = (
        Participation.objects.filter(meeting_day=day, status=Participation.Status.ACCEPTED)
        .select_related("company")
        .order_by("company__name", "pk")
    )
    context = {
        "day": day,
        "is_today": day.date == timezone.localdate(),
        "counts": check_in_counts(day),
        "code_form": code_form,
        "query": query,
        "results": results,
        "companies": companies,
        "can_check_in": CAN_CHECK_IN,
    }
    return render(request, "events/checkin/home.html", context)


@staff_required
def checkin_home(request, slug):
    day = _day(slug)
    query = request.GET.get("q", "").strip()[:100]
    results = list(search_registrations(day=day, query=query)) if query else []
    return _home(request, day, code_form=CodeForm(), query=query, results=results)


def _check_in(request, registration: Registration):
    """Check the student in and show their page (with their meetings)."""
    name = registration.student.user.get_full_name()
    already = registration.status == Registration.Status.PRESENT
    try:
        check_in_student(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if already:
            messages.info(request, _("%(name)s était déjà enregistré·e.") % {"name": name})
        else:
            messages.success(request, _("%(name)s est enregistré·e.") % {"name": name})
    return redirect(
        "events:checkin_token", slug=registration.meeting_day.slug, token=registration.checkin_token
    )


@require_POST
@staff_required
def checkin_code(request, slug):
    day = _day(slug)
    form = CodeForm(request.POST)
    if form.is_valid():
        registration = registration_by_code(day=day, typed=form.cleaned_data["code"])
        if registration is not None:
            return _check_in(request, registration)
        form.add_error(
            "code",
            _(
                "Aucun·e élève inscrit·e à cette journée n'a ce code. Vérifiez-le, "
                "ou cherchez l'élève par son nom."
            ),
        )
    return _home(request, day, code_form=form)


@staff_required
def checkin_token(request, slug, token):
    """What the QR code on a student's schedule opens. Only staff get this far: anyone
    else is refused before the token is even looked up, and learns nothing."""
    day = _day(slug)
    registration = get_object_or_404(
        Registration.objects.select_related("meeting_day", "student__user", "student__track"),
        meeting_day=day,
        checkin_token=token,
    )
    if request.method == "POST":
        return _check_in(request, registration)
    is_present = registration.status == Registration.Status.PRESENT
    context = {
        "day": day,
        "registration": registration,
        "is_present": is_present,
        "can_check_in": registration.status in CAN_CHECK_IN,
        "meetings": meetings_of(registration) if is_present else [],
    }
    return render(request, "events/checkin/student.html", context)


@require_POST
@staff_required
def checkin_company(request, slug, pk):
    day = _day(slug)
    participation = get_object_or_404(
        Participation.objects.select_related("company"), meeting_day=day, pk=pk
    )
    try:
        check_in_company(participation=participation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Arrivée de %(company)s notée.") % {"company": participation.company.name}
        )
    return redirect(reverse("events:checkin_home", kwargs={"slug": day.slug}) + "#companies")


@require_POST
@staff_required
def checkin_no_shows(request, slug):
    """Two steps without JavaScript: the first POST asks to confirm, the second marks."""
    day = _day(slug)
    if request.POST.get("confirm") != "yes":
        context = {
            "day": day,
            "counts": check_in_counts(day),
            "too_early": day.date > timezone.localdate(),
        }
        return render(request, "events/checkin/no_shows_confirm.html", context)
    try:
        count = mark_no_shows(day=day, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d élève marqué·e absent·e.", "%(count)d élèves marqué·es absent·es.", count
            )
            % {"count": count},
        )
    return redirect("events:checkin_home", slug=day.slug)
