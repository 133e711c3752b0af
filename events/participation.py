"""Companies' participation in a meeting day: their request, staff decisions, cancellation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from companies.models import Company
from events.models import MeetingDay, Participation

# A company edits its request while staff have not accepted or refused it.
EDITABLE_STATUSES = (Participation.Status.REQUESTED, Participation.Status.WAITLISTED)
# Once the schedule is out, students hold meetings with the company: a cancellation then
# goes through the school office, which tells them.
CANCELLABLE_DAY_STATUSES = (
    MeetingDay.Status.COMPANY_REGISTRATION,
    MeetingDay.Status.STUDENT_REGISTRATION,
)
# Staff decide until the schedule is published; after the day there is nothing to decide.
DECIDABLE_DAY_STATUSES = (
    MeetingDay.Status.DRAFT,
    MeetingDay.Status.COMPANY_REGISTRATION,
    MeetingDay.Status.STUDENT_REGISTRATION,
    MeetingDay.Status.SCHEDULED,
)
DECISION_FIELDS = ["status", "decision_reason", "decided_at"]
# What the company's form changes (besides the tracks and offers, many-to-many).
COMPANY_FIELDS = ["tables", "needs_electricity", "needs_space", "logistics_remarks"]


def mail_members(participation: Participation, template: str, context: dict | None = None) -> int:
    """Mail every active member of the participation's company, each in their language."""
    company = participation.company
    members = company.memberships.active().filter(user__is_active=True).select_related("user")
    sent = 0
    for membership in members:
        send_templated_mail(
            template=template,
            to=membership.user,
            context={
                "participation": participation,
                "day": participation.meeting_day,
                "company": company,
                **(context or {}),
            },
        )
        sent += 1
    return sent


def _require_verified(company: Company) -> None:
    if company.status != Company.Status.VERIFIED:
        raise ValidationError(
            _(
                "L'entreprise %(company)s n'est pas vérifiée (statut : %(status)s) : elle ne "
                "peut pas participer à une journée de rencontre."
            )
            % {"company": company.name, "status": company.get_status_display()}
        )


def _lock(participation: Participation) -> None:
    """Re-read the participation under a row lock: two staff members deciding at once, or
    a decision crossing the company's cancellation, see each other's move."""
    participation.refresh_from_db(
        from_queryset=Participation.objects.select_for_update().select_related(
            "company", "meeting_day"
        )
    )


# --- The company's side ------------------------------------------------------------------


@transaction.atomic
def save_request(*, day: MeetingDay, company: Company, form, by) -> Participation:
    """Record or update `company`'s request to take part in `day` from a valid `form`
    (a ParticipationForm on the company's participation, or a new one), with the charter
    accepted now by `by`."""
    day = MeetingDay.objects.select_for_update().get(pk=day.pk)
    company = Company.objects.get(pk=company.pk)
    _require_verified(company)
    if not day.company_registration_is_open:
        raise ValidationError(_("Les inscriptions des entreprises à cette journée sont fermées."))
    participation = form.save(commit=False)
    current = (
        Participation.objects.select_for_update()
        .filter(meeting_day=day, company=company)
        .values_list("pk", "status")
        .first()
    )
    if (current is None) != (participation.pk is None):
        raise ValidationError(
            _("Un·e collègue vient de modifier l'inscription de l'entreprise : rechargez la page.")
        )
    if current is not None and current[1] not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Votre participation est « %(status)s » : elle ne peut plus être modifiée ici.")
            % {"status": Participation.Status(current[1]).label}
        )
    participation.meeting_day = day
    participation.company = company
    participation.charter_accepted_at = timezone.now()
    participation.charter_accepted_by = by
    if current is None:
        try:
            with transaction.atomic():
                participation.save()
        except IntegrityError as error:
            # SQLite has no row locks: the unique constraint is the last guard.
            raise ValidationError(
                _("Un·e collègue vient d'inscrire l'entreprise : rechargez la page.")
            ) from error
    else:
        # Only what the company edits: a staff decision taken meanwhile stays.
        participation.save(
            update_fields=[*COMPANY_FIELDS, "charter_accepted_at", "charter_accepted_by"]
        )
    form.save_m2m()
    audit.record(
        actor=by,
        action="participation.request" if current is None else "participation.update",
        target=participation,
    )
    return participation


@transaction.atomic
def cancel_participation(participation: Participation, *, by) -> None:
    """The company withdraws: its members are told; staff confirm a waitlisted company
    in its place by accepting it (never automatically)."""
    _lock(participation)
    if participation.meeting_day.status not in CANCELLABLE_DAY_STATUSES:
        raise ValidationError(
            _(
                "Le planning de cette journée est publié : pour annuler, contactez le "
                "secrétariat du campus, qui préviendra les élèves."
            )
        )
    was_accepted = participation.status == Participation.Status.ACCEPTED
    participation.move("cancel")
    participation.save(update_fields=["status", "decision_reason", "decided_at"])
    audit.record(actor=by, action="participation.cancel", target=participation)
    mail_members(
        participation,
        "events/email/participation_cancelled",
        {"cancelled_by": by, "was_accepted": was_accepted},
    )


# --- Staff decisions (admin actions: `decide(obj, by=…, reason=…)`) -----------------------


def _decide(participation: Participation, transition: str, *, by, reason: str) -> None:
    _lock(participation)
    day = participation.meeting_day
    if day.status not in DECIDABLE_DAY_STATUSES:
        raise ValidationError(
            _("La journée est « %(status)s » : il n'y a plus de décision à prendre.")
            % {"status": day.get_status_display()}
        )
    participation.move(transition, reason)
    participation.save(update_fields=DECISION_FIELDS)
    audit.record(
        actor=by, action=f"participation.{transition}", target=participation, reason=reason
    )


@transaction.atomic
def accept_participation(participation: Participation, *, by, reason: str = "") -> None:
    """Accept a requested or waitlisted company, within the day's maximum of companies."""
    # The day's lock makes two acceptances at once count each other.
    day = MeetingDay.objects.select_for_update().get(pk=participation.meeting_day_id)
    _lock(participation)
    _require_verified(participation.company)
    accepted = day.participations.filter(status=Participation.Status.ACCEPTED).count()
    # An illegal move (already accepted, declined…) is refused by `move()` with its own words.
    if (
        participation.status in Participation.TRANSITIONS["accept"]
        and accepted >= day.max_companies
    ):
        raise ValidationError(
            _(
                "La journée « %(day)s » a déjà %(count)d entreprises acceptées, son maximum. "
                "Mettez cette entreprise en liste d'attente, ou augmentez le maximum de la "
                "journée."
            )
            % {"day": day.title, "count": accepted}
        )
    _decide(participation, "accept", by=by, reason=reason)
    mail_members(participation, "events/email/participation_accepted", {"reason": reason})


@transaction.atomic
def waitlist_participation(participation: Participation, *, by, reason: str) -> None:
    _require_verified(participation.company)
    _decide(participation, "waitlist", by=by, reason=reason)
    mail_members(participation, "events/email/participation_waitlisted", {"reason": reason})


@transaction.atomic
def decline_participation(participation: Participation, *, by, reason: str) -> None:
    _decide(participation, "decline", by=by, reason=reason)
    mail_members(participation, "events/email/participation_declined", {"reason": reason})
