"""The weekly alert: each opted-in student gets the new listed offers of their track, once."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from campus_portal.mail import send_templated_mail
from jobboard.models import AlertDelivery, Offer, OfferAlert

MAX_OFFERS_PER_EMAIL = 20
FIRST_WINDOW = timedelta(days=7)


def _sendable_alerts():
    return OfferAlert.objects.filter(
        is_active=True, student__user__is_active=True, student__track__isnull=False
    )


def _unsubscribe_url(alert: OfferAlert, language: str) -> str:
    with translation.override(language):
        path = reverse("jobboard:alert_unsubscribe", kwargs={"token": alert.token})
    return f"{settings.SITE_URL}{path}"


def _send_one(alert_pk: int, now: datetime) -> bool:
    """Send one student's email if there is anything new; True if one was sent."""
    with transaction.atomic():
        # The alert row is locked so that two runs at once cannot both send the same
        # offers (PostgreSQL; `of` leaves the joined rows alone — the track is on the
        # nullable side of a join). SQLite serialises writes, and the unique delivery
        # row would refuse a second send anyway.
        alert = (
            _sendable_alerts()
            .select_for_update(of=("self",))
            .select_related("student__user", "student__track")
            .filter(pk=alert_pk)
            .first()
        )
        if alert is None:
            return False
        student, track = alert.student, alert.student.track
        since = alert.last_sent_at or now - FIRST_WINDOW
        new_offers = (
            Offer.objects.listed()
            .filter(tracks=track, published_at__gt=since, published_at__lte=now)
            .exclude(pk__in=AlertDelivery.objects.filter(alert=alert).values("offer_id"))
            .select_related("company")
            .order_by("-published_at", "-pk")
        )
        offers = list(new_offers[: MAX_OFFERS_PER_EMAIL + 1])
        if not offers:
            return False
        total = new_offers.count() if len(offers) > MAX_OFFERS_PER_EMAIL else len(offers)
        offers = offers[:MAX_OFFERS_PER_EMAIL]
        AlertDelivery.objects.bulk_create(AlertDelivery(alert=alert, offer=o) for o in offers)
        alert.last_sent_at = now
        alert.save(update_fields=["last_sent_at"])
        user = student.user
        send_templated_mail(
            template="jobboard/email/offer_alert",
            to=user,
            context={
                "alert": alert,
                "track": track,
                "offers": offers,
                "total": total,
                "more": total - len(offers),
            },
            headers={
                # RFC 2369 and RFC 8058: mail clients show their own "unsubscribe"
                # button, which POSTs `List-Unsubscribe=One-Click` to this URL.
                "List-Unsubscribe": f"<{_unsubscribe_url(alert, user.preferred_language)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return True


def send_offer_alerts(now: datetime | None = None) -> int:
    """Email every active alert of an active student with a track; returns the number of
    emails. An offer goes at most once to an alert (its `AlertDelivery`), at most
    `MAX_OFFERS_PER_EMAIL` per email (newest first, the rest behind a link to the track
    page); nothing new, no email."""
    now = now or timezone.now()
    pks = list(_sendable_alerts().order_by("pk").values_list("pk", flat=True))
    return sum(_send_one(pk, now) for pk in pks)
