"""Demo meeting days for `make run`: one open to students in three weeks, one already held."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from companies.models import Company
from events.models import MeetingDay, Participation
from students.models import Track

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
        venue="Campus des Arts et Métiers – salle des fêtes",
        address="Rue d'Allemagne 65, 1070 Anderlecht",
        opens_at=time(9, 0),
        closes_at=time(16, 0),
        slot_minutes=10,
        pause_minutes=5,
        breaks=[["12:00", "13:00"]],
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
        _make_day(
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
