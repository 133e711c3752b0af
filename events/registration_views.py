"""The student's side of a meeting day: registering, ranking companies, cancelling."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campus_portal.roles import role_required
from events.models import MeetingDay, Preference, Registration
from events.registration import (
    AlreadyRegistered,
    RegistrationRefused,
    can_cancel,
    cancel,
    choosable_participations,
    is_full,
    register,
    update_preferences,
    waiting_position,
    window_message,
)
from events.registration_forms import RegistrationForm, initial_for
from students.models import StudentProfile


def _current_registration(day: MeetingDay, profile: StudentProfile) -> Registration | None:
    """The student's registration or waiting-list place for the day (a cancelled one is
    history: the student may register again)."""
    return (
        Registration.objects.filter(meeting_day=day, student=profile)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("meeting_day")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=Preference.objects.select_related("participation__company").order_by(
                    "rank"
                ),
            )
        )
        .first()
    )


@role_required("student")
def student_register(request, day: MeetingDay):
    """`/events/<slug>/register/` for a student; the day's dispatcher view calls it with
    the (public) day it found."""
    profile = request.user.student_profile  # loaded with the user, its track too
    registration = _current_registration(day, profile)
    window_open = day.student_registration_is_open
    context = {
        "day": day,
        "profile": profile,
        "registration": registration,
        "window_open": window_open,
        "window_message": "" if window_open else window_message(day),
        "form": None,
    }
    if registration is not None:
        context["position"] = waiting_position(registration)
        context["can_cancel"] = can_cancel(registration)
        context["confirm_cancel"] = context["can_cancel"] and request.GET.get("cancel") == "confirm"
    elif not profile.is_complete:
        context["missing"] = profile.missing_fields()
        return render(request, "events/student_register.html", context)
    if not window_open:
        if request.method == "POST":
            messages.error(request, context["window_message"])
        return render(request, "events/student_register.html", context)

    participations = list(
        choosable_participations(day)
        .select_related("company")
        .prefetch_related("tracks")
        .order_by("company__name")
    )
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        participations=participations,
        track_id=profile.track_id,
        initial=initial_for(registration) if registration is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        wishes, accepts_extra = form.cleaned_data["wishes"], form.cleaned_data["accepts_extra"]
        try:
            if registration is None:
                registration = register(
                    day=day,
                    student=profile,
                    wishes=wishes,
                    accepts_extra=accepts_extra,
                    by=request.user,
                )
            else:
                update_preferences(
                    registration=registration,
                    wishes=wishes,
                    accepts_extra=accepts_extra,
                    by=request.user,
                )
                messages.success(request, _("Tes choix sont enregistrés."))
                return redirect("events:my_event_list")
        except AlreadyRegistered:
            # A double submit: the first request registered the student.
            messages.info(request, _("Tu es déjà inscrit·e : voici tes choix."))
            return redirect(request.path)
        except RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if registration.status == Registration.Status.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "La journée est complète : tu es sur la liste d'attente (position "
                        "%(position)s). Tu recevras un e-mail dès qu'une place se libère."
                    )
                    % {"position": waiting_position(registration)},
                )
            else:
                messages.success(
                    request,
                    _("Tu es inscrit·e ! Un e-mail de confirmation t'a été envoyé."),
                )
            return redirect("events:my_event_list")
    context["form"] = form
    context["full"] = registration is None and is_full(day)
    return render(request, "events/student_register.html", context)


def _own_registrations(request):
    return Registration.objects.filter(student__user=request.user)


@role_required("student")
def my_event_list(request):
    registrations = (
        _own_registrations(request)
        .select_related("meeting_day")
        .prefetch_related(
            Prefetch(
                "preferences",
                queryset=Preference.objects.select_related("participation__company").order_by(
                    "rank"
                ),
            )
        )
        .order_by("-meeting_day__date", "-pk")
    )
    rows = []
    for registration in registrations:
        rows.append(
            {
                "registration": registration,
                "day": registration.meeting_day,
                "position": waiting_position(registration),
                "can_cancel": can_cancel(registration),
                "can_edit": registration.status
                in (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
                and registration.meeting_day.student_registration_is_open,
                "is_scheduled": registration.meeting_day.status
                in (MeetingDay.Status.SCHEDULED, MeetingDay.Status.HELD)
                and registration.status != Registration.Status.CANCELLED,
            }
        )
    registered_days = {row["day"].pk for row in rows}
    open_days = [
        day
        for day in MeetingDay.objects.upcoming().filter(
            status=MeetingDay.Status.STUDENT_REGISTRATION
        )
        if day.pk not in registered_days and day.student_registration_is_open
    ]
    context = {
        "rows": rows,
        "open_days": open_days,
        "confirm_cancel": request.GET.get("cancel", "")[:18],
    }
    return render(request, "events/my_event_list.html", context)


@require_POST
@role_required("student")
def my_registration_cancel(request, pk):
    registration = get_object_or_404(
        _own_registrations(request).select_related("meeting_day"), pk=pk
    )
    try:
        cancel(registration=registration, by=request.user)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Ton inscription à « %(day)s » est annulée. Un e-mail te le confirme.")
            % {"day": registration.meeting_day.title},
        )
    return redirect("events:my_event_list")
