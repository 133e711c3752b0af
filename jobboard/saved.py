"""Saved offers and the weekly alert's settings: what a student keeps and asks to receive."""

from django.db import transaction
from django.db.models import QuerySet

from jobboard.models import Offer, OfferAlert, SavedOffer
from students.models import StudentProfile


def saved_offers(*, student: StudentProfile) -> QuerySet[SavedOffer]:
    """The student's saved offers that can still be read (listed, closed or expired),
    newest saved first. An offer sent back to moderation, or of a company no longer
    verified, is hidden until it is readable again."""
    return (
        SavedOffer.objects.filter(student=student, offer__in=Offer.objects.readable())
        .select_related("offer__company")
        .order_by("-created_at", "-pk")
    )


def is_saved(*, student: StudentProfile | None, offer: Offer) -> bool:
    if student is None:
        return False
    return SavedOffer.objects.filter(student=student, offer=offer).exists()


def save_offer(*, student: StudentProfile, offer: Offer) -> SavedOffer:
    """Idempotent: a double submit finds the row the first one created (the unique
    constraint makes the race lose with an IntegrityError that get_or_create handles)."""
    saved, _created = SavedOffer.objects.get_or_create(student=student, offer=offer)
    return saved


def unsave_offer(*, student: StudentProfile, offer: Offer) -> None:
    SavedOffer.objects.filter(student=student, offer=offer).delete()


def alert_of(*, student: StudentProfile) -> OfferAlert | None:
    return OfferAlert.objects.filter(student=student).first()


def set_offer_alert(*, student: StudentProfile, active: bool) -> OfferAlert | None:
    """Opt in (creating the alert, or turning it back on) or out (kept, inactive: its
    deliveries still keep an offer from being sent twice if the student opts in again)."""
    with transaction.atomic():
        if not active:
            OfferAlert.objects.filter(student=student).update(is_active=False)
            return alert_of(student=student)
        alert, created = OfferAlert.objects.select_for_update().get_or_create(student=student)
        if not created and not alert.is_active:
            alert.is_active = True
            # Back after a pause: "new" counts from now on, not from the last email
            # months ago (the first email covers the last 7 days, as for a new alert).
            alert.last_sent_at = None
            alert.save(update_fields=["is_active", "last_sent_at"])
        return alert


def unsubscribe(*, alert: OfferAlert) -> None:
    """The one-click link of the email: only ever turns the alert off."""
    if alert.is_active:
        alert.is_active = False
        alert.save(update_fields=["is_active"])
