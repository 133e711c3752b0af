"""What the companies app stores about a user, for export and erasure."""

from campus_portal.personal_data import Section
from companies.models import RecruiterProfile


def export_recruiter(user) -> dict | None:
    profile = RecruiterProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {"created_at": profile.created_at}


RECRUITER_SECTION = Section(
    key="company_member",
    models=(RecruiterProfile,),
    export=export_recruiter,
)
