"""Published schedules: the student's and the company's pages, .ics downloads, the personal
calendar feed, and the one-click unsubscribe from reminders and surveys."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campus_portal.roles import for_user, role_required
from companies.membership import company_member_required
from events import schedules
from events.models import CalendarFeed, EventMailPreference, Participation, Registration


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Student -------------------------------------------------------------------------


def _my_registration(request, pk) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("meeting_day"), pk=pk, student__user=request.user
    )


@role_required("student")
def my_schedule(request, pk):
    registration = _my_registration(request, pk)
    day = registration.meeting_day
    if not schedules.is_published(day):
        return render(request, "events/schedule_unpublished.html", {"day": day, "is_student": True})
    active = registration.status in Registration.ACTIVE_STATUSES
    meetings = list(schedules.student_meetings(registration)) if active else []
    return render(
        request,
        "events/my_schedule.html",
        {
            "registration": registration,
            "day": day,
            "is_active": active,
            "rows": schedules.student_rows(registration, meetings),
            "meeting_count": len(meetings),
        },
    )


@role_required("student")
def my_schedule_ics(request, pk):
    registration = _my_registration(request, pk)
    if not schedules.is_published(registration.meeting_day):
        raise Http404
    if registration.status not in Registration.ACTIVE_STATUSES:
        raise Http404
    return _ics_response(
        schedules.student_calendar(registration), f"rendez-vous-{registration.meeting_day.slug}.ics"
    )


# --- Company -------------------------------------------------------------------------


def _our_participation(request, pk) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("meeting_day", "company"),
        pk=pk,
        company=request.company,
    )


@company_member_required
def company_schedule(request, pk):
    participation = _our_participation(request, pk)
    day = participation.meeting_day
    if not schedules.is_published(day):
        return render(
            request, "events/schedule_unpublished.html", {"day": day, "is_student": False}
        )
    accepted = participation.status == Participation.Status.ACCEPTED
    meetings = list(schedules.company_meetings(participation)) if accepted else []
    return render(
        request,
        "events/company_schedule.html",
        {
            "participation": participation,
            "day": day,
            "is_accepted": accepted,
            "tables": schedules.company_tables(participation, meetings) if accepted else [],
            "meeting_count": len(meetings),
        },
    )


@company_member_required
def company_schedule_ics(request, pk):
    participation = _our_participation(request, pk)
    if not schedules.is_published(participation.meeting_day):
        raise Http404
    if participation.status != Participation.Status.ACCEPTED:
        raise Http404
    return _ics_response(
        schedules.company_calendar(participation),
        f"rendez-vous-{participation.meeting_day.slug}.ics",
    )


# --- Personal calendar feed ------------------------------------------------------------


# Calendar apps fetch the feed without a session: the unguessable token in the URL is the
# secret, and renewing it (below) turns the old URL off.
@require_safe
def calendar_feed(request, token):
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    with translation.override(feed.user.preferred_language or settings.LANGUAGE_CODE):
        content = schedules.person_calendar(feed.user)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    # The feed holds names and places: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _student_or_company(view):
    """Students and company members (the two roles that have meetings); others get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        role = for_user(request.user)
        if role is None or role.key not in ("student", "company"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _feed_urls(feed: CalendarFeed) -> dict:
    url = f"{settings.SITE_URL}{feed.get_absolute_url()}"
    # webcal:// asks the device's calendar app to subscribe (rather than download once).
    webcal = "webcal://" + url.split("://", 1)[-1]
    return {"feed_url": url, "webcal_url": webcal}


@_student_or_company
def calendar_settings(request):
    # The secret is made the first time the person looks for it; it changes nothing else.
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    role = for_user(request.user)
    return render(
        request,
        "events/calendar_settings.html",
        {"feed": feed, "is_student": role.key == "student", **_feed_urls(feed)},
    )


@require_POST
@_student_or_company
def calendar_renew(request):
    feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if not created:
        feed.renew()
        feed.save(update_fields=["token", "created_at"])
    if for_user(request.user).key == "student":
        messages.success(
            request,
            _(
                "Ton nouveau lien est prêt. L'ancien ne fonctionne plus : "
                "remplace-le dans ton agenda."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Votre nouveau lien est prêt. L'ancien ne fonctionne plus : "
                "remplacez-le dans votre agenda."
            ),
        )
    return redirect(reverse("events:calendar_settings"))


# --- One-click unsubscribe from reminders and surveys -----------------------------------


# The link in reminder and survey emails works without a session (mail clients have none)
# and accepts the RFC 8058 one-click POST that mail providers send without any CSRF token.
# Exempting this one view is safe: the unguessable token in the URL is the secret that
# proves the request comes from the recipient, and all it does is switch these emails off
# (or back on). GET never changes anything: link scanners open the links in emails.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def mail_unsubscribe(request, token):
    preference = get_object_or_404(EventMailPreference.objects.select_related("user"), token=token)
    is_student = hasattr(preference.user, "student_profile")
    if request.method == "POST":
        subscribe = request.POST.get("action") == "resubscribe"
        preference.reminders = preference.surveys = subscribe
        preference.save(update_fields=["reminders", "surveys"])
        return render(
            request,
            "events/mail_unsubscribed.html",
            {"preference": preference, "is_student": is_student, "resubscribed": subscribe},
        )
    return render(
        request,
        "events/mail_unsubscribe.html",
        {"preference": preference, "is_student": is_student},
    )
