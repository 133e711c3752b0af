"""Fill the database with a large, realistic benchmark data set (see bench/README.md)."""

import base64
import random
import resource
import secrets
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from companies.communes import Commune
from companies.models import Company, Need
from events import schedule_service, scheduling
from events.demo import campus_day_layout
from events.management.commands import _bench_texts as texts
from events.models import (
    CODE_ALPHABET,
    Meeting,
    MeetingDay,
    Participation,
    Preference,
    Registration,
)
from jobboard.models import Application, ApplicationEvent, Offer, normalise_text
from students.models import (
    ContractKind,
    Sector,
    StudentLanguage,
    StudentProfile,
    Track,
    current_school_year,
)

SEED = 20240901
BATCH = 2000
# Bench rows are recognised by these marks, so that --reset deletes nothing else: the slug
# prefix of companies and meeting days, the e-mail domain of students, a reserved range of
# enterprise numbers.
SLUG_PREFIX = "bench-"
EMAIL_DOMAIN = "bench.example.invalid"
NUMBER_BASE = 9_000_000
DEFAULTS = {
    "companies": 5_000,
    "offers": 100_000,
    "students": 50_000,
    "applications": 300_000,
    "days": 20,
}
COMMUNES = [value for value, _label in Commune.choices]
KINDS = [value for value, _label in ContractKind.choices]
OTHER_LANGUAGES = ["ar", "tr", "es", "pt", "pl", "ro", "it"]
# Application statuses by the state of the offer: open offers still have applications in
# progress, closed and expired ones mostly have decided or withdrawn ones.
OPEN_OFFER_STATUSES = {
    Application.Status.SUBMITTED: 30,
    Application.Status.VIEWED: 25,
    Application.Status.SHORTLISTED: 10,
    Application.Status.INTERVIEW: 6,
    Application.Status.OFFERED: 3,
    Application.Status.HIRED: 2,
    Application.Status.REJECTED: 16,
    Application.Status.WITHDRAWN: 8,
}
PAST_OFFER_STATUSES = {
    Application.Status.VIEWED: 10,
    Application.Status.HIRED: 8,
    Application.Status.REJECTED: 62,
    Application.Status.WITHDRAWN: 20,
}


def chunks(total: int, size: int = BATCH) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def random_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def random_token(rng: random.Random) -> str:
    """What `secrets.token_urlsafe(24)` gives, from the seeded generator."""
    return base64.urlsafe_b64encode(rng.randbytes(24)).decode().rstrip("=")


def stage_rng(stage: str) -> random.Random:
    """One generator per stage: changing one count leaves the other stages' data alone."""
    return random.Random(f"{SEED}-{stage}")  # noqa: S311 - benchmark data, reproducible


def day_dates(total: int, upcoming: date) -> list[date]:
    """The days, the coming one first: a Thursday near `upcoming`, then mid-March and
    mid-October of the years before, as the campus holds them."""
    dates = [upcoming + timedelta(days=3 - upcoming.weekday())]
    year, month = (upcoming.year, 3) if upcoming.month >= 7 else (upcoming.year - 1, 10)
    while len(dates) < total:
        middle = date(year, month, 15)
        dates.append(middle + timedelta(days=3 - middle.weekday()))
        year, month = (year, 3) if month == 10 else (year - 1, 10)
    return dates[:total]


@contextmanager
def dates_as_given(*models: type[Model]):
    """bulk_create stamps auto_now(_add) fields with the current time; the bench history is
    spread over months and years, so for a while these fields keep the values given."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    flags = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Progress:
    """Prints a stage's progress about every tenth, with the time spent."""

    def __init__(self, out, label: str, total: int):
        self.out, self.label, self.total = out, label, total
        self.done, self.step = 0, max(1, total // 10)
        self.next = self.step
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        if self.done >= self.next or self.done >= self.total:
            self.next = (self.done // self.step + 1) * self.step
            elapsed = time.monotonic() - self.started
            self.out.write(f"  {self.label}: {self.done:,} / {self.total:,} ({elapsed:.0f} s)")


@dataclass
class PublishedOffers:
    """Offers that were published once (listed, closed or expired): those students applied
    to. Kept as plain lists: 100,000 model instances would cost far more memory."""

    ids: list[int] = field(default_factory=list)
    published_at: list[datetime] = field(default_factory=list)
    listed: list[bool] = field(default_factory=list)
    by_track: dict[int, list[int]] = field(default_factory=dict)  # track → indices

    def add(self, offer: Offer, listed: bool, track_ids: set[int]) -> None:
        index = len(self.ids)
        self.ids.append(offer.pk)
        self.published_at.append(offer.published_at)
        self.listed.append(listed)
        for track_id in track_ids:
            self.by_track.setdefault(track_id, []).append(index)


@dataclass(frozen=True)
class Student:
    profile_id: int
    track_id: int
    language: str


class Command(BaseCommand):
    help = (
        "Create the benchmark data set: verified companies with needs, offers, students with "
        "their languages, applications with their history, and meeting days with company "
        "participations, student registrations, wishes and schedules. Always the same data "
        "(fixed random seed). Skips if already seeded; --reset deletes the bench rows first."
    )

    def add_arguments(self, parser):
        for name, default in DEFAULTS.items():
            parser.add_argument(
                f"--{name}", type=int, default=default, help=f"How many (default {default:,})."
            )
        parser.add_argument(
            "--password",
            default="",
            help="Password of every bench student (hashed once); by default a random one "
            "nobody knows: the benchmark logs in with a session it makes itself.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the bench rows (only those) first."
        )

    def handle(self, *args, reset: bool, password: str, **options):
        counts = {name: options[name] for name in DEFAULTS}
        if counts["companies"] < 1 or any(value < 0 for value in counts.values()):
            raise CommandError("Counts cannot be negative, and one company at least is needed.")
        tracks = list(Track.objects.order_by("pk").values_list("pk", "slug"))
        if not tracks:
            raise CommandError("No tracks: run `manage.py load_reference` first.")
        bench_companies = Company.objects.filter(slug__startswith=SLUG_PREFIX)
        if reset:
            self.delete_bench_rows()
        elif bench_companies.exists():
            self.stdout.write(
                f"Already seeded ({self.summary()}): nothing done. Use --reset to start again."
            )
            return

        started = time.monotonic()
        track_ids = {slug: pk for pk, slug in tracks}
        company_tracks = self.create_companies(counts["companies"], track_ids)
        published = self.create_offers(counts["offers"], list(company_tracks), track_ids)
        students = self.create_students(counts["students"], list(track_ids.values()), password)
        self.create_applications(counts["applications"], students, published)
        self.create_meeting_days(counts["days"], company_tracks, students)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give them later: the planner needs them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {self.summary()} in {time.monotonic() - started:.0f} s "
                f"(peak memory {peak:.0f} MB)."
            )
        )

    def summary(self) -> str:
        days = MeetingDay.objects.filter(slug__startswith=SLUG_PREFIX)
        counts = [
            ("companies", Company.objects.filter(slug__startswith=SLUG_PREFIX)),
            ("offers", Offer.objects.filter(company__slug__startswith=SLUG_PREFIX)),
            ("students", StudentProfile.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}")),
            (
                "applications",
                Application.objects.filter(offer__company__slug__startswith=SLUG_PREFIX),
            ),
            ("meeting days", days),
            ("registrations", Registration.objects.filter(meeting_day__in=days)),
            ("meetings", Meeting.objects.filter(meeting_day__in=days)),
        ]
        return ", ".join(f"{queryset.count():,} {label}" for label, queryset in counts)

    # --- Reset ---------------------------------------------------------------------------

    def delete_bench_rows(self) -> None:
        """Delete in batches, the rows that depend on others first: one delete of 300,000
        applications would collect them all in memory to cascade."""
        bench_offers = Offer.objects.filter(company__slug__startswith=SLUG_PREFIX)
        steps = [
            ("meeting days", MeetingDay.objects.filter(slug__startswith=SLUG_PREFIX), 1),
            ("applications", Application.objects.filter(offer__in=bench_offers), BATCH),
            (
                "students",
                get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"),
                BATCH,
            ),
            ("offers", bench_offers, BATCH),
            ("companies", Company.objects.filter(slug__startswith=SLUG_PREFIX), 500),
        ]
        for label, queryset, size in steps:
            deleted = 0
            while ids := list(queryset.values_list("pk", flat=True)[:size]):
                with transaction.atomic():
                    queryset.model.objects.filter(pk__in=ids).delete()
                deleted += len(ids)
            self.stdout.write(f"  deleted {deleted:,} bench {label}")

    # --- Companies and their needs -------------------------------------------------------

    def create_companies(self, total: int, track_ids: dict[str, int]) -> dict[int, list[int]]:
        """Verified companies with one or two sectors and, for most, open needs. Returns
        each company's sought tracks (what it looks for at a meeting day)."""
        rng = stage_rng("companies")
        sectors = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
        track_sector = dict(Track.objects.values_list("pk", "sector_id"))
        progress = Progress(self.stdout, "companies", total)
        company_tracks: dict[int, list[int]] = {}
        for batch in chunks(total, 1000):
            with transaction.atomic():
                companies = [self.company(rng, n) for n in batch]
                Company.objects.bulk_create(companies)
                needs, need_tracks, links = [], [], []
                for company in companies:
                    jobs = rng.sample(texts.JOBS, rng.choice([0, 1, 1, 2, 2, 3]))
                    sought = sorted(
                        {track_ids[slug] for job in jobs for slug in job[3] if slug in track_ids}
                    )
                    company_tracks[company.pk] = sought or [rng.choice(list(track_ids.values()))]
                    own = {track_sector[t] for t in company_tracks[company.pk]}
                    for sector_id in own or {rng.choice(sectors)}:
                        links.append(
                            Company.sectors.through(company_id=company.pk, sector_id=sector_id)
                        )
                    for job in jobs:
                        needs.append(self.need(rng, company, job))
                        need_tracks.append([track_ids[s] for s in job[3] if s in track_ids])
                Company.sectors.through.objects.bulk_create(links)
                Need.objects.bulk_create(needs)
                Need.tracks.through.objects.bulk_create(
                    Need.tracks.through(need_id=need.pk, track_id=track_id)
                    for need, ids in zip(needs, need_tracks, strict=True)
                    for track_id in ids
                )
            progress.advance(len(batch))
        return company_tracks

    def company(self, rng: random.Random, n: int) -> Company:
        name = f"{rng.choice(texts.COMPANY_WORDS)} {rng.choice(texts.COMPANY_WORDS)} {n + 1}"
        base = NUMBER_BASE + n
        commune = rng.choice(COMMUNES[:-1])
        language = rng.choices(["fr", "nl"], weights=[75, 25])[0]
        description = " ".join(
            sentence.format(years=rng.randint(3, 40), staff=rng.randint(3, 250))
            for sentence in rng.sample(texts.COMPANY_DESCRIPTIONS[language], 3)
        )
        return Company(
            legal_name=f"{name} {rng.choice(['SRL', 'SA', 'ASBL', 'BV', 'NV'])}",
            name=name,
            slug=f"{SLUG_PREFIX}{n + 1}",
            enterprise_number=f"{base:08d}{97 - base % 97:02d}",
            status=Company.Status.VERIFIED,
            size=rng.choice(Company.Size.values),
            street=f"Rue de l'Atelier {n + 1}",
            postcode="1000",
            city=Commune(commune).label,
            description=description,
            # The language of its texts first.
            languages=(
                ["nl", "fr"]
                if language == "nl"
                else rng.choice([["fr"], ["fr", "nl"], ["fr", "nl", "en"]])
            ),
            contact_name=f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}",
            contact_email=f"bench{n + 1}@example.invalid",
        )

    def need(self, rng: random.Random, company: Company, job: tuple) -> Need:
        language = company.languages[0] if company.languages[0] in ("fr", "nl") else "fr"
        commune = rng.choice(COMMUNES)
        return Need(
            company=company,
            title=job[0] if language == "fr" else job[1],
            headcount=rng.choice([1, 1, 1, 2, 2, 3, 5]),
            contract_kinds=rng.sample(KINDS, rng.randint(1, 3)),
            key_skills="\n".join(rng.sample(texts.NEED_SKILLS[language], 2)),
            commune=commune,
            postcode="1500" if commune == Commune.OUTSIDE else "",
            status=rng.choices(list(Need.Status.values), weights=[80, 15, 5])[0],
        )

    # --- Offers --------------------------------------------------------------------------

    def create_offers(
        self, total: int, company_ids: list[int], track_ids: dict[str, int]
    ) -> PublishedOffers:
        rng = stage_rng("offers")
        now = timezone.now()
        published = PublishedOffers()
        progress = Progress(self.stdout, "offers", total)
        for batch in chunks(total):
            with transaction.atomic(), dates_as_given(Offer):
                jobs = [rng.choice(texts.JOBS) for _ in batch]
                made = [self.offer(rng, job, company_ids, now) for job in jobs]
                Offer.objects.bulk_create([offer for offer, _listed in made])
                links = []
                for (offer, listed), job in zip(made, jobs, strict=True):
                    chosen = self.tracks_of(rng, job, track_ids)
                    links += [Offer.tracks.through(offer_id=offer.pk, track_id=t) for t in chosen]
                    if offer.published_at is not None:
                        published.add(offer, listed, chosen)
                Offer.tracks.through.objects.bulk_create(links)
            progress.advance(len(batch))
        return published

    def offer(
        self, rng: random.Random, job: tuple, company_ids: list[int], now
    ) -> tuple[Offer, bool]:
        """An offer and whether it is listed."""
        language = rng.choices(["fr", "nl", "en"], weights=[80, 15, 5])[0]
        suffixes, sentences, requirements = texts.TEXTS[language]
        job_title = {"fr": job[0], "nl": job[1], "en": job[2]}[language]
        title = job_title + rng.choice(suffixes)
        description = "\n".join(
            sentence.format(job=job_title.lower())
            for sentence in [sentences[0], *rng.sample(sentences[1:], 3)]
        )
        requirement_text = "\n".join(rng.sample(requirements, 2))
        days = rng.choice([30, 60, 60, 60, 90, 183])
        # 94 % listed; the rest in the states the list must leave out.
        fate = rng.choices(
            ["listed", "expired", "past_end", "closed", "pending", "draft"],
            weights=[94, 2, 1, 1, 1, 1],
        )[0]
        published_at = now - timedelta(days=rng.randrange(days), seconds=rng.randrange(86400))
        status, expires_at = Offer.Status.PUBLISHED, published_at + timedelta(days=days)
        if fate in ("expired", "past_end"):
            published_at -= timedelta(days=days + 1)
            expires_at = published_at + timedelta(days=days)
            if fate == "expired":
                status = Offer.Status.EXPIRED
        elif fate == "closed":
            status = Offer.Status.CLOSED
        elif fate in ("pending", "draft"):
            status = Offer.Status(fate)
            published_at = expires_at = None
        written = (published_at or now) - timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 9))
        commune = rng.choice(COMMUNES)
        offer = Offer(
            company_id=rng.choice(company_ids),
            title=title,
            language=language,
            kind=rng.choice(KINDS),
            description=description,
            requirements=requirement_text,
            commune=commune,
            postcode="1500" if commune == Commune.OUTSIDE else "",
            hours_per_week=rng.choice([19, 24, 30, 38, 38, 38]),
            publication_days=days,
            status=status,
            submitted_at=published_at,
            published_at=published_at,
            expires_at=expires_at,
            closed_at=now if status == Offer.Status.CLOSED else None,
            created_at=written,
            updated_at=published_at or written,
            # What Offer.save() computes, which bulk_create does not call.
            search_text=normalise_text(" ".join([title, description, requirement_text])),
        )
        return offer, fate == "listed"

    def tracks_of(self, rng: random.Random, job: tuple, track_ids: dict[str, int]) -> set[int]:
        chosen = {track_ids[slug] for slug in job[3] if slug in track_ids}
        if not chosen or rng.random() < 0.1:
            chosen.add(rng.choice(list(track_ids.values())))
        return chosen

    # --- Students ------------------------------------------------------------------------

    def create_students(self, total: int, track_ids: list[int], password: str) -> list[Student]:
        rng = stage_rng("students")
        # One hash for everyone: the default hasher takes about 0.2 s per password.
        password_hash = make_password(password or secrets.token_urlsafe(24))
        user_model = get_user_model()
        now = timezone.now()
        school_year = current_school_year()
        students: list[Student] = []
        progress = Progress(self.stdout, "students", total)
        for batch in chunks(total):
            with transaction.atomic():
                users = []
                for n in batch:
                    first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
                    local = normalise_text(f"{first}.{last}").replace(" ", "").replace("'", "")
                    users.append(
                        user_model(
                            email=f"{local}.{n + 1}@{EMAIL_DOMAIN}",
                            first_name=first,
                            last_name=last,
                            preferred_language=rng.choices(["fr", "nl", "en"], [70, 25, 5])[0],
                            password=password_hash,
                            date_joined=now - timedelta(days=rng.randint(1, 4 * 365)),
                        )
                    )
                user_model.objects.bulk_create(users)
                profiles = [
                    self.profile(rng, user, rng.choice(track_ids), school_year, now)
                    for user in users
                ]
                StudentProfile.objects.bulk_create(profiles)
                StudentLanguage.objects.bulk_create(
                    language
                    for profile, user in zip(profiles, users, strict=True)
                    for language in self.languages(rng, profile, user.preferred_language)
                )
            students += [
                Student(profile.pk, profile.track_id, user.preferred_language)
                for profile, user in zip(profiles, users, strict=True)
            ]
            progress.advance(len(batch))
        return students

    def profile(self, rng: random.Random, user, track_id: int, school_year: int, now):
        language = "nl" if user.preferred_language == "nl" else "fr"
        status = rng.choices(list(StudentProfile.Status.values), weights=[20, 25, 15, 15, 25])[0]
        graduate = status == StudentProfile.Status.GRADUATE
        age = rng.randint(19, 24) if graduate else rng.randint(15, 19)
        opted_in = rng.random() < 0.25
        return StudentProfile(
            user=user,
            public_id=random_uuid(rng),
            track_id=track_id,
            status=status,
            graduation_year=school_year - rng.randint(0, 4) if graduate else None,
            date_of_birth=(now - timedelta(days=age * 365 + rng.randint(0, 364))).date(),
            driving_licence=rng.choice(StudentProfile.DrivingLicence.values),
            skills="\n".join(rng.sample(texts.SKILLS[language], 2)),
            contract_kinds=rng.sample(KINDS, rng.randint(1, 3)),
            presentation=rng.choice(texts.PRESENTATIONS[language]),
            phone=f"04{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            talent_search_opt_in=opted_in,
            talent_search_opt_in_at=now - timedelta(days=rng.randint(1, 300)) if opted_in else None,
            confirmed_school_year=school_year if rng.random() < 0.7 else school_year - 1,
        )

    def languages(self, rng: random.Random, profile, preferred: str) -> list[StudentLanguage]:
        Level = StudentLanguage.Level
        levels = {
            "fr": Level.NATIVE
            if preferred != "nl"
            else rng.choice([Level.FLUENT, Level.INTERMEDIATE])
        }
        if preferred == "nl" or rng.random() < 0.7:
            levels["nl"] = Level.NATIVE if preferred == "nl" else rng.choice(list(Level)[:3])
        if rng.random() < 0.4:
            levels["en"] = rng.choice(list(Level)[:3])
        if rng.random() < 0.2:
            levels[rng.choice(OTHER_LANGUAGES)] = Level.NATIVE
        return [
            StudentLanguage(profile=profile, language=code, level=level)
            for code, level in levels.items()
        ]

    # --- Applications --------------------------------------------------------------------

    def create_applications(
        self, total: int, students: Sequence[Student], published: PublishedOffers
    ) -> None:
        """Each application is to an offer once published, most often of the student's
        track; one (student, offer) pair at most; with its history (sent, then the status
        it reached)."""
        offers = len(published.ids)
        total = min(total, len(students) * offers // 2)
        rng = stage_rng("applications")
        now = timezone.now()
        taken: set[int] = set()
        progress = Progress(self.stdout, "applications", total)
        for batch in chunks(total):
            applications = []
            for _ in batch:
                while True:
                    student = rng.randrange(len(students))
                    pool = published.by_track.get(students[student].track_id)
                    index = (
                        rng.choice(pool) if pool and rng.random() < 0.7 else rng.randrange(offers)
                    )
                    if student * offers + index not in taken:
                        taken.add(student * offers + index)
                        break
                applications.append(self.application(rng, students[student], published, index, now))
            with transaction.atomic(), dates_as_given(Application):
                Application.objects.bulk_create(applications)
                ApplicationEvent.objects.bulk_create(
                    event for application in applications for event in self.history(application)
                )
            progress.advance(len(batch))

    def application(
        self, rng: random.Random, student: Student, published: PublishedOffers, index: int, now
    ) -> Application:
        weights = OPEN_OFFER_STATUSES if published.listed[index] else PAST_OFFER_STATUSES
        status = rng.choices(list(weights), weights=list(weights.values()))[0]
        since = published.published_at[index]
        sent = since + (now - since) * rng.random() ** 2
        changed = sent + (now - sent) * rng.random()
        language = "nl" if student.language == "nl" else "fr"
        return Application(
            offer_id=published.ids[index],
            student_id=student.profile_id,
            status=status,
            message=rng.choice(texts.APPLICATION_MESSAGES[language]),
            created_at=sent,
            updated_at=changed if status != Application.Status.SUBMITTED else sent,
            closed_at=changed if status in Application.TERMINAL_STATUSES else None,
        )

    def history(self, application: Application) -> list[ApplicationEvent]:
        sent = ApplicationEvent(
            application=application,
            to_status=Application.Status.SUBMITTED,
            created_at=application.created_at,
        )
        if application.status == Application.Status.SUBMITTED:
            return [sent]
        return [
            sent,
            ApplicationEvent(
                application=application,
                from_status=Application.Status.SUBMITTED,
                to_status=application.status,
                created_at=application.updated_at,
            ),
        ]

    # --- Meeting days --------------------------------------------------------------------

    def create_meeting_days(
        self, total: int, company_tracks: dict[int, list[int]], students: Sequence[Student]
    ) -> None:
        """Twice a year for the past years, and one in three weeks with its schedule
        published. Each day: companies' participations, students' registrations and wishes,
        and the schedule the real scheduler computes from them. Past days have check-ins,
        no-shows and rated meetings."""
        dates = day_dates(total, timezone.localdate() + timedelta(days=21))
        for age in reversed(range(total)):  # the oldest first: ids grow with the date
            started = time.monotonic()
            rng = stage_rng(f"day-{age}")
            with transaction.atomic(), dates_as_given(Participation, Registration):
                day = self.meeting_day(rng, dates[age], age)
                accepted = self.participations(rng, day, company_tracks)
                finals = self.registrations(rng, day, accepted, students, company_tracks)
                meetings = self.schedule(rng, day, finals)
            self.stdout.write(
                f"  meeting day {day.date}: {len(accepted)} companies, {len(finals)} "
                f"students, {meetings:,} meetings ({time.monotonic() - started:.1f} s)"
            )

    def meeting_day(self, rng: random.Random, when: date, age: int) -> MeetingDay:
        def at(days_before: int, hour: int = 9) -> datetime:
            moment = datetime.combine(when - timedelta(days=days_before), clock(hour))
            return timezone.make_aware(moment)

        spring = 3 <= when.month <= 8
        season_fr, season_nl, season_en = (
            ("printemps", "voorjaar", "spring") if spring else ("automne", "najaar", "autumn")
        )
        Status = MeetingDay.Status
        day = MeetingDay.objects.create(
            slug=f"{SLUG_PREFIX}{when:%Y-%m-%d}",
            title_fr=f"Journée de rencontre – {season_fr} {when.year}",
            title_nl=f"Ontmoetingsdag – {season_nl} {when.year}",
            title_en=f"Meeting day – {season_en} {when.year}",
            description_fr=texts.DAY_DESCRIPTIONS[0],
            description_nl=texts.DAY_DESCRIPTIONS[1],
            description_en=texts.DAY_DESCRIPTIONS[2],
            date=when,
            **campus_day_layout(),
            company_registration_opens=at(100),
            company_registration_closes=at(60, 18),
            student_registration_opens=at(55),
            student_registration_closes=at(25, 18),
            status=Status.SCHEDULED if age == 0 else Status.HELD if age == 1 else Status.ARCHIVED,
            schedule_published_at=at(10),
        )
        tracks = list(Track.objects.order_by("pk").values_list("pk", flat=True))
        day.tracks.set(rng.sample(tracks, min(8, len(tracks))))
        return day

    def participations(
        self, rng: random.Random, day: MeetingDay, company_tracks: dict[int, list[int]]
    ) -> list[Participation]:
        """55–80 companies asked to come; most were accepted. Returns the accepted ones."""
        chosen = rng.sample(list(company_tracks), min(len(company_tracks), rng.randint(55, 80)))
        Status = Participation.Status
        participations = []
        for number, company_id in enumerate(chosen, start=1):
            status = rng.choices(list(Status.values), weights=[0, 85, 5, 5, 5])[0]
            asked = day.company_registration_opens + timedelta(hours=rng.randint(1, 900))
            participations.append(
                Participation(
                    meeting_day=day,
                    company_id=company_id,
                    status=status,
                    tables=rng.choices([1, 2, 3], weights=[50, 35, 15])[0],
                    needs_electricity=rng.random() < 0.2,
                    charter_accepted_at=asked,
                    created_at=asked,
                    decided_at=asked + timedelta(days=rng.randint(1, 10)),
                    table_label=f"Stand {number}",
                    checked_in_at=(
                        timezone.make_aware(datetime.combine(day.date, clock(8, 30)))
                        if status == Status.ACCEPTED
                        and day.status != MeetingDay.Status.SCHEDULED
                        and rng.random() < 0.95
                        else None
                    ),
                )
            )
        Participation.objects.bulk_create(participations)
        Participation.tracks.through.objects.bulk_create(
            Participation.tracks.through(participation_id=p.pk, track_id=track_id)
            for p in participations
            for track_id in company_tracks[p.company_id]
        )
        return [p for p in participations if p.status == Status.ACCEPTED]

    def registrations(
        self,
        rng: random.Random,
        day: MeetingDay,
        accepted: list[Participation],
        students: Sequence[Student],
        company_tracks: dict[int, list[int]],
    ) -> dict[int, str]:
        """550–900 students register and rank up to five companies, the most popular and
        those seeking their track more often. All are saved as registered, the status the
        scheduler plans for; returns registration → the status it ends in."""
        Status = Registration.Status
        chosen = rng.sample(range(len(students)), min(len(students), rng.randint(550, 900)))
        past = day.status != MeetingDay.Status.SCHEDULED
        popularity = {
            p.pk: 1 / rank for rank, p in enumerate(rng.sample(accepted, len(accepted)), 1)
        }
        sought = {p.pk: set(company_tracks[p.company_id]) for p in accepted}
        registrations, wishes, codes = [], [], set()
        for index in chosen:
            student = students[index]
            while (code := "".join(rng.choices(CODE_ALPHABET, k=6))) in codes:
                pass
            codes.add(code)
            registrations.append(
                Registration(
                    meeting_day=day,
                    student_id=student.profile_id,
                    status=Status.CANCELLED if rng.random() < 0.04 else Status.REGISTERED,
                    accepts_extra_meetings=rng.random() < 0.8,
                    checkin_token=random_token(rng),
                    checkin_code=code,
                    created_at=day.student_registration_opens
                    + timedelta(minutes=rng.randint(10, 40_000)),
                )
            )
            weights = [
                popularity[p.pk] * (3 if student.track_id in sought[p.pk] else 1) for p in accepted
            ]
            count = min(len(accepted), rng.choices([5, 4, 3, 2, 1], weights=[60, 15, 10, 8, 7])[0])
            ranked: list[int] = []
            while len(ranked) < count:
                pick = rng.choices(accepted, weights=weights)[0].pk
                if pick not in ranked:
                    ranked.append(pick)
            wishes.append(ranked)
        Registration.objects.bulk_create(registrations)
        Preference.objects.bulk_create(
            Preference(registration_id=r.pk, participation_id=p, rank=rank)
            for r, ranked in zip(registrations, wishes, strict=True)
            for rank, p in enumerate(ranked, start=1)
        )
        finals = {}
        for r in registrations:
            if r.status == Status.CANCELLED or not past:
                finals[r.pk] = r.status
            else:
                finals[r.pk] = Status.PRESENT if rng.random() < 0.88 else Status.NO_SHOW
        return finals

    def schedule(self, rng: random.Random, day: MeetingDay, finals: dict[int, str]) -> int:
        """The real scheduler on the day as saved; then, for a past day, who came and how
        the companies rated the meetings."""
        result = scheduling.schedule(schedule_service.build_problem(day))
        end_of_day = timezone.make_aware(datetime.combine(day.date, day.closes_at))
        meetings = []
        for m in result.meetings:
            rated = finals[m.student] == Registration.Status.PRESENT and rng.random() < 0.7
            meeting = schedule_service.meeting_row(day, m, uid=random_uuid(rng))
            if rated:
                meeting.rating = rng.choices([4, 3, 2, 1], weights=[35, 35, 20, 10])[0]
                meeting.follow_up = rng.choice(Meeting.FollowUp.values)
                meeting.follow_up_note = rng.choice(texts.FOLLOW_UP_NOTES)
                meeting.rated_at = end_of_day
            meetings.append(meeting)
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        arrived = timezone.make_aware(datetime.combine(day.date, clock(9, 0)))
        for status in (Registration.Status.PRESENT, Registration.Status.NO_SHOW):
            ids = [pk for pk, final in finals.items() if final == status]
            Registration.objects.filter(pk__in=ids).update(
                status=status,
                checked_in_at=arrived if status == Registration.Status.PRESENT else None,
            )
        return len(meetings)
