"""The company's pipeline: opening applications, moving them, what the student is told,
what the company may see, and how long CV copies are kept."""

import datetime
import os

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_portal import area_menu, personal_data
from jobboard.models import Application, ApplicationEvent
from jobboard.pipeline import mark_viewed, move_application
from jobboard.retention import delete_old_cv_copies
from tests.jobboard.factories import ApplicationFactory, OfferFactory
from tests.students.factories import StudentFactory, TrackFactory, pdf_bytes

Status = Application.Status
NOTE = "Très bon contact au téléphone, à rappeler lundi."


@pytest.fixture
def offer(company):
    return OfferFactory(company=company, published=True, title="Électricien·ne de maintenance")


@pytest.fixture
def applicant(db):
    return StudentFactory(
        complete=True,
        user__first_name="Inès",
        user__last_name="El Amrani",
        user__email="ines.elamrani@example.be",
        phone="0470 12 34 56",
        skills="Câblage, lecture de plans",
        presentation="Je cherche une alternance en électricité.",
    )


def with_cv_copy(application: Application) -> Application:
    application.cv_copy.save("copy.pdf", ContentFile(pdf_bytes()), save=True)
    return application


@pytest.fixture
def application(offer, applicant):
    return with_cv_copy(ApplicationFactory(offer=offer, student=applicant))


@pytest.fixture
def foreign_application(other_company):
    """An application to an offer of another company than `recruiter`'s."""
    return with_cv_copy(
        ApplicationFactory(offer=OfferFactory(company=other_company, published=True))
    )


def detail_url(application) -> str:
    return reverse("jobboard:company_application_detail", kwargs={"pk": application.pk})


def cv_url(application) -> str:
    return reverse("jobboard:company_application_cv", kwargs={"pk": application.pk})


def post_move(client, application, to, note=""):
    return client.post(detail_url(application), {"to": to, "note": note})


def set_status(application, status, closed_days_ago=None):
    closed_at = None
    if closed_days_ago is not None:
        closed_at = timezone.now() - datetime.timedelta(days=closed_days_ago)
    Application.objects.filter(pk=application.pk).update(status=status, closed_at=closed_at)
    application.refresh_from_db()


# --- Opening an application -------------------------------------------------------------


def test_first_open_by_a_member_sets_viewed_once(
    client, recruiter, colleague, application, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(detail_url(application)).status_code == 200
    application.refresh_from_db()
    assert application.status == Status.VIEWED
    viewed = ApplicationEvent.objects.filter(application=application, to_status=Status.VIEWED)
    assert [(e.from_status, e.actor) for e in viewed] == [(Status.SUBMITTED, recruiter)]

    client.force_login(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(detail_url(application)).status_code == 200
    assert viewed.count() == 1
    assert mailoutbox == []


def test_opening_a_later_application_changes_nothing(client, recruiter, application):
    move_application(application=application, to=Status.INTERVIEW, by=recruiter)
    client.force_login(recruiter)
    client.get(detail_url(application))
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert not mark_viewed(application, recruiter)


# --- Moving it ----------------------------------------------------------------------------


def test_a_member_moves_forward_back_and_to_rejected(client, colleague, application):
    client.force_login(colleague)
    for to in (Status.SHORTLISTED, Status.INTERVIEW, Status.VIEWED, Status.SHORTLISTED):
        response = post_move(client, application, to)
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == to
        assert application.closed_at is None
    post_move(client, application, Status.REJECTED)
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.closed_at is not None


def test_offered_then_hired(client, recruiter, application):
    client.force_login(recruiter)
    post_move(client, application, Status.OFFERED)
    application.refresh_from_db()
    assert application.status == Status.OFFERED
    post_move(client, application, Status.HIRED)
    application.refresh_from_db()
    assert application.status == Status.HIRED
    assert application.closed_at is not None


@pytest.mark.parametrize("status", [Status.HIRED, Status.REJECTED, Status.WITHDRAWN])
def test_a_closed_application_cannot_move(
    client, recruiter, application, status, mailoutbox, django_capture_on_commit_callbacks
):
    set_status(application, status, closed_days_ago=1)
    events = application.events.count()
    client.force_login(recruiter)
    page = client.get(detail_url(application))
    assert 'name="to"' not in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_move(client, application, Status.SHORTLISTED, note="On réessaie")
    assert response.status_code == 200
    assert "son statut ne change plus" in response.context["form"].non_field_errors()[0]
    application.refresh_from_db()
    assert application.status == status
    assert application.events.count() == events
    assert mailoutbox == []


@pytest.mark.parametrize(
    "to",
    [Status.HIRED, Status.WITHDRAWN, Status.SUBMITTED, "promoted", ""],
    ids=["hired-before-offered", "withdrawn", "same-status", "unknown", "empty"],
)
def test_an_illegal_target_is_a_form_error(client, recruiter, application, to):
    client.force_login(recruiter)
    response = post_move(client, application, to, note="Ma note")
    assert response.status_code == 200
    assert response.context["form"].errors["to"]
    assert "Ma note" in response.content.decode()  # what was typed is kept
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_note_longer_than_2000_characters_is_refused(client, recruiter, application):
    client.force_login(recruiter)
    response = post_move(client, application, Status.SHORTLISTED, note="x" * 2001)
    assert response.status_code == 200
    assert "2000 caractères au plus" in response.context["form"].errors["note"][0]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_each_change_is_a_dated_history_row_with_actor_and_note(
    client, recruiter, colleague, application
):
    client.force_login(recruiter)
    client.get(detail_url(application))  # viewed
    post_move(client, application, Status.SHORTLISTED, note=NOTE)
    client.force_login(colleague)
    post_move(client, application, Status.INTERVIEW)

    rows = list(application.events.values_list("from_status", "to_status", "actor", "note"))
    assert rows == [
        ("", Status.SUBMITTED, None, ""),
        (Status.SUBMITTED, Status.VIEWED, recruiter.pk, ""),
        (Status.VIEWED, Status.SHORTLISTED, recruiter.pk, NOTE),
        (Status.SHORTLISTED, Status.INTERVIEW, colleague.pk, ""),
    ]
    assert all(event.created_at for event in application.events.all())
    page = client.get(detail_url(application)).content.decode()
    assert NOTE in page
    assert recruiter.get_full_name() in page


def test_a_stale_move_is_refused_when_a_colleague_moved_first(recruiter, colleague, application):
    mine = Application.objects.get(pk=application.pk)
    theirs = Application.objects.get(pk=application.pk)
    move_application(application=theirs, to=Status.REJECTED, by=colleague)
    with pytest.raises(ValidationError):
        move_application(application=mine, to=Status.SHORTLISTED, by=recruiter)
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.events.filter(to_status=Status.SHORTLISTED).count() == 0


# --- What the student is told -----------------------------------------------------------


def test_the_student_gets_an_email_on_each_change_but_viewed(
    client, recruiter, application, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    steps = [Status.SHORTLISTED, Status.VIEWED, Status.INTERVIEW, Status.OFFERED, Status.HIRED]
    for to in steps:
        with django_capture_on_commit_callbacks(execute=True):
            post_move(client, application, to, note=NOTE)
    assert len(mailoutbox) == 4
    assert all(mail.to == ["ines.elamrani@example.be"] for mail in mailoutbox)
    assert mailoutbox[0].subject == (
        "Ta candidature pour « Électricien·ne de maintenance » chez Firma Elektro : "
        "nouveau statut « Présélectionnée »"
    )
    assert [mail.subject.rsplit("« ", 1)[1] for mail in mailoutbox] == [
        "Présélectionnée »",
        "Entretien »",
        "Proposition reçue »",
        "Engagé·e »",
    ]
    for mail in mailoutbox:
        assert NOTE not in mail.body
        link = reverse("jobboard:my_application_detail", kwargs={"pk": application.pk})
        assert f"{settings.SITE_URL}{link}" in mail.body


def test_the_email_is_in_the_students_language_without_the_note(
    client, recruiter, offer, mailoutbox, django_capture_on_commit_callbacks
):
    dutch = StudentFactory(complete=True, user__preferred_language="nl")
    application = ApplicationFactory(offer=offer, student=dutch)
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        post_move(client, application, Status.SHORTLISTED, note=NOTE)
    (mail,) = mailoutbox
    assert "Voorgeselecteerd" in mail.subject
    assert f"/nl/me/applications/{application.pk}/" in mail.body
    assert NOTE not in mail.body


# --- What the company may see -----------------------------------------------------------


def test_email_and_phone_appear_only_from_shortlisted_on(client, recruiter, application):
    client.force_login(recruiter)

    def page():
        return client.get(detail_url(application)).content.decode()

    before = page()
    assert "ines.elamrani@example.be" not in before
    assert "0470 12 34 56" not in before
    assert "Coordonnées visibles dès la présélection" in before
    # The rest of the profile card is there from the start.
    assert "Câblage, lecture de plans" in before
    assert "Je cherche une alternance en électricité." in before
    assert application.student.track.name in before

    for to in (Status.SHORTLISTED, Status.INTERVIEW, Status.OFFERED):
        post_move(client, application, to)
        shown = page()
        assert "ines.elamrani@example.be" in shown
        assert "0470 12 34 56" in shown
        assert "Coordonnées visibles dès la présélection" not in shown

    post_move(client, application, Status.VIEWED)  # back before the shortlist
    assert "ines.elamrani@example.be" not in page()


def test_the_cv_copy_downloads_for_the_companys_members(client, recruiter, colleague, application):
    for member in (recruiter, colleague):
        client.force_login(member)
        response = client.get(cv_url(application))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert 'filename="CV-Ines-El-Amrani.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("other_recruiter", 404), ("student", 403), ("staff", 403), ("visitor", 302)],
)
def test_the_cv_copy_is_refused_to_others(persona_client, application, persona, expected):
    assert persona_client(persona).get(cv_url(application)).status_code == expected


def test_the_cv_copy_of_the_applicant_itself_is_not_served_through_the_company_page(
    client, application
):
    client.force_login(application.student.user)
    assert client.get(cv_url(application)).status_code == 403


def test_no_cv_copy_is_a_404(client, recruiter, offer):
    application = ApplicationFactory(offer=offer)
    client.force_login(recruiter)
    assert client.get(cv_url(application)).status_code == 404
    assert "n'est plus disponible" in client.get(detail_url(application)).content.decode()


def test_a_cv_copy_past_its_retention_is_a_404_before_the_command_runs(
    client, recruiter, application
):
    set_status(application, Status.REJECTED, closed_days_ago=366)
    client.force_login(recruiter)
    assert client.get(cv_url(application)).status_code == 404


def test_a_company_no_longer_verified_gets_no_cv(client, recruiter, company, application):
    company.status = "suspended"
    company.save(update_fields=["status"])
    client.force_login(recruiter)
    assert client.get(cv_url(application)).status_code == 404


def test_another_companys_application_is_a_404_on_every_route(
    client, recruiter, foreign_application
):
    client.force_login(recruiter)
    assert client.get(detail_url(foreign_application)).status_code == 404
    assert client.post(detail_url(foreign_application), {"to": "shortlisted"}).status_code == 404
    assert client.get(cv_url(foreign_application)).status_code == 404
    assert client.post(cv_url(foreign_application)).status_code == 404
    foreign_application.refresh_from_db()
    assert foreign_application.status == Status.SUBMITTED
    listing = client.get(reverse("jobboard:company_application_list")).content.decode()
    assert foreign_application.offer.title not in listing


# --- The list -----------------------------------------------------------------------------


def test_the_list_groups_applications_per_offer_with_counts(client, recruiter, company):
    track = TrackFactory(name_fr="Électromécanique")
    first = OfferFactory(company=company, published=True, title="Technicien·ne de maintenance")
    second = OfferFactory(company=company, published=True, title="Monteur·euse en chauffage")
    for index in range(3):
        ApplicationFactory(
            offer=first, student=StudentFactory(track=track, user__last_name=f"Premier{index}")
        )
    shortlisted = ApplicationFactory(
        offer=second, student=StudentFactory(track=track, user__last_name="Second")
    )
    set_status(shortlisted, Status.SHORTLISTED)
    client.force_login(recruiter)
    url = reverse("jobboard:company_application_list")

    response = client.get(url)
    page = response.content.decode()
    assert [group["offer"] for group in response.context["groups"]] == [second, first]
    assert [len(group["applications"]) for group in response.context["groups"]] == [1, 3]
    assert "Électromécanique" in page
    counts = {item["status"]: item["count"] for item in response.context["status_counts"]}
    assert counts[Status.SUBMITTED] == 3
    assert counts[Status.SHORTLISTED] == 1
    assert reverse("jobboard:company_application_detail", kwargs={"pk": shortlisted.pk}) in page

    by_status = client.get(reverse("jobboard:company_application_list"), {"status": "shortlisted"})
    assert [group["offer"] for group in by_status.context["groups"]] == [second]

    by_offer = client.get(reverse("jobboard:company_application_list"), {"offer": first.pk})
    assert [group["offer"] for group in by_offer.context["groups"]] == [first]
    counts = {item["status"]: item["count"] for item in by_offer.context["status_counts"]}
    assert counts[Status.SHORTLISTED] == 0

    # The status links keep the chosen offer; "all" drops the status only.
    both = client.get(url, {"offer": first.pk, "status": "submitted"}).content.decode()
    assert f'href="{url}?offer={first.pk}"' in both
    assert f'href="{url}?offer={first.pk}&amp;status=hired"' in both


def test_bad_filters_are_explained_not_a_500(client, recruiter, offer, foreign_application):
    client.force_login(recruiter)
    response = client.get(
        reverse("jobboard:company_application_list"),
        {"offer": foreign_application.offer.pk, "status": "nonsense"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"offer", "status"}
    response = client.get(reverse("jobboard:company_application_list"), {"offer": "abc"})
    assert response.status_code == 200


def test_the_list_needs_the_same_queries_for_5_and_50_applications(client, recruiter, company):
    track = TrackFactory()
    offers = [OfferFactory(company=company, published=True) for _index in range(3)]

    def add(count):
        for index in range(count):
            ApplicationFactory(offer=offers[index % 3], student=StudentFactory(track=track))

    client.force_login(recruiter)
    url = reverse("jobboard:company_application_list")
    add(5)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert sum(len(group["applications"]) for group in response.context["groups"]) == 50
    assert len(fifty) == len(five)


def test_the_company_menu_links_to_the_applications():
    assert "jobboard:company_application_list" in [
        entry.url_name for entry in area_menu.entries_for("company")
    ]


# --- Retention of CV copies ---------------------------------------------------------------


def on_disk(name: str) -> bool:
    return os.path.exists(os.path.join(settings.PRIVATE_MEDIA_ROOT, name))


def test_retention_deletes_cv_copies_a_year_after_the_application_closed(
    offer, django_capture_on_commit_callbacks
):
    old = with_cv_copy(ApplicationFactory(offer=offer))
    recent = with_cv_copy(ApplicationFactory(offer=offer))
    still_open = with_cv_copy(ApplicationFactory(offer=offer))
    set_status(old, Status.REJECTED, closed_days_ago=396)  # 13 months
    set_status(recent, Status.HIRED, closed_days_ago=335)  # 11 months
    old_name, recent_name = old.cv_copy.name, recent.cv_copy.name
    assert on_disk(old_name)
    assert on_disk(recent_name)

    with django_capture_on_commit_callbacks(execute=True):
        report = personal_data.apply_retention(timezone.now())

    assert report.removed["application_cv_copies"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert not old.cv_copy
    assert not on_disk(old_name)
    assert recent.cv_copy.name == recent_name
    assert on_disk(recent_name)
    assert still_open.cv_copy
    assert on_disk(still_open.cv_copy.name)
    # The application and its history stay; only the file goes.
    assert old.status == Status.REJECTED
    assert old.events.exists()
    assert delete_old_cv_copies(timezone.now()) == 0


# --- The admin ----------------------------------------------------------------------------


def test_staff_read_applications_in_the_admin_without_moving_them(client, staff, application):
    client.force_login(staff)
    changelist = reverse("admin:jobboard_application_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "El Amrani"}).status_code == 200
    assert client.get(changelist, {"offer__tracks__sector__id__exact": "1"}).status_code == 200
    change = reverse("admin:jobboard_application_change", args=[application.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.post(change, {"status": "hired"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert client.get(reverse("admin:jobboard_application_add")).status_code == 403
