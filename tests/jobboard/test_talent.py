"""The talent search: who is found, by whom, with which filters; invitations to apply."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobboard.models import Application, OfferInvitation
from jobboard.talent import expire_invitations, invite_to_apply, search_talent
from students.models import ContractKind, StudentLanguage, StudentProfile
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.jobboard.factories import OfferFactory, OfferInvitationFactory, make_findable
from tests.students.factories import StudentFactory, StudentLanguageFactory, TrackFactory

SEARCH = reverse("jobboard:talent_search")
MY_INVITATIONS = reverse("jobboard:my_invitation_list")


def profile_url(profile):
    return reverse("jobboard:talent_profile", kwargs={"public_id": profile.public_id})


def invite_url(profile):
    return reverse("jobboard:talent_invite", kwargs={"public_id": profile.public_id})


def cv_url(profile):
    return reverse("students:cv_download", kwargs={"public_id": profile.public_id})


def detail_url(invitation):
    return reverse("jobboard:my_invitation_detail", kwargs={"pk": invitation.pk})


def decline_url(invitation):
    return reverse("jobboard:my_invitation_decline", kwargs={"pk": invitation.pk})


def a_student(first, last, **fields):
    profile = StudentFactory(user__first_name=first, user__last_name=last)
    return make_findable(profile, **fields)


@pytest.fixture
def amina(db):
    return a_student("Amina", "Benali")


# --- Who is found ---------------------------------------------------------------------------


def test_a_student_who_did_not_opt_in_is_never_found(client, recruiter):
    hidden = StudentFactory(complete=True, user__first_name="Hélène", user__last_name="Dubois")
    assert hidden.is_complete
    assert not hidden.talent_search_opt_in
    client.force_login(recruiter)
    assert "Hélène" not in client.get(SEARCH).content.decode()
    assert client.get(profile_url(hidden)).status_code == 404
    assert client.get(cv_url(hidden)).status_code == 404
    assert (
        client.get(reverse("students:profile_detail", args=[hidden.public_id])).status_code == 404
    )


def test_an_incomplete_or_deactivated_student_is_not_found_either(client, recruiter):
    incomplete = StudentFactory(user__first_name="Lucas", user__last_name="Martin")
    incomplete.set_talent_search(True)
    incomplete.save()
    inactive = a_student("Sara", "Janssens")
    inactive.user.is_active = False
    inactive.user.save()
    client.force_login(recruiter)
    page = client.get(SEARCH).content.decode()
    assert "Lucas" not in page
    assert "Sara" not in page
    assert client.get(profile_url(incomplete)).status_code == 404
    assert client.get(profile_url(inactive)).status_code == 404


def test_a_found_student_shows_a_card_without_contact_details(client, recruiter, amina):
    amina.phone = "0470 12 34 56"
    amina.save()
    client.force_login(recruiter)
    for url in (SEARCH, profile_url(amina)):
        page = client.get(url).content.decode()
        assert "Amina B." in page
        assert "Benali" not in page
        assert amina.user.email not in page
        assert "0470 12 34 56" not in page
    assert client.get(cv_url(amina)).status_code == 200


@pytest.fixture
def two_students(db):
    today = timezone.localdate()
    electricity, cooking = TrackFactory(slug="electricite"), TrackFactory(slug="cuisine")
    first = a_student(
        "Amina",
        "Benali",
        track=electricity,
        status=StudentProfile.Status.GRADUATE,
        graduation_year=2024,
        driving_licence=StudentProfile.DrivingLicence.B,
        contract_kinds=[ContractKind.PERMANENT, ContractKind.FIXED_TERM],
    )
    StudentLanguageFactory(profile=first, language="nl", level=StudentLanguage.Level.FLUENT)
    second = a_student(
        "Bruno",
        "Costa",
        track=cooking,
        status=StudentProfile.Status.YEAR_6,
        driving_licence=StudentProfile.DrivingLicence.LEARNING,
        available_from=today + datetime.timedelta(days=90),
        contract_kinds=[ContractKind.INTERNSHIP],
    )
    StudentLanguageFactory(profile=second, language="nl", level=StudentLanguage.Level.BASIC)
    return first, second


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({}, {"Amina B.", "Bruno C."}),
        ({"track": "electricite"}, {"Amina B."}),
        ({"track": "cuisine"}, {"Bruno C."}),
        ({"status": "graduate"}, {"Amina B."}),
        ({"status": "year6"}, {"Bruno C."}),
        ({"graduation_year": "2024"}, {"Amina B."}),
        ({"graduation_year": "2023"}, set()),
        ({"language": "nl"}, {"Amina B.", "Bruno C."}),
        ({"language": "nl", "level": "intermediate"}, {"Amina B."}),
        ({"language": "nl", "level": "native"}, set()),
        ({"language": "fr", "level": "native"}, {"Amina B.", "Bruno C."}),
        ({"language": "es"}, set()),
        ({"driving_licence": "on"}, {"Amina B."}),
        ({"available_before": "in 30 days"}, {"Amina B."}),
        ({"available_before": "in 120 days"}, {"Amina B.", "Bruno C."}),
        ({"contract_kind": "cdi"}, {"Amina B."}),
        ({"contract_kind": "cdd"}, {"Amina B."}),
        ({"contract_kind": "internship"}, {"Bruno C."}),
        ({"contract_kind": "interim"}, set()),
        ({"track": "electricite", "contract_kind": "internship"}, set()),
    ],
)
def test_each_filter_finds_the_matching_students(client, recruiter, two_students, query, found):
    if "available_before" in query:
        days = int(query["available_before"].split()[1])
        query = {"available_before": (timezone.localdate() + datetime.timedelta(days=days))}
    client.force_login(recruiter)
    page = client.get(SEARCH, query).content.decode()
    assert {name for name in ("Amina B.", "Bruno C.") if name in page} == found


def test_search_talent_matches_a_contract_kind_whole(two_students):
    # "cd" is part of "cdi" and "cdd" but is no contract kind: the quoted match finds none.
    assert not search_talent({"contract_kind": "cd"}).exists()
    assert search_talent({"contract_kind": "cdi"}).get() == two_students[0]


@pytest.mark.parametrize(
    "query",
    [
        {"track": "n-existe-pas"},
        {"status": "astronaut"},
        {"graduation_year": "abc"},
        {"graduation_year": "99999"},
        {"graduation_year": "-3"},
        {"language": "klingon", "level": "godlike"},
        {"available_before": "2024-13-45"},
        {"contract_kind": "<script>alert(1)</script>"},
        {"driving_licence": "maybe"},
        {"page": "abc"},
        {"page": "999"},
        {"track": ["a", "b"], "status": ""},
    ],
)
def test_junk_filter_values_are_dropped_never_a_500(client, recruiter, amina, query):
    client.force_login(recruiter)
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    assert "Amina B." in response.content.decode()


def test_a_junk_value_is_reported_and_left_out_of_the_page_links(client, recruiter):
    for n in range(25):
        a_student(f"Élève{n}", "Test")
    client.force_login(recruiter)
    page = client.get(SEARCH, {"status": "astronaut", "contract_kind": "internship"})
    content = page.content.decode()
    assert "a été ignorée" in content
    pages = re.findall(r'href="(\?[^"]*page=[^"]*)"', content)
    assert "?contract_kind=internship&amp;page=2" in pages
    assert not [link for link in pages if "astronaut" in link]


def test_the_result_list_costs_the_same_queries_for_few_and_many_students(client, recruiter):
    client.force_login(recruiter)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(SEARCH, {"contract_kind": "internship"}).status_code == 200
        return len(context.captured_queries)

    queries()  # the first request of a session records it
    for n in range(3):
        a_student(f"Première{n}", "Test")
    few = queries()
    for n in range(20):
        a_student(f"Suivante{n}", "Test")
    assert queries() == few


# --- The opt-in and the company's status ----------------------------------------------------


def test_revoking_the_opt_in_hides_the_student_at_once(client, recruiter, amina):
    client.force_login(recruiter)
    assert client.get(profile_url(amina)).status_code == 200
    assert client.get(cv_url(amina)).status_code == 200

    amina.set_talent_search(False)
    amina.save()
    assert "Amina B." not in client.get(SEARCH).content.decode()
    assert client.get(profile_url(amina)).status_code == 404
    assert client.get(cv_url(amina)).status_code == 404
    assert client.post(invite_url(amina), {}).status_code == 404


@pytest.mark.parametrize("status", ["pending", "suspended", "rejected"])
def test_a_company_not_verified_finds_nobody(client, amina, status):
    company = CompanyFactory(**({} if status == "pending" else {status: True}))
    member = MembershipFactory(company=company, owner=True).user
    client.force_login(member)
    response = client.get(SEARCH, {"track": amina.track.slug})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Amina" not in page
    assert "quand votre entreprise est vérifiée" in page
    assert "Amina" not in client.get(profile_url(amina)).content.decode()
    assert client.get(cv_url(amina)).status_code == 404


def test_the_area_menus_link_the_pages(client, recruiter, student):
    client.force_login(recruiter)
    assert f'href="{SEARCH}"' in client.get(reverse("companies:area")).content.decode()
    client.force_login(student)
    assert f'href="{MY_INVITATIONS}"' in client.get(reverse("students:area")).content.decode()


# --- Inviting -------------------------------------------------------------------------------


@pytest.fixture
def offer(company):
    return OfferFactory(company=company, published=True, title="Électricien·ne de chantier")


def test_an_invitation_is_mailed_in_the_students_language(
    client, recruiter, amina, offer, mailoutbox, django_capture_on_commit_callbacks
):
    amina.user.preferred_language = "nl"
    amina.user.save()
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(amina), {"offer": offer.pk, "message": "Venez nous voir !"}
        )
    assert response.status_code == 302
    invitation = OfferInvitation.objects.get()
    assert (invitation.offer, invitation.student, invitation.sent_by) == (offer, amina, recruiter)
    assert invitation.status == OfferInvitation.Status.SENT
    validity = invitation.expires_at - invitation.created_at
    assert abs(validity - datetime.timedelta(days=30)) < datetime.timedelta(seconds=1)

    (mail,) = mailoutbox
    assert mail.to == [amina.user.email]
    assert "Firma Elektro" in mail.subject
    assert "Venez nous voir !" in mail.body
    # Rendered in Dutch: the links carry the student's language.
    assert f"/nl/me/invitations/{invitation.pk}/" in mail.body
    assert f"/nl/jobs/{offer.pk}/" in mail.body

    page = client.get(profile_url(amina)).content.decode()
    assert "Invitations déjà envoyées" in page
    assert "Envoyée" in page


def test_an_invitation_needs_one_of_the_companys_listed_offers(
    client, recruiter, amina, company, other_company
):
    OfferFactory(company=company, published=True)
    draft = OfferFactory(company=company)
    closed = OfferFactory(company=company, closed=True)
    foreign = OfferFactory(company=other_company, published=True)
    client.force_login(recruiter)
    for wrong in (draft, closed, foreign):
        response = client.post(invite_url(amina), {"offer": wrong.pk})
        assert response.status_code == 200
        assert "choisissez-la dans la liste" in response.content.decode()
        with pytest.raises(ValidationError):
            invite_to_apply(offer=wrong, student=amina, message="", by=recruiter)
    assert not OfferInvitation.objects.exists()


def test_a_company_without_a_listed_offer_is_told_to_publish_one(client, recruiter, amina):
    OfferFactory(company=recruiter.membership.company)  # a draft
    client.force_login(recruiter)
    page = client.get(profile_url(amina)).content.decode()
    assert "Publiez d'abord une offre" in page
    assert reverse("jobboard:company_offer_list") in page


def test_a_second_pending_invitation_to_the_same_offer_is_refused(
    client, recruiter, colleague, amina, offer
):
    invite_to_apply(offer=offer, student=amina, message="", by=recruiter)
    with pytest.raises(ValidationError, match="déjà une invitation en cours"):
        invite_to_apply(offer=offer, student=amina, message="", by=colleague)
    client.force_login(colleague)
    response = client.post(invite_url(amina), {"offer": offer.pk})
    assert "déjà une invitation en cours" in response.content.decode()
    assert OfferInvitation.objects.count() == 1


def test_a_student_who_applied_or_declined_is_not_invited_again(recruiter, amina, offer):
    Application.objects.create(offer=offer, student=amina)
    with pytest.raises(ValidationError, match="déjà postulé"):
        invite_to_apply(offer=offer, student=amina, message="", by=recruiter)
    other = OfferFactory(company=offer.company, published=True)
    OfferInvitationFactory(offer=other, student=amina, status=OfferInvitation.Status.DECLINED)
    with pytest.raises(ValidationError, match="décliné"):
        invite_to_apply(offer=other, student=amina, message="", by=recruiter)


def test_an_expired_invitation_can_be_renewed(recruiter, amina, offer):
    old = invite_to_apply(offer=offer, student=amina, message="", by=recruiter)
    OfferInvitation.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    renewed = invite_to_apply(offer=offer, student=amina, message="", by=recruiter)
    old.refresh_from_db()
    assert old.status == OfferInvitation.Status.EXPIRED
    assert renewed.status == OfferInvitation.Status.SENT


def test_a_student_not_opted_in_cannot_be_invited(recruiter, offer):
    hidden = StudentFactory(complete=True)
    with pytest.raises(ValidationError):
        invite_to_apply(offer=offer, student=hidden, message="", by=recruiter)


# --- The student's side ---------------------------------------------------------------------


@pytest.fixture
def invitation(student, offer):
    make_findable(student.student_profile)
    return OfferInvitationFactory(offer=offer, student=student.student_profile)


def test_the_student_sees_pending_invitations_first(client, student, invitation, company):
    answered = OfferInvitationFactory(
        offer=OfferFactory(company=company, published=True, title="Offre déjà déclinée"),
        student=invitation.student,
        status=OfferInvitation.Status.DECLINED,
        created_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    client.force_login(student)
    page = client.get(MY_INVITATIONS).content.decode()
    assert page.index(invitation.offer.title) < page.index(answered.offer.title)
    assert "Firma Elektro" in page
    assert "Déclinée" in page


def test_the_invitation_page_offers_to_apply_or_decline(client, student, invitation):
    client.force_login(student)
    page = client.get(detail_url(invitation)).content.decode()
    assert "Votre profil nous intéresse." in page
    apply = reverse("jobboard:offer_apply", kwargs={"pk": invitation.offer.pk})
    assert f"{apply}?invitation={invitation.pk}" in page
    assert decline_url(invitation) in page


def test_the_student_declines(client, student, invitation, recruiter):
    client.force_login(student)
    response = client.post(decline_url(invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.DECLINED
    assert invitation.responded_at is not None
    page = client.get(detail_url(invitation)).content.decode()
    assert "Tu as décliné cette invitation" in page
    assert decline_url(invitation) not in page

    # Twice is refused with a message, and nothing changes.
    response = client.post(decline_url(invitation), follow=True)
    assert "Tu as déjà répondu" in response.content.decode()

    client.force_login(recruiter)
    assert "Déclinée" in client.get(profile_url(invitation.student)).content.decode()


def test_another_students_invitation_is_a_404(client, other_student, invitation):
    client.force_login(other_student)
    assert client.get(detail_url(invitation)).status_code == 404
    assert client.post(decline_url(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.SENT


def test_an_invitation_expires_after_30_days(client, student, recruiter, offer):
    profile = make_findable(student.student_profile)
    invitation = invite_to_apply(offer=offer, student=profile, message="", by=recruiter)
    fresh = OfferInvitationFactory(offer=OfferFactory(published=True), student=profile)

    assert expire_invitations(timezone.now() + datetime.timedelta(days=29)) == 0
    # Past its date, the page says so and offers nothing, even before the command runs.
    OfferInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(student)
    page = client.get(detail_url(invitation)).content.decode()
    assert "Cette invitation a expiré" in page
    assert "?invitation=" not in page
    assert decline_url(invitation) not in page
    assert client.post(decline_url(invitation)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.SENT

    call_command("expire_offer_invitations")
    invitation.refresh_from_db()
    fresh.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.EXPIRED
    assert fresh.status == OfferInvitation.Status.SENT
    assert "Cette invitation a expiré" in client.get(detail_url(invitation)).content.decode()
    assert "Expirée" in client.get(MY_INVITATIONS).content.decode()


def test_an_invitation_to_an_offer_that_closed_cannot_be_answered_by_applying(
    client, student, invitation
):
    invitation.offer.close()
    invitation.offer.save()
    client.force_login(student)
    page = client.get(detail_url(invitation)).content.decode()
    assert "n'est plus ouverte aux candidatures" in page
    assert "?invitation=" not in page


def test_applying_answers_the_invitation(client, student, invitation, recruiter):
    from jobboard.applying import apply

    apply(
        offer=invitation.offer,
        student=invitation.student,
        message="Avec plaisir.",
        invitation=invitation,
        by=student,
    )
    invitation.refresh_from_db()
    assert invitation.status == OfferInvitation.Status.ACCEPTED
    client.force_login(student)
    page = client.get(detail_url(invitation)).content.decode()
    assert "Tu as accepté cette invitation et postulé" in page
    assert decline_url(invitation) not in page
    client.force_login(recruiter)
    assert "Acceptée" in client.get(profile_url(invitation.student)).content.decode()
