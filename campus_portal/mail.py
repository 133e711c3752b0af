"""Email: rendered in the request in the recipient's language, delivered by a task after commit."""

import base64
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)


def _serialize(message: EmailMessage) -> dict:
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("Queued emails take attachments as (filename, content, mimetype).")
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def _deserialize(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver_email(data: dict) -> None:
    """Hand one message to the real email backend (SMTP in production)."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    connection.send_messages([_deserialize(data)])


class QueuedEmailBackend(BaseEmailBackend):
    """Queue each message as a task, enqueued only once the transaction commits.

    A sign-up that fails after its email was "sent" thus sends nothing, and a slow mail
    server never slows down a page.
    """

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            data = _serialize(message)
            transaction.on_commit(lambda data=data: deliver_email.enqueue(data))
            count += 1
        return count


def send_templated_mail(
    *,
    template: str,
    to,
    context: dict | None = None,
    language: str | None = None,
    headers: dict | None = None,
) -> None:
    """Render `<template>_subject.txt`, `.txt` and, if present, `.html` in the recipient's
    language and queue the message. `to` is a user (whose preferred language is used) or
    an address (with `language`, else the active language). `headers` are extra message
    headers (for instance `List-Unsubscribe`)."""
    email = getattr(to, "email", to)
    language = language or getattr(to, "preferred_language", None) or translation.get_language()
    context = {"recipient": to, "site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=body, to=[email], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
