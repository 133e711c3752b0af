"""Companies take part in meeting days: their request, their list of days, cancelling."""

import importlib
import importlib.util

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus_portal.roles import user_has_role
from companies.membership import active_membership, company_member_required
from companies.models import Company
from events import participation as services
from events.meeting_days import company_window
from events.models import MeetingDay, Participation
from events.participation_forms import ParticipationForm

STUDENT_VIEW_MODULE = "events.registration_views"
SCHEDULE_DAY_STATUSES = (
    MeetingDay.Status.SCHEDULED,
    MeetingDay.Status.HELD,
    MeetingDay.Status.ARCHIVED,
)


def meetingday_register(request, slug: str):
    """One address for both sides of a day (DESIGN.md's URL map): a company member gets
    the participation form, a student the registration and wishes; staff work in the admin."""
    day = get_object_or_404(MeetingDay.objects.public(), slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user_has_role(request.user, "company"):
        return company_register(request, day)
    if user_has_role(request.user, "student"):
        return _student_register(request, day)
    raise PermissionDenied


def _student_register(request, day: MeetingDay):
    # The students' side lives in its own module; imported here, at request time, so
    # that this module does not depend on it.
    if importlib.util.find_spec(STUDENT_VIEW_MODULE) is None:
        raise Http404
    view = getattr(importlib.import_module(STUDENT_VIEW_MODULE), "student_register", None)
    if view is None:
        raise Http404
    return view(request, day)


def company_register(request, day: MeetingDay):
    membership = active_membership(request.user)
    if membership is None:
        # A company member without a company yet: the onboarding comes first.
        return redirect("companies:area")
    company = membership.company
    participation = day.participations.filter(company=company).first()
    window = company_window(day)
    if company.status != Company.Status.VERIFIED:
        blocker = "unverified"
    elif participation is not None and participation.status not in services.EDITABLE_STATUSES:
        blocker = "decided"
    elif not window.is_open:
        blocker = "window"
    else:
        blocker = None
    form = None
    if blocker is None:
        form = ParticipationForm(
            request.POST or None,
            instance=participation or Participation(meeting_day=day, company=company),
            company=company,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.save_request(day=day, company=company, form=form, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande de participation est enregistrée. L'équipe du campus "
                        "vous répond par e-mail."
                    )
                    if participation is None
                    else _("Votre demande de participation est mise à jour."),
                )
                return redirect("events:company_event_list")
    elif request.method == "POST":
        messages.error(
            request, _("Votre demande n'est pas enregistrée : voyez pourquoi ci-dessous.")
        )
    return render(
        request,
        "events/participation_form.html",
        {
            "day": day,
            "company": company,
            "participation": participation,
            "window": window,
            "blocker": blocker,
            "form": form,
        },
    )


def schedule_url(participation: Participation) -> str | None:
    """The page of the company's tables' meetings (the schedule's own module), if routed."""
    try:
        return reverse("events:company_schedule", kwargs={"pk": participation.pk})
    except NoReverseMatch:
        return None


@company_member_required
def company_event_list(request):
    company = request.company
    participations = list(
        company.participations.select_related("meeting_day").order_by("-meeting_day__date")
    )
    today = timezone.localdate()
    for participation in participations:
        day = participation.meeting_day
        participation.is_past = day.date < today
        participation.is_editable = (
            participation.status in services.EDITABLE_STATUSES
            and day.company_registration_is_open
            and company.status == Company.Status.VERIFIED
        )
        participation.can_cancel = (
            participation.status in Participation.TRANSITIONS["cancel"]
            and day.status in services.CANCELLABLE_DAY_STATUSES
        )
        participation.schedule_url = (
            schedule_url(participation)
            if participation.status == Participation.Status.ACCEPTED
            and day.status in SCHEDULE_DAY_STATUSES
            else None
        )
    now = timezone.now()
    open_days = (
        MeetingDay.objects.upcoming()
        .filter(
            status=MeetingDay.Status.COMPANY_REGISTRATION,
            company_registration_opens__lte=now,
            company_registration_closes__gt=now,
        )
        .exclude(participations__company=company)
    )
    return render(
        request,
        "events/company_event_list.html",
        {"company": company, "participations": participations, "open_days": open_days},
    )


@require_POST
@company_member_required
def participation_cancel(request, pk: int):
    participation = get_object_or_404(
        Participation.objects.select_related("meeting_day"), pk=pk, company=request.company
    )
    try:
        services.cancel_participation(participation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Votre participation à « %(day)s » est annulée.")
            % {"day": participation.meeting_day.title},
        )
    return redirect("events:company_event_list")
