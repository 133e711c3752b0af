"""Students register for a meeting day, rank companies, wait for a place, change and cancel."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting, MeetingDay, Registration
from events.registration import (
    AlreadyRegistered,
    RegistrationRefused,
    cancel,
    register,
    update_preferences,
)
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    RegistrationFactory,
    days,
)
from tests.jobboard.factories import complete_profile
from tests.students.factories import StudentFactory, TrackFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def register_url(day) -> str:
    return reverse("events:meetingday_register", kwargs={"slug": day.slug})


def cancel_url(registration) -> str:
    return reverse("events:my_registration_cancel", kwargs={"pk": registration.pk})


@pytest.fixture
def electricity(db):
    return TrackFactory(name_fr="Électricité", name_nl="Elektriciteit", name_en="Electricity")


@pytest.fixture
def profile(student, electricity):
    profile = student.student_profile
    profile.track = electricity
    return complete_profile(profile)


@pytest.fixture
def day(db):
    return MeetingDayFactory(
        students_open=True,
        title_fr="Journée de printemps",
        title_nl="Lentedag",
        title_en="Spring day",
    )


@pytest.fixture
def companies(day, electricity):
    """Six accepted companies; Zeta and Kappa seek the student's track."""
    other_track = TrackFactory(name_fr="Boulangerie")
    names = ["Alpha Bois", "Beta Cuisine", "Gamma Garage", "Kappa Élec", "Omega Coiffure", "Zeta"]
    made = {}
    for name in names:
        seeks = [electricity] if name in ("Kappa Élec", "Zeta") else [other_track]
        made[name] = ParticipationFactory(
            meeting_day=day, accepted=True, company__name=name, tracks=seeks
        )
    return made


@pytest.fixture
def logged(client, student, profile):
    client.force_login(student)
    return client


def wish_ids(companies, *names):
    return [companies[name].pk for name in names]


def post_wishes(client, day, ids, *, accepts_extra=True, follow=False):
    data = {f"wish_{rank}": pk for rank, pk in enumerate(ids, start=1)}
    if accepts_extra:
        data["accepts_extra"] = "on"
    return client.post(register_url(day), data, follow=follow)


# --- Registering ---------------------------------------------------------------------------


def test_register_with_ranked_wishes(
    logged, profile, day, companies, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_wishes(logged, day, wish_ids(companies, "Zeta", "Alpha Bois"))
    assert response.status_code == 302
    assert response.url == reverse("events:my_event_list")
    registration = Registration.objects.get(meeting_day=day, student=profile)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.accepts_extra_meetings is True
    assert [(p.rank, p.participation.company.name) for p in registration.preferences.all()] == [
        (1, "Zeta"),
        (2, "Alpha Bois"),
    ]
    [mail] = mailoutbox
    assert mail.to == [profile.user.email]
    assert "Journée de printemps" in mail.subject
    assert "1. Zeta" in mail.body
    assert "2. Alpha Bois" in mail.body
    assert reverse("events:my_event_list") in mail.body

    page = text(logged.get(reverse("events:my_event_list")))
    assert "Inscrit·e" in page
    assert "Zeta" in page
    assert "Alpha Bois" in page


def test_empty_ranks_are_skipped_and_the_extra_meetings_box_is_kept(
    logged, profile, day, companies
):
    data = {"wish_2": companies["Gamma Garage"].pk, "wish_5": companies["Zeta"].pk}
    assert logged.post(register_url(day), data).status_code == 302
    registration = Registration.objects.get(student=profile)
    assert registration.accepts_extra_meetings is False
    assert [(p.rank, p.participation.company.name) for p in registration.preferences.all()] == [
        (1, "Gamma Garage"),
        (2, "Zeta"),
    ]


def test_a_complete_profile_is_required(client, student, day, companies):
    client.force_login(student)  # the persona's profile is empty
    page = text(client.get(register_url(day)))
    assert "ton profil doit être complet" in page
    assert reverse("students:profile_edit") in page
    assert 'name="wish_1"' not in page
    response = client.post(register_url(day), {"wish_1": companies["Zeta"].pk})
    assert response.status_code == 200
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationRefused, match="Complète ton profil"):
        register(
            day=day,
            student=student.student_profile,
            wishes=[],
            accepts_extra=True,
            by=student,
        )


def test_before_the_window_the_page_says_when_it_opens(logged, profile, companies):
    opens = timezone.make_aware(datetime.datetime(2031, 3, 2, 9, 30))
    day = MeetingDayFactory(
        student_registration_opens=opens,
        student_registration_closes=opens + datetime.timedelta(days=10),
        date=datetime.date(2031, 3, 20),
    )
    page = text(logged.get(register_url(day)))
    assert "Les inscriptions des élèves ouvriront le 2 mars 2031 à 09:30." in page
    assert 'name="wish_1"' not in page
    assert logged.post(register_url(day), {"accepts_extra": "on"}).status_code == 200
    assert not Registration.objects.exists()


def test_after_the_window_the_page_says_when_it_closed(logged, profile):
    closed = timezone.now() - datetime.timedelta(days=1)
    day = MeetingDayFactory(
        students_open=True,
        student_registration_opens=closed - datetime.timedelta(days=10),
        student_registration_closes=closed,
    )
    page = text(logged.get(register_url(day)))
    assert "Les inscriptions des élèves sont closes depuis le" in page
    assert 'name="wish_1"' not in page
    with pytest.raises(RegistrationRefused, match="closes depuis"):
        register(day=day, student=profile, wishes=[], accepts_extra=True, by=profile.user)


def test_companies_seeking_the_students_track_come_first(logged, day, companies):
    ParticipationFactory(meeting_day=day, company__name="Requested Only")  # not accepted
    ParticipationFactory(accepted=True, company__name="Another Day")  # another day
    page = text(logged.get(register_url(day)))
    select = re.search(r'<select name="wish_1".*?</select>', page, re.S).group(0)
    names = re.findall(r'<option value="\d+"[^>]*>([^<–]+)', select)
    assert [name.strip() for name in names] == [
        "Kappa Élec",
        "Zeta",
        "Alpha Bois",
        "Beta Cuisine",
        "Gamma Garage",
        "Omega Coiffure",
    ]
    assert '<optgroup label="Cherchent ta filière">' in select
    assert "Zeta – cherche : Électricité" in select
    assert "Requested Only" not in page
    assert "Another Day" not in page
    assert "j'accepte des rencontres supplémentaires" in page.lower()
    assert page.count("<select") == 5


def test_more_than_five_wishes_are_refused(profile, day, companies):
    with pytest.raises(RegistrationRefused, match="5 entreprises au plus"):
        register(
            day=day,
            student=profile,
            wishes=[p.pk for p in companies.values()],
            accepts_extra=True,
            by=profile.user,
        )
    assert not Registration.objects.exists()


def test_a_duplicate_wish_is_refused_next_to_its_field(logged, profile, day, companies):
    zeta = companies["Zeta"].pk
    response = post_wishes(logged, day, [zeta, companies["Alpha Bois"].pk, zeta])
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["wish_3"] == [
        "Tu as déjà choisi cette entreprise plus haut : choisis-en une autre."
    ]
    page = text(response)
    # What the student chose is kept.
    assert re.search(rf'<option value="{zeta}" selected>', page)
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationRefused, match="deux fois"):
        register(day=day, student=profile, wishes=[zeta, zeta], accepts_extra=True, by=None)


@pytest.mark.parametrize("junk", ["abc", "-1", "99999999999999999999999", "1.5", "<b>", " "])
def test_junk_ids_get_a_clear_message_never_a_500(logged, day, companies, junk):
    response = logged.post(register_url(day), {"wish_1": junk, "wish_2": companies["Zeta"].pk})
    assert response.status_code == 200
    if junk.strip():
        assert response.context["form"].errors["wish_1"] == [
            "Cette entreprise n'est pas dans la liste : choisis-en une autre."
        ]
        assert not Registration.objects.exists()


def test_companies_not_accepted_for_the_day_are_refused(logged, profile, day, companies):
    requested = ParticipationFactory(meeting_day=day, company__name="Pas encore")
    elsewhere = ParticipationFactory(accepted=True)
    unverified = ParticipationFactory(meeting_day=day, accepted=True)
    unverified.company.status = "suspended"
    unverified.company.save()
    for participation in (requested, elsewhere, unverified):
        response = post_wishes(logged, day, [participation.pk])
        assert response.status_code == 200
        assert "wish_1" in response.context["form"].errors
        with pytest.raises(RegistrationRefused, match="ne participe pas"):
            register(
                day=day,
                student=profile,
                wishes=[participation.pk],
                accepts_extra=True,
                by=profile.user,
            )
    with pytest.raises(RegistrationRefused, match="dans la liste"):
        register(day=day, student=profile, wishes=["x"], accepts_extra=True, by=profile.user)
    assert not Registration.objects.exists()


def test_no_wish_and_no_extra_meetings_is_refused(logged, day, companies):
    response = post_wishes(logged, day, [], accepts_extra=False)
    assert response.status_code == 200
    assert "Choisis au moins une entreprise" in text(response)
    assert not Registration.objects.exists()


def test_registering_twice_is_refused(profile, day, companies):
    register(day=day, student=profile, wishes=[], accepts_extra=True, by=profile.user)
    with pytest.raises(AlreadyRegistered):
        register(day=day, student=profile, wishes=[], accepts_extra=True, by=profile.user)
    assert Registration.objects.count() == 1


# --- Changing one's wishes -----------------------------------------------------------------


def test_preferences_can_change_while_the_window_is_open(logged, profile, day, companies):
    registration = register(
        day=day,
        student=profile,
        wishes=wish_ids(companies, "Zeta"),
        accepts_extra=True,
        by=profile.user,
    )
    page = text(logged.get(register_url(day)))
    assert "Mon inscription" in page
    assert re.search(rf'<option value="{companies["Zeta"].pk}" selected>', page)
    assert "Annuler mon inscription" in page
    response = post_wishes(
        logged, day, wish_ids(companies, "Kappa Élec", "Beta Cuisine"), accepts_extra=False
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.accepts_extra_meetings is False
    assert [p.participation.company.name for p in registration.preferences.all()] == [
        "Kappa Élec",
        "Beta Cuisine",
    ]


def test_preferences_are_frozen_once_the_window_closes(logged, profile, day, companies):
    registration = register(
        day=day,
        student=profile,
        wishes=wish_ids(companies, "Zeta"),
        accepts_extra=True,
        by=profile.user,
    )
    MeetingDay.objects.filter(pk=day.pk).update(student_registration_closes=days(-1))
    day.refresh_from_db()
    page = text(logged.get(register_url(day)))
    assert "Tes choix ne peuvent plus changer." in page
    assert 'name="wish_1"' not in page
    assert "Zeta" in page
    post_wishes(logged, day, wish_ids(companies, "Alpha Bois"))
    with pytest.raises(RegistrationRefused, match="ne peuvent plus changer"):
        update_preferences(
            registration=registration,
            wishes=wish_ids(companies, "Alpha Bois"),
            accepts_extra=True,
            by=profile.user,
        )
    assert [p.participation.company.name for p in registration.preferences.all()] == ["Zeta"]


# --- Waiting list --------------------------------------------------------------------------


def test_a_full_day_puts_the_student_on_the_waiting_list(
    logged, profile, companies, day, mailoutbox, django_capture_on_commit_callbacks
):
    MeetingDay.objects.filter(pk=day.pk).update(max_students=1)
    day.refresh_from_db()
    RegistrationFactory(meeting_day=day)
    page = text(logged.get(register_url(day)))
    assert "La journée est complète." in page
    assert "M'inscrire sur la liste d'attente" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post_wishes(logged, day, wish_ids(companies, "Zeta"), follow=True)
    registration = Registration.objects.get(student=profile)
    assert registration.status == Registration.Status.WAITLISTED
    assert "tu es sur la liste d'attente (position 1)" in text(response)
    [mail] = mailoutbox
    assert "liste d'attente" in mail.subject
    assert "Ta position : 1." in mail.body


def test_cancelling_moves_the_first_waitlisted_student_up_with_an_email(
    day, companies, mailoutbox, django_capture_on_commit_callbacks
):
    MeetingDay.objects.filter(pk=day.pk).update(max_students=2)
    day.refresh_from_db()
    first, second, third, fourth = (StudentFactory(complete=True) for _ in range(4))
    for student in (first, second, third, fourth):
        register(day=day, student=student, wishes=[], accepts_extra=True, by=student.user)
    statuses = dict(Registration.objects.values_list("student_id", "status"))
    assert statuses == {
        first.pk: "registered",
        second.pk: "registered",
        third.pk: "waitlisted",
        fourth.pk: "waitlisted",
    }
    # A waiting student leaving frees no place.
    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=Registration.objects.get(student=fourth), by=fourth.user)
    assert [mail.to for mail in mailoutbox] == [[fourth.user.email]]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=Registration.objects.get(student=first), by=first.user)
    promoted = Registration.objects.get(student=third)
    assert promoted.status == Registration.Status.REGISTERED
    assert promoted.promoted_at is not None
    assert (
        Registration.objects.filter(
            meeting_day=day, status__in=Registration.ACTIVE_STATUSES
        ).count()
        == 2
    )
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {first.user.email, third.user.email}
    assert "annulée" in by_recipient[first.user.email].subject
    assert "une place s'est libérée" in by_recipient[third.user.email].subject


def test_the_waiting_list_goes_first_come_first_served(day):
    MeetingDay.objects.filter(pk=day.pk).update(max_students=1)
    day.refresh_from_db()
    holder = RegistrationFactory(meeting_day=day)
    late = RegistrationFactory(meeting_day=day, status="waitlisted")
    early = RegistrationFactory(meeting_day=day, status="waitlisted")
    Registration.objects.filter(pk=early.pk).update(
        created_at=late.created_at - datetime.timedelta(hours=1)
    )
    cancel(registration=holder, by=holder.student.user)
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == ("registered", "waitlisted")


def test_emails_are_in_the_students_language(day, mailoutbox, django_capture_on_commit_callbacks):
    student = StudentFactory(complete=True, user__preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        register(day=day, student=student, wishes=[], accepts_extra=True, by=student.user)
    [mail] = mailoutbox
    assert "Lentedag" in mail.subject
    assert "/nl/me/events/" in mail.body


# --- Cancelling ----------------------------------------------------------------------------


def test_cancel_until_the_day_before(client, day):
    registration = RegistrationFactory(meeting_day=day)
    client.force_login(registration.student.user)
    MeetingDay.objects.filter(pk=day.pk).update(
        date=timezone.localdate() + datetime.timedelta(days=1)
    )
    page = text(client.get(register_url(day) + "?cancel=confirm"))
    assert "Oui, annuler mon inscription" in page
    response = client.post(cancel_url(registration))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_no_cancelling_on_the_day_itself(client, day):
    registration = RegistrationFactory(meeting_day=day)
    client.force_login(registration.student.user)
    MeetingDay.objects.filter(pk=day.pk).update(date=timezone.localdate())
    assert "Annuler mon inscription" not in text(client.get(reverse("events:my_event_list")))
    response = client.post(cancel_url(registration), follow=True)
    assert "plus possible d'annuler en ligne le jour même" in text(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_cancelling_removes_the_students_planned_meetings(day, companies):
    registration = RegistrationFactory(meeting_day=day)
    Meeting.objects.create(
        meeting_day=day, registration=registration, participation=companies["Zeta"], slot_index=0
    )
    cancel(registration=registration, by=registration.student.user)
    assert not Meeting.objects.exists()


def test_another_students_registration_is_404_on_cancel(client, other_student, day):
    registration = RegistrationFactory(meeting_day=day)
    client.force_login(other_student)
    assert client.post(cancel_url(registration)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_student_who_cancelled_may_register_again(logged, profile, day, companies):
    registration = register(
        day=day, student=profile, wishes=[], accepts_extra=True, by=profile.user
    )
    cancel(registration=registration, by=profile.user)
    assert "M'inscrire" in text(logged.get(register_url(day)))
    assert post_wishes(logged, day, wish_ids(companies, "Zeta")).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert [p.participation.company.name for p in registration.preferences.all()] == ["Zeta"]


# --- My meeting days -----------------------------------------------------------------------


def test_my_event_list_shows_status_wishes_and_the_schedule(client, day, companies):
    registration = RegistrationFactory(meeting_day=day)
    client.force_login(registration.student.user)
    registration.preferences.create(participation=companies["Zeta"], rank=1)
    MeetingDay.objects.filter(pk=day.pk).update(status=MeetingDay.Status.SCHEDULED)
    page = text(client.get(reverse("events:my_event_list")))
    assert "Journée de printemps" in page
    assert "Zeta" in page
    assert "Inscrit·e" in page
    assert reverse("events:my_schedule", kwargs={"pk": registration.pk}) in page


def test_my_event_list_is_only_the_students_own(client, other_student, day):
    RegistrationFactory(meeting_day=day)
    client.force_login(other_student)
    page = text(client.get(reverse("events:my_event_list")))
    assert "Journée de printemps" not in page.split("Inscriptions ouvertes")[0]
    assert "Tu n'es inscrit·e à aucune journée de rencontre." in page


def test_staff_cancelling_for_a_student_is_recorded(staff, day):
    from campus_portal.models import AuditEntry

    registration = RegistrationFactory(meeting_day=day)
    cancel(registration=registration, by=registration.student.user)
    assert not AuditEntry.objects.exists()  # a student's own choice needs no trace
    other = RegistrationFactory(meeting_day=day)
    cancel(registration=other, by=staff)
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.actor) == ("registration_cancel", staff)
