"""Offers' moderation and lifecycle: the company's and the staff's moves, with audit and mail."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from companies.models import Company
from jobboard.models import Offer

REMINDER_DAYS = 7
UPDATE_FIELDS = ["status", "submitted_at", "updated_at", "search_text"]


def _lock(offer: Offer) -> None:
    """Re-read the offer under a row lock: two staff members (or a member and the daily
    command) acting at once see each other's move instead of undoing it."""
    offer.refresh_from_db(from_queryset=Offer.objects.select_for_update())


def _require_verified(company: Company) -> None:
    if company.status != Company.Status.VERIFIED:
        raise ValidationError(
            _(
                "L'entreprise %(company)s n'est pas vérifiée (statut : %(status)s) : "
                "ses offres ne peuvent pas être soumises ni publiées."
            )
            % {"company": company.name, "status": company.get_status_display()}
        )


def _mail_members(offer: Offer, template: str, context: dict | None = None) -> int:
    """Mail every active member of the offer's company, each in their own language."""
    members = offer.company.memberships.active().filter(user__is_active=True).select_related("user")
    sent = 0
    for membership in members:
        send_templated_mail(
            template=template,
            to=membership.user,
            context={"offer": offer, "company": offer.company, **(context or {})},
        )
        sent += 1
    return sent


@transaction.atomic
def submit_offer(offer: Offer, *, by) -> None:
    """A draft or a corrected rejected offer goes to the moderators."""
    _lock(offer)
    _require_verified(offer.company)
    offer.submit()
    offer.save(update_fields=UPDATE_FIELDS)
    audit.record(actor=by, action="offer.submit", target=offer)


@transaction.atomic
def publish_offer(offer: Offer, *, by, reason: str = "") -> None:
    """Staff publish a pending offer; its publication runs from now."""
    _lock(offer)
    _require_verified(offer.company)
    offer.publish()
    offer.save(
        update_fields=[
            "status",
            "rejection_reason",
            "published_at",
            "expires_at",
            "expiry_reminder_sent_at",
            "updated_at",
        ]
    )
    audit.record(actor=by, action="offer.publish", target=offer, reason=reason)
    _mail_members(offer, "jobboard/email/offer_published", {"reason": reason})


@transaction.atomic
def reject_offer(offer: Offer, *, by, reason: str) -> None:
    """Staff refuse a pending offer with a reason the company reads, then corrects."""
    _lock(offer)
    offer.reject(reason)
    offer.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit.record(actor=by, action="offer.reject", target=offer, reason=reason)
    _mail_members(offer, "jobboard/email/offer_rejected", {"reason": reason})


@transaction.atomic
def close_offer(offer: Offer, *, by) -> None:
    """The company closes a published offer: it leaves the list, its page stays."""
    _lock(offer)
    offer.close()
    offer.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=by, action="offer.close", target=offer)


EDITABLE_STATUSES = {
    Offer.Status.DRAFT,
    Offer.Status.PENDING,
    Offer.Status.REJECTED,
    Offer.Status.PUBLISHED,
}


@transaction.atomic
def save_offer_edit(offer: Offer, *, form, languages, by) -> bool:
    """Save a member's edit of `offer` (the instance of the valid `form` and `languages`).

    A change of substance to a published offer sends it back to moderation; any other
    change applies at once. Returns whether the offer went back to moderation.
    """
    current = Offer.objects.select_for_update().values_list("status", flat=True).get(pk=offer.pk)
    if current != offer.status or current not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Cette offre a changé entre-temps (%(status)s) : rechargez la page.")
            % {"status": Offer.Status(current).label}
        )
    back_to_moderation = offer.status == Offer.Status.PUBLISHED and bool(form.substance_changes())
    if back_to_moderation:
        offer.back_to_moderation()
    elif offer.status == Offer.Status.PUBLISHED and "publication_days" in form.changed_data:
        # The length counts from the publication: a new length moves the end at once.
        offer.expires_at = offer.published_at + timedelta(days=offer.publication_days)
        if offer.expires_at > timezone.now() + timedelta(days=REMINDER_DAYS):
            offer.expiry_reminder_sent_at = None
    form.save()
    languages.instance = offer
    languages.save()
    if back_to_moderation:
        audit.record(actor=by, action="offer.back_to_moderation", target=offer)
    return back_to_moderation


def expire_offers(*, now: datetime) -> int:
    """Published offers past their end become expired; returns how many.

    One UPDATE whose condition is the transition's (published → expired): it cannot
    overwrite a move made meanwhile. The list hides these offers already (`listed()`
    compares the date), so running late never shows an ended offer.
    """
    return Offer.objects.filter(status=Offer.Status.PUBLISHED, expires_at__lte=now).update(
        status=Offer.Status.EXPIRED, updated_at=now
    )


def remind_expiring_offers(*, now: datetime) -> int:
    """Tell the members of each company whose offer ends within a week, once per
    publication; returns how many offers were reminded."""
    due = (
        Offer.objects.filter(
            status=Offer.Status.PUBLISHED,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=REMINDER_DAYS),
            expiry_reminder_sent_at__isnull=True,
            company__status=Company.Status.VERIFIED,
        )
        .select_related("company")
        .order_by("expires_at", "pk")
    )
    reminded = 0
    for offer in due:
        with transaction.atomic():
            # Claim the reminder first: a second run at the same time sends nothing.
            claimed = Offer.objects.filter(
                pk=offer.pk, expiry_reminder_sent_at__isnull=True
            ).update(expiry_reminder_sent_at=now)
            if not claimed:
                continue
            offer.expiry_reminder_sent_at = now
            _mail_members(
                offer, "jobboard/email/offer_expiring", {"days_left": (offer.expires_at - now).days}
            )
        reminded += 1
    return reminded
