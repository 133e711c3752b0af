"""A company's team: invitations by email, join requests, roles, leaving and removal."""

import html
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from companies import services, team
from companies.models import Membership, TeamInvitation
from tests.companies.factories import MembershipFactory, RecruiterFactory, TeamInvitationFactory

TEAM = reverse("companies:team")
INVITE = reverse("companies:team_invite")
LEAVE = reverse("companies:team_leave")


def member_url(membership) -> str:
    return reverse("companies:member_action", kwargs={"pk": membership.pk})


def revoke_url(invitation) -> str:
    return reverse("companies:invitation_revoke", kwargs={"pk": invitation.pk})


def link_in(message) -> str:
    return urlparse(re.search(r"https?://\S+/company/join/\S+/", message.body).group()).path


def newcomer(email="nieuw@firma.be", language="fr"):
    """A company-member account with no company yet."""
    return RecruiterFactory(
        user__email=email, user__first_name="Lotte", user__preferred_language=language
    ).user


def invite(client, capture, **data):
    with capture(execute=True):
        return client.post(
            INVITE, {"email": "nieuw@firma.be", "role": "recruiter", "language": "fr", **data}
        )


def page(response) -> str:
    """The page's text, with the escaped apostrophes of French turned back."""
    return html.unescape(response.content.decode())


# --- Inviting and accepting ---------------------------------------------------------------


def test_invitation_mail_in_the_chosen_language_and_its_link_makes_a_member(
    client, recruiter, company, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(recruiter)
    response = invite(
        client, django_capture_on_commit_callbacks, email=" Nieuw@Firma.be ", language="nl"
    )

    assert response.status_code == 302
    assert response.url == TEAM
    invitation = TeamInvitation.objects.get(company=company)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "nieuw@firma.be",
        Membership.Role.RECRUITER,
        recruiter,
    )
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    [message] = mailoutbox
    assert message.to == ["nieuw@firma.be"]
    assert "Firma Elektro" in message.subject
    # Rendered in Dutch: the link leads to the Dutch pages, the date has a Dutch month.
    assert link_in(message) == f"/nl/company/join/{invitation.token}/"
    with translation.override("nl"):
        expiry = formats.date_format(timezone.localtime(invitation.expires_at), "j F Y")
    assert expiry in message.body

    # The team page lists the open invitation.
    assert "nieuw@firma.be" in page(client.get(TEAM))

    # The invited colleague opens the link (in French here), sees the invitation, accepts it.
    lotte = newcomer()
    client.force_login(lotte)
    french_link = link_in(message).replace("/nl/", "/fr/", 1)
    response = client.get(french_link)
    assert response.status_code == 200
    assert "Firma Elektro" in page(response)
    assert "Rejoindre l'équipe" in page(response)

    response = client.post(french_link, follow=True)
    assert response.redirect_chain[0] == (reverse("companies:area"), 302)
    assert "Bienvenue dans l'équipe de Firma Elektro" in page(response)
    membership = Membership.objects.get(user=lotte)
    assert (membership.company, membership.role, membership.status) == (
        company,
        Membership.Role.RECRUITER,
        Membership.Status.ACTIVE,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == lotte
    assert invitation.accepted_at is not None
    assert client.get(TEAM).status_code == 200


def test_an_owner_can_invite_a_co_owner(
    client, recruiter, company, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    invite(client, django_capture_on_commit_callbacks, role="owner")
    invitation = TeamInvitation.objects.get(company=company)

    lotte = newcomer()
    team.accept_invitation(invitation=invitation, user=lotte)

    assert lotte.membership.is_owner


def test_a_reused_link_is_refused(client, company, recruiter):
    invitation = TeamInvitationFactory(company=company, email="nieuw@firma.be")
    lotte = newcomer()
    client.force_login(lotte)
    assert client.post(invitation.get_absolute_url()).status_code == 302
    client.post(LEAVE)
    assert not Membership.objects.filter(user=lotte).exists()

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 200
    assert "Cette invitation a déjà été utilisée" in page(response)
    assert "Rejoindre l'équipe" not in page(response)
    assert not Membership.objects.filter(user=lotte).exists()


def test_an_expired_link_is_refused(client, company, recruiter):
    invitation = TeamInvitationFactory(
        company=company, email="nieuw@firma.be", expires_at=timezone.now() - timedelta(minutes=1)
    )
    lotte = newcomer()
    client.force_login(lotte)

    for response in (
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ):
        assert response.status_code == 200
        assert "Cette invitation a expiré" in page(response)
    assert not Membership.objects.filter(user=lotte).exists()
    with pytest.raises(ValidationError):
        team.accept_invitation(invitation=invitation, user=lotte)


def test_a_link_accepted_by_another_address_is_refused(client, company, recruiter):
    invitation = TeamInvitationFactory(company=company, email="nieuw@firma.be")
    someone_else = newcomer(email="autre@firma.be")
    # An address added to the account but never confirmed proves nothing.
    EmailAddress.objects.create(user=someone_else, email="nieuw@firma.be", verified=False)
    client.force_login(someone_else)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 200
    assert "Cette invitation a été envoyée à nieuw@firma.be" in page(response)
    assert "Me déconnecter et changer de compte" in page(response)
    assert not Membership.objects.filter(user=someone_else).exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_any_confirmed_address_of_the_account_matches_whatever_its_case(company, recruiter):
    invitation = TeamInvitationFactory(company=company, email="Lotte.Work@Firma.be")
    lotte = newcomer(email="lotte@gmail.com")
    EmailAddress.objects.create(user=lotte, email="lotte.work@firma.be", verified=True)

    membership = team.accept_invitation(invitation=invitation, user=lotte)

    assert membership.company == company


@pytest.mark.parametrize("persona", ["student", "staff"])
def test_a_student_or_staff_account_cannot_join(client, company, recruiter, persona, request):
    user = request.getfixturevalue(persona)
    invitation = TeamInvitationFactory(company=company, email=user.email)
    client.force_login(user)

    for response in (
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ):
        assert response.status_code == 403
        assert "Ce compte ne peut pas rejoindre une entreprise" in page(response)
    assert not Membership.objects.filter(user=user).exists()
    with pytest.raises(ValidationError):
        team.accept_invitation(invitation=invitation, user=user)


def test_someone_already_in_a_company_cannot_accept(client, colleague, other_company):
    invitation = TeamInvitationFactory(company=other_company, email=colleague.email)
    client.force_login(colleague)

    response = client.post(invitation.get_absolute_url())

    assert response.status_code == 200
    assert "Vous faites déjà partie d'une entreprise" in page(response)
    assert colleague.membership.company.name == "Firma Elektro"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_someone_with_a_pending_join_request_cannot_accept(client, company, other_company):
    lotte = newcomer()
    MembershipFactory(company=other_company, user=lotte, requested=True)
    invitation = TeamInvitationFactory(company=company, email=lotte.email)
    client.force_login(lotte)

    response = client.post(invitation.get_absolute_url())

    assert "Votre demande pour rejoindre une entreprise est en cours" in page(response)
    assert Membership.objects.get(user=lotte).company == other_company


def test_a_visitor_is_asked_to_log_in_with_the_invited_address(client, company):
    invitation = TeamInvitationFactory(company=company, email="nieuw@firma.be")

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 200
    next_param = f"?next={invitation.get_absolute_url()}"
    assert f'href="{reverse("account_login")}{next_param}"' in page(response)
    assert f'href="{reverse("account_signup")}{next_param}"' in page(response)
    assert "nieuw@firma.be" in page(response)
    assert client.post(invitation.get_absolute_url()).status_code == 200
    assert not TeamInvitation.objects.get(pk=invitation.pk).accepted_at


def test_an_unknown_link_is_404(client, colleague):
    client.force_login(colleague)
    url = reverse("companies:invitation_accept", kwargs={"token": "not-a-real-token"})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_an_address_already_in_a_company_cannot_be_invited(
    client, recruiter, other_recruiter, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(recruiter)

    response = invite(client, django_capture_on_commit_callbacks, email="MARC@autre.be")

    assert response.status_code == 200
    assert "Cette adresse fait déjà partie d'une entreprise" in page(response)
    assert 'value="MARC@autre.be"' in page(response)  # what was typed is kept
    assert not TeamInvitation.objects.exists()
    assert mailoutbox == []


def test_an_invalid_address_is_refused_next_to_the_field(client, recruiter):
    client.force_login(recruiter)
    response = client.post(
        INVITE, {"email": "pas-une-adresse", "role": "recruiter", "language": "fr"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not TeamInvitation.objects.exists()


def test_inviting_again_sends_a_fresh_link_and_the_old_one_stops_working(
    client, recruiter, company, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(recruiter)
    invite(client, django_capture_on_commit_callbacks)
    old_link = link_in(mailoutbox[0])

    invite(client, django_capture_on_commit_callbacks, email="NIEUW@firma.be", role="owner")

    invitation = TeamInvitation.objects.get(company=company)
    assert len(mailoutbox) == 2
    assert link_in(mailoutbox[1]) == f"/fr/company/join/{invitation.token}/" != old_link
    assert invitation.role == Membership.Role.OWNER
    assert client.get(old_link).status_code == 404


def test_an_owner_revokes_an_invitation(client, recruiter, company):
    invitation = TeamInvitationFactory(company=company)
    client.force_login(recruiter)

    response = client.post(revoke_url(invitation))

    assert response.status_code == 302
    assert not TeamInvitation.objects.filter(pk=invitation.pk).exists()
    assert client.get(invitation.get_absolute_url()).status_code == 404


# --- Join requests ------------------------------------------------------------------------


def test_a_join_request_mails_the_owners_with_a_link_to_the_team_page(
    recruiter, colleague, company, django_capture_on_commit_callbacks, mailoutbox
):
    lotte = newcomer()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(company=company, by=lotte)

    [message] = mailoutbox
    assert message.to == [recruiter.email]  # the owner, not the recruiter colleague
    assert "Firma Elektro" in message.subject
    assert "nieuw@firma.be" in message.body
    assert "/fr/company/team/" in message.body


def test_an_owner_approves_a_join_request(
    client, recruiter, company, django_capture_on_commit_callbacks, mailoutbox
):
    lotte = newcomer(language="nl")
    request = MembershipFactory(company=company, user=lotte, requested=True)
    client.force_login(recruiter)
    assert "nieuw@firma.be" in page(client.get(TEAM))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(member_url(request), {"action": "approve"})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.role) == (Membership.Status.ACTIVE, Membership.Role.RECRUITER)
    [message] = mailoutbox
    assert message.to == ["nieuw@firma.be"]
    assert "Firma Elektro" in message.body
    assert "/nl/company/" in message.body  # in the requester's language

    # Approving twice does nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(member_url(request), {"action": "approve"})
    assert len(mailoutbox) == 1


def test_an_owner_refuses_a_join_request(
    client, recruiter, company, django_capture_on_commit_callbacks, mailoutbox
):
    lotte = newcomer(language="en")
    request = MembershipFactory(company=company, user=lotte, requested=True)
    client.force_login(recruiter)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(member_url(request), {"action": "refuse"})

    assert response.status_code == 302
    assert not Membership.objects.filter(user=lotte).exists()
    [message] = mailoutbox
    assert message.to == ["nieuw@firma.be"]
    assert "Firma Elektro" in message.subject
    assert "/en/company/" in message.body


# --- Roles, removal, leaving --------------------------------------------------------------


def test_an_owner_changes_a_colleagues_role(client, recruiter, colleague):
    client.force_login(recruiter)

    client.post(member_url(colleague.membership), {"action": "make_owner"})
    colleague.membership.refresh_from_db()
    assert colleague.membership.role == Membership.Role.OWNER

    # With two owners, one may step down.
    client.post(member_url(recruiter.membership), {"action": "make_recruiter"})
    recruiter.membership.refresh_from_db()
    assert recruiter.membership.role == Membership.Role.RECRUITER


def test_the_last_owner_can_neither_step_down_be_removed_nor_leave(client, recruiter, colleague):
    own = recruiter.membership
    client.force_login(recruiter)

    for url, data in (
        (member_url(own), {"action": "make_recruiter"}),
        (member_url(own), {"action": "remove"}),
        (LEAVE, {}),
    ):
        response = client.post(url, data, follow=True)
        assert "L'entreprise doit garder au moins un·e responsable" in page(response)
        own.refresh_from_db()
        assert own.is_owner

    for action in (
        lambda: team.change_role(membership=own, role=Membership.Role.RECRUITER, by=recruiter),
        lambda: team.remove_member(membership=own, by=recruiter),
        lambda: team.leave(membership=own),
    ):
        with pytest.raises(ValidationError):
            action()
    assert Membership.objects.owners().get().user == recruiter


def test_a_recruiter_leaves_the_team(client, colleague, company):
    client.force_login(colleague)
    response = client.post(LEAVE)
    assert response.url == reverse("companies:area")
    assert not Membership.objects.filter(user=colleague).exists()


def test_a_removed_colleague_loses_access_to_the_company_area(client, recruiter, colleague):
    invitation = TeamInvitationFactory(company=recruiter.membership.company)
    client.force_login(recruiter)
    client.post(member_url(colleague.membership), {"action": "remove"})
    assert not Membership.objects.filter(user=colleague).exists()

    client.force_login(colleague)
    assert client.get(TEAM).url == reverse("companies:area")
    response = client.get(reverse("companies:area"))
    assert "companies/onboarding.html" in [template.name for template in response.templates]
    assert "Firma Elektro" not in page(response)
    assert client.post(LEAVE).url == reverse("companies:area")
    assert client.post(INVITE, {"email": "x@firma.be"}).url == reverse("companies:area")
    assert client.post(revoke_url(invitation)).url == reverse("companies:area")


# --- Who may do what ----------------------------------------------------------------------


def test_a_recruiter_sees_the_team_but_not_the_owners_forms(client, recruiter, colleague):
    client.force_login(colleague)
    response = client.get(TEAM)
    assert response.status_code == 200
    assert "Pieter" in page(response)
    assert "Envoyer l'invitation" not in page(response)
    assert 'value="remove"' not in page(response)


def test_a_recruiter_gets_403_on_owner_actions(client, recruiter, colleague, company):
    invitation = TeamInvitationFactory(company=company)
    request = MembershipFactory(company=company, requested=True)
    client.force_login(colleague)

    assert (
        client.post(INVITE, {"email": "x@firma.be", "role": "owner", "language": "fr"}).status_code
        == 403
    )
    for action in ("approve", "refuse"):
        assert client.post(member_url(request), {"action": action}).status_code == 403
    for action in ("make_owner", "make_recruiter", "remove"):
        assert client.post(member_url(recruiter.membership), {"action": action}).status_code == 403
        assert client.post(member_url(colleague.membership), {"action": action}).status_code == 403
    assert client.post(revoke_url(invitation)).status_code == 403

    assert not TeamInvitation.objects.exclude(pk=invitation.pk).exists()
    assert Membership.objects.get(pk=request.pk).status == Membership.Status.REQUESTED
    assert Membership.objects.owners().get().user == recruiter


def test_another_companys_owner_gets_404_on_its_members_and_invitations(
    client, recruiter, colleague, other_recruiter, company
):
    invitation = TeamInvitationFactory(company=company)
    request = MembershipFactory(company=company, requested=True)
    client.force_login(other_recruiter)

    for action in ("approve", "refuse", "make_owner", "make_recruiter", "remove"):
        for membership in (recruiter.membership, colleague.membership, request):
            assert client.post(member_url(membership), {"action": action}).status_code == 404
    assert client.post(revoke_url(invitation)).status_code == 404
    assert "sofie@firma.be" not in page(client.get(TEAM))

    assert TeamInvitation.objects.filter(pk=invitation.pk).exists()
    assert Membership.objects.filter(company=company).count() == 3


def test_an_unknown_action_is_a_bad_request(client, recruiter, colleague):
    client.force_login(recruiter)
    assert client.post(member_url(colleague.membership), {"action": "promote"}).status_code == 400
    assert client.post(member_url(colleague.membership)).status_code == 400


def test_team_actions_are_post_only(client, recruiter, colleague):
    client.force_login(recruiter)
    assert client.get(member_url(colleague.membership), {"action": "remove"}).status_code == 405
    assert Membership.objects.filter(user=colleague).exists()
