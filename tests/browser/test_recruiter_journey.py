"""Journey (b): a recruiter signs up and registers a company, staff verify it, the recruiter
posts an offer, staff publish it, a student applies, the recruiter shortlists the student."""

import pytest

from companies.models import Company
from jobboard.models import Application, Offer
from tests.browser.conftest import PASSWORD
from tests.browser.test_student_journey import confirmation_link
from tests.companies.factories import valid_enterprise_number
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import UserFactory, totp_code
from tests.students.factories import SectorFactory, StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, email, password, check_page=None):
    page.goto("/fr/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def admin_action(page, changelist, object_pk, action, reason, check_page):
    """Run a decision action of the admin on one object, giving a reason; the changelist
    and the reason page are checked for serious accessibility violations."""
    page.goto(changelist)
    check_page.admin(page)
    page.locator(f"input[name=_selected_action][value='{object_pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index], input[name=index]").first.click()
    page.locator("textarea[name=reason], input[name=reason]").wait_for()
    check_page.admin(page)
    page.locator("textarea[name=reason], input[name=reason]").fill(reason)
    with page.expect_navigation():
        page.locator("input[name=apply]").click()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_recruiter_posts_an_offer_that_staff_verify_and_publish(
    new_page, check_page, mailoutbox, width
):
    sector = SectorFactory()
    track = TrackFactory(sector=sector)
    staff = UserFactory(staff=True)
    applicant = StudentFactory(complete=True, track=track, user__first_name="Inès").user
    email = f"nadia.{width}@garage.be"
    recruiter = new_page(width)

    # The recruiter signs up as a company member and confirms the address.
    recruiter.goto("/fr/accounts/signup/")
    recruiter.locator("input[name=account_type][value=company]").check()
    recruiter.locator("input[name=first_name]").fill("Nadia")
    recruiter.locator("input[name=last_name]").fill("Benali")
    recruiter.locator("input[name=email]").fill(email)
    recruiter.locator("input[name=password1]").fill(PASSWORD)
    recruiter.locator("input[name=password2]").fill(PASSWORD)
    recruiter.locator("main form button[type=submit]").click()
    recruiter.wait_for_url("**/accounts/confirm-email/")
    recruiter.goto(confirmation_link(mailoutbox, email))
    recruiter.locator("main form button[type=submit]").click()
    recruiter.wait_for_url("**/accounts/login/**")
    log_in(recruiter, email, PASSWORD)

    # The company area offers to register the company.
    recruiter.wait_for_url("**/fr/company/")
    check_page(recruiter)
    recruiter.locator("main a[href$='/company/profile/']").first.click()
    recruiter.wait_for_url("**/fr/company/profile/")
    check_page(recruiter)
    recruiter.locator("input[name=name]").fill("Garage Nadia")
    recruiter.locator("input[name=legal_name]").fill("Garage Nadia SRL")
    recruiter.locator("input[name=enterprise_number]").fill(valid_enterprise_number(700))
    recruiter.locator(f"input[name=sectors][value='{sector.pk}']").check()
    recruiter.locator("select[name=size]").select_option("1-9")
    recruiter.locator("input[name=street]").fill("Chaussée de Mons 100")
    recruiter.locator("input[name=postcode]").fill("1070")
    recruiter.locator("input[name=city]").fill("Anderlecht")
    recruiter.locator("textarea[name=description]").fill("Réparation et entretien de voitures.")
    recruiter.locator("input[name=languages][value=fr]").check()
    recruiter.locator("input[name=contact_name]").fill("Nadia Benali")
    recruiter.locator("input[name=contact_email]").fill(email)
    recruiter.locator("main form button[type=submit]").last.click()
    recruiter.wait_for_url("**/fr/company/")
    check_page(recruiter)
    company = Company.objects.get(name="Garage Nadia")

    # Staff verify the company in the admin.
    admin = new_page(width)
    log_in(admin, staff.email, FACTORY_PASSWORD)
    # Staff have a second factor: the login asks for the authenticator's code.
    admin.locator("input[name=code]").fill(totp_code())
    admin.locator("main form button[type=submit]").first.click()
    admin.wait_for_url(lambda url: "/2fa/" not in url)
    admin_action(
        admin,
        "/admin/companies/company/",
        company.pk,
        "verify",
        "Numéro vérifié à la BCE.",
        check_page,
    )
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED

    # The recruiter writes the offer and submits it.
    recruiter.goto("/fr/company/offers/new/")
    check_page(recruiter)
    recruiter.locator("input[name=title]").fill("Mécanicien·ne automobile")
    recruiter.locator("select[name=language]").select_option("fr")
    recruiter.locator("select[name=kind]").select_option("internship")
    tick = recruiter.locator(f"input[name=tracks][value='{track.pk}']")
    recruiter.locator("details", has=tick).locator("summary").click()  # open the sector
    tick.check()
    recruiter.locator("textarea[name=description]").fill("Entretenir des voitures avec l'équipe.")
    recruiter.locator("select[name=commune]").select_option("anderlecht")
    recruiter.locator("input[name=hours_per_week]").fill("38")
    recruiter.locator("input[name=places]").fill("1")
    recruiter.locator("input[name=publication_days]").fill("60")
    recruiter.locator("main form button[type=submit]").last.click()
    recruiter.wait_for_url("**/fr/company/offers/*/**")
    check_page(recruiter)
    offer = Offer.objects.get(company=company)
    with recruiter.expect_navigation():
        recruiter.locator(f"form[action$='/company/offers/{offer.pk}/submit/'] button").click()
    check_page(recruiter)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PENDING

    # Staff publish it.
    admin_action(admin, "/admin/jobboard/offer/", offer.pk, "publish", "Offre claire.", check_page)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED

    # A student applies through the page.
    student = new_page(width)
    log_in(student, applicant.email, FACTORY_PASSWORD)
    student.goto(f"/fr/jobs/{offer.pk}/apply/")
    student.locator("textarea[name=message]").fill("Bonjour, la mécanique me passionne.")
    student.locator("main form[enctype] button[type=submit]").click()
    student.wait_for_url("**/fr/me/applications/**")
    application = Application.objects.get(offer=offer)

    # The recruiter opens the application and shortlists it.
    recruiter.goto("/fr/company/applications/")
    check_page(recruiter)
    recruiter.locator(f"main a[href$='/company/applications/{application.pk}/']").first.click()
    recruiter.wait_for_url(f"**/fr/company/applications/{application.pk}/")
    check_page(recruiter)
    move = recruiter.locator("main form.portal-form", has=recruiter.locator("input[name=to]"))
    move.locator("input[name=to][value=shortlisted]").check()
    with recruiter.expect_navigation():
        move.locator("button[type=submit]").click()
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    check_page(recruiter)
    check_page.assert_clean()
