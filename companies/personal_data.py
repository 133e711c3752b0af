"""What the companies app stores about a user, for export and erasure."""

from campus_portal.personal_data import Section
from companies.models import Company, Membership, RecruiterProfile, TeamInvitation


def export_company_member(user) -> dict | None:
    profile = RecruiterProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    membership = Membership.objects.filter(user=user).select_related("company").first()
    return {
        "created_at": profile.created_at,
        "membership": {
            "company": membership.company.name,
            "role": membership.get_role_display(),
            "status": membership.get_status_display(),
            "since": membership.created_at,
        }
        if membership
        else None,
        "companies_created": list(
            Company.objects.filter(created_by=user).values_list("name", flat=True)
        ),
        "invitations_sent": [
            {
                "email": invitation.email,
                "company": invitation.company.name,
                "sent_at": invitation.created_at,
            }
            for invitation in TeamInvitation.objects.filter(invited_by=user).select_related(
                "company"
            )
        ],
    }


def erase_company_member(user) -> None:
    """Memberships go with the account; open invitations to its address go too. The
    company stays: it belongs to the other members."""
    TeamInvitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()


RECRUITER_SECTION = Section(
    key="company_member",
    models=(RecruiterProfile, Membership, TeamInvitation, Company),
    export=export_company_member,
    erase=erase_company_member,
)
