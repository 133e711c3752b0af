"""Each main page issues the same number of queries for 5 and for 50 rows, within a budget.

One table, one test: a page, the persona that uses it, how to add n rows (the objects the
page lists, or a detail page's related rows) and its budget. The count includes what the
request spends before the view (session, user, role, activity tracking), and is taken with
app-level caching off (PUBLIC_CACHE_SECONDS = 0): the budget is that of a cold page.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import NeedLanguage
from events.models import Meeting
from jobboard.models import ApplicationEvent, OfferLanguage
from students.models import StudentLanguage
from tests.companies.factories import (
    CompanyFactory,
    MembershipFactory,
    NeedFactory,
    TeamInvitationFactory,
)
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    PreferenceFactory,
    RegistrationFactory,
)
from tests.jobboard.factories import (
    ApplicationFactory,
    OfferFactory,
    OfferInvitationFactory,
    SavedOfferFactory,
    complete_profile,
    make_findable,
)
from tests.students.factories import (
    SectorFactory,
    ShortageOccupationFactory,
    StudentFactory,
    TrackFactory,
)

LIST_BUDGET = 8
DETAIL_BUDGET = 6
LANGUAGE_CODES = [code for code, _label in StudentLanguage.LANGUAGES]


class Scene:
    """The objects the pages share, made on first use; `fixture` gives a persona."""

    def __init__(self, request):
        self.request = request
        self.counts = Counter()
        self.made = {}

    def fixture(self, name):
        return self.request.getfixturevalue(name)

    @cached_property
    def sector(self):
        return SectorFactory(slug="electricite")

    @cached_property
    def track(self):
        return TrackFactory(sector=self.sector, slug="electricien")

    @cached_property
    def offer(self):
        """A listed offer of the recruiter's company."""
        return OfferFactory(company=self.fixture("company"), published=True, tracks=[self.track])

    @cached_property
    def day(self):
        return MeetingDayFactory(slug="journee-printemps", students_open=True)

    @cached_property
    def scheduled_day(self):
        """A published schedule with room for 56 slots (08:00–22:00, 15 minutes each)."""
        return MeetingDayFactory(
            slug="journee-planifiee",
            scheduled=True,
            opens_at=datetime.time(8, 0),
            closes_at=datetime.time(22, 0),
        )

    @cached_property
    def registration(self):
        profile = self.fixture("student").student_profile
        return RegistrationFactory(meeting_day=self.scheduled_day, student=profile)

    @cached_property
    def need(self):
        return NeedFactory(company=self.fixture("company"))

    @cached_property
    def profile(self):
        """The student's profile, complete (to apply, to register for a day)."""
        return complete_profile(self.fixture("student").student_profile)

    @cached_property
    def application(self):
        """The student's application to the scene's offer."""
        return ApplicationFactory(offer=self.offer, student=self.profile)

    @cached_property
    def our_participation(self):
        """The recruiter's company on the scheduled day, with two tables."""
        return ParticipationFactory(
            meeting_day=self.scheduled_day, company=self.fixture("company"), accepted=True, tables=2
        )

    def once(self, name: str, make: Callable[[], object]) -> object:
        """`make()` the first time `name` is asked for; the same object afterwards."""
        if name not in self.made:
            self.made[name] = make()
        return self.made[name]

    def added(self, name: str, n: int) -> range:
        """The numbers of `n` more rows of `name`."""
        start = self.counts[name]
        self.counts[name] += n
        return range(start, start + n)


# --- How to add n rows ------------------------------------------------------------------


def listed_offers(scene: Scene, n: int) -> None:
    """Listed offers of as many companies, in the scene's track, which is in shortage."""
    scene.once("shortage", lambda: ShortageOccupationFactory(tracks=[scene.track]))
    for _index in scene.added("offers", n):
        OfferFactory(published=True, tracks=[scene.track, TrackFactory(sector=scene.sector)])


def home_rows(scene: Scene, n: int) -> None:
    """Offers, tracks in shortage and upcoming days with their companies."""
    listed_offers(scene, n)
    for _index in range(n):
        ShortageOccupationFactory(tracks=[TrackFactory()])
        ParticipationFactory(meeting_day=scene.day, accepted=True)


def offer_related_rows(scene: Scene, n: int) -> None:
    """The offer's tracks (each in shortage) and languages (there are 13 to choose from)."""
    for index in scene.added("offer_rows", n):
        track = TrackFactory()
        ShortageOccupationFactory(tracks=[track])
        scene.offer.tracks.add(track)
        if index < len(LANGUAGE_CODES):
            OfferLanguage.objects.create(
                offer=scene.offer, language=LANGUAGE_CODES[index], level="B1"
            )


def directory_companies(scene: Scene, n: int) -> None:
    """Verified companies, each with a sector, an open need for a track and a listed offer."""
    for _index in scene.added("companies", n):
        company = CompanyFactory(verified=True, sectors=[SectorFactory()])
        NeedFactory(company=company, tracks=[TrackFactory(sector=scene.sector)])
        OfferFactory(company=company, published=True, tracks=[scene.track])


def company_page_rows(scene: Scene, n: int) -> None:
    """The company's sectors, listed offers, needs (each for a track) and coming days."""
    company = scene.fixture("company")
    for _index in scene.added("company_rows", n):
        company.sectors.add(SectorFactory())
        OfferFactory(company=company, published=True, tracks=[TrackFactory()])
        NeedFactory(company=company, tracks=[TrackFactory()])
        ParticipationFactory(meeting_day=MeetingDayFactory(), company=company, accepted=True)


def tracks(scene: Scene, n: int) -> None:
    """Tracks in as many sectors, each in shortage."""
    for _index in scene.added("tracks", n):
        ShortageOccupationFactory(tracks=[TrackFactory(sector=SectorFactory())])


def track_page_rows(scene: Scene, n: int) -> None:
    """The track's listed offers, companies seeking it and shortage occupations."""
    listed_offers(scene, n)
    for _index in range(n):
        NeedFactory(company=CompanyFactory(verified=True), tracks=[scene.track])
        ShortageOccupationFactory(tracks=[scene.track])


def meeting_days(scene: Scene, n: int) -> None:
    """Public days (half to come, half past), each with an accepted company."""
    for index in scene.added("days", n):
        date = datetime.date.today() + datetime.timedelta(days=-index - 1 if index % 2 else index)
        ParticipationFactory(meeting_day=MeetingDayFactory(date=date), accepted=True)


def day_companies(scene: Scene, n: int) -> None:
    """Accepted companies of the scene's day, each with two tracks."""
    for _index in scene.added("participations", n):
        ParticipationFactory(
            meeting_day=scene.day,
            accepted=True,
            tracks=[TrackFactory(sector=scene.sector), TrackFactory()],
        )


def day_companies_and_our_registration(scene: Scene, n: int) -> None:
    """The day's companies; the student is registered (and may rank them)."""
    scene.once(
        "registration",
        lambda: RegistrationFactory(meeting_day=scene.day, student=scene.profile),
    )
    day_companies(scene, n)


def day_companies_and_ours(scene: Scene, n: int) -> None:
    """The day's companies, the recruiter's among them."""
    company = scene.fixture("company")
    scene.once(
        "participation",
        lambda: ParticipationFactory(meeting_day=scene.day, company=company, accepted=True),
    )
    day_companies(scene, n)


def applications(scene: Scene, n: int) -> None:
    """The student's applications, each to an offer of another company."""
    profile = scene.fixture("student").student_profile
    for _index in scene.added("applications", n):
        ApplicationFactory(
            student=profile, offer=OfferFactory(published=True, tracks=[scene.track])
        )


def schedule_meetings(scene: Scene, n: int) -> None:
    """The student's meetings on a scheduled day, each with another company."""
    for slot in scene.added("meetings", n):
        participation = ParticipationFactory(meeting_day=scene.scheduled_day, accepted=True)
        Meeting.objects.create(
            meeting_day=scene.scheduled_day,
            registration=scene.registration,
            participation=participation,
            slot_index=slot,
        )


def company_offers(scene: Scene, n: int) -> None:
    """The company's offers in every state, each with an application."""
    company = scene.fixture("company")
    traits = ["published", "pending", "closed", "expired", "rejected"]
    for index in scene.added("company_offers", n):
        offer = OfferFactory(company=company, tracks=[scene.track], **{traits[index % 5]: True})
        ApplicationFactory(offer=offer)
    # The list also shows the open needs an offer may answer.
    scene.once("need", lambda: NeedFactory(company=company))


def offer_applications(scene: Scene, n: int) -> None:
    """Applications to the scene's offer, from students of different tracks."""
    for _index in scene.added("offer_applications", n):
        ApplicationFactory(offer=scene.offer, student=StudentFactory(complete=True))


def needs(scene: Scene, n: int) -> None:
    """The company's needs (open and closed), each with two tracks and a language."""
    company = scene.fixture("company")
    for index in scene.added("needs", n):
        need = NeedFactory(
            company=company,
            tracks=[TrackFactory(), TrackFactory()],
            status="open" if index % 2 else "closed",
        )
        NeedLanguage.objects.create(need=need, language="nl", level="B1")


def need_related_rows(scene: Scene, n: int) -> None:
    """The need's tracks and languages."""
    for index in scene.added("need_rows", n):
        scene.need.tracks.add(TrackFactory())
        if index < len(LANGUAGE_CODES):
            NeedLanguage.objects.create(need=scene.need, language=LANGUAGE_CODES[index], level="A2")


def saved_offers(scene: Scene, n: int) -> None:
    """Offers the student saved."""
    for _index in scene.added("saved", n):
        SavedOfferFactory(student=scene.profile, offer=OfferFactory(published=True))


def invitations(scene: Scene, n: int) -> None:
    """Invitations to apply the student received, each from another company."""
    for _index in scene.added("invitations", n):
        OfferInvitationFactory(student=scene.profile, offer=OfferFactory(published=True))


def registrations(scene: Scene, n: int) -> None:
    """The student's registrations to as many days, each with a wish."""
    for _index in scene.added("registrations", n):
        registration = RegistrationFactory(
            meeting_day=MeetingDayFactory(students_open=True), student=scene.profile
        )
        PreferenceFactory(
            registration=registration,
            participation=ParticipationFactory(meeting_day=registration.meeting_day, accepted=True),
        )


def history(scene: Scene, n: int) -> None:
    """Steps in the history of the student's application."""
    for _index in scene.added("history", n):
        ApplicationEvent.objects.create(
            application=scene.application,
            from_status="submitted",
            to_status="viewed",
            actor=scene.fixture("recruiter"),
        )


def company_days(scene: Scene, n: int) -> None:
    """The company's participations in as many days."""
    for _index in scene.added("company_days", n):
        ParticipationFactory(meeting_day=MeetingDayFactory(), company=scene.fixture("company"))


def company_meetings(scene: Scene, n: int) -> None:
    """The company's meetings on the scheduled day, each with another student."""
    for index in scene.added("company_meetings", n):
        Meeting.objects.create(
            meeting_day=scene.scheduled_day,
            registration=RegistrationFactory(meeting_day=scene.scheduled_day),
            participation=scene.our_participation,
            table_number=1 + index % 2,
            slot_index=index // 2,
        )


def findable_students(scene: Scene, n: int) -> None:
    """Students in the talent search, of the scene's track."""
    for _index in scene.added("findable", n):
        make_findable(StudentFactory(), track=scene.track)


def team(scene: Scene, n: int) -> None:
    """The company's members and pending invitations."""
    company = scene.fixture("company")
    for _index in scene.added("team", n):
        MembershipFactory(company=company)
        TeamInvitationFactory(company=company)


def company_dashboard_rows(scene: Scene, n: int) -> None:
    """The company's members and open needs (each for a track)."""
    company = scene.fixture("company")
    for _index in scene.added("dashboard", n):
        MembershipFactory(company=company)
        NeedFactory(company=company, tracks=[TrackFactory()])


def checkin_rows(scene: Scene, n: int) -> None:
    """The day's accepted companies and registered students (all found by the search)."""
    for _index in scene.added("checkin", n):
        ParticipationFactory(meeting_day=scene.day, accepted=True)
        RegistrationFactory(
            meeting_day=scene.day, student=StudentFactory(complete=True, user__last_name="Peeters")
        )


# --- The table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: Callable[[Scene], str]
    add_rows: Callable[[Scene, int], None]
    budget: int


def jobs(query: str = "") -> Callable[[Scene], str]:
    return lambda scene: reverse("jobboard:offer_list") + query


PAGES = [
    Page("home", "visitor", lambda s: reverse("home"), home_rows, LIST_BUDGET),
    Page("home (student)", "student", lambda s: reverse("home"), home_rows, LIST_BUDGET),
    Page("offer list", "visitor", jobs(), listed_offers, LIST_BUDGET),
    Page("offer list, search", "visitor", jobs("?q=electricien"), listed_offers, LIST_BUDGET),
    Page(
        "offer list, filters",
        "visitor",
        lambda s: (
            reverse("jobboard:offer_list")
            + f"?sector={s.sector.slug}&track={s.track.slug}&kind=alternance"
            + "&commune=anderlecht&shortage=on&order=newest"
        ),
        listed_offers,
        LIST_BUDGET,
    ),
    Page("offer list (student)", "student", jobs(), listed_offers, LIST_BUDGET),
    Page(
        "offer page",
        "visitor",
        lambda s: s.offer.get_absolute_url(),
        offer_related_rows,
        DETAIL_BUDGET,
    ),
    Page(
        "offer page (student)",
        "student",
        lambda s: s.offer.get_absolute_url(),
        offer_related_rows,
        DETAIL_BUDGET,
    ),
    Page(
        "company list",
        "visitor",
        lambda s: reverse("companies:company_list"),
        directory_companies,
        LIST_BUDGET,
    ),
    Page(
        "company page",
        "visitor",
        lambda s: s.fixture("company").get_absolute_url(),
        company_page_rows,
        DETAIL_BUDGET,
    ),
    Page("track list", "visitor", lambda s: reverse("students:track_list"), tracks, LIST_BUDGET),
    Page(
        "track page",
        "visitor",
        lambda s: s.track.get_absolute_url(),
        track_page_rows,
        DETAIL_BUDGET,
    ),
    Page(
        "meeting day list",
        "visitor",
        lambda s: reverse("events:meetingday_list"),
        meeting_days,
        LIST_BUDGET,
    ),
    Page(
        "meeting day page",
        "visitor",
        lambda s: reverse("events:meetingday_detail", kwargs={"slug": s.day.slug}),
        day_companies,
        DETAIL_BUDGET,
    ),
    Page(
        "meeting day page (student)",
        "student",
        lambda s: reverse("events:meetingday_detail", kwargs={"slug": s.day.slug}),
        day_companies_and_our_registration,
        DETAIL_BUDGET,
    ),
    Page(
        "meeting day page (recruiter)",
        "recruiter",
        lambda s: reverse("events:meetingday_detail", kwargs={"slug": s.day.slug}),
        day_companies_and_ours,
        DETAIL_BUDGET,
    ),
    Page(
        "my applications",
        "student",
        lambda s: reverse("jobboard:my_application_list"),
        applications,
        LIST_BUDGET,
    ),
    Page(
        "my schedule",
        "student",
        lambda s: reverse("events:my_schedule", kwargs={"pk": s.registration.pk}),
        schedule_meetings,
        LIST_BUDGET,
    ),
    Page(
        "company offers",
        "recruiter",
        lambda s: reverse("jobboard:company_offer_list"),
        company_offers,
        LIST_BUDGET,
    ),
    Page(
        "applications for an offer",
        "recruiter",
        lambda s: reverse("jobboard:company_application_list") + f"?offer={s.offer.pk}",
        offer_applications,
        LIST_BUDGET,
    ),
    Page(
        "applications, shortlisted",
        "recruiter",
        lambda s: (
            reverse("jobboard:company_application_list") + f"?offer={s.offer.pk}&status=submitted"
        ),
        offer_applications,
        LIST_BUDGET,
    ),
    Page(
        "company needs",
        "recruiter",
        lambda s: reverse("companies:need_list"),
        needs,
        LIST_BUDGET,
    ),
    Page(
        "company need form",
        "recruiter",
        lambda s: reverse("companies:need_update", kwargs={"pk": s.need.pk}),
        need_related_rows,
        DETAIL_BUDGET,
    ),
    Page(
        "saved offers",
        "student",
        lambda s: reverse("jobboard:saved_offer_list"),
        saved_offers,
        LIST_BUDGET,
    ),
    Page(
        "my invitations",
        "student",
        lambda s: reverse("jobboard:my_invitation_list"),
        invitations,
        LIST_BUDGET,
    ),
    Page(
        "my meeting days",
        "student",
        lambda s: reverse("events:my_event_list"),
        registrations,
        LIST_BUDGET,
    ),
    Page(
        "my application",
        "student",
        lambda s: reverse("jobboard:my_application_detail", kwargs={"pk": s.application.pk}),
        history,
        DETAIL_BUDGET,
    ),
    Page(
        "day registration and wishes",
        "student",
        lambda s: reverse("events:meetingday_register", kwargs={"slug": s.day.slug}),
        day_companies_and_our_registration,
        LIST_BUDGET,
    ),
    Page(
        "company dashboard",
        "recruiter",
        lambda s: reverse("companies:area"),
        company_dashboard_rows,
        LIST_BUDGET,
    ),
    Page("company team", "recruiter", lambda s: reverse("companies:team"), team, LIST_BUDGET),
    Page(
        "an application (company)",
        "recruiter",
        lambda s: reverse("jobboard:company_application_detail", kwargs={"pk": s.application.pk}),
        history,
        DETAIL_BUDGET,
    ),
    Page(
        "talent search",
        "recruiter",
        lambda s: reverse("jobboard:talent_search"),
        findable_students,
        LIST_BUDGET,
    ),
    Page(
        "company meeting days",
        "recruiter",
        lambda s: reverse("events:company_event_list"),
        company_days,
        LIST_BUDGET,
    ),
    Page(
        "company schedule",
        "recruiter",
        lambda s: reverse("events:company_schedule", kwargs={"pk": s.our_participation.pk}),
        company_meetings,
        LIST_BUDGET,
    ),
    Page(
        "company meetings to rate",
        "recruiter",
        lambda s: reverse("events:company_meeting_list", kwargs={"pk": s.our_participation.pk}),
        company_meetings,
        LIST_BUDGET,
    ),
    Page(
        "check-in",
        "staff",
        lambda s: reverse("events:checkin_home", kwargs={"slug": s.day.slug}),
        checkin_rows,
        LIST_BUDGET,
    ),
    Page(
        "check-in, search",
        "staff",
        lambda s: reverse("events:checkin_home", kwargs={"slug": s.day.slug}) + "?q=peeters",
        checkin_rows,
        LIST_BUDGET,
    ),
]


def listing(captured: CaptureQueriesContext) -> str:
    return "\n".join(
        f"  {number}. {query['sql']}" for number, query in enumerate(captured.captured_queries, 1)
    )


def queries_of(client, url: str) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_queries_stay_within_budget_and_do_not_grow_with_rows(
    page, request, settings, persona_client
):
    settings.PUBLIC_CACHE_SECONDS = 0
    scene = Scene(request)
    client = persona_client(page.persona)
    url = page.url(scene)
    page.add_rows(scene, 5)
    # The session's first request records it (allauth's user sessions): not the page's cost.
    assert client.get(url).status_code == 200
    five = queries_of(client, url)
    page.add_rows(scene, 45)
    fifty = queries_of(client, url)
    for rows, captured in ((5, five), (50, fifty)):
        assert len(captured) <= page.budget, (
            f"{page.name}: {len(captured)} queries for {rows} rows, budget {page.budget}:\n"
            f"{listing(captured)}"
        )
    assert len(fifty) == len(five), (
        f"{page.name}: {len(five)} queries for 5 rows, {len(fifty)} for 50.\n"
        f"5 rows:\n{listing(five)}\n50 rows:\n{listing(fifty)}"
    )
