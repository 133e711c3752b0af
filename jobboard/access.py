"""The job board's rules in the access registry: a company sees its applicants and the
students opted in to the talent search."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from companies.membership import active_membership
from companies.models import Company
from jobboard.models import Application
from students.models import StudentProfile

# DESIGN.md: a company sees an applicant's profile and CV until 12 months after the
# application closes.
APPLICATION_ACCESS_DAYS = 365  # 12 months


def applicant_of_viewers_company(viewer, profile: StudentProfile) -> bool:
    """Whether `viewer` is an active member of a verified company to one of whose offers
    `profile` applied, the application being open or closed less than 12 months ago."""
    membership = active_membership(viewer)
    if membership is None or membership.company.status != Company.Status.VERIFIED:
        return False
    since = timezone.now() - timedelta(days=APPLICATION_ACCESS_DAYS)
    return (
        Application.objects.filter(student=profile, offer__company_id=membership.company_id)
        .filter(Q(status__in=Application.OPEN_STATUSES) | Q(closed_at__gt=since))
        .exists()
    )


def opted_in_to_talent_search(viewer, profile: StudentProfile) -> bool:
    """Whether `viewer` is an active member of a verified company and `profile` is opted in
    to the talent search: revoking the opt-in closes this access at once."""
    if not profile.talent_search_opt_in or not profile.user.is_active:
        return False
    membership = active_membership(viewer)
    return membership is not None and membership.company.status == Company.Status.VERIFIED
