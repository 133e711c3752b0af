"""Demo meeting days for `make run`: one open to students in three weeks, one already held
(where the demo student met three companies, who rated the meetings and followed up)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from companies.models import Company
from events.models import Meeting, MeetingDay, Participation, Preference, Registration
from students.models import StudentProfile, Track

UPCOMING_SLUG = "journee-de-rencontre-demo"
PAST_SLUG = "journee-de-rencontre-demo-precedente"
# (company slug, tables, table labels): the four verified demo companies of companies/demo.py.
DEMO_PARTICIPANTS = [
    ("elektro-brussel", 2, "A1–A2"),
    ("boulangerie-des-marolles", 1, "B1"),
    ("garage-du-canal", 2, "C1–C2"),
    ("maison-de-repos-les-tilleuls", 1, "D1"),
]


def _at(days: int, hour: int = 9) -> datetime:
    """An aware datetime `days` from today at `hour` (Brussels time)."""
    moment = datetime.combine(timezone.localdate() + timedelta(days=days), time(hour))
    return timezone.make_aware(moment)


def _companies() -> list[tuple[Company, int, str]]:
    companies = {c.slug: c for c in Company.objects.verified().prefetch_related("needs__tracks")}
    return [
        (companies[slug], tables, label)
        for slug, tables, label in DEMO_PARTICIPANTS
        if slug in companies
    ]


def _tracks_sought(company: Company) -> set[Track]:
    return {track for need in company.needs.all() for track in need.tracks.all()}


def campus_day_layout() -> dict:
    """Where and when the campus holds its meeting days: the hall, the hours, 10-minute
    meetings with 5-minute pauses and the lunch break (demo and benchmark data)."""
    return {
        "venue": "Campus des Arts et Métiers – salle des fêtes",
        "address": "Rue d'Allemagne 65, 1070 Anderlecht",
        "opens_at": time(9, 0),
        "closes_at": time(16, 0),
        "slot_minutes": 10,
        "pause_minutes": 5,
        "breaks": [["12:00", "13:00"]],
    }


def _make_day(*, slug: str, titles: tuple[str, str, str], days_ahead: int, status, recruiter):
    titles_fr, titles_nl, titles_en = titles
    day = MeetingDay.objects.create(
        slug=slug,
        title_fr=titles_fr,
        title_nl=titles_nl,
        title_en=titles_en,
        description_fr=(
            "Des entreprises bruxelloises rencontrent les élèves et diplômé·es du campus en "
            "rendez-vous individuels de dix minutes : stages, alternance et emplois. Viens "
            "avec ton CV et tes questions !"
        ),
        description_nl=(
            "Brusselse bedrijven ontmoeten de leerlingen en afgestudeerden van de campus in "
            "individuele gesprekken van tien minuten: stages, alternerend leren en jobs."
        ),
        description_en=(
            "Brussels companies meet the campus's students and graduates in ten-minute "
            "one-to-one meetings: internships, work-study places and jobs."
        ),
        date=timezone.localdate() + timedelta(days=days_ahead),
        **campus_day_layout(),
        company_registration_opens=_at(days_ahead - 60),
        company_registration_closes=_at(days_ahead - 28, 18),
        student_registration_opens=_at(days_ahead - 24),
        student_registration_closes=_at(days_ahead - 3, 18),
        max_companies=40,
        max_students=300,
        status=status,
        schedule_published_at=_at(days_ahead - 2) if days_ahead < 0 else None,
    )
    all_tracks: set[Track] = set()
    for company, tables, label in _companies():
        tracks = _tracks_sought(company)
        all_tracks |= tracks
        participation = Participation.objects.create(
            meeting_day=day,
            company=company,
            status=Participation.Status.ACCEPTED,
            tables=tables,
            table_label=label,
            needs_electricity=company.slug == "elektro-brussel",
            charter_accepted_at=_at(days_ahead - 50),
            charter_accepted_by=recruiter if company.slug == "elektro-brussel" else None,
            decided_at=_at(days_ahead - 27),
            # The held day's companies came: the report counts them present.
            checked_in_at=_at(days_ahead, 8) if days_ahead < 0 else None,
        )
        participation.tracks.set(tracks)
    day.tracks.set(all_tracks)
    return day


# The demo student's meetings on the held day: (company slug, kind, wish rank, rating,
# follow-up). The report counts them, and the applications sent since to these companies.
DEMO_MEETINGS = [
    ("elektro-brussel", Meeting.Kind.WISH, 1, 4, Meeting.FollowUp.INTERVIEW),
    ("boulangerie-des-marolles", Meeting.Kind.WISH, 2, 3, Meeting.FollowUp.OFFER),
    ("garage-du-canal", Meeting.Kind.EXTRA, None, 2, Meeting.FollowUp.NONE),
]


def _meet_demo_student(day: MeetingDay, *, student_user, recruiter) -> None:
    student = StudentProfile.objects.filter(user=student_user).first() if student_user else None
    if student is None:
        return
    days_ahead = (day.date - timezone.localdate()).days
    registration = Registration.objects.create(
        meeting_day=day,
        student=student,
        status=Registration.Status.PRESENT,
        checked_in_at=_at(days_ahead, 9),
    )
    participations = {p.company.slug: p for p in day.participations.select_related("company")}
    for slot, (slug, kind, rank, rating, follow_up) in enumerate(DEMO_MEETINGS):
        participation = participations.get(slug)
        if participation is None:
            continue
        if rank:
            Preference.objects.create(
                registration=registration, participation=participation, rank=rank
            )
        Meeting.objects.create(
            meeting_day=day,
            registration=registration,
            participation=participation,
            slot_index=slot,
            kind=kind,
            rank=rank,
            rating=rating,
            follow_up=follow_up,
            rated_by=recruiter if slug == "elektro-brussel" else None,
            rated_at=_at(days_ahead, 17),
        )


@transaction.atomic
def load_demo_meeting_days(accounts: dict) -> None:
    recruiter = accounts.get("company")
    if not MeetingDay.objects.filter(slug=UPCOMING_SLUG).exists():
        _make_day(
            slug=UPCOMING_SLUG,
            titles=(
                "Journée de rencontre entreprises – élèves",
                "Ontmoetingsdag bedrijven – leerlingen",
                "Companies and students meeting day",
            ),
            days_ahead=21,
            status=MeetingDay.Status.STUDENT_REGISTRATION,
            recruiter=recruiter,
        )
    if not MeetingDay.objects.filter(slug=PAST_SLUG).exists():
        past = _make_day(
            slug=PAST_SLUG,
            titles=(
                "Journée de rencontre (édition précédente)",
                "Ontmoetingsdag (vorige editie)",
                "Meeting day (previous edition)",
            ),
            days_ahead=-182,
            status=MeetingDay.Status.HELD,
            recruiter=recruiter,
        )
        _meet_demo_student(past, student_user=accounts.get("student"), recruiter=recruiter)
