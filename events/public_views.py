"""Public pages of the meeting days: the list, and one day's programme and companies."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from campus_portal.roles import for_user
from companies.membership import active_membership
from companies.models import Company
from events.meeting_days import company_window, student_window
from events.models import MeetingDay, Participation, Registration
from events.participation import EDITABLE_STATUSES
from students.models import Track

PAST_DAYS = 6
ACCEPTED_VERIFIED = Q(
    participations__status=Participation.Status.ACCEPTED,
    participations__company__status=Company.Status.VERIFIED,
)


def meetingday_list(request):
    today = timezone.localdate()
    days = MeetingDay.objects.public().annotate(
        company_count=Count("participations", filter=ACCEPTED_VERIFIED)
    )
    upcoming = list(days.filter(date__gte=today).order_by("date"))
    for day in upcoming:
        day.company_window, day.student_window = company_window(day), student_window(day)
    past = days.filter(date__lt=today).order_by("-date")[:PAST_DAYS]
    return render(request, "events/meetingday_list.html", {"upcoming": upcoming, "past": past})


def accepted_participations(day: MeetingDay):
    """Who is coming: accepted companies that are verified, with the tracks they seek."""
    return (
        day.participations.filter(
            status=Participation.Status.ACCEPTED, company__status=Company.Status.VERIFIED
        )
        .select_related("company")
        .prefetch_related(
            Prefetch("tracks", queryset=Track.objects.select_related("sector").order_by("name"))
        )
        .order_by("company__name")
    )


def _viewer_state(role: str | None, user) -> dict:
    """Annotations of the day for the viewer: a student's registration status, or the id
    of the viewer's company's participation; looked up in the day's own query."""
    if role == "student":
        mine = Registration.objects.filter(meeting_day=OuterRef("pk"), student__user_id=user.pk)
        return {"viewer_registration_status": Subquery(mine.values("status")[:1])}
    membership = active_membership(user) if role == "company" else None
    if membership is not None:
        ours = Participation.objects.filter(
            meeting_day=OuterRef("pk"), company_id=membership.company_id
        )
        return {"viewer_participation_id": Subquery(ours.values("pk")[:1])}
    return {}


def _viewer(request, role: str | None, day: MeetingDay, participations: list) -> dict:
    """What the viewer's role has to do with the day: their participation or registration."""
    viewer = {"role": role}
    if role == "company":
        membership = active_membership(request.user)
        if membership is not None:
            viewer["company"] = membership.company
            # An accepted participation is among the day's companies already.
            wanted = day.viewer_participation_id
            participation = next((p for p in participations if p.pk == wanted), None)
            if wanted is not None and participation is None:
                participation = Participation.objects.get(pk=wanted)
            viewer["participation"] = participation
            viewer["can_edit"] = (
                participation is not None
                and participation.status in EDITABLE_STATUSES
                and day.company_registration_is_open
                and membership.company.status == Company.Status.VERIFIED
            )
    elif role == "student" and (status := day.viewer_registration_status):
        viewer["registration_status"] = status
        viewer["registration_label"] = Registration.Status(status).label
    return viewer


def meetingday_detail(request, slug: str):
    role = for_user(request.user)
    role = role.key if role else None
    day = get_object_or_404(
        MeetingDay.objects.public()
        .annotate(**_viewer_state(role, request.user))
        .prefetch_related(Prefetch("tracks", queryset=Track.objects.order_by("name"))),
        slug=slug,
    )
    participations = list(accepted_participations(day))
    slots = day.slots()
    context = {
        "day": day,
        "is_past": day.date < timezone.localdate(),
        "breaks": day.parsed_breaks(),
        "slot_count": len(slots),
        "first_slot": slots[0][0] if slots else None,
        "last_slot": slots[-1][1] if slots else None,
        "company_window": company_window(day),
        "student_window": student_window(day),
        "participations": participations,
        "viewer": _viewer(request, role, day, participations),
    }
    return render(request, "events/meetingday_detail.html", context)
