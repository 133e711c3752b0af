"""Applying with a CV copy, once only; the student's applications, withdrawing; CV access."""

import datetime
import html
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jobboard.applying import AlreadyApplied, apply
from jobboard.models import Application, ApplicationEvent, Offer, OfferInvitation
from students.models import StudentProfile
from tests.companies.factories import MembershipFactory
from tests.jobboard.factories import (
    ApplicationFactory,
    OfferFactory,
    OfferInvitationFactory,
    complete_profile,
)
from tests.students.factories import pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def private_files(settings) -> set[str]:
    found = set()
    for folder, _dirs, files in os.walk(settings.PRIVATE_MEDIA_ROOT):
        found |= {os.path.join(folder, name) for name in files}
    return found


def text(response) -> str:
    return html.unescape(response.content.decode())


def apply_url(offer) -> str:
    return reverse("jobboard:offer_apply", kwargs={"pk": offer.pk})


def detail_url(application) -> str:
    return reverse("jobboard:my_application_detail", kwargs={"pk": application.pk})


@pytest.fixture
def profile(student):
    return complete_profile(student.student_profile)


@pytest.fixture
def offer(company, recruiter, colleague):
    return OfferFactory(company=company, published=True, title="Électricien·ne de chantier")


@pytest.fixture
def logged(client, student, profile):
    client.force_login(student)
    return client


def post_application(client, offer, **data):
    payload = {"cv_choice": "profile", "message": "Bonjour, je suis motivée.", **data}
    return client.post(apply_url(offer), payload)


# --- Applying ------------------------------------------------------------------------------


def test_apply_with_the_profiles_cv(logged, student, profile, offer, settings):
    response = logged.get(apply_url(offer))
    assert response.status_code == 200
    assert 'value="profile"' in response.content.decode()

    response = post_application(logged, offer)
    application = Application.objects.get(offer=offer, student=profile)
    assert response.status_code == 302
    assert response.url == detail_url(application)
    assert application.status == Application.Status.SUBMITTED
    assert application.message == "Bonjour, je suis motivée."
    # A copy under its own random name, with the same content as the profile's CV.
    assert application.cv_copy.name.startswith("applications/")
    assert application.cv_copy.name != profile.cv.name
    with application.cv_copy.open("rb") as copy, profile.cv.open("rb") as original:
        assert copy.read() == original.read()
    [event] = application.events.all()
    assert (event.from_status, event.to_status, event.actor) == ("", "submitted", student)


def test_apply_with_a_new_pdf_keeps_the_profiles_cv(logged, profile, offer):
    content = pdf_bytes(2)
    response = post_application(
        logged,
        offer,
        cv_choice="new",
        cv=SimpleUploadedFile("Mon CV.pdf", content, content_type="application/pdf"),
    )
    assert response.status_code == 302
    application = Application.objects.get(offer=offer, student=profile)
    with application.cv_copy.open("rb") as copy:
        assert copy.read() == content
    assert "Mon" not in application.cv_copy.name
    profile.refresh_from_db()
    with profile.cv.open("rb") as original:
        assert original.read() == pdf_bytes()


def test_a_png_renamed_pdf_is_refused_and_nothing_is_stored(logged, profile, offer, settings):
    before = private_files(settings)
    response = post_application(
        logged,
        offer,
        cv_choice="new",
        cv=SimpleUploadedFile("cv.pdf", PNG, content_type="application/pdf"),
        message="Mon message reste là.",
    )
    assert response.status_code == 200
    content = text(response)
    assert "Ce fichier n'est pas un PDF" in content
    assert "Mon message reste là." in content
    assert not Application.objects.exists()
    assert private_files(settings) == before


def test_a_new_cv_must_be_chosen_and_a_file_needs_its_choice(logged, offer):
    response = post_application(logged, offer, cv_choice="new")
    assert "Choisis ton CV au format PDF." in text(response)
    response = post_application(
        logged,
        offer,
        cv=SimpleUploadedFile("cv.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    assert "Coche « un autre CV »" in text(response)
    assert not Application.objects.exists()


def test_a_message_too_long_is_refused_and_kept(logged, offer):
    message = "a" * 3001
    response = post_application(logged, offer, message=message)
    assert response.status_code == 200
    assert "3000" in text(response)
    assert message in text(response)
    assert not Application.objects.exists()


def test_the_cv_copy_survives_the_student_replacing_their_cv(
    logged, profile, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_application(logged, offer)
    application = Application.objects.get()
    old_profile_cv = profile.cv.name
    new_content = pdf_bytes(3)
    with django_capture_on_commit_callbacks(execute=True):
        logged.post(
            reverse("students:cv_manage"),
            {"upload": "1", "cv": SimpleUploadedFile("cv.pdf", new_content)},
        )
    profile.refresh_from_db()
    assert profile.cv.name != old_profile_cv
    assert not profile.cv.storage.exists(old_profile_cv)
    application.refresh_from_db()
    with application.cv_copy.open("rb") as copy:
        assert copy.read() == pdf_bytes()


def test_a_double_submit_makes_one_application(logged, profile, offer):
    first = post_application(logged, offer)
    second = post_application(logged, offer)
    application = Application.objects.get(offer=offer, student=profile)
    assert first.status_code == second.status_code == 302
    assert second.url == detail_url(application)
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1


def test_a_second_call_to_apply_makes_no_second_row(student, profile, offer, settings):
    first = apply(offer=offer, student=profile, message="", by=student)
    files = private_files(settings)
    with pytest.raises(AlreadyApplied) as refusal:
        apply(offer=offer, student=profile, message="", by=student)
    assert refusal.value.application == first
    assert Application.objects.count() == 1
    assert private_files(settings) == files


def test_a_race_past_the_check_is_stopped_by_the_database(
    student, profile, offer, settings, monkeypatch
):
    """Two requests both pass the "already applied?" check; the unique constraint stops the
    second inside its savepoint, which then points to the first and leaves no file behind."""
    files = private_files(settings)
    competing = {}

    def open_and_race(self):
        if not competing:
            competing["application"] = ApplicationFactory(offer=self, student=profile)
        return True

    monkeypatch.setattr(Offer, "is_open_for_applications", property(open_and_race))
    with pytest.raises(AlreadyApplied) as refusal:
        apply(offer=offer, student=profile, message="", by=student)
    assert refusal.value.application == competing["application"]
    assert Application.objects.count() == 1
    assert private_files(settings) == files


def test_emails_to_the_student_and_each_member_in_their_language(
    logged,
    student,
    recruiter,
    colleague,
    company,
    offer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    colleague.preferred_language = "nl"
    colleague.save()
    MembershipFactory(company=company, requested=True)  # not a member yet: no mail
    with django_capture_on_commit_callbacks(execute=True):
        post_application(logged, offer)
    application = Application.objects.get()
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {student.email, recruiter.email, colleague.email}
    to_student = by_address[student.email]
    assert "Électricien·ne de chantier" in to_student.subject
    assert f"/fr/me/applications/{application.pk}/" in to_student.body
    to_recruiter = by_address[recruiter.email]
    assert student.get_full_name() in to_recruiter.body
    assert f"/fr/company/applications/{application.pk}/" in to_recruiter.body
    assert f"/nl/company/applications/{application.pk}/" in by_address[colleague.email].body


def test_a_pending_invitation_is_accepted_by_the_application(logged, profile, offer):
    invitation = OfferInvitationFactory(offer=offer, student=profile)
    response = logged.get(f"{apply_url(offer)}?invitation={invitation.pk}")
    assert f'name="invitation" value="{invitation.pk}"' in response.content.decode()
    post_application(logged, offer, invitation=str(invitation.pk))
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.ACCEPTED
    assert invitation.responded_at is not None
    assert invitation.application == Application.objects.get()


def test_applying_answers_a_pending_invitation_even_without_its_id(logged, profile, offer):
    invitation = OfferInvitationFactory(offer=offer, student=profile)
    post_application(logged, offer, invitation="junk")
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.ACCEPTED


def test_an_incomplete_profile_is_sent_to_the_profile(client, other_student, offer):
    client.force_login(other_student)
    response = client.get(apply_url(offer), follow=True)
    assert response.redirect_chain[-1][0] == reverse("students:profile_edit")
    assert "Complète ton profil avant de postuler" in text(response)
    response = post_application(client, offer)
    assert response.url == reverse("students:profile_edit")
    assert not Application.objects.exists()


def test_a_closed_offer_takes_no_application(logged, company):
    offer = OfferFactory(company=company, closed=True)
    response = post_application(logged, offer)
    assert response.url == offer.get_absolute_url()
    assert not Application.objects.exists()


def test_a_draft_offer_is_404_to_apply(logged, company):
    assert logged.get(apply_url(OfferFactory(company=company))).status_code == 404


def test_already_applied_goes_to_the_application(logged, profile, offer):
    application = ApplicationFactory(offer=offer, student=profile)
    response = logged.get(apply_url(offer))
    assert response.url == detail_url(application)


# --- The student's applications ----------------------------------------------------------------


def test_the_list_shows_open_applications_first(logged, profile, company):
    closed = ApplicationFactory(
        offer=OfferFactory(company=company, published=True, title="Offre clôturée"),
        student=profile,
        status=Application.Status.REJECTED,
        closed_at=timezone.now(),
    )
    opened = ApplicationFactory(
        offer=OfferFactory(company=company, published=True, title="Offre ouverte"),
        student=profile,
    )
    Application.objects.filter(pk=opened.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    ApplicationFactory(offer=OfferFactory(title="Candidature d'une autre"))
    content = text(logged.get(reverse("jobboard:my_application_list")))
    assert content.index("Offre ouverte") < content.index("Offre clôturée")
    assert "Non retenue" in content
    assert "Envoyée" in content
    assert "Candidature d'une autre" not in content
    assert closed.offer.company.name in content


def test_the_detail_shows_the_history_but_not_the_companys_notes(logged, profile, offer, recruiter):
    application = ApplicationFactory(offer=offer, student=profile, message="Mon message à moi")
    ApplicationEvent.objects.create(
        application=application,
        from_status="submitted",
        to_status="shortlisted",
        actor=recruiter,
        note="Note interne : à rappeler vite",
    )
    Application.objects.filter(pk=application.pk).update(status="shortlisted")
    content = text(logged.get(detail_url(application)))
    assert "Présélectionnée" in content
    assert "Envoyée" in content
    assert "Note interne" not in content
    assert "Mon message à moi" in content
    assert offer.get_absolute_url() in content
    assert "Retirer ma candidature" in content


def test_withdrawing_asks_for_confirmation_first(logged, profile, offer):
    application = ApplicationFactory(offer=offer, student=profile)
    content = text(logged.get(f"{detail_url(application)}?withdraw=confirm"))
    assert "refuses une proposition" in content
    assert reverse("jobboard:my_application_withdraw", kwargs={"pk": application.pk}) in content


def test_withdraw_writes_history_and_tells_the_members(
    logged,
    student,
    recruiter,
    colleague,
    profile,
    offer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(offer=offer, student=profile)
    url = reverse("jobboard:my_application_withdraw", kwargs={"pk": application.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = logged.post(url)
    assert response.url == detail_url(application)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.closed_at is not None
    last = application.events.last()
    assert (last.from_status, last.to_status, last.actor) == ("submitted", "withdrawn", student)
    assert {message.to[0] for message in mailoutbox} == {recruiter.email, colleague.email}
    assert all("retiré" in message.body for message in mailoutbox)

    # A second time: a message, no new row, no mail.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged.post(url, follow=True)
    assert "déjà clôturée" in text(response)
    assert application.events.count() == 2
    assert mailoutbox == []
    assert "Retirer ma candidature" not in text(response)


def test_another_students_application_is_404(client, other_student, offer):
    application = ApplicationFactory(offer=offer)
    client.force_login(other_student)
    assert client.get(detail_url(application)).status_code == 404
    url = reverse("jobboard:my_application_withdraw", kwargs={"pk": application.pk})
    assert client.post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


# --- The company sees its applicant's CV, while the relation lasts -----------------------------


def cv_download(client, profile):
    return client.get(reverse("students:cv_download", kwargs={"public_id": profile.public_id}))


def test_the_company_sees_its_applicants_cv_for_12_months_after_closing(
    client, student, profile, offer, recruiter, other_recruiter
):
    client.force_login(recruiter)
    assert cv_download(client, profile).status_code == 404  # no relation yet

    application = apply(offer=offer, student=profile, message="", by=student)
    response = cv_download(client, profile)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()

    client.force_login(other_recruiter)
    assert cv_download(client, profile).status_code == 404

    client.force_login(recruiter)
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.REJECTED,
        closed_at=timezone.now() - datetime.timedelta(days=330),
    )
    assert cv_download(client, profile).status_code == 200
    Application.objects.filter(pk=application.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=366)
    )
    assert cv_download(client, profile).status_code == 404


def test_a_suspended_company_loses_access(client, profile, offer, company, recruiter):
    ApplicationFactory(offer=offer, student=profile)
    client.force_login(recruiter)
    assert cv_download(client, profile).status_code == 200
    company.status = "suspended"
    company.save()
    assert cv_download(client, profile).status_code == 404


def test_the_student_profile_is_unchanged_by_applying(logged, profile, offer):
    before = StudentProfile.objects.values().get(pk=profile.pk)
    post_application(logged, offer)
    assert StudentProfile.objects.values().get(pk=profile.pk) == before
