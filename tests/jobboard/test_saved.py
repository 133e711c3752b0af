"""Saved offers, the weekly alert of new offers and its one-click unsubscribe."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jobboard.alerts import MAX_OFFERS_PER_EMAIL, send_offer_alerts
from jobboard.models import AlertDelivery, OfferAlert, SavedOffer
from tests.jobboard.factories import OfferFactory, SavedOfferFactory
from tests.students.factories import StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db


def save_url(offer):
    return reverse("jobboard:offer_save_toggle", kwargs={"pk": offer.pk})


def profile_of(user):
    return user.student_profile


def with_track(user, track=None):
    profile = user.student_profile
    profile.track = track or TrackFactory()
    profile.save()
    return profile


# --- Saving offers ----------------------------------------------------------------------


def test_saving_is_post_only(student, client):
    offer = OfferFactory(published=True)
    client.force_login(student)
    assert client.get(save_url(offer)).status_code == 405
    assert not SavedOffer.objects.exists()


def test_saving_twice_keeps_one_row_and_goes_back_to_next(student, client):
    offer = OfferFactory(published=True)
    client.force_login(student)
    for _attempt in range(2):
        response = client.post(save_url(offer), {"action": "save", "next": "/fr/jobs/?q=bois"})
        assert response.status_code == 302
        assert response["Location"] == "/fr/jobs/?q=bois"
    assert SavedOffer.objects.filter(student=profile_of(student), offer=offer).count() == 1


def test_removing_twice_leaves_it_removed(student, client):
    saved = SavedOfferFactory(student=profile_of(student))
    client.force_login(student)
    for _attempt in range(2):
        response = client.post(save_url(saved.offer), {"action": "remove", "next": "/fr/me/"})
        assert response.status_code == 302
    assert not SavedOffer.objects.exists()


def test_saving_needs_the_csrf_token(student):
    offer = OfferFactory(published=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    assert client.post(save_url(offer), {"action": "save"}).status_code == 403
    assert not SavedOffer.objects.exists()


def test_an_unsafe_next_is_ignored(student, client):
    offer = OfferFactory(published=True)
    client.force_login(student)
    response = client.post(save_url(offer), {"next": "https://evil.example/"})
    assert response["Location"] == offer.get_absolute_url()


@pytest.mark.parametrize("state", ["draft", "pending", "rejected"])
def test_an_unreadable_offer_cannot_be_saved(student, client, state):
    offer = OfferFactory(**({state: True} if state != "draft" else {}))
    client.force_login(student)
    assert client.post(save_url(offer)).status_code == 404
    assert (
        client.post(reverse("jobboard:offer_save_toggle", kwargs={"pk": 999999})).status_code == 404
    )
    assert not SavedOffer.objects.exists()


def test_an_ended_offer_can_still_be_saved(student, client):
    offer = OfferFactory(closed=True)
    client.force_login(student)
    client.post(save_url(offer), {"next": "/fr/me/saved/"})
    assert SavedOffer.objects.filter(offer=offer).exists()


def test_only_students_save_offers(recruiter, client):
    offer = OfferFactory(published=True)
    assert client.post(save_url(offer)).status_code == 302  # a visitor logs in first
    client.force_login(recruiter)
    assert client.post(save_url(offer)).status_code == 403
    assert not SavedOffer.objects.exists()


# --- The list of saved offers -----------------------------------------------------------


def test_the_list_shows_each_offer_with_its_state_newest_first(student, client):
    profile = profile_of(student)
    now = timezone.now()
    listed = SavedOfferFactory(student=profile, offer=OfferFactory(published=True, title="Soudeur"))
    closed = SavedOfferFactory(student=profile, offer=OfferFactory(closed=True, title="Carreleur"))
    expired = SavedOfferFactory(student=profile, offer=OfferFactory(expired=True, title="Plombier"))
    # Published past its end, before the expiry command has run: already ended.
    overdue = SavedOfferFactory(
        student=profile,
        offer=OfferFactory(
            published=True, title="Peintre", expires_at=now - datetime.timedelta(hours=1)
        ),
    )
    # Sent back to moderation: not readable, so not shown.
    SavedOfferFactory(student=profile, offer=OfferFactory(pending=True, title="Maçon"))
    for age, saved in enumerate([overdue, expired, closed, listed]):
        SavedOffer.objects.filter(pk=saved.pk).update(created_at=now - datetime.timedelta(days=age))
    client.force_login(student)
    response = client.get(reverse("jobboard:saved_offer_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert [saved.offer.title for saved in response.context["page_obj"]] == [
        "Peintre",
        "Plombier",
        "Carreleur",
        "Soudeur",
    ]
    assert "Maçon" not in page
    assert "En ligne" in page
    assert "Clôturée" in page
    assert page.count("Expirée") == 2  # the expired one and the overdue one
    assert page.count(">Retirer<") == 4
    for saved in (listed, closed, expired, overdue):
        assert save_url(saved.offer) in page


def test_the_list_shows_only_the_students_own(student, other_student, client):
    SavedOfferFactory(
        student=profile_of(student), offer=OfferFactory(published=True, title="À moi")
    )
    SavedOfferFactory(
        student=profile_of(other_student), offer=OfferFactory(published=True, title="À l'autre")
    )
    client.force_login(student)
    page = client.get(reverse("jobboard:saved_offer_list")).content.decode()
    assert "À moi" in page
    assert "À l'autre" not in page


def test_the_list_queries_do_not_grow_with_the_rows(student, client):
    profile = profile_of(student)
    client.force_login(student)
    url = reverse("jobboard:saved_offer_list")
    client.get(url)  # the first request of a session does a little more

    def queries_for_a_list_of(count):
        for _index in range(count):
            SavedOfferFactory(student=profile)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for_a_list_of(3) == queries_for_a_list_of(12)


def test_the_empty_list_explains_how_to_save(student, client):
    client.force_login(student)
    page = client.get(reverse("jobboard:saved_offer_list")).content.decode()
    assert "Tu n'as encore sauvegardé aucune offre." in page


def test_the_area_menu_links_to_the_saved_offers(student, client):
    client.force_login(student)
    page = client.get(reverse("students:area")).content.decode()
    assert reverse("jobboard:saved_offer_list") in page


# --- Alert settings ---------------------------------------------------------------------


def test_a_student_opts_in_and_out_of_the_alert(student, client):
    profile = with_track(student)
    client.force_login(student)
    url = reverse("jobboard:offer_alert_update")
    response = client.post(url, {"is_active": "on"})
    assert response.status_code == 302
    alert = OfferAlert.objects.get(student=profile)
    assert alert.is_active
    page = client.get(reverse("jobboard:saved_offer_list")).content.decode()
    assert profile.track.name in page
    assert "checked" in page

    client.post(url, {})
    alert.refresh_from_db()
    assert not alert.is_active

    client.post(url, {"is_active": "on"})
    assert OfferAlert.objects.get(student=profile).is_active
    assert OfferAlert.objects.count() == 1


def test_the_alert_needs_a_track(student, client):
    client.force_login(student)
    page = client.get(reverse("jobboard:saved_offer_list")).content.decode()
    assert "disabled" in page
    assert "Indique d'abord ta filière" in page
    client.post(reverse("jobboard:offer_alert_update"), {"is_active": "on"})
    assert not OfferAlert.objects.filter(is_active=True).exists()


def test_the_alert_settings_are_post_only_and_csrf_protected(student):
    with_track(student)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    url = reverse("jobboard:offer_alert_update")
    assert client.get(url).status_code == 405
    assert client.post(url, {"is_active": "on"}).status_code == 403
    assert not OfferAlert.objects.exists()


# --- Sending the weekly alert -----------------------------------------------------------


def subscribed(user, track=None, **alert):
    profile = with_track(user, track)
    return OfferAlert.objects.create(student=profile, **alert)


def send(capture, now=None):
    with capture(execute=True):
        return send_offer_alerts(now or timezone.now())


def test_the_alert_sends_the_new_listed_offers_of_the_track_once(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    track, other_track = TrackFactory(), TrackFactory()
    alert = subscribed(student, track)
    fresh = OfferFactory(published=True, tracks=[track], title="Frigoriste")
    both = OfferFactory(published=True, tracks=[track, other_track], title="Mécanicien")
    OfferFactory(published=True, tracks=[other_track], title="Coiffeur")
    OfferFactory(pending=True, tracks=[track], title="En attente")
    OfferFactory(closed=True, tracks=[track], title="Déjà clôturée")
    OfferFactory(
        published=True,
        tracks=[track],
        title="Ancienne",
        published_at=timezone.now() - datetime.timedelta(days=9),
    )

    assert send(django_capture_on_commit_callbacks) == 1
    (message,) = mailoutbox
    assert message.to == [student.email]
    assert "Frigoriste" in message.body
    assert "Mécanicien" in message.body
    for absent in ("Coiffeur", "En attente", "Déjà clôturée", "Ancienne"):
        assert absent not in message.body
    assert f"{settings.SITE_URL}{fresh.get_absolute_url()}" in message.body
    assert fresh.company.name in message.body
    unsubscribe = f"{settings.SITE_URL}/fr/alerts/unsubscribe/{alert.token}/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(AlertDelivery.objects.values_list("offer", flat=True)) == {fresh.pk, both.pk}

    # Run again: nothing new, nothing sent.
    assert send(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1

    # A new offer: only that one is sent.
    newer = OfferFactory(published=True, tracks=[track], title="Électromécanicien")
    assert send(django_capture_on_commit_callbacks) == 1
    assert "Électromécanicien" in mailoutbox[1].body
    assert "Frigoriste" not in mailoutbox[1].body
    assert AlertDelivery.objects.filter(offer=newer).count() == 1


def test_an_offer_is_never_sent_twice_even_after_opting_out_and_in(
    student, client, mailoutbox, django_capture_on_commit_callbacks
):
    track = TrackFactory()
    subscribed(student, track)
    OfferFactory(published=True, tracks=[track], title="Frigoriste")
    assert send(django_capture_on_commit_callbacks) == 1
    client.force_login(student)
    client.post(reverse("jobboard:offer_alert_update"), {})
    client.post(reverse("jobboard:offer_alert_update"), {"is_active": "on"})
    assert send(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1


def test_nothing_is_sent_without_track_active_alert_or_news(
    student, other_student, mailoutbox, django_capture_on_commit_callbacks
):
    track = TrackFactory()
    OfferFactory(published=True, tracks=[track])
    # A student whose alert is off, and one without a track.
    subscribed(student, track, is_active=False)
    OfferAlert.objects.create(student=profile_of(other_student))
    # An opted-in student whose account is deactivated.
    inactive = StudentFactory(track=track)
    inactive.user.is_active = False
    inactive.user.save()
    OfferAlert.objects.create(student=inactive)
    # An opted-in student of a track with nothing new.
    OfferAlert.objects.create(student=StudentFactory(track=TrackFactory()))
    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    assert not AlertDelivery.objects.exists()


def test_after_the_first_email_new_means_since_the_last_one(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    track = TrackFactory()
    now = timezone.now()
    subscribed(student, track, last_sent_at=now - datetime.timedelta(days=14))
    OfferFactory(
        published=True,
        tracks=[track],
        title="Dix jours",
        published_at=now - datetime.timedelta(days=10),
    )
    OfferFactory(
        published=True,
        tracks=[track],
        title="Vingt jours",
        published_at=now - datetime.timedelta(days=20),
    )
    assert send(django_capture_on_commit_callbacks, now) == 1
    assert "Dix jours" in mailoutbox[0].body
    assert "Vingt jours" not in mailoutbox[0].body
    assert OfferAlert.objects.get().last_sent_at == now


def test_one_email_carries_at_most_twenty_offers(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    track = with_track(student).track
    OfferAlert.objects.create(student=profile_of(student))
    now = timezone.now()
    for minutes in range(MAX_OFFERS_PER_EMAIL + 3):
        OfferFactory(
            published=True,
            tracks=[track],
            title=f"Offre n°{minutes:02d}",
            published_at=now - datetime.timedelta(minutes=minutes + 1),
        )
    assert send(django_capture_on_commit_callbacks, now) == 1
    body = mailoutbox[0].body
    assert "Offre n°00" in body
    assert "Offre n°19" in body
    assert "Offre n°20" not in body
    assert "Et 3 autres offres" in body
    assert f"{settings.SITE_URL}{track.get_absolute_url()}" in body
    assert AlertDelivery.objects.count() == MAX_OFFERS_PER_EMAIL


def test_the_alert_is_in_the_students_language(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "nl"
    student.save()
    track = TrackFactory()
    alert = subscribed(student, track)
    OfferFactory(published=True, tracks=[track])
    assert send(django_capture_on_commit_callbacks) == 1
    with translation.override("nl"):
        greeting = translation.gettext("Bonjour %(name)s,") % {"name": student.first_name}
    body = mailoutbox[0].body
    assert greeting in body
    unsubscribe = f"{settings.SITE_URL}/nl/alerts/unsubscribe/{alert.token}/"
    assert unsubscribe in body
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert "/nl/jobs/" in body


def test_the_weekly_command_sends_the_alerts(
    student, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    track = TrackFactory()
    subscribed(student, track)
    OfferFactory(published=True, tracks=[track])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_offer_alerts")
    assert "Offer alerts sent: 1" in capsys.readouterr().out
    assert len(mailoutbox) == 1


# --- One-click unsubscribe ----------------------------------------------------------------


def unsubscribe_url(alert):
    return reverse("jobboard:alert_unsubscribe", kwargs={"token": alert.token})


def test_the_unsubscribe_link_shows_a_button_without_login(student):
    alert = subscribed(student)
    response = Client().get(unsubscribe_url(alert))
    assert response.status_code == 200
    assert "Me désabonner" in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_active  # opening the link (or a mail scanner) changes nothing


def test_the_button_unsubscribes_without_login_or_csrf_token(student):
    alert = subscribed(student)
    response = Client(enforce_csrf_checks=True).post(unsubscribe_url(alert))
    assert response.status_code == 200
    assert "Tu es désabonné·e" in response.content.decode()
    alert.refresh_from_db()
    assert not alert.is_active


def test_the_one_click_post_of_the_mail_client_unsubscribes(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    track = TrackFactory()
    alert = subscribed(student, track)
    OfferFactory(published=True, tracks=[track])
    send(django_capture_on_commit_callbacks)
    header = mailoutbox[0].extra_headers["List-Unsubscribe"]
    url = header.strip("<>").removeprefix(settings.SITE_URL)
    response = Client(enforce_csrf_checks=True).post(
        url,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    alert.refresh_from_db()
    assert not alert.is_active
    assert send(django_capture_on_commit_callbacks) == 0


def test_an_unknown_token_is_a_404(student):
    subscribed(student)
    url = reverse("jobboard:alert_unsubscribe", kwargs={"token": "not-a-real-token"})
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 404
    )
    assert OfferAlert.objects.get().is_active


# --- The button of the offer page -------------------------------------------------------


def test_the_save_button_follows_the_saved_state(student, rf):
    offer = OfferFactory(published=True)
    request = rf.get("/")
    request.user = student
    template = (
        "{% load jobboard_tags %}{% is_saved offer user as saved %}"
        "{% include 'jobboard/includes/save_button.html' with offer=offer is_saved=saved "
        "next='/fr/jobs/' csrf_token=csrf_token only %}"
    )
    render = engines["django"].from_string(template).render
    html = render({"offer": offer, "user": student}, request)
    assert "Sauvegarder" in html
    assert 'value="save"' in html
    assert save_url(offer) in html
    assert "csrfmiddlewaretoken" in html
    SavedOfferFactory(student=profile_of(student), offer=offer)
    html = render({"offer": offer, "user": student}, request)
    assert "Retirer des favoris" in html
    assert 'value="remove"' in html


def test_the_offer_page_saves_with_its_csrf_token(student):
    offer = OfferFactory(published=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    page = client.get(offer.get_absolute_url()).content.decode()
    action = re.escape(save_url(offer))
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', page, re.S)
    assert form is not None
    assert "Sauvegarder" in form.group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
    response = client.post(
        save_url(offer),
        {"csrfmiddlewaretoken": token, "action": "save", "next": offer.get_absolute_url()},
    )
    assert response.status_code == 302
    assert SavedOffer.objects.filter(offer=offer, student=profile_of(student)).exists()
    assert "Retirer des favoris" in client.get(offer.get_absolute_url()).content.decode()


def test_an_ended_offer_page_offers_only_to_remove_a_saved_offer(student, client):
    kept = SavedOfferFactory(student=profile_of(student), offer=OfferFactory(expired=True)).offer
    unsaved = OfferFactory(expired=True)
    client.force_login(student)
    assert "Retirer des favoris" in client.get(kept.get_absolute_url()).content.decode()
    assert save_url(unsaved) not in client.get(unsaved.get_absolute_url()).content.decode()


def test_other_roles_see_no_save_button(recruiter, client):
    offer = OfferFactory(published=True)
    assert save_url(offer) not in client.get(offer.get_absolute_url()).content.decode()
    client.force_login(recruiter)
    assert save_url(offer) not in client.get(offer.get_absolute_url()).content.decode()


def test_staff_read_the_saved_offers_and_alerts_in_the_admin(staff, student, client):
    SavedOfferFactory(student=profile_of(student))
    subscribed(student)
    client.force_login(staff)
    for model in ("savedoffer", "offeralert"):
        response = client.get(reverse(f"admin:jobboard_{model}_changelist"))
        assert response.status_code == 200
        assert reverse(f"admin:jobboard_{model}_add") not in response.content.decode()
