from tests.permission_table import RECRUITERS, Row, everyone, only

ROWS = [
    Row("companies:area", only(RECRUITERS)),
    Row("companies:profile", only(RECRUITERS)),
    Row("companies:join_request", everyone(405)),  # a POST-only action
    Row("companies:resubmit", everyone(405)),  # a POST-only action
]


def a_verified_company(persona):
    """A verified company of nobody among the personas: its page is public."""
    from tests.companies.factories import CompanyFactory

    return {"slug": CompanyFactory(verified=True, slug="atelier-public").slug}


def a_pending_company(persona):
    """A company staff have not verified yet: absent from public pages, even for staff."""
    from tests.companies.factories import CompanyFactory

    return {"slug": CompanyFactory(slug="atelier-en-attente").slug}


# The public directory: every persona reads it, logged in or not.
ROWS += [
    Row("companies:company_list", everyone(200)),
    Row("companies:company_detail", everyone(200), setup=a_verified_company),
    Row("companies:company_detail", everyone(404), setup=a_pending_company),
]


def colleagues_membership(persona):
    """The membership of `colleague` at `company`: `recruiter` and `colleague`'s team."""
    return {"pk": persona("colleague").membership.pk}


def an_invitation_of_company(persona):
    """An open invitation of `company` (the team of `recruiter` and `colleague`)."""
    from tests.companies.factories import TeamInvitationFactory

    return {"pk": TeamInvitationFactory(company=persona("company")).pk}


def an_open_team_invitation(persona):
    """A usable link to `company`'s team, sent to an address none of the personas has."""
    from tests.companies.factories import TeamInvitationFactory

    invitation = TeamInvitationFactory(company=persona("company"), email="nouveau@firma.be")
    return {"token": invitation.token}


# The team: every member reads their own team; the actions are POST-only (tests/companies/
# test_team.py checks who may take them, and that another company's objects are 404).
ROWS += [
    Row("companies:team", only(RECRUITERS)),
    Row("companies:team_invite", everyone(405)),
    Row("companies:member_action", everyone(405), setup=colleagues_membership),
    Row("companies:invitation_revoke", everyone(405), setup=an_invitation_of_company),
    Row("companies:team_leave", everyone(405)),
    # A made-up or revoked link is a 404 for everyone.
    Row("companies:invitation_accept", everyone(404), {"token": "not-a-real-token"}),
    # A real link: visitors are asked to log in; students and staff are refused (403);
    # company members are told on the page why they cannot accept someone else's link.
    Row(
        "companies:invitation_accept",
        {**everyone(200), "student": 403, "other_student": 403, "staff": 403},
        setup=an_open_team_invitation,
    ),
]


def a_need_of_company(persona):
    """A need of `company`: its members edit it, other_recruiter gets 404."""
    from tests.companies.factories import NeedFactory

    return {"pk": NeedFactory(company=persona("recruiter").membership.company).pk}


# Needs: company members only (staff use the admin), each company its own.
ROWS += [
    Row("companies:need_list", only(RECRUITERS)),
    Row("companies:need_create", only(RECRUITERS)),
    Row(
        "companies:need_update",
        {**only(RECRUITERS), "other_recruiter": 404},
        setup=a_need_of_company,
    ),
]
