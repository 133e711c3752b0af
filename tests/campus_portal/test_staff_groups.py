"""Staff roles: each group sees and does only what it may; every list exports its selection."""

import csv
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_portal import audit, staff_groups
from campus_portal.models import AuditEntry, SchoolOffice
from companies.models import Company
from events.models import Meeting, MeetingDay, SurveyResponse
from jobboard.models import OfferAlert
from students.models import ClassInvitation, StudentProfile
from tests.companies.factories import (
    CompanyFactory,
    MembershipFactory,
    NeedFactory,
    RecruiterFactory,
    TeamInvitationFactory,
)
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    PreferenceFactory,
    RegistrationFactory,
)
from tests.factories import UserFactory
from tests.jobboard.factories import (
    ApplicationFactory,
    OfferFactory,
    OfferInvitationFactory,
    SavedOfferFactory,
)
from tests.students.factories import ShortageOccupationFactory, StudentFactory, TrackFactory

COMPANIES = "/admin/companies/company/"
OFFERS = "/admin/jobboard/offer/"
NEEDS = "/admin/companies/need/"
DAYS = "/admin/events/meetingday/"
REGISTRATIONS = "/admin/events/registration/"
AUDIT_LOG = "/admin/campus_portal/auditentry/"
EXPORT = "export_selection_csv"


def member_of(group_name: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def direction(db):
    return member_of(staff_groups.DIRECTION)


@pytest.fixture
def moderation(db):
    return member_of(staff_groups.MODERATION)


@pytest.fixture
def events_team(db):
    return member_of(staff_groups.EVENTS)


def post_action(client, url, action, objects, **extra):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    )


def export(client, url, objects):
    response = post_action(client, url, EXPORT, objects)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def offered_actions(response) -> set[str]:
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def change_form_data(response, **changes) -> dict:
    """What the browser would send back from an admin change form, with `changes`."""
    data = {}
    for bound in response.context["adminform"].form:
        value = bound.value()
        widget = getattr(bound.field.widget, "widget", bound.field.widget)
        if hasattr(widget, "widgets"):  # a date and a time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is not None:
            data[bound.html_name] = str(value)
    return {**data, **changes, "_save": "1"}


# --- The groups ---------------------------------------------------------------------------


def group_permissions(name: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_migrating_again_keeps_one_group_of_each_with_its_permissions():
    for _run in range(2):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    for name in (staff_groups.MODERATION, staff_groups.EVENTS, staff_groups.DIRECTION):
        assert Group.objects.filter(name=name).count() == 1
        # Every permission the code names exists: no typo leaves a right out.
        wanted = staff_groups.wanted_permissions()[name]
        assert group_permissions(name) == {f"{label}.{codename}" for label, codename in wanted}
    moderation = group_permissions(staff_groups.MODERATION)
    assert {"companies.change_company", "jobboard.change_offer", "campus_portal.view_user"} <= (
        moderation
    )
    assert "events.change_meetingday" not in moderation
    assert "campus_portal.change_user" not in moderation
    events = group_permissions(staff_groups.EVENTS)
    assert {"events.change_meetingday", "events.change_participation"} <= events
    assert {"companies.view_company", "students.view_studentprofile"} <= events
    assert "companies.change_company" not in events
    direction = group_permissions(staff_groups.DIRECTION)
    assert "campus_portal.view_dashboard" in direction
    assert {"campus_portal.view_auditentry", "events.view_surveyresponse"} <= direction
    assert all(perm.split(".")[1].startswith("view_") for perm in direction)
    # Read-only on every list of the admin.
    for model in admin.site._registry:
        if model._meta.app_label in staff_groups.PROJECT_APPS:
            assert f"{model._meta.app_label}.view_{model._meta.model_name}" in direction


@pytest.mark.django_db
def test_a_right_removed_from_a_group_by_hand_comes_back_and_a_missing_one_is_skipped():
    group = Group.objects.get(name=staff_groups.MODERATION)
    group.permissions.remove(Permission.objects.get(codename="change_company"))
    group.permissions.add(Permission.objects.get(codename="delete_company"))
    # A partial migrate: some permissions do not exist yet.
    Permission.objects.filter(codename="view_surveyresponse").delete()
    staff_groups.create_staff_groups(sender=apps.get_app_config("events"), using="default")
    assert "companies.change_company" in group_permissions(staff_groups.MODERATION)
    assert "companies.delete_company" not in group_permissions(staff_groups.MODERATION)
    assert "events.view_surveyresponse" not in group_permissions(staff_groups.DIRECTION)


@pytest.mark.django_db
def test_the_signal_of_an_earlier_app_leaves_the_groups_alone():
    Group.objects.all().delete()
    staff_groups.create_staff_groups(sender=apps.get_app_config("campus_portal"), using="default")
    assert not Group.objects.exists()
    staff_groups.create_staff_groups(sender=apps.get_app_config("events"), using="default")
    assert Group.objects.count() == 3


# --- Direction: reads everything, exports, changes nothing --------------------------------


@pytest.mark.django_db
def test_direction_reads_the_lists_and_the_audit_log(client, direction, staff):
    company = CompanyFactory(name="Boulangerie Zoé & Fils")
    OfferFactory(company=company, pending=True)
    day = MeetingDayFactory()
    audit.record(actor=staff, action="company.verify", target=company)
    client.force_login(direction)
    assert direction.has_perm(staff_groups.DASHBOARD_PERMISSION)
    assert client.get("/admin/").status_code == 200
    for url in (COMPANIES, OFFERS, DAYS, AUDIT_LOG, f"{DAYS}{day.pk}/report/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Boulangerie Zoé &amp; Fils" in client.get(AUDIT_LOG).content.decode()
    # No decision is offered, only the export.
    assert offered_actions(client.get(COMPANIES)) == {"", EXPORT}
    assert offered_actions(client.get(OFFERS)) == {"", EXPORT}
    assert offered_actions(client.get(DAYS)) == {"", EXPORT}


@pytest.mark.django_db
def test_direction_exports_with_accents_intact(client, direction):
    company = CompanyFactory(name="Boulangerie Zoé & Fils", city="Anderlecht")
    CompanyFactory(name="Autre")
    client.force_login(direction)
    response = export(client, COMPANIES, [company])
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="company-{day}.csv"'
    header, *rows = csv_rows(response)
    assert header[0] == "Nom affiché"
    assert header[2] == "Statut"
    assert rows == [
        [
            "Boulangerie Zoé & Fils",
            company.enterprise_number_display,
            "En attente de vérification",
            company.get_size_display(),
            "Anderlecht",
            timezone.localtime(company.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
    ]


@pytest.mark.django_db
def test_direction_gets_403_on_any_change(client, direction):
    company = CompanyFactory()
    offer = OfferFactory(pending=True)
    participation = ParticipationFactory()
    day = participation.meeting_day
    client.force_login(direction)
    for url in (
        f"{COMPANIES}add/",
        f"{OFFERS}add/",
        f"{DAYS}add/",
        "/admin/campus_portal/user/add/",
    ):
        assert client.get(url).status_code == 403, url
    change = client.get(f"{COMPANIES}{company.pk}/change/")
    assert change.status_code == 200  # to read it
    assert client.post(f"{COMPANIES}{company.pk}/change/", {"name": "X"}).status_code == 403
    assert client.post(f"{DAYS}{day.pk}/change/", {"title_fr": "X"}).status_code == 403
    assert client.post(f"{COMPANIES}{company.pk}/delete/", {"post": "yes"}).status_code == 403
    for url, action, obj in (
        (COMPANIES, "verify", company),
        (OFFERS, "publish", offer),
        ("/admin/events/participation/", "accept", participation),
        ("/admin/campus_portal/user/", "deactivate", direction),
        (DAYS, "advance_status", day),
        (DAYS, "duplicate_for_next_edition", day),
        (COMPANIES, "delete_selected", company),
    ):
        response = post_action(client, url, action, [obj], apply="1", reason="Parce que.")
        assert response.status_code == 403, action
    assert client.get(f"{DAYS}{day.pk}/schedule/").status_code == 403
    assert client.post(f"{DAYS}{day.pk}/schedule/publish/").status_code == 403
    company.refresh_from_db()
    offer.refresh_from_db()
    participation.refresh_from_db()
    day.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert offer.status == offer.Status.PENDING
    assert participation.status == participation.Status.REQUESTED
    assert day.status == MeetingDay.Status.COMPANY_REGISTRATION
    assert MeetingDay.objects.count() == 1
    assert not AuditEntry.objects.exists()


# --- Modération and Événements --------------------------------------------------------------


@pytest.mark.django_db
def test_moderation_verifies_a_company_but_does_not_touch_meeting_days(client, moderation):
    company = CompanyFactory()
    MembershipFactory(company=company, owner=True)
    day = MeetingDayFactory()
    client.force_login(moderation)
    assert {"verify", "reject", "suspend", "reinstate"} <= offered_actions(client.get(COMPANIES))
    response = post_action(client, COMPANIES, "verify", [company], apply="1", reason="")
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert AuditEntry.objects.get().action == "company.verify"
    assert client.get(f"{DAYS}{day.pk}/change/").status_code == 403
    assert client.get(f"{DAYS}{day.pk}/schedule/").status_code == 403
    assert client.get(DAYS).status_code == 403
    # Accounts are read, not deactivated.
    users = "/admin/campus_portal/user/"
    assert client.get(users).status_code == 200
    response = post_action(client, users, "deactivate", [moderation], apply="1", reason="Test.")
    assert response.status_code == 403
    moderation.refresh_from_db()
    assert moderation.is_active


@pytest.mark.django_db
def test_moderation_publishes_an_offer(client, moderation):
    offer = OfferFactory(pending=True)
    client.force_login(moderation)
    response = post_action(client, OFFERS, "publish", [offer], apply="1", reason="")
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == offer.Status.PUBLISHED


@pytest.mark.django_db
def test_events_team_edits_a_meeting_day_but_does_not_verify_a_company(client, events_team):
    day = MeetingDayFactory(tracks=[TrackFactory()])
    company = CompanyFactory()
    client.force_login(events_team)
    page = client.get(f"{DAYS}{day.pk}/change/")
    assert page.status_code == 200
    response = client.post(
        f"{DAYS}{day.pk}/change/", change_form_data(page, venue="Salle polyvalente")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    day.refresh_from_db()
    assert day.venue == "Salle polyvalente"
    assert client.get(f"{DAYS}{day.pk}/schedule/").status_code == 200
    assert client.get(COMPANIES).status_code == 200  # to read who comes
    assert "verify" not in offered_actions(client.get(COMPANIES))
    response = post_action(client, COMPANIES, "verify", [company], apply="1", reason="")
    assert response.status_code == 403
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert client.get(f"{COMPANIES}{company.pk}/change/").status_code == 200
    assert client.post(f"{COMPANIES}{company.pk}/change/", {"name": "X"}).status_code == 403


# --- The export on other lists ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_gives_the_selected_offers_as_the_list_shows_them(client, direction):
    chosen = OfferFactory(title='=HYPERLINK("http://x")', published=True)
    also = OfferFactory(title="Boulanger·ère – apprenti·e", pending=True)
    OfferFactory(title="Pas exportée")
    client.force_login(direction)
    header, *rows = csv_rows(export(client, OFFERS, [chosen, also]))
    assert header[:4] == ["Intitulé", "Entreprise", "Type de contrat", "Statut"]
    by_title = {row[0]: row for row in rows}
    assert set(by_title) == {'\'=HYPERLINK("http://x")', "Boulanger·ère – apprenti·e"}
    row = by_title["Boulanger·ère – apprenti·e"]
    assert row[1] == also.company.name
    assert row[2] == also.get_kind_display()
    assert row[3] == also.get_status_display()


@pytest.mark.django_db
def test_the_specialised_needs_export_still_works_beside_the_generic_one(client, direction):
    need = NeedFactory(title="Soudeur·euse TIG", company__name="Métal Zoé")
    NeedFactory(title="Autre besoin")
    client.force_login(direction)
    header, *rows = csv_rows(export(client, NEEDS, [need]))
    assert header[0] == "Intitulé"
    assert [row[:2] for row in rows] == [["Soudeur·euse TIG", "Métal Zoé"]]
    special = post_action(client, NEEDS, "export_csv", [need])
    assert special.status_code == 200
    assert "Soudeur·euse TIG" in special.content.decode("utf-8")


@pytest.mark.django_db
def test_the_export_gives_the_selected_registrations(client, direction):
    day = MeetingDayFactory(students_open=True, title_fr="Journée d'automne")
    chosen = RegistrationFactory(
        meeting_day=day, student__user__first_name="Zoé", student__user__last_name="Dupré"
    )
    RegistrationFactory(meeting_day=day)
    client.force_login(direction)
    header, *rows = csv_rows(export(client, REGISTRATIONS, [chosen]))
    assert header[:4] == ["Élève", "Filière", "Journée", "Statut"]
    assert rows == [
        [
            "Zoé Dupré",
            str(chosen.student.track),
            str(day),  # its title and date
            "Inscrit·e",
            chosen.checkin_code,
            "Oui",
            timezone.localtime(chosen.created_at).strftime("%Y-%m-%d %H:%M"),
            "",
        ]
    ]


# --- Every list of the admin opens --------------------------------------------------------------


@pytest.fixture
def some_of_everything(db, staff):
    track = TrackFactory()
    ShortageOccupationFactory(tracks=[track])
    company = CompanyFactory(name="Boulangerie Zoé & Fils", verified=True)
    owner = RecruiterFactory().user
    MembershipFactory(company=company, user=owner, owner=True)
    TeamInvitationFactory(company=company)
    NeedFactory(company=company, tracks=[track])
    offer = OfferFactory(company=company, published=True, tracks=[track])
    OfferFactory(pending=True)
    application = ApplicationFactory(offer=offer)
    SavedOfferFactory(offer=offer)
    OfferInvitationFactory(offer=offer)
    OfferAlert.objects.create(student=application.student)
    ClassInvitation.objects.create(
        email="classe@example.be",
        first_name="Zoé",
        last_name="Dupré",
        track=track,
        status_year=StudentProfile.Status.YEAR_6,
    )
    StudentFactory()
    day = MeetingDayFactory(students_open=True, tracks=[track])
    participation = ParticipationFactory(meeting_day=day, company=company, accepted=True)
    preference = PreferenceFactory(registration__meeting_day=day, participation=participation)
    Meeting.objects.create(
        meeting_day=day,
        registration=preference.registration,
        participation=participation,
        slot_index=0,
        rank=1,
    )
    SurveyResponse.objects.create(
        meeting_day=day, user=owner, role="company", satisfaction=4, useful=True, comment="Bien."
    )
    SchoolOffice.objects.create(name="Secrétariat du campus")
    audit.record(actor=staff, action="company.verify", target=company)


def registered_admins():
    for model, model_admin in admin.site._registry.items():
        yield (
            model,
            model_admin,
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        )


@pytest.mark.django_db
def test_every_list_opens_searches_and_exports_for_the_superuser(client, staff, some_of_everything):
    client.force_login(staff)
    for model, model_admin, url in registered_admins():
        response = client.get(url)
        assert response.status_code == 200, url
        if model_admin.search_fields:
            assert client.get(url, {"q": "Zoé"}).status_code == 200, url
        objects = list(model._default_manager.all()[:5])
        if not objects:
            continue
        response = post_action(client, url, EXPORT, objects)
        assert response.status_code == 200, url
        assert len(csv_rows(response)) == len(objects) + 1, url


@pytest.mark.django_db
def test_direction_opens_every_list_of_the_project(client, direction, some_of_everything):
    client.force_login(direction)
    for model, _model_admin, url in registered_admins():
        if model._meta.app_label in staff_groups.PROJECT_APPS:
            assert client.get(url).status_code == 200, url
    assert client.get("/admin/auth/group/").status_code == 403


@pytest.mark.django_db
def test_the_registrations_list_takes_the_same_queries_for_more_rows(client, staff):
    day = MeetingDayFactory(students_open=True)
    RegistrationFactory(meeting_day=day)
    client.force_login(staff)
    client.get(REGISTRATIONS)  # the first request of a session records it: not counted
    with CaptureQueriesContext(connection) as few:
        client.get(REGISTRATIONS)
    RegistrationFactory.create_batch(4, meeting_day=day)
    RegistrationFactory(meeting_day=MeetingDayFactory(students_open=True))
    with CaptureQueriesContext(connection) as many:
        client.get(REGISTRATIONS)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_survey_answers_are_read_without_names(client, staff):
    day = MeetingDayFactory()
    SurveyResponse.objects.create(
        meeting_day=day,
        user=UserFactory(first_name="Zoé", last_name="Dupré"),
        role="student",
        satisfaction=5,
        comment="Très utile.",
    )
    client.force_login(staff)
    content = client.get("/admin/events/surveyresponse/").content.decode()
    assert "Très utile." in content
    assert "Dupré" not in content


@pytest.mark.django_db
def test_check_in_is_for_the_events_group_not_for_read_only_staff(client):
    from django.contrib.auth.models import Group

    from campus_portal.staff_groups import DIRECTION, EVENTS
    from tests.events.factories import MeetingDayFactory
    from tests.factories import UserFactory

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    day = MeetingDayFactory(students_open=True)
    url = f"/fr/events/{day.slug}/check-in/"
    events_member = UserFactory(is_staff=True)
    events_member.groups.add(Group.objects.get(name=EVENTS))
    director = UserFactory(is_staff=True)
    director.groups.add(Group.objects.get(name=DIRECTION))
    client.force_login(events_member)
    assert client.get(url).status_code == 200
    client.force_login(director)
    assert client.get(url).status_code == 403
