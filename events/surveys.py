"""The short survey after a meeting day: who gets it, the email, and the answer form."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from campus_portal.mail import send_templated_mail
from companies.models import Membership
from events.models import (
    EventMailPreference,
    MeetingDay,
    Participation,
    Registration,
    SurveyResponse,
)

STUDENT = "student"
COMPANY = "company"


class SurveyError(Exception):
    """The surveys of this day cannot be sent (yet); the message says why."""


def _absolute(url_name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        path = reverse(url_name, kwargs=kwargs)
    return f"{settings.SITE_URL}{path}"


def _recipients(day: MeetingDay) -> list[tuple[object, str]]:
    """(user, role) of everyone who came: present students, then the active members of the
    companies that were checked in. A person is listed once."""
    students = (
        Registration.objects.filter(
            meeting_day=day, status=Registration.Status.PRESENT, student__user__is_active=True
        )
        .select_related("student__user")
        .order_by("pk")
    )
    present_companies = Participation.objects.filter(
        meeting_day=day, checked_in_at__isnull=False
    ).values("company_id")
    members = (
        Membership.objects.active()
        .filter(company_id__in=present_companies, user__is_active=True)
        .select_related("user")
        .order_by("company_id", "pk")
    )
    people, seen = [], set()
    for user, role in [(r.student.user, STUDENT) for r in students] + [
        (m.user, COMPANY) for m in members
    ]:
        if user.pk not in seen:
            seen.add(user.pk)
            people.append((user, role))
    return people


def send_surveys(day: MeetingDay) -> int:
    """Email the survey to everyone who came to `day` and has not had it yet; returns the
    number of emails. People who unsubscribed from surveys get none. Running it again
    only reaches people added since (one `SurveyResponse` per person and day)."""
    if timezone.localdate() < day.date:
        raise SurveyError(_("La journée n'a pas encore eu lieu : les enquêtes partent après."))
    people = _recipients(day)
    user_ids = [user.pk for user, _role in people]
    already = set(
        SurveyResponse.objects.filter(meeting_day=day, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    preferences = {
        pref.user_id: pref for pref in EventMailPreference.objects.filter(user_id__in=user_ids)
    }
    sent = 0
    for user, role in people:
        if user.pk in already:
            continue
        preference = preferences.get(user.pk)
        if preference is None:
            preference, _created = EventMailPreference.objects.get_or_create(user=user)
        if not preference.surveys:
            continue
        with transaction.atomic():
            response = SurveyResponse.objects.create(meeting_day=day, user=user, role=role)
            _send_one(response, user, preference)
        sent += 1
    return sent


def _send_one(response: SurveyResponse, user, preference: EventMailPreference) -> None:
    language = user.preferred_language or settings.LANGUAGE_CODE
    unsubscribe_url = _absolute("events:mail_unsubscribe", language, token=preference.token)
    send_templated_mail(
        template="events/email/survey",
        to=user,
        context={
            "day": response.meeting_day,
            "is_student": response.role == STUDENT,
            "survey_url": _absolute("events:survey_answer", language, token=response.token),
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            # RFC 2369 and RFC 8058: the mail client's own "unsubscribe" button.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def record_answer(response: SurveyResponse, data: dict) -> bool:
    """Store the answer once; False if the survey was already answered (a second tab, a
    double click): the first answer stays."""
    return bool(
        SurveyResponse.objects.filter(pk=response.pk, answered_at__isnull=True).update(
            satisfaction=data["satisfaction"],
            useful=data["useful"],
            comment=data["comment"],
            answered_at=timezone.now(),
        )
    )
