"""On the day: checking students and companies in, marking no-shows, rating meetings and
following them up."""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campus_portal import audit
from companies.membership import active_membership
from companies.models import Company
from events.access import ACCESS_MONTHS, months_before
from events.models import Meeting, MeetingDay, Participation, Registration
from jobboard.models import Offer, OfferInvitation, normalise_text
from jobboard.talent import invite_to_apply

SEARCH_LIMIT = 20


# --- Finding a student ----------------------------------------------------------------------


def normalise_code(typed: str) -> str:
    """What staff type, as stored: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-]+", "", typed or "").upper()


def registration_by_code(*, day: MeetingDay, typed: str) -> Registration | None:
    code = normalise_code(typed)
    if not code:
        return None
    return (
        Registration.objects.select_related("student__user", "student__track")
        .filter(meeting_day=day, checkin_code=code)
        .first()
    )


def search_registrations(*, day: MeetingDay, query: str) -> list[Registration]:
    """The day's registrations whose typed code is `query`, or whose names contain every
    word of it, alphabetically. Accents and case do not matter: staff type "ines" on a
    phone for "Inès". A day has at most a few thousand registrations, so the names are
    compared here rather than with database-specific unaccent functions."""
    words = [normalise_text(word) for word in query.split()]
    if not words:
        return []
    code = normalise_code(query)
    registrations = (
        Registration.objects.filter(meeting_day=day)
        .select_related("student__user", "student__track")
        .order_by("student__user__last_name", "student__user__first_name", "pk")
    )
    found = []
    for registration in registrations:
        user = registration.student.user
        names = normalise_text(f"{user.first_name} {user.last_name}")
        if registration.checkin_code == code or all(word in names for word in words):
            found.append(registration)
            if len(found) == SEARCH_LIMIT:
                break
    return found


def meetings_of(registration: Registration) -> list[Meeting]:
    """A student's meetings with their start and end times, in order."""
    slots = registration.meeting_day.slots()
    meetings = list(
        registration.meetings.select_related("participation__company").order_by("slot_index")
    )
    for meeting in meetings:
        meeting.starts_at, meeting.ends_at = (
            slots[meeting.slot_index] if meeting.slot_index < len(slots) else (None, None)
        )
    return meetings


# --- Check-in -------------------------------------------------------------------------------


@transaction.atomic
def check_in_student(*, registration: Registration, by) -> Registration:
    """Mark the student present. Checking in twice changes nothing; a student marked
    absent who turns up late is checked in (and the correction is logged)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.PRESENT:
        return registration
    if registration.status == Registration.Status.WAITLISTED:
        raise ValidationError(
            _("Cet·te élève est en liste d'attente : pas de rendez-vous prévu, pas d'accueil.")
        )
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(
            _("Cet·te élève a annulé son inscription : pas de rendez-vous prévu, pas d'accueil.")
        )
    was_no_show = registration.status == Registration.Status.NO_SHOW
    registration.status = Registration.Status.PRESENT
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["status", "checked_in_at"])
    if was_no_show:
        audit.record(
            actor=by,
            action="registration.late_check_in",
            target=registration,
            reason=_("Arrivé·e après avoir été marqué·e absent·e."),
        )
    return registration


@transaction.atomic
def check_in_company(*, participation: Participation, by) -> Participation:
    """Record a company's arrival; a second arrival keeps the first time."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != Participation.Status.ACCEPTED:
        raise ValidationError(
            _("Cette entreprise n'est pas acceptée pour cette journée : pas d'accueil.")
        )
    if participation.checked_in_at is None:
        participation.checked_in_at = timezone.now()
        participation.save(update_fields=["checked_in_at"])
    return participation


@transaction.atomic
def mark_no_shows(*, day: MeetingDay, by) -> int:
    """At the end of the day, every student still only registered is marked absent;
    returns how many. Not before the day: it would mark everyone absent."""
    if day.date > timezone.localdate():
        raise ValidationError(
            _("La journée n'a pas encore eu lieu : on ne peut marquer personne absent·e.")
        )
    count = Registration.objects.filter(
        meeting_day=day, status=Registration.Status.REGISTERED
    ).update(status=Registration.Status.NO_SHOW)
    audit.record(
        actor=by,
        action="meetingday.mark_no_shows",
        target=day,
        reason=ngettext(
            "%(count)d élève marqué·e absent·e.", "%(count)d élèves marqué·es absent·es.", count
        )
        % {"count": count},
    )
    return count


def check_in_counts(day: MeetingDay) -> dict[str, int]:
    """The check-in page's figures: one query for the students, one for the companies."""
    students = Registration.objects.filter(meeting_day=day).aggregate(
        present=Count("pk", filter=Q(status=Registration.Status.PRESENT)),
        expected=Count("pk", filter=Q(status__in=Registration.ACTIVE_STATUSES)),
        still_registered=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
    )
    companies = Participation.objects.filter(
        meeting_day=day, status=Participation.Status.ACCEPTED
    ).aggregate(
        companies_arrived=Count("pk", filter=Q(checked_in_at__isnull=False)),
        companies=Count("pk"),
    )
    return {**students, **companies}


# --- Ratings and follow-ups -----------------------------------------------------------------


def meeting_start(meeting: Meeting) -> datetime | None:
    slots = meeting.meeting_day.slots()
    return slots[meeting.slot_index][0] if meeting.slot_index < len(slots) else None


def meeting_has_started(meeting: Meeting) -> bool:
    """A meeting can be rated once the day is over or its slot has begun."""
    day = meeting.meeting_day
    if day.status in (MeetingDay.Status.HELD, MeetingDay.Status.ARCHIVED):
        return True
    start = meeting_start(meeting)
    if start is None:  # the day's hours changed after the schedule: go by the date
        return day.date < timezone.localdate()
    return start <= timezone.now()


def follow_up_window_is_open(meeting: Meeting) -> bool:
    """A follow-up invitation is sent while the meeting lets the company see the student:
    until three months after the day (events.access)."""
    return meeting.meeting_day.date >= months_before(timezone.localdate(), ACCESS_MONTHS)


def invitable_offers(company: Company) -> QuerySet[Offer]:
    return Offer.objects.listed().filter(company=company).order_by("title", "pk")


@transaction.atomic
def rate_meeting(
    *,
    meeting: Meeting,
    by,
    rating: int,
    follow_up: str,
    note: str = "",
    offer: Offer | None = None,
    message: str = "",
) -> OfferInvitation | None:
    """A company member rates a meeting (1–4) and notes its follow-up. "Send an offer"
    invites the student to apply to one of the company's listed offers (the student need
    not be in the talent search: they met). Returns the invitation sent, if any; a refusal
    leaves the meeting as it was."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("meeting_day", "participation__company", "registration__student__user")
        .get(pk=meeting.pk)
    )
    membership = active_membership(by)
    if membership is None or membership.company_id != meeting.participation.company_id:
        raise ValidationError(_("Ce rendez-vous n'est pas celui de votre entreprise."))
    if meeting.participation.company.status != Company.Status.VERIFIED:
        raise ValidationError(
            _("Votre entreprise n'est pas vérifiée : ses participations sont suspendues.")
        )
    if not meeting_has_started(meeting):
        raise ValidationError(_("Ce rendez-vous n'a pas encore commencé : notez-le après."))
    if rating not in range(1, 5):
        raise ValidationError(_("Choisissez une appréciation de 1 à 4."))
    if follow_up not in Meeting.FollowUp.values:
        raise ValidationError(_("Choisissez une suite dans la liste."))
    invitation = None
    if follow_up == Meeting.FollowUp.OFFER and offer is not None:
        if not follow_up_window_is_open(meeting):
            raise ValidationError(
                _(
                    "La journée date de plus de trois mois : vous ne pouvez plus inviter "
                    "cet·te élève à partir de ce rendez-vous."
                )
            )
        invitation = invite_to_apply(
            offer=offer,
            student=meeting.registration.student,
            message=message,
            by=by,
            via_meeting=meeting,
        )
    elif follow_up == Meeting.FollowUp.OFFER and meeting.follow_up != Meeting.FollowUp.OFFER:
        raise ValidationError(_("Choisissez l'offre à laquelle vous invitez l'élève."))
    meeting.rating = rating
    meeting.follow_up = follow_up
    meeting.follow_up_note = note.strip()
    meeting.rated_by = by
    meeting.rated_at = timezone.now()
    meeting.save(update_fields=["rating", "follow_up", "follow_up_note", "rated_by", "rated_at"])
    return invitation
