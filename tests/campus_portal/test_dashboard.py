"""The staff dashboard: figures that match hand counts, filters, CSV, access, query count."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_portal import dashboard
from campus_portal.models import AuditEntry
from companies.models import Company, Need
from events.models import Meeting, MeetingDay, Participation, Registration
from jobboard.models import Application, Offer
from students.models import ContractKind, StudentProfile, current_school_year
from tests.companies.factories import CompanyFactory, NeedFactory
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.jobboard.factories import ApplicationFactory, OfferFactory
from tests.students.factories import (
    SectorFactory,
    ShortageOccupationFactory,
    StudentFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

URL = "/admin/dashboard/"
TODAY = timezone.localdate()
START = TODAY - timedelta(days=30)
PERIOD = dashboard.Period(START, TODAY)
QUERY = {"start": START.isoformat(), "end": TODAY.isoformat()}
HIRED = Application.Status.HIRED


def ago(days: float = 0, hours: float = 0):
    return timezone.now() - timedelta(days=days, hours=hours)


def backdate(obj, **fields) -> None:
    """Set fields that the model fills itself (auto_now_add) to a moment in the past."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def log(action: str, target, at) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target),
        actor_repr="Claire Dubois",
        created_at=at,
    )


# --- A small world made by hand ----------------------------------------------------------------


class World:
    """Two sectors, three tracks, this year's and last year's shortage list, a held day."""

    def __init__(self):
        self.metal = SectorFactory(slug="metal", name_fr="Métal")
        self.care = SectorFactory(slug="soins", name_fr="Soins")
        self.welder = TrackFactory(slug="soudeur", sector=self.metal, name_fr="Soudeur·euse")
        self.mechanic = TrackFactory(slug="meca", sector=self.metal, name_fr="Mécanicien·ne")
        self.carer = TrackFactory(slug="soignant", sector=self.care, name_fr="Aide-soignant·e")
        ShortageOccupationFactory(name_fr="Soudeur", list_year=2025, tracks=[self.welder])
        ShortageOccupationFactory(name_fr="Aide-soignant", list_year=2025, tracks=[self.carer])
        ShortageOccupationFactory(name_fr="Infirmier", list_year=2025)
        ShortageOccupationFactory(name_fr="Ancienne", list_year=2024, tracks=[self.mechanic])
        self.day = MeetingDayFactory(date=TODAY - timedelta(days=3), status=MeetingDay.Status.HELD)
        self.slot = 0

    def add_job_board(self):
        """Per call: 2 offers published in the period (o1 with two tracks of one sector),
        one before it, one pending; 2 applications sent in the period (one hired), one
        sent before it but hired in it, one outside the period altogether."""
        firm = CompanyFactory(verified=True, sectors=[self.metal])
        o1 = OfferFactory(
            company=firm,
            published=True,
            published_at=ago(5),
            kind=ContractKind.INTERNSHIP,
            tracks=[self.welder, self.mechanic],
        )
        o2 = OfferFactory(
            company=firm,
            published=True,
            published_at=ago(10),
            kind=ContractKind.PERMANENT,
            tracks=[self.carer],
        )
        o3 = OfferFactory(
            company=firm,
            expired=True,
            published_at=ago(60),
            kind=ContractKind.INTERNSHIP,
            tracks=[self.welder],
        )
        OfferFactory(company=firm, pending=True, tracks=[self.welder])
        ApplicationFactory(offer=o1, student=StudentFactory())
        ApplicationFactory(offer=o1, student=StudentFactory(), status=HIRED, closed_at=ago(1))
        late = ApplicationFactory(
            offer=o3, student=StudentFactory(), status=HIRED, closed_at=ago(4)
        )
        backdate(late, created_at=ago(50))
        old = ApplicationFactory(
            offer=o2, student=StudentFactory(), status="rejected", closed_at=ago(40)
        )
        backdate(old, created_at=ago(70))

    def add_demand(self):
        """Per call: open needs of 3 places (welder + mechanic, verified company) and 2
        (carer, pending company); a rejected company's and a filled need left out; two
        welder pupils, a welder and a mechanic graduate, an inactive carer pupil."""
        verified = CompanyFactory(verified=True)
        NeedFactory(company=verified, headcount=3, tracks=[self.welder, self.mechanic])
        NeedFactory(company=verified, headcount=4, tracks=[self.welder], status=Need.Status.FILLED)
        NeedFactory(company=CompanyFactory(), headcount=2, tracks=[self.carer])
        NeedFactory(company=CompanyFactory(rejected=True), headcount=5, tracks=[self.welder])
        pupil, graduate = StudentProfile.Status.YEAR_6, StudentProfile.Status.GRADUATE
        StudentFactory(track=self.welder, status=pupil)
        StudentFactory(track=self.welder, status=StudentProfile.Status.APPRENTICE)
        StudentFactory(track=self.welder, status=graduate, graduation_year=2024)
        StudentFactory(track=self.mechanic, status=graduate)
        StudentFactory(track=self.carer, status=pupil, user__is_active=False)

    def add_day(self):
        """Per call, on the held day: 4 companies (2 accepted, 1 present), 6 students (4
        registered, 2 present), 4 meetings (2 held, 2 with a next step), 1 application
        from the day (a hire) and 2 that are not."""
        day = self.day
        a = ParticipationFactory(meeting_day=day, accepted=True, checked_in_at=ago(3))
        b = ParticipationFactory(meeting_day=day, accepted=True)
        ParticipationFactory(meeting_day=day)
        ParticipationFactory(meeting_day=day, status=Participation.Status.DECLINED)
        st = Registration.Status
        r1, r2, r3 = (
            RegistrationFactory(meeting_day=day, status=status)
            for status in (st.PRESENT, st.NO_SHOW, st.PRESENT)
        )
        for status in (st.CANCELLED, st.WAITLISTED, st.REGISTERED):
            RegistrationFactory(meeting_day=day, status=status)
        for registration, participation, follow_up in [
            (r1, a, Meeting.FollowUp.INTERVIEW),  # held
            (r3, a, Meeting.FollowUp.NONE),  # held
            (r2, a, ""),  # the student did not come
            (r1, b, Meeting.FollowUp.OFFER),  # the company did not come
        ]:
            Meeting.objects.create(
                meeting_day=day,
                registration=registration,
                participation=participation,
                slot_index=self.slot,
                follow_up=follow_up,
            )
            self.slot += 1
        ApplicationFactory(
            offer=OfferFactory(company=a.company),
            student=r1.student,
            status=HIRED,
            closed_at=ago(1),
        )
        ApplicationFactory(offer=OfferFactory(company=b.company), student=r3.student)
        ApplicationFactory(offer=OfferFactory(company=a.company), student=r2.student)

    def add_moderation(self):
        """Decisions whose delays are known; see test_moderation_figures."""
        company = CompanyFactory(verified=True)
        backdate(company, created_at=ago(10))
        log("company.verify", company, ago(8))
        offer = OfferFactory(published=True)
        log("offer.submit", offer, ago(7))
        log("offer.publish", offer, ago(6))
        CompanyFactory()  # waiting


def figures(section: dashboard.Section, table_key: str) -> dict:
    """{row label: values}, and the total under the key None."""
    table = next(table for table in section.tables if table.key == table_key)
    rows = {row.label: row.values for row in table.rows}
    if table.total:
        rows[None] = table.total.values
    return rows


def build(key: str, *, period=PERIOD, day=None) -> dashboard.Section:
    (section,) = dashboard.build([key], period=period, day=day)
    return section


# --- The figures -------------------------------------------------------------------------------


def test_offers_applications_and_hires_by_track_sector_and_kind():
    world = World()
    world.add_job_board()
    section = build("offers")
    by_track = figures(section, "track")
    assert by_track == {
        "Soudeur·euse": [1, 2, 2],  # o1; its two applications; its hire and o3's late one
        "Mécanicien·ne": [1, 2, 1],
        "Aide-soignant·e": [1, 0, 0],  # o2's application was sent before the period
        None: [2, 2, 2],
    }
    # o1's two tracks are both in "Métal": the offer and its applications count once there.
    assert figures(section, "sector") == {"Métal": [1, 2, 2], "Soins": [1, 0, 0], None: [2, 2, 2]}
    by_kind = figures(section, "kind")
    assert by_kind[str(ContractKind.INTERNSHIP.label)] == [1, 2, 2]
    assert by_kind[str(ContractKind.PERMANENT.label)] == [1, 0, 0]
    assert by_kind[str(ContractKind.STUDENT_JOB.label)] == [0, 0, 0]
    assert len(by_kind) == len(ContractKind) + 1
    assert "une fois dans chacune de ses filières" in section.tables[0].note


def independent_job_board(period: dashboard.Period) -> dict:
    """Section 1 counted in Python over every row, without the dashboard's queries."""
    start, end = period.bounds
    offers = [o for o in Offer.objects.all() if o.published_at and start <= o.published_at < end]
    apps = list(Application.objects.select_related("offer"))
    sent = [a for a in apps if start <= a.created_at < end]
    hired = [a for a in apps if a.status == HIRED and a.closed_at and start <= a.closed_at < end]
    counts = {}
    for track in {t for o in Offer.objects.prefetch_related("tracks") for t in o.tracks.all()}:
        counts[str(track)] = [
            sum(track in o.tracks.all() for o in offers),
            sum(track in a.offer.tracks.all() for a in sent),
            sum(track in a.offer.tracks.all() for a in hired),
        ]
    counts[None] = [len(offers), len(sent), len(hired)]
    return {label: values for label, values in counts.items() if any(values)}


@pytest.mark.parametrize("scale", [1, 2])
def test_offers_by_track_match_a_count_in_python(scale):
    world = World()
    for _unit in range(scale):
        world.add_job_board()
    assert figures(build("offers"), "track") == independent_job_board(PERIOD)
    # A narrower period leaves o2 (published 10 days ago) and the old applications out.
    week = dashboard.Period(TODAY - timedelta(days=7), TODAY)
    assert figures(build("offers", period=week), "track") == independent_job_board(week)
    assert figures(build("offers", period=week), "track")[None] == [scale, 2 * scale, 2 * scale]


def test_shortage_occupations_of_the_latest_list_keep_their_zeros():
    world = World()
    world.add_job_board()
    section = build("shortages")
    table = section.tables[0]
    assert [(row.label, row.values, row.detail) for row in table.rows] == [
        ("Soudeur", [1, 2, 2], "Soudeur·euse"),
        ("Aide-soignant", [1, 0, 0], "Aide-soignant·e"),
        ("Infirmier", [0, 0, 0], "aucune filière liée"),
    ]
    assert table.total.values == [2, 2, 2]
    assert ("Liste des fonctions critiques", "2025") in section.scope


def test_demand_and_supply_per_track():
    world = World()
    world.add_demand()
    by_track = figures(build("demand", day=None), "tracks")
    assert by_track == {
        "Soudeur·euse": [3, 2, 1],  # places in open needs; pupils; graduates
        "Mécanicien·ne": [3, 0, 1],
        "Aide-soignant·e": [2, 0, 0],  # a pending company counts; an inactive pupil does not
        None: [5, 2, 2],  # the welder + mechanic need counts its 3 places once
    }


def test_meeting_day_funnel_from_the_day_report():
    world = World()
    world.add_day()
    section = build("funnel", day=world.day)
    assert figures(section, "companies") == {"Inscrites": [4], "Acceptées": [2], "Présentes": [1]}
    assert figures(section, "students") == {
        "Inscrit·es": [4],
        "Présent·es": [2],
        "Rendez-vous tenus": [2],
        "Suites données": [2],
        "Candidatures": [1],
        "Engagements": [1],
    }
    report_url = reverse("admin:events_meetingday_report", args=[world.day.pk])
    assert section.tables[1].link[1] == report_url


def test_the_funnel_shows_the_latest_day_held_or_scheduled_unless_one_is_chosen(client, staff):
    world = World()
    world.add_day()
    MeetingDayFactory(date=TODAY - timedelta(days=200), status=MeetingDay.Status.ARCHIVED)
    MeetingDayFactory(date=TODAY + timedelta(days=20), students_open=True)  # not scheduled yet
    assert dashboard.default_day() == world.day
    older = MeetingDayFactory(date=TODAY - timedelta(days=100), status=MeetingDay.Status.HELD)
    client.force_login(staff)
    assert client.get(URL).context["day"] == world.day
    response = client.get(URL, {"day": older.pk})
    assert response.context["day"] == older
    funnel = next(s for s in response.context["sections"] if s["key"] == "funnel")
    assert funnel["tables"][0]["rows"][0]["cells"] == ["0"]
    assert f"day={older.pk}" in funnel["export_url"]


def test_without_any_day_the_funnel_says_so(client, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert "aucune journée planifiée ou tenue" in response.content.decode()


def test_moderation_figures():
    world = World()
    # Waiting now: one of each, the oldest for 4, 2 and 1 days; a request on a held day
    # can no longer be decided and is not waiting.
    backdate(CompanyFactory(), created_at=ago(4))
    OfferFactory(pending=True, submitted_at=ago(2))
    open_day = MeetingDayFactory()
    backdate(ParticipationFactory(meeting_day=open_day), created_at=ago(1))
    ParticipationFactory(meeting_day=world.day)
    # Companies: 48 h; refused after 12 h, then verified 24 h after being resubmitted;
    # one decided before the period.
    x = CompanyFactory(verified=True)
    backdate(x, created_at=ago(10))
    log("company.verify", x, ago(8))
    y = CompanyFactory(verified=True)
    backdate(y, created_at=ago(20))
    log("company.reject", y, ago(19, 12))
    log("company.resubmit", y, ago(6))
    log("company.verify", y, ago(5))
    z = CompanyFactory(verified=True)
    backdate(z, created_at=ago(100))
    log("company.verify", z, ago(60))
    # Offers: 24 h; 6 h; 10 h from `submitted_at` (no submission in the log).
    p, q = OfferFactory(published=True), OfferFactory(rejected=True)
    r = OfferFactory(published=True, submitted_at=ago(3))
    log("offer.submit", p, ago(7))
    log("offer.publish", p, ago(6))
    log("offer.submit", q, ago(4))
    log("offer.reject", q, ago(3, 18))
    log("offer.publish", r, ago(2, 14))
    # Participations: 48 h; 24 h to the waiting list (the later acceptance is not a
    # first decision).
    one = ParticipationFactory(meeting_day=open_day, accepted=True)
    backdate(one, created_at=ago(5))
    log("participation.accept", one, ago(3))
    two = ParticipationFactory(meeting_day=open_day, accepted=True)
    backdate(two, created_at=ago(6))
    log("participation.waitlist", two, ago(5))
    log("participation.accept", two, ago(1))

    section = build("moderation")
    assert figures(section, "waiting") == {
        "Entreprises à vérifier": [1, 4],
        "Offres à modérer": [1, 2],
        "Participations à décider": [1, 1],
    }
    delays = figures(section, "delays")
    assert delays["Entreprises (vérifiées ou refusées)"] == [3, pytest.approx(24.0)]
    assert delays["Offres (publiées ou refusées)"] == [3, pytest.approx(10.0)]
    assert delays["Participations (première décision)"] == [2, pytest.approx(36.0)]
    # Nothing decided in a period: no median, shown as a dash.
    empty = dashboard.Period(date(2020, 1, 1), date(2020, 1, 31))
    assert figures(build("moderation", period=empty), "delays")[
        "Offres (publiées ou refusées)"
    ] == [
        0,
        None,
    ]


# --- The page ----------------------------------------------------------------------------------


def full_world() -> World:
    world = World()
    world.add_job_board()
    world.add_demand()
    world.add_day()
    world.add_moderation()
    return world


def test_the_page_shows_each_section_with_a_chart_and_its_table(client, staff):
    full_world()
    client.force_login(staff)
    response = client.get(URL, QUERY)
    assert response.status_code == 200
    content = response.content.decode()
    sections = response.context["sections"]
    assert [s["key"] for s in sections] == ["offers", "shortages", "demand", "funnel", "moderation"]
    tables = [table for section in sections for table in section["tables"]]
    assert all(table["rows"] and table["chart"] for table in tables)
    assert content.count("<svg") >= len(tables)
    assert content.count('role="img"') >= len(tables)
    assert 'aria-labelledby="chart-offers-track-title chart-offers-track-desc"' in content
    assert '<title id="chart-offers-track-title">' in content
    assert content.count("<caption>") >= len(tables)
    assert '<th scope="row">Soudeur·euse</th>' in content
    assert '<th scope="col">Offres publiées</th>' in content.replace(' class="dash-number"', "")
    assert 'href="/admin/">' in content  # the admin's breadcrumbs
    # The page's figures are the dashboard's.
    total = sections[0]["tables"][0]["total"]["cells"]
    assert total == [str(value) for value in independent_job_board(PERIOD)[None]]


def test_the_admin_index_links_to_the_dashboard(client, staff):
    client.force_login(staff)
    content = client.get("/admin/").content.decode()
    assert f'href="{reverse("admin_dashboard")}"' in content
    assert "Tableau de bord" in content


def test_the_default_period_is_the_school_year(client, staff):
    client.force_login(staff)
    period = client.get(URL).context["period"]
    assert period == dashboard.Period(date(current_school_year(), 9, 1), TODAY)
    assert dashboard.default_period(date(2026, 8, 31)).start == date(2025, 9, 1)
    assert dashboard.default_period(date(2026, 9, 1)).start == date(2026, 9, 1)


def test_a_period_filter_changes_the_figures(client, staff):
    World().add_job_board()
    client.force_login(staff)
    week = {"start": (TODAY - timedelta(days=7)).isoformat(), "end": TODAY.isoformat()}
    response = client.get(URL, week)
    assert response.context["period"] == dashboard.Period(TODAY - timedelta(days=7), TODAY)
    assert response.context["sections"][0]["tables"][0]["total"]["cells"] == ["1", "2", "2"]
    assert not response.context["notices"]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "banana"},
        {"end": "2026-02-30"},
        {"start": "9999-12-31"},
        {"end": "0001-01-01"},
        {"day": "abc"},
        {"day": "999999"},
        {"day": "99999999999999999999999999"},
        {"start": "2026-03-01", "end": "2026-02-01"},
        {"export": "everything"},
        {"start": "<script>"},
    ],
)
def test_junk_filters_are_ignored_with_a_notice(client, staff, query):
    client.force_login(staff)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response.context["notices"]
    assert response.context["period"] == dashboard.default_period()
    content = response.content.decode()
    assert 'class="warning"' in content
    assert "<script>" not in content.split('id="content-main"')[1]


def test_junk_beside_good_filters_keeps_the_good_ones(client, staff):
    client.force_login(staff)
    start = TODAY - timedelta(days=7)
    response = client.get(URL, {"start": start.isoformat(), "day": "abc"})
    assert response.context["period"] == dashboard.Period(start, TODAY)
    assert len(response.context["notices"]) == 1


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets read UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def block(rows: list[list[str]], caption: str) -> list[list[str]]:
    """The rows of one table: from its header to the blank line."""
    start = rows.index([caption]) + 1
    end = next((i for i in range(start, len(rows)) if not rows[i]), len(rows))
    return rows[start:end]


def test_each_section_downloads_as_csv(client, staff):
    full_world()
    client.force_login(staff)
    for key in dashboard.SECTIONS:
        response = client.get(URL, {**QUERY, "export": key})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="tableau-de-bord-{key}-{START.isoformat()}'
        )
        assert read_csv(response)


def test_the_offers_csv_has_the_right_rows_with_accents_intact(client, staff):
    World().add_job_board()
    client.force_login(staff)
    rows = read_csv(client.get(URL, {**QUERY, "export": "offers"}))
    assert rows[0] == ["Offres, candidatures et engagements"]
    assert rows[1][0] == "Période"
    by_track = block(rows, "Par filière")
    assert by_track[0] == ["Filière", "Offres publiées", "Candidatures", "Engagements"]
    assert by_track[1:4] == [  # in the catalogue's order
        ["Mécanicien·ne", "1", "2", "1"],
        ["Soudeur·euse", "1", "2", "2"],
        ["Aide-soignant·e", "1", "0", "0"],
    ]
    assert by_track[4] == ["Toute la période", "2", "2", "2"]
    assert by_track[5][0].startswith("Une offre compte une fois")


def test_the_csv_keeps_names_from_running_as_formulas(client, staff):
    track = TrackFactory(name_fr='=HYPERLINK("http://x")')
    ShortageOccupationFactory(name_fr="+Couvreur", list_year=2025, tracks=[track])
    client.force_login(staff)
    rows = read_csv(client.get(URL, {"export": "shortages"}))
    occupations = block(rows, "Par fonction critique")
    assert occupations[1][:2] == ["'+Couvreur", '\'=HYPERLINK("http://x")']


def test_the_moderation_csv_writes_hours_with_a_decimal_comma(client, staff):
    World().add_moderation()
    client.force_login(staff)
    rows = read_csv(client.get(URL, {**QUERY, "export": "moderation"}))
    delays = block(rows, "Délai de décision pendant la période")
    assert delays[0] == ["Décision", "Décisions", "Délai médian (heures)"]
    assert ["Entreprises (vérifiées ou refusées)", "1", "48,0"] in delays
    assert ["Participations (première décision)", "0", ""] in delays


# --- Who gets in -------------------------------------------------------------------------------


def test_visitors_and_students_are_sent_to_the_admin_login(client, student):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(student)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_permission_get_403_and_no_link(client):
    member = UserFactory(is_staff=True)
    client.force_login(member)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "offers"}).status_code == 403
    assert reverse("admin_dashboard") not in client.get("/admin/").content.decode()


def test_staff_with_the_permission_get_in(client):
    permission, _created = Permission.objects.get_or_create(
        codename="view_dashboard",
        content_type=ContentType.objects.get_for_model(AuditEntry),
        defaults={"name": "Can view the dashboard"},
    )
    member = UserFactory(is_staff=True)
    member.user_permissions.add(permission)
    client.force_login(member)
    assert client.get(URL).status_code == 200
    assert reverse("admin_dashboard") in client.get("/admin/").content.decode()


# --- Queries -----------------------------------------------------------------------------------


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(client, staff):
    world = full_world()
    client.force_login(staff)
    day = {**QUERY, "day": world.day.pk}
    client.get(URL, QUERY)  # warm the caches (content types, sessions)
    small = count_queries(client, QUERY), count_queries(client, day)
    small_csv = [count_queries(client, {**QUERY, "export": key}) for key in dashboard.SECTIONS]
    for _more in range(2):
        world.add_job_board()
        world.add_demand()
        world.add_day()
        world.add_moderation()
    assert Offer.objects.count() > 3 * 4
    assert (count_queries(client, QUERY), count_queries(client, day)) == small
    assert [
        count_queries(client, {**QUERY, "export": key}) for key in dashboard.SECTIONS
    ] == small_csv
    assert small[0] < 70
    assert Company.objects.exists()


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_data_fills_every_section(client, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_reference", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(UserFactory(staff=True))
    # The demo's decisions go back a month: early in September, the school year has not.
    response = client.get(URL, {"start": (TODAY - timedelta(days=60)).isoformat()})
    for section in response.context["sections"]:
        for table in section["tables"]:
            assert table["chart"], (section["key"], table["key"])
        figures = [cell for t in section["tables"] for r in t["rows"] for cell in r["cells"]]
        assert any(cell not in ("0", "—") for cell in figures), section["key"]
    moderation = response.context["sections"][-1]["tables"][1]["rows"]
    assert all(row["cells"][1] != "—" for row in moderation[:2])  # companies, offers
    funnel = response.context["sections"][3]["tables"][1]["rows"]
    assert [row["cells"] for row in funnel][-2:] == [["3"], ["1"]]  # applications, hires
