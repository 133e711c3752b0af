"""On the day: staff check students in by QR URL, typed code or name, companies on
arrival, and mark the no-shows at the end; the student's QR code encodes the right URL."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from campus_portal.models import AuditEntry
from events.checkin import check_in_student, mark_no_shows, normalise_code
from events.models import Meeting, MeetingDay, Registration
from events.templatetags.checkin_tags import checkin_url, qr_svg
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    """Today's meeting day, schedule published: 09:00–12:00, 10-minute slots, 5-minute pauses."""
    return MeetingDayFactory(scheduled=True, date=timezone.localdate(), slug="journee-mars")


def register(day, first="Amina", last="Benali", **kwargs):
    student = StudentFactory(complete=True, user__first_name=first, user__last_name=last)
    return RegistrationFactory(meeting_day=day, student=student, **kwargs)


@pytest.fixture
def amina(day):
    return register(day, checkin_code="K7M2QX")


@pytest.fixture
def meeting(day, amina, company):
    participation = ParticipationFactory(
        meeting_day=day, company=company, accepted=True, table_label="Stand B4", tables=2
    )
    return Meeting.objects.create(
        meeting_day=day,
        registration=amina,
        participation=participation,
        table_number=2,
        slot_index=1,
    )


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def token_url(registration):
    return reverse(
        "events:checkin_token",
        kwargs={"slug": registration.meeting_day.slug, "token": registration.checkin_token},
    )


def home_url(day):
    return reverse("events:checkin_home", kwargs={"slug": day.slug})


def code_url(day):
    return reverse("events:checkin_code", kwargs={"slug": day.slug})


# --- The QR code's URL --------------------------------------------------------------------


def test_staff_check_a_student_in_by_opening_the_qr_url(client, staff, amina, meeting):
    client.force_login(staff)
    page = text(client.get(token_url(amina)))
    assert "Amina Benali" in page
    assert "Marquer présent·e" in page
    assert "Firma Elektro" not in page  # the meetings show once the student is present

    response = client.post(token_url(amina))
    assert response.status_code == 302
    assert response["Location"] == token_url(amina)
    amina.refresh_from_db()
    assert amina.status == Registration.Status.PRESENT
    assert amina.checked_in_at is not None

    page = text(client.get(response["Location"]))
    assert "Amina Benali est enregistré·e." in page
    assert "Marquer présent·e" not in page
    # Slot 1 of a day opening at 09:00 with 10-minute slots and 5-minute pauses.
    assert "09:15–09:25" in page
    assert "Firma Elektro" in page
    assert "Stand B4, table 2" in page


def test_checking_in_twice_changes_nothing(client, staff, amina):
    client.force_login(staff)
    client.post(token_url(amina))
    amina.refresh_from_db()
    first = amina.checked_in_at

    response = client.post(token_url(amina), follow=True)
    assert "Amina Benali était déjà enregistré·e." in text(response)
    amina.refresh_from_db()
    assert amina.checked_in_at == first
    assert amina.status == Registration.Status.PRESENT


@pytest.mark.parametrize("persona", ["student", "other_student", "recruiter", "colleague"])
def test_only_staff_can_use_the_qr_url_and_others_see_nothing(persona, persona_client, day):
    client = persona_client(persona)
    registration = register(day, first="Inès", last="Vandenberghe", checkin_code="PQR234")
    for response in (client.get(token_url(registration)), client.post(token_url(registration))):
        assert response.status_code == 403
        page = text(response)
        assert "Vandenberghe" not in page
        assert "PQR234" not in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_the_students_own_qr_url_is_refused_to_them(client, student, day):
    registration = RegistrationFactory(meeting_day=day, student=student.student_profile)
    client.force_login(student)
    assert client.get(token_url(registration)).status_code == 403
    assert client.post(token_url(registration)).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_visitor_opening_the_qr_url_is_asked_to_log_in(client, amina):
    response = client.get(token_url(amina))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "Benali" not in text(response)
    assert client.post(token_url(amina)).status_code == 302
    amina.refresh_from_db()
    assert amina.status == Registration.Status.REGISTERED


def test_an_unknown_token_or_another_days_token_is_404(client, staff, day, amina):
    client.force_login(staff)
    url = reverse("events:checkin_token", kwargs={"slug": day.slug, "token": "no-such-token"})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    other_day = MeetingDayFactory(scheduled=True)
    url = reverse(
        "events:checkin_token", kwargs={"slug": other_day.slug, "token": amina.checkin_token}
    )
    assert client.post(url).status_code == 404
    amina.refresh_from_db()
    assert amina.status == Registration.Status.REGISTERED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Registration.Status.WAITLISTED, "en liste d'attente"),
        (Registration.Status.CANCELLED, "a annulé son inscription"),
    ],
)
def test_a_waitlisted_or_cancelled_student_is_not_checked_in(client, staff, day, status, message):
    registration = register(day, status=status)
    client.force_login(staff)
    page = text(client.get(token_url(registration)))
    assert message in page
    assert "Marquer présent·e" not in page

    response = client.post(token_url(registration), follow=True)
    assert message in text(response)
    registration.refresh_from_db()
    assert registration.status == status
    assert registration.checked_in_at is None


# --- The typed code and the search by name ------------------------------------------------


def test_staff_check_a_student_in_by_typing_the_code(client, staff, amina, meeting):
    client.force_login(staff)
    response = client.post(code_url(amina.meeting_day), {"code": " k7m 2qx "})
    assert response.status_code == 302
    assert response["Location"] == token_url(amina)
    amina.refresh_from_db()
    assert amina.status == Registration.Status.PRESENT
    assert "Firma Elektro" in text(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ZZZ 999", "Aucun·e élève inscrit·e à cette journée n'a ce code."),
        ("   ", "Tapez le code de l'élève."),
        ("x" * 30, "Un code d'accueil compte 6 caractères."),
    ],
)
def test_an_unknown_or_empty_code_gets_a_message_and_keeps_what_was_typed(
    client, staff, amina, typed, message
):
    client.force_login(staff)
    response = client.post(code_url(amina.meeting_day), {"code": typed})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    if typed.strip():
        assert f'value="{typed}"' in page
    amina.refresh_from_db()
    assert amina.status == Registration.Status.REGISTERED


def test_a_code_of_another_day_is_unknown_here(client, staff, day):
    other = register(MeetingDayFactory(scheduled=True), checkin_code="HJK345")
    client.force_login(staff)
    response = client.post(code_url(day), {"code": "HJK345"})
    assert "n'a ce code" in text(response)
    other.refresh_from_db()
    assert other.status == Registration.Status.REGISTERED


def test_normalise_code():
    assert normalise_code(" k7m 2qx ") == "K7M2QX"
    assert normalise_code("k7m-2qx") == "K7M2QX"
    assert normalise_code("") == ""


def test_staff_search_a_student_by_name_and_check_them_in(client, staff, day, amina):
    ines = register(day, first="Inès", last="Vandenberghe", checkin_code="PQR234")
    client.force_login(staff)

    page = text(client.get(home_url(day), {"q": "benali"}))
    assert "Amina Benali" in page
    assert "Vandenberghe" not in page
    assert f'action="{token_url(amina)}"' in page

    page = text(client.get(home_url(day), {"q": "amina BEN"}))
    assert "Amina Benali" in page
    page = text(client.get(home_url(day), {"q": "pqr 234"}))
    assert "Inès Vandenberghe" in page
    assert "Benali" not in page
    page = text(client.get(home_url(day), {"q": "Nobody"}))
    assert "Aucun·e élève inscrit·e ne correspond à « Nobody »." in page
    # Typed on a phone without accents, or in capitals.
    for typed in ["ines", "INES VANDENBERGHE", "inès"]:
        assert "Inès Vandenberghe" in text(client.get(home_url(day), {"q": typed}))

    client.post(token_url(ines))
    ines.refresh_from_db()
    assert ines.status == Registration.Status.PRESENT


def test_the_search_stays_within_the_day(client, staff, day):
    register(MeetingDayFactory(scheduled=True), first="Zoé", last="Ailleurs")
    client.force_login(staff)
    assert "Zoé Ailleurs" not in text(client.get(home_url(day), {"q": "Ailleurs"}))


def test_the_home_page_counts_present_over_registered(client, staff, day, amina):
    register(day, first="Inès", last="Vandenberghe")
    register(day, first="Zoé", last="Annulée", status=Registration.Status.CANCELLED)
    check_in_student(registration=amina, by=staff)
    client.force_login(staff)
    page = text(client.get(home_url(day)))
    assert "1 / 2" in page
    assert "Attention" not in page  # the day is today


def test_the_home_page_warns_when_the_day_is_not_today(client, staff):
    day = MeetingDayFactory(scheduled=True, date=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(staff)
    assert "pas aujourd'hui" in text(client.get(home_url(day)))


# --- Companies ----------------------------------------------------------------------------


def test_staff_check_companies_in_on_arrival(client, staff, day, company):
    participation = ParticipationFactory(meeting_day=day, company=company, accepted=True)
    url = reverse("events:checkin_company", kwargs={"slug": day.slug, "pk": participation.pk})
    client.force_login(staff)
    page = text(client.get(home_url(day)))
    assert "Firma Elektro" in page
    assert f'action="{url}"' in page
    assert "0 / 1" in page

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == home_url(day) + "#companies"
    participation.refresh_from_db()
    arrived = participation.checked_in_at
    assert arrived is not None
    page = text(client.get(home_url(day)))
    assert "Arrivée à" in page
    assert "1 / 1" in page

    client.post(url)
    participation.refresh_from_db()
    assert participation.checked_in_at == arrived


def test_a_company_not_accepted_or_of_another_day_is_not_checked_in(client, staff, day):
    requested = ParticipationFactory(meeting_day=day)
    elsewhere = ParticipationFactory(accepted=True)
    client.force_login(staff)
    response = client.post(
        reverse("events:checkin_company", kwargs={"slug": day.slug, "pk": requested.pk}),
        follow=True,
    )
    assert "n'est pas acceptée" in text(response)
    url = reverse("events:checkin_company", kwargs={"slug": day.slug, "pk": elsewhere.pk})
    assert client.post(url).status_code == 404
    requested.refresh_from_db()
    elsewhere.refresh_from_db()
    assert requested.checked_in_at is None
    assert elsewhere.checked_in_at is None


@pytest.mark.parametrize("persona", ["visitor", "student", "recruiter"])
def test_only_staff_post_the_check_in_actions(persona, persona_client, day, amina, company):
    participation = ParticipationFactory(meeting_day=day, company=company, accepted=True)
    client = persona_client(persona)
    expected = 302 if persona == "visitor" else 403
    for url, data in (
        (code_url(day), {"code": amina.checkin_code}),
        (reverse("events:checkin_company", kwargs={"slug": day.slug, "pk": participation.pk}), {}),
        (reverse("events:checkin_no_shows", kwargs={"slug": day.slug}), {"confirm": "yes"}),
    ):
        assert client.post(url, data).status_code == expected
    amina.refresh_from_db()
    participation.refresh_from_db()
    assert amina.status == Registration.Status.REGISTERED
    assert participation.checked_in_at is None


# --- End of the day -----------------------------------------------------------------------


def test_at_the_end_of_the_day_the_rest_are_marked_no_show(client, staff, day, amina):
    here = register(day, first="Inès", last="Vandenberghe")
    gone = register(day, first="Zoé", last="Partie", status=Registration.Status.CANCELLED)
    waiting = register(day, first="Lina", last="Attend", status=Registration.Status.WAITLISTED)
    check_in_student(registration=here, by=staff)
    url = reverse("events:checkin_no_shows", kwargs={"slug": day.slug})
    client.force_login(staff)

    # First a confirmation step: nothing changes yet.
    response = client.post(url)
    assert response.status_code == 200
    page = text(response)
    assert "1 élève inscrit·e n'est pas passé·e à l'accueil" in page
    assert 'name="confirm" value="yes"' in page
    amina.refresh_from_db()
    assert amina.status == Registration.Status.REGISTERED

    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "1 élève marqué·e absent·e." in text(response)
    statuses = {
        registration.pk: registration.status
        for registration in Registration.objects.filter(meeting_day=day)
    }
    assert statuses == {
        amina.pk: Registration.Status.NO_SHOW,
        here.pk: Registration.Status.PRESENT,
        gone.pk: Registration.Status.CANCELLED,
        waiting.pk: Registration.Status.WAITLISTED,
    }
    entry = AuditEntry.objects.get(action="meetingday.mark_no_shows")
    assert entry.actor == staff
    assert entry.target_id == str(day.pk)


def test_no_shows_cannot_be_marked_before_the_day(client, staff):
    day = MeetingDayFactory(scheduled=True, date=timezone.localdate() + datetime.timedelta(days=1))
    registration = register(day)
    with pytest.raises(ValidationError):
        mark_no_shows(day=day, by=staff)
    client.force_login(staff)
    url = reverse("events:checkin_no_shows", kwargs={"slug": day.slug})
    assert "pas encore eu lieu" in text(client.post(url))
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "pas encore eu lieu" in text(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_student_marked_absent_who_turns_up_late_is_checked_in(client, staff, day, amina):
    assert mark_no_shows(day=day, by=staff) == 1
    client.force_login(staff)
    client.post(token_url(amina))
    amina.refresh_from_db()
    assert amina.status == Registration.Status.PRESENT
    assert AuditEntry.objects.filter(
        action="registration.late_check_in", target_id=str(amina.pk)
    ).exists()


def test_checking_in_the_day_held_still_works(client, staff, day, amina):
    MeetingDay.objects.filter(pk=day.pk).update(status=MeetingDay.Status.HELD)
    client.force_login(staff)
    client.post(token_url(amina))
    amina.refresh_from_db()
    assert amina.status == Registration.Status.PRESENT


# --- The student's QR code ----------------------------------------------------------------


def test_the_qr_code_encodes_the_absolute_check_in_url(settings, amina):
    settings.SITE_URL = "https://campus.example.be/"
    assert checkin_url(amina) == (
        f"https://campus.example.be/fr/events/journee-mars/check-in/{amina.checkin_token}/"
    )


def test_the_include_renders_an_svg_of_that_url_and_the_typed_code(settings, amina):
    settings.SITE_URL = "https://campus.example.be"
    template = Template(
        '{% include "events/includes/checkin_code.html" with registration=r only %}'
    )
    page = template.render(Context({"r": amina}))
    assert '<svg role="img"' in page
    assert 'class="checkin-qr"' in page
    # The SVG drawn is the one of the check-in URL (segno is deterministic), not another.
    expected = qr_svg(checkin_url(amina), title="QR code d'accueil")
    assert expected in page
    assert qr_svg("https://campus.example.be/fr/", title="QR code d'accueil") not in page
    assert "K7M 2QX" in page
    assert "Montre ce code à l'accueil" in page
    # The CSP forbids style attributes and inline scripts.
    assert "style=" not in page
    assert "<script" not in page


def test_the_include_shows_nothing_for_a_waitlisted_student(day):
    registration = register(day, status=Registration.Status.WAITLISTED)
    template = Template(
        '{% include "events/includes/checkin_code.html" with registration=r only %}'
    )
    assert "<svg" not in template.render(Context({"r": registration}))
