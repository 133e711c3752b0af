"""The check-in QR code on a student's schedule: an inline SVG made on the server."""

import segno
from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from events.models import Registration

register = template.Library()


def checkin_url(registration: Registration) -> str:
    """The absolute URL the QR code encodes: the phone's camera app opens it, and only
    staff can use it."""
    path = reverse(
        "events:checkin_token",
        kwargs={"slug": registration.meeting_day.slug, "token": registration.checkin_token},
    )
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(data: str, *, title: str) -> str:
    """An SVG QR code of `data` that scales with its box (CSS sets the size), drawn black
    on white whatever the page's colours, with a title for screen readers. segno writes
    presentation attributes only (no style attribute), which the CSP allows."""
    svg = segno.make(data, error="m").svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="checkin-qr",
        lineclass=None,
        title=title,
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


@register.simple_tag
def checkin_qr(registration: Registration) -> SafeString:
    svg = qr_svg(checkin_url(registration), title=_("QR code d'accueil"))
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the title is escaped by segno
