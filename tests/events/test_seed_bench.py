"""`manage.py seed_bench`: a small data set with the shape of the benchmark's, always the same,
skipped once seeded, and a reset that deletes only the bench rows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from companies.models import Company, Need
from events import schedule_service, scheduling
from events.models import Meeting, MeetingDay, Participation, Preference, Registration
from jobboard.models import Application, ApplicationEvent, Offer
from students.models import StudentLanguage, StudentProfile

SMALL = {
    "companies": 30,
    "offers": 300,
    "students": 120,
    "applications": 400,
    "days": 2,
    "password": "banc-d-essai-2024",
}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_bench", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def bench_users():
    return get_user_model().objects.filter(email__endswith="@bench.example.invalid")


def snapshot() -> dict:
    """What two seedings must share: texts, people, pairs and schedules."""
    return {
        "offers": list(Offer.objects.order_by("pk").values_list("title", "company__slug")),
        "students": list(bench_users().order_by("pk").values_list("email", "last_name")),
        "applications": list(
            Application.objects.order_by("pk").values_list("student__user__email", "offer__title")
        ),
        "meetings": list(
            Meeting.objects.order_by("pk").values_list(
                "registration__student__user__email", "participation__company__slug", "slot_index"
            )
        ),
    }


def test_a_small_seed_has_the_shape_of_the_benchmark_data(reference):
    output = seed()

    assert "Seeded 30 companies, 300 offers, 120 students, 400 applications" in output
    companies = Company.objects.filter(slug__startswith="bench-")
    assert companies.count() == companies.verified().count() == 30
    assert Need.objects.filter(company__in=companies, tracks__isnull=False).exists()
    assert Offer.objects.count() == 300
    assert not Offer.objects.filter(tracks__isnull=True).exists()
    assert 0.8 < Offer.objects.listed().count() / 300 < 1
    assert {"fr", "nl"} <= set(Offer.objects.values_list("language", flat=True))

    users = bench_users()
    assert users.count() == StudentProfile.objects.filter(user__in=users).count() == 120
    # One hash for everyone, and it is the password given.
    assert users.values("password").distinct().count() == 1
    assert users.first().check_password(SMALL["password"])
    assert not StudentProfile.objects.filter(track__isnull=True).exists()
    assert StudentLanguage.objects.filter(profile__user__in=users).count() >= 120

    applications = Application.objects.all()
    assert applications.count() == 400
    assert not applications.filter(offer__published_at__isnull=True).exists()
    assert ApplicationEvent.objects.filter(to_status="submitted").count() == 400
    # History spread over time, not all stamped with the moment of seeding.
    assert applications.filter(created_at__lt=timezone.now() - timedelta(days=1)).exists()

    days = list(MeetingDay.objects.order_by("date"))
    assert [day.status for day in days] == [MeetingDay.Status.HELD, MeetingDay.Status.SCHEDULED]
    assert days[1].date > timezone.localdate()
    for day in days:
        assert day.participations.filter(status=Participation.Status.ACCEPTED).exists()
        assert Preference.objects.filter(registration__meeting_day=day, rank=1).exists()
        assert day.meetings.exists()
    assert days[0].registrations.filter(status=Registration.Status.PRESENT).exists()
    assert days[0].meetings.filter(rating__isnull=False).exists()
    # The schedule of the coming day is the scheduler's, and keeps every rule.
    problem = schedule_service.build_problem(days[1])
    saved = [
        scheduling.Meeting(
            student=m.registration_id,
            company=m.participation_id,
            table=m.table_number,
            slot=m.slot_index,
            kind=m.kind,
            rank=m.rank,
        )
        for m in days[1].meetings.all()
    ]
    assert scheduling.check_schedule(problem, saved) == []


def test_seeding_again_does_nothing_and_reset_seeds_the_same_data(reference):
    seed()
    first = snapshot()

    assert "Already seeded" in seed(offers=50)
    assert Offer.objects.count() == 300

    seed(reset=True)
    assert snapshot() == first


def test_reset_deletes_only_the_bench_rows(reference, student, company, recruiter):
    seed()
    seed(reset=True, companies=5, offers=10, students=4, applications=3, days=1)

    assert Company.objects.filter(slug__startswith="bench-").count() == 5
    assert Offer.objects.count() == 10
    assert bench_users().count() == 4
    assert MeetingDay.objects.count() == 1
    # The people and the company that are not bench data are still there.
    assert get_user_model().objects.filter(pk__in=[student.pk, recruiter.pk]).count() == 2
    assert Company.objects.filter(pk=company.pk).exists()
