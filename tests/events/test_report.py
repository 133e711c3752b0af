"""The event report: figures that match hand counts, a constant number of queries, CSV."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Meeting, Participation, Registration
from events.report import day_report, report_csv
from jobboard.models import Application
from tests.companies.factories import CompanyFactory
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.jobboard.factories import ApplicationFactory, OfferFactory
from tests.students.factories import SectorFactory, StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db

ST = Registration.Status


def past_day(**kwargs):
    return MeetingDayFactory(
        date=timezone.localdate() - datetime.timedelta(days=3),
        status="held",
        **kwargs,
    )


def build_day(scale: int = 1):
    """A small day made by hand (multiplied by `scale` for the query-count test)."""
    day = past_day()
    metal = SectorFactory(name_fr="Industrie")
    care = SectorFactory(name_fr="Services aux personnes")
    welder = TrackFactory(sector=metal, name_fr="Soudeur·euse")
    mechanic = TrackFactory(sector=metal, name_fr="Mécanicien·ne")
    carer = TrackFactory(sector=care, name_fr="Aide-soignant·e")
    tracks = [welder, mechanic, carer]
    for n in range(scale):
        firm_a = CompanyFactory(verified=True, sectors=[metal])
        firm_b = CompanyFactory(verified=True, sectors=[care])
        firm_c = CompanyFactory(verified=True, sectors=[metal, care])
        firm_d = CompanyFactory(verified=True)  # no sector
        a = ParticipationFactory(
            meeting_day=day,
            company=firm_a,
            accepted=True,
            tracks=[welder, mechanic],
            checked_in_at=timezone.now(),
        )
        b = ParticipationFactory(meeting_day=day, company=firm_b, accepted=True, tracks=[carer])
        ParticipationFactory(meeting_day=day, company=firm_c, tracks=[welder])  # requested
        ParticipationFactory(
            meeting_day=day, company=firm_d, status=Participation.Status.DECLINED, tracks=[carer]
        )
        regs = {}
        for key, track, status in [
            ("r1", welder, ST.PRESENT),
            ("r2", welder, ST.NO_SHOW),
            ("r3", carer, ST.PRESENT),
            ("r4", mechanic, ST.CANCELLED),
            ("r5", mechanic, ST.WAITLISTED),
            ("r6", mechanic, ST.REGISTERED),
        ]:
            regs[key] = RegistrationFactory(
                meeting_day=day, student=StudentFactory(track=track), status=status
            )
        r1, r2, r3 = regs["r1"], regs["r2"], regs["r3"]
        slot = 10 * n
        Meeting.objects.create(
            meeting_day=day,
            registration=r1,
            participation=a,
            slot_index=slot,
            rank=1,
            rating=4,
            follow_up=Meeting.FollowUp.OFFER,
        )
        Meeting.objects.create(
            meeting_day=day,
            registration=r3,
            participation=a,
            slot_index=slot + 1,
            kind=Meeting.Kind.EXTRA,
            rating=3,
            follow_up=Meeting.FollowUp.INTERVIEW,
        )
        Meeting.objects.create(  # company b never came
            meeting_day=day, registration=r1, participation=b, slot_index=slot + 2, rank=2
        )
        Meeting.objects.create(  # the student never came
            meeting_day=day, registration=r2, participation=a, slot_index=slot + 3, rank=1
        )
        Meeting.objects.create(
            meeting_day=day,
            registration=r3,
            participation=b,
            slot_index=slot + 4,
            rank=1,
            rating=2,
            follow_up=Meeting.FollowUp.NONE,
        )
        offer_a, offer_a2 = OfferFactory(company=firm_a), OfferFactory(company=firm_a)
        offer_b = OfferFactory(company=firm_b)
        ApplicationFactory(offer=offer_a, student=r1.student)  # from the day
        ApplicationFactory(offer=offer_b, student=r1.student)  # b never came: no
        ApplicationFactory(offer=offer_a2, student=r2.student)  # r2 never came: no
        hired = ApplicationFactory(
            offer=offer_a2, student=r3.student, status=Application.Status.HIRED
        )  # from the day, and a hire
        before = ApplicationFactory(offer=offer_a, student=r3.student)  # before the day: no
        Application.objects.filter(pk=before.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=10)
        )
        ApplicationFactory(offer=OfferFactory(), student=r1.student)  # never met: no
        assert hired
    return day, tracks, [metal, care]


def independent_counts(day):
    """The same figures, counted in Python over every row, without the report's queries."""
    parts = list(Participation.objects.filter(meeting_day=day).prefetch_related("tracks"))
    regs = list(Registration.objects.filter(meeting_day=day).select_related("student"))
    meetings = list(
        Meeting.objects.filter(meeting_day=day).select_related("registration", "participation")
    )
    held = [
        m for m in meetings if m.registration.status == ST.PRESENT and m.participation.checked_in_at
    ]
    pairs = {(m.registration.student_id, m.participation.company_id) for m in held}
    start = timezone.make_aware(datetime.datetime.combine(day.date, datetime.time.min))
    outcomes = [
        a
        for a in Application.objects.select_related("offer")
        if (a.student_id, a.offer.company_id) in pairs and a.created_at >= start
    ]
    return {
        "companies": {
            "registered": len(parts),
            "accepted": sum(p.status == "accepted" for p in parts),
            "present": sum(p.checked_in_at is not None for p in parts),
        },
        "students": {
            "registered": sum(r.status in ("registered", "present", "no_show") for r in regs),
            "waitlisted": sum(r.status == "waitlisted" for r in regs),
            "cancelled": sum(r.status == "cancelled" for r in regs),
            "present": sum(r.status == "present" for r in regs),
            "no_show": sum(r.status == "no_show" for r in regs),
        },
        "meetings": {
            "planned": len(meetings),
            "wished": sum(m.kind == "wish" for m in meetings),
            "extra": sum(m.kind == "extra" for m in meetings),
            "held": len(held),
        },
        "follow_ups": {
            "rated": sum(m.rating is not None for m in meetings),
            "none": sum(m.follow_up == "none" for m in meetings),
            "offer": sum(m.follow_up == "offer" for m in meetings),
            "interview": sum(m.follow_up == "interview" for m in meetings),
            "internship": sum(m.follow_up == "internship" for m in meetings),
        },
        "outcomes": {
            "applications": len(outcomes),
            "hires": sum(a.status == "hired" for a in outcomes),
        },
        "_regs": regs,
        "_meetings": meetings,
        "_held": held,
        "_outcomes": outcomes,
        "_parts": parts,
    }


def test_totals_match_hand_counts():
    day, _tracks, _sectors = build_day()
    report = day_report(day)
    expected = independent_counts(day)
    for section in ("companies", "students", "meetings", "follow_ups", "outcomes"):
        assert report[section]["total"] == expected[section], section
    # And the numbers the story of the day says, written out.
    assert report["companies"]["total"] == {"registered": 4, "accepted": 2, "present": 1}
    assert report["students"]["total"]["no_show"] == 1
    assert report["meetings"]["total"]["planned"] == 5
    assert report["meetings"]["total"]["held"] == 2
    assert report["outcomes"]["total"] == {"applications": 2, "hires": 1}


def test_rows_per_track_and_sector_match_hand_counts():
    day, (welder, mechanic, carer), (metal, care) = build_day()
    report = day_report(day)
    expected = independent_counts(day)

    def row(section, dimension, pk):
        return next(r for r in report[section][dimension] if r["pk"] == pk)["values"]

    for track in (welder, mechanic, carer):
        students = [r for r in expected["_regs"] if r.student.track_id == track.pk]
        assert row("students", "by_track", track.pk)["present"] == sum(
            r.status == "present" for r in students
        )
        held = [m for m in expected["_held"] if m.registration.student.track_id == track.pk]
        assert row("meetings", "by_track", track.pk)["held"] == len(held)
        companies = [p for p in expected["_parts"] if track in p.tracks.all()]
        assert row("companies", "by_track", track.pk)["registered"] == len(companies)
    outcomes_metal = [a for a in expected["_outcomes"] if a.student.track.sector_id == metal.pk]
    assert row("outcomes", "by_sector", metal.pk)["applications"] == len(outcomes_metal) == 1
    assert row("outcomes", "by_sector", care.pk)["hires"] == 1
    # A company with two sectors counts in both; one without any is on its own row.
    assert row("companies", "by_sector", metal.pk)["registered"] == 2
    assert row("companies", "by_sector", care.pk)["registered"] == 2
    assert row("companies", "by_sector", None)["registered"] == 1
    assert row("companies", "by_track", welder.pk)["accepted"] == 1


def test_query_count_does_not_grow_with_the_day():
    small, *_ = build_day(scale=1)
    big, *_ = build_day(scale=4)
    with CaptureQueriesContext(connection) as queries_small:
        small_report = day_report(small)
    with CaptureQueriesContext(connection) as queries_big:
        big_report = day_report(big)
    assert (
        big_report["meetings"]["total"]["planned"]
        == 4 * small_report["meetings"]["total"]["planned"]
    )
    assert len(queries_small) == len(queries_big)


def test_report_page_for_staff(client, staff):
    day, *_ = build_day()
    client.force_login(staff)
    response = client.get(reverse("admin:events_meetingday_report", args=[day.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert "Soudeur·euse" in html


def test_report_page_refused_to_non_staff(client, recruiter):
    day = past_day()
    client.force_login(recruiter)
    response = client.get(reverse("admin:events_meetingday_report", args=[day.pk]))
    assert response.status_code == 302  # the admin sends non-staff to its login


def test_csv_has_a_bom_semicolons_and_accents(client, staff):
    day, *_ = build_day()
    client.force_login(staff)
    response = client.get(reverse("admin:events_meetingday_report_csv", args=[day.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert any(row[:2] == ["filière", "Mécanicien·ne"] for row in rows)
    assert any(row[:1] == ["Élèves"] for row in rows)


def test_csv_cells_never_run_as_formulas():
    day = past_day(title_fr="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in report_csv(day_report(day))
