"""Email is queued, sent only after the commit, in the recipient's language."""

import pytest
from django.core import mail
from django.db import transaction

from campus_portal.mail import send_templated_mail

TEMPLATE = "campus_portal/email/account_reactivated"


@pytest.mark.django_db
def test_mail_is_delivered_only_after_commit(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_templated_mail(template=TEMPLATE, to=student, context={"reason": "Test"})
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_mail_of_a_rolled_back_transaction_is_never_sent(student):
    mail.outbox = []

    def send_then_fail():
        with transaction.atomic():
            send_templated_mail(template=TEMPLATE, to=student, context={"reason": "x"})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        send_then_fail()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_mail_is_rendered_in_the_recipients_language(
    student, mailoutbox, django_capture_on_commit_callbacks, language
):
    from django.utils import translation

    student.preferred_language = language
    student.save()
    with translation.override(language):
        expected = translation.gettext("Bonjour %(name)s,") % {"name": student.first_name}
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(template=TEMPLATE, to=student, context={"reason": "Test"})
    assert expected in mailoutbox[0].body
    assert f"/{language}/accounts/login/" in mailoutbox[0].body
