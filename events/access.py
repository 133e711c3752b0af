"""A booked meeting shows the company the student's profile and CV until 3 months after."""

import calendar
from datetime import date

from django.utils import timezone

from companies.membership import active_membership
from companies.models import Company
from events.models import Meeting, Participation, Registration
from events.schedules import PUBLISHED_STATUSES
from students.models import StudentProfile

ACCESS_MONTHS = 3


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it has fewer)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def met_at_meeting_day(viewer, profile: StudentProfile) -> bool:
    """Whether `viewer` is an active member of a verified company that has a meeting with
    `profile` in a published schedule of a day at most three months ago (or to come)."""
    membership = active_membership(viewer)
    if membership is None or membership.company.status != Company.Status.VERIFIED:
        return False
    since = months_before(timezone.localdate(), ACCESS_MONTHS)
    return Meeting.objects.filter(
        registration__student=profile,
        registration__status__in=Registration.ACTIVE_STATUSES,
        participation__company_id=membership.company_id,
        participation__status=Participation.Status.ACCEPTED,
        meeting_day__status__in=PUBLISHED_STATUSES,
        meeting_day__date__gte=since,
    ).exists()
