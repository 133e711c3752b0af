"""Students register for a meeting day, rank companies, wait for a place and cancel."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from companies.models import Company
from events.models import (
    MAX_WISHES,
    MeetingDay,
    Participation,
    Preference,
    Registration,
    new_checkin_code,
)
from students.models import StudentProfile

# Only for the capacity proof (tests/events/test_capacity.py), which turns the lock off to
# show that it is what stops a full day from being over-booked. Nothing else changes it.
_LOCK_DAY = True


def _between_count_and_insert() -> None:
    """Does nothing. The capacity proof replaces it with a short sleep, which widens the
    gap between counting the places and taking one, so that the race is reliably lost
    without the lock."""


class RegistrationRefused(Exception):
    """A registration, change or cancellation that cannot be made; the message is for the
    student."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyRegistered(RegistrationRefused):
    """The student already holds a registration (or a waiting-list place) for the day."""

    def __init__(self, registration: Registration):
        super().__init__(_("Tu es déjà inscrit·e à cette journée : tu peux modifier tes choix."))
        self.registration = registration


# --- Queries shared by the services and the views ---------------------------------------


def choosable_participations(day: MeetingDay):
    """The companies a student may rank: accepted for the day, and still verified."""
    return Participation.objects.filter(
        meeting_day=day,
        status=Participation.Status.ACCEPTED,
        company__status=Company.Status.VERIFIED,
    )


def active_count(day: MeetingDay) -> int:
    """The places taken: registered students, and on the day those present or absent."""
    return Registration.objects.filter(
        meeting_day=day, status__in=Registration.ACTIVE_STATUSES
    ).count()


def is_full(day: MeetingDay) -> bool:
    return active_count(day) >= day.max_students


def waiting_position(registration: Registration) -> int | None:
    """1 for the next student to move up; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        meeting_day_id=registration.meeting_day_id,
        status=Registration.Status.WAITLISTED,
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def can_cancel(registration: Registration) -> bool:
    """Cancelling is possible until the day before the meeting day."""
    return (
        registration.status in (Registration.Status.REGISTERED, Registration.Status.WAITLISTED)
        and timezone.localdate() < registration.meeting_day.date
    )


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(date)s à %(time)s") % {
        "date": date_format(local.date(), "j F Y"),
        "time": time_format(local.time(), "H:i"),
    }


def window_message(day: MeetingDay) -> str:
    """Why students cannot register now, with the date when it opens or closed."""
    now = timezone.now()
    before_students = day.status in (
        MeetingDay.Status.DRAFT,
        MeetingDay.Status.COMPANY_REGISTRATION,
    )
    if now < day.student_registration_opens and (
        before_students or day.status == MeetingDay.Status.STUDENT_REGISTRATION
    ):
        return _("Les inscriptions des élèves ouvriront le %(when)s.") % {
            "when": _when(day.student_registration_opens)
        }
    if before_students:
        return _("Les inscriptions des élèves ne sont pas encore ouvertes.")
    if now >= day.student_registration_closes:
        return _("Les inscriptions des élèves sont closes depuis le %(when)s.") % {
            "when": _when(day.student_registration_closes)
        }
    return _("Les inscriptions des élèves sont closes.")


# --- Services ----------------------------------------------------------------------------


def _locked_day(day: MeetingDay) -> MeetingDay:
    """The day's row, locked until the transaction ends: every change to the number of
    places taken goes through this lock, so concurrent registrations count one after the
    other. FOR NO KEY UPDATE still lets other rows that point to the day be inserted."""
    if not _LOCK_DAY:
        return MeetingDay.objects.get(pk=day.pk)
    return MeetingDay.objects.select_for_update(no_key=True).get(pk=day.pk)


def _checked_wishes(
    day: MeetingDay, wishes: Iterable, *, accepts_extra: bool
) -> list[Participation]:
    """The ranked participations for `wishes` (ids, best first), or RegistrationRefused."""
    ids = []
    for wish in wishes:
        if isinstance(wish, bool):
            raise RegistrationRefused(_("Choisis les entreprises dans la liste."))
        try:
            ids.append(int(wish))
        except (TypeError, ValueError):
            raise RegistrationRefused(_("Choisis les entreprises dans la liste.")) from None
    if len(ids) > MAX_WISHES:
        raise RegistrationRefused(
            _("Tu peux choisir %(count)s entreprises au plus.") % {"count": MAX_WISHES}
        )
    if len(set(ids)) != len(ids):
        raise RegistrationRefused(_("Tu as choisi deux fois la même entreprise."))
    if not ids and not accepts_extra:
        raise RegistrationRefused(
            _(
                "Choisis au moins une entreprise, ou accepte des rencontres avec des "
                "entreprises qui cherchent ta filière."
            )
        )
    found = choosable_participations(day).in_bulk(ids)
    if len(found) != len(ids):
        raise RegistrationRefused(
            _("Une entreprise que tu as choisie ne participe pas (ou plus) à cette journée.")
        )
    return [found[pk] for pk in ids]


def _save_wishes(registration: Registration, participations: list[Participation]) -> None:
    registration.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(registration=registration, participation=participation, rank=rank)
        for rank, participation in enumerate(participations, start=1)
    )


def _mail(registration: Registration, template: str) -> None:
    """Queued for after the commit, in the student's language."""
    send_templated_mail(
        template=f"events/email/{template}",
        to=registration.student.user,
        context={
            "registration": registration,
            "day": registration.meeting_day,
            "wishes": list(
                registration.preferences.select_related("participation__company").order_by("rank")
            ),
            "position": waiting_position(registration),
        },
    )


def _record_if_on_behalf(*, by, registration: Registration, action: str) -> None:
    """Staff acting for a student leave a trace; a student's own actions need none."""
    if by is not None and by.pk != registration.student.user_id:
        audit.record(actor=by, action=action, target=registration)


def _insert(
    *, day: MeetingDay, student: StudentProfile, status: str, accepts_extra: bool
) -> Registration:
    """Create the row; a check-in code already used on the day is drawn again."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    meeting_day=day,
                    student=student,
                    status=status,
                    accepts_extra_meetings=accepts_extra,
                    checkin_code=new_checkin_code(),
                )
        except IntegrityError:
            existing = Registration.objects.filter(meeting_day=day, student=student).first()
            if existing is not None:
                raise AlreadyRegistered(existing) from None
    raise RuntimeError("Could not draw a free check-in code for this day.")


def register(
    *,
    day: MeetingDay,
    student: StudentProfile,
    wishes: list[int],
    accepts_extra: bool,
    by,
) -> Registration:
    """Register `student` for `day` with `wishes` (participation ids, first choice first).

    When the day is full the student goes on the waiting list (status `waitlisted`); the
    caller tells them so. Raises `AlreadyRegistered` when they already hold a place or a
    waiting-list place, `RegistrationRefused` for an incomplete profile, a closed window or
    bad wishes. A student who had cancelled registers again at the end of the queue.
    """
    if not student.is_complete:
        raise RegistrationRefused(
            _("Complète ton profil avant de t'inscrire : il manque %(missing)s.")
            % {"missing": ", ".join(str(part) for part in student.missing_fields())}
        )
    with transaction.atomic():
        day = _locked_day(day)
        if not day.student_registration_is_open:
            raise RegistrationRefused(window_message(day))
        existing = Registration.objects.filter(meeting_day=day, student=student).first()
        if existing is not None and existing.status != Registration.Status.CANCELLED:
            raise AlreadyRegistered(existing)
        participations = _checked_wishes(day, wishes, accepts_extra=accepts_extra)

        full = active_count(day) >= day.max_students
        _between_count_and_insert()
        status = Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED
        if existing is None:
            registration = _insert(
                day=day, student=student, status=status, accepts_extra=accepts_extra
            )
        else:
            registration = existing
            registration.status = status
            registration.accepts_extra_meetings = accepts_extra
            # Back at the end of the waiting list's queue, like any newcomer.
            registration.created_at = timezone.now()
            registration.promoted_at = None
            registration.save(
                update_fields=["status", "accepts_extra_meetings", "created_at", "promoted_at"]
            )
        registration.meeting_day = day
        _save_wishes(registration, participations)
        _record_if_on_behalf(by=by, registration=registration, action="registration_create")
        _mail(
            registration,
            "registration_waitlisted" if full else "registration_confirmed",
        )
    return registration


def update_preferences(
    *,
    registration: Registration,
    wishes: list[int],
    accepts_extra: bool,
    by,
) -> Registration:
    """Replace the student's ranked wishes and extra-meeting choice, until the window closes."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("meeting_day", "student__user")
            .get(pk=registration.pk)
        )
        if registration.status not in (
            Registration.Status.REGISTERED,
            Registration.Status.WAITLISTED,
        ):
            raise RegistrationRefused(_("Cette inscription est annulée : inscris-toi à nouveau."))
        day = registration.meeting_day
        if not day.student_registration_is_open:
            raise RegistrationRefused(
                _("Tes choix ne peuvent plus changer. %(why)s") % {"why": window_message(day)}
            )
        participations = _checked_wishes(day, wishes, accepts_extra=accepts_extra)
        _save_wishes(registration, participations)
        registration.accepts_extra_meetings = accepts_extra
        registration.save(update_fields=["accepts_extra_meetings"])
        _record_if_on_behalf(by=by, registration=registration, action="registration_update")
    return registration


def promote_from_waiting_list(*, day: MeetingDay) -> list[Registration]:
    """Give the free places, first come first served, to the waiting list; each student
    moved up is emailed. Nothing moves on or after the day itself."""
    with transaction.atomic():
        day = _locked_day(day)
        if timezone.localdate() >= day.date:
            return []
        free = day.max_students - active_count(day)
        if free <= 0:
            return []
        promoted = list(
            Registration.objects.select_for_update(of=("self",))
            .select_related("student__user")
            .filter(meeting_day=day, status=Registration.Status.WAITLISTED)
            .order_by("created_at", "pk")[:free]
        )
        now = timezone.now()
        for registration in promoted:
            registration.status = Registration.Status.REGISTERED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            registration.meeting_day = day
            _mail(registration, "registration_promoted")
    return promoted


def cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration or a waiting-list place, until the day before the day. A place
    freed goes to the first student on the waiting list. Meetings already planned for the
    student are removed, so that their companies do not wait for them."""
    with transaction.atomic():
        # The day's lock first, as in `register`: the place freed here goes to the waiting
        # list, never to a newcomer registering at the same moment.
        day = _locked_day(registration.meeting_day)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("student__user")
            .get(pk=registration.pk)
        )
        registration.meeting_day = day
        if registration.status not in (
            Registration.Status.REGISTERED,
            Registration.Status.WAITLISTED,
        ):
            raise RegistrationRefused(_("Cette inscription est déjà annulée."))
        if timezone.localdate() >= day.date:
            raise RegistrationRefused(
                _(
                    "Il n'est plus possible d'annuler en ligne le jour même. "
                    "Préviens le secrétariat de l'école."
                )
            )
        freed_a_place = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        registration.meetings.all().delete()
        _record_if_on_behalf(by=by, registration=registration, action="registration_cancel")
        _mail(registration, "registration_cancelled")
        if freed_a_place:
            promote_from_waiting_list(day=day)
    return registration
