"""Journey (a): a student signs up, confirms, completes the profile and CV, searches, applies,
follows the application's status and answers a company's invitation."""

import re

import pytest

from jobboard.models import Application, OfferInvitation
from jobboard.pipeline import move_application
from jobboard.talent import invite_to_apply
from students.models import StudentProfile
from tests.browser.conftest import PASSWORD
from tests.companies.factories import MembershipFactory
from tests.jobboard.factories import OfferFactory
from tests.students.factories import TrackFactory, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def confirmation_link(mailoutbox, email):
    message = next(m for m in reversed(mailoutbox) if email in m.to)
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_student_signs_up_completes_the_profile_and_applies(
    new_page, check_page, mailoutbox, tmp_path, width
):
    track = TrackFactory(name_fr="Électricité")
    offer = OfferFactory(published=True, title="Électricien·ne de maintenance", tracks=[track])
    email = f"lina.{width}@example.be"
    page = new_page(width)

    # Sign up as a pupil.
    page.goto("/fr/accounts/signup/")
    check_page(page)
    page.locator("input[name=account_type][value=student]").check()
    page.locator("input[name=first_name]").fill("Lina")
    page.locator("input[name=last_name]").fill("Bensaïd")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    check_page(page)

    # Confirm through the e-mailed link, then log in.
    page.goto(confirmation_link(mailoutbox, email))
    check_page(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/**")
    check_page(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    # The profile form comes first.
    page.wait_for_url("**/fr/me/profile/")
    check_page(page)
    page.locator("select[name=track]").select_option(str(track.pk))
    page.locator("select[name=status]").select_option("year6")
    page.locator("input[name=date_of_birth]").fill("2009-03-14")
    page.locator("input[name=contract_kinds][value=internship]").check()
    page.locator("select[name='languages-0-language']").select_option("fr")
    page.locator("select[name='languages-0-level']").select_option("native")
    page.locator("main form button[type=submit]").last.click()

    # Then the CV.
    page.wait_for_url("**/fr/me/cv/")
    check_page(page)
    cv = tmp_path / "cv-lina.pdf"
    cv.write_bytes(pdf_bytes())
    page.locator("input[type=file][name=cv]").set_input_files(cv)
    with page.expect_navigation():
        page.locator("button[name=upload]").click()
    check_page(page)

    # Search, open the offer, apply.
    page.goto("/fr/jobs/?q=electricien")
    check_page(page)
    page.get_by_role("link", name=offer.title).first.click()
    page.wait_for_url(f"**/fr/jobs/{offer.pk}/")
    check_page(page)
    page.locator(".apply-panel a.btn-primary").click()
    page.wait_for_url(f"**/fr/jobs/{offer.pk}/apply/")
    check_page(page)
    page.locator("textarea[name=message]").fill("Bonjour, je suis motivée par ce stage.")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/fr/me/applications/**")

    # The application is listed in "Mes candidatures".
    page.goto("/fr/me/applications/")
    check_page(page)
    assert page.get_by_role("link", name=offer.title).count() >= 1

    # The company shortlists it: the student follows the status on the application's page.
    application = Application.objects.get(offer=offer)
    owner = MembershipFactory(company=offer.company, owner=True).user
    move_application(application=application, to=Application.Status.SHORTLISTED, by=owner)
    page.reload()
    page.get_by_role("link", name=offer.title).first.click()
    page.wait_for_url(f"**/fr/me/applications/{application.pk}/")
    check_page(page)
    assert page.locator("main").get_by_text("Présélectionnée").count() >= 1

    # The student lets companies find the profile; another company invites them to apply.
    page.goto("/fr/me/privacy/")
    check_page(page)
    page.locator("input[name=talent_search_opt_in]").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    other = OfferFactory(published=True, title="Aide-électricien·ne", tracks=[track])
    inviter = MembershipFactory(company=other.company, owner=True).user
    invitation = invite_to_apply(
        offer=other,
        student=StudentProfile.objects.get(user__email=email),
        message="Votre profil correspond à notre chantier.",
        by=inviter,
    )

    # The student answers it by applying.
    page.goto("/fr/me/invitations/")
    check_page(page)
    page.locator(f"main a[href$='/me/invitations/{invitation.pk}/']").first.click()
    page.wait_for_url(f"**/fr/me/invitations/{invitation.pk}/")
    check_page(page)
    page.locator("main a.btn-primary").first.click()
    page.wait_for_url(f"**/fr/jobs/{other.pk}/apply/**")
    page.locator("textarea[name=message]").fill("Merci pour l'invitation, avec plaisir.")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/fr/me/applications/**")
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.ACCEPTED
    assert invitation.application.offer == other
    check_page.assert_clean()
