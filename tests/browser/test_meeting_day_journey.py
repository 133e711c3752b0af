"""Journey (c): a meeting day, from the company's request to the follow-up.

A verified company asks to take part, staff accept it and open the students' registration
in the admin, a student registers with a wish, staff compute, save and publish the
schedule, the student reads it and downloads it for a calendar, staff check the student
in on the day, and the day after the recruiter rates the meeting and sends an offer that
the student finds among the invitations. The admin pages staff use are checked for
serious and critical accessibility violations, every other page in full, in FR and NL.
"""

import datetime

import pytest
from django.utils import timezone

from events.models import Meeting, MeetingDay, Participation, Registration
from jobboard.models import OfferInvitation
from tests.browser.test_recruiter_journey import admin_action, log_in
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.events.factories import MeetingDayFactory
from tests.factories import PASSWORD, UserFactory, totp_code
from tests.jobboard.factories import OfferFactory
from tests.students.factories import StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_staff_in(page, staff):
    log_in(page, staff.email, PASSWORD)
    page.locator("input[name=code]").fill(totp_code())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/2fa/" not in url)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_meeting_day_from_request_to_follow_up(new_page, check_page, width):
    track = TrackFactory(name_fr="Électricité")
    company = CompanyFactory(verified=True, name="Elektro Bruxelles")
    recruiter_user = MembershipFactory(company=company, owner=True).user
    offer = OfferFactory(company=company, published=True, title="Électricien·ne", tracks=[track])
    student_user = StudentFactory(complete=True, track=track, user__first_name="Yasmine").user
    staff = UserFactory(staff=True)
    day = MeetingDayFactory(
        title_fr="Journée de rencontre de printemps",
        slug="printemps",
        date=timezone.localdate() + datetime.timedelta(days=30),
        tracks=[track],
    )

    # The company asks to take part.
    recruiter = new_page(width)
    log_in(recruiter, recruiter_user.email, PASSWORD)
    recruiter.goto("/fr/events/")
    check_page(recruiter)
    recruiter.get_by_role("link", name=day.title).first.click()
    recruiter.wait_for_url(f"**/fr/events/{day.slug}/")
    check_page(recruiter)
    recruiter.locator(f"main a.btn-primary[href$='/events/{day.slug}/register/']").click()
    recruiter.wait_for_url(f"**/fr/events/{day.slug}/register/")
    check_page(recruiter)
    tick = recruiter.locator(f"input[name=tracks][value='{track.pk}']")
    if not tick.is_visible():
        recruiter.locator("details", has=tick).locator("summary").click()
    tick.check()
    recruiter.locator("input[name=accept_charter]").check()
    recruiter.locator("main form button[type=submit]").last.click()
    recruiter.wait_for_url("**/fr/company/events/")
    check_page(recruiter)
    participation = Participation.objects.get(meeting_day=day, company=company)

    # Staff accept it, then open the students' registration.
    admin = new_page(width)
    log_staff_in(admin, staff)
    admin.goto("/admin/")
    check_page.admin(admin)
    admin.goto("/admin/dashboard/")
    check_page.admin(admin)
    admin_action(
        admin,
        "/admin/events/participation/",
        participation.pk,
        "accept",
        "Entreprise connue.",
        check_page,
    )
    admin.goto("/admin/events/meetingday/")
    check_page.admin(admin)
    admin.locator(f"input[name=_selected_action][value='{day.pk}']").check()
    admin.locator("select[name=action]").select_option("advance_status")
    with admin.expect_navigation():
        admin.locator("button[name=index], input[name=index]").first.click()
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.STUDENT_REGISTRATION

    # The student registers and puts the company first.
    student = new_page(width)
    log_in(student, student_user.email, PASSWORD)
    student.goto(f"/fr/events/{day.slug}/")
    check_page(student)
    student.locator(f"main a.btn-primary[href$='/events/{day.slug}/register/']").click()
    student.wait_for_url(f"**/fr/events/{day.slug}/register/")
    check_page(student)
    student.locator("select[name=wish_1]").select_option(str(participation.pk))
    student.locator("main form button[type=submit]").last.click()
    student.wait_for_url("**/fr/me/events/")
    check_page(student)
    registration = Registration.objects.get(meeting_day=day, student__user=student_user)

    # Staff compute a preview, save it and publish the schedule.
    admin.goto(f"/admin/events/meetingday/{day.pk}/schedule/")
    check_page.admin(admin)
    with admin.expect_navigation():
        admin.locator("button[name=action][value=preview]").click()
    check_page.admin(admin)
    with admin.expect_navigation():
        admin.locator("button[name=action][value=save]").click()
    assert Meeting.objects.filter(registration=registration).count() == 1
    with admin.expect_navigation():
        admin.get_by_role("button", name="Publier le planning").click()
    check_page.admin(admin)
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.SCHEDULED

    # The student reads the schedule and takes it into a calendar.
    student.goto("/fr/me/events/")
    student.get_by_role("link", name="Mon planning").click()
    student.wait_for_url(f"**/fr/me/events/{registration.pk}/schedule/")
    check_page(student)
    assert student.locator("main").get_by_text("Elektro Bruxelles").count() >= 1
    ics_link = student.locator("main a[href$='schedule.ics']").first
    calendar = student.request.get(ics_link.get_attribute("href"))
    assert calendar.ok
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "Elektro Bruxelles" in calendar.text()

    # On the day, staff check the student in with the code on the QR card.
    MeetingDay.objects.filter(pk=day.pk).update(date=timezone.localdate())
    admin.goto(f"/fr/events/{day.slug}/check-in/")
    check_page(admin)
    admin.locator("input[name=code]").fill(registration.checkin_code.lower())
    with admin.expect_navigation():
        admin.get_by_role("button", name="Enregistrer l'arrivée").click()
    check_page(admin)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PRESENT

    # The day after, the recruiter rates the meeting and sends the offer.
    MeetingDay.objects.filter(pk=day.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1)
    )
    recruiter.goto(f"/fr/company/events/{participation.pk}/meetings/")
    check_page(recruiter)
    recruiter.locator("main a[href*='/company/events/meetings/']").first.click()
    recruiter.wait_for_url("**/fr/company/events/meetings/*/rate/")
    check_page(recruiter)
    recruiter.locator("input[name=rating][value='4']").check()
    recruiter.locator("input[name=follow_up][value=offer]").check()
    recruiter.locator("select[name=offer]").select_option(str(offer.pk))
    recruiter.locator("textarea[name=message]").fill("Merci pour la rencontre, postulez !")
    with recruiter.expect_navigation():
        recruiter.locator("main form.portal-form button[type=submit]").click()
    invitation = OfferInvitation.objects.get(offer=offer, student__user=student_user)

    # The student finds the invitation.
    student.goto("/fr/me/invitations/")
    check_page(student)
    student.locator(f"main a[href$='/me/invitations/{invitation.pk}/']").first.click()
    student.wait_for_url(f"**/fr/me/invitations/{invitation.pk}/")
    check_page(student)
    assert student.locator("main").get_by_text("Merci pour la rencontre").count() == 1
    check_page.assert_clean()
