"""The staff dashboard's figures: what the portal achieves for the city's goals.

Every figure is counted by the database in grouped queries (one row per track, sector,
contract kind, shortage occupation…), so the number of queries stays the same however
much data there is. Only the medians of the moderation delays are computed in Python,
over the period's decisions.
"""

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from campus_portal.models import AuditEntry
from companies.models import Company, Need
from events.models import Meeting, MeetingDay, Participation
from events.participation import DECIDABLE_DAY_STATUSES
from events.report import FORMULA_STARTS, day_report
from jobboard.models import Application, Offer
from students.models import (
    ContractKind,
    Sector,
    ShortageOccupation,
    StudentProfile,
    Track,
    current_school_year,
)

HIRED = Application.Status.HIRED


# --- Filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the portal's time zone."""

    start: date
    end: date

    @cached_property
    def bounds(self) -> tuple[datetime, datetime]:
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min)),
        )

    def q(self, field_name: str) -> Q:
        """`field_name` (a date and time) falls within the period."""
        start, end = self.bounds
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    def __str__(self):
        return gettext("du %(start)s au %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }


def default_period(today: date | None = None) -> Period:
    """The current school year, from 1 September to today."""
    today = today or timezone.localdate()
    return Period(date(current_school_year(today), 9, 1), today)


# Days whose figures mean something: the schedule is out, or the day took place.
REPORTED_DAY_STATUSES = (
    MeetingDay.Status.SCHEDULED,
    MeetingDay.Status.HELD,
    MeetingDay.Status.ARCHIVED,
)


def default_day() -> MeetingDay | None:
    """The latest day held or scheduled."""
    return MeetingDay.objects.filter(status__in=REPORTED_DAY_STATUSES).order_by("-date").first()


# --- What the template and the CSV read -----------------------------------------------------


@dataclass
class Column:
    key: str
    label: str
    # "count", or "hours" (a duration, one decimal), or "days" (whole days).
    unit: str = "count"


@dataclass
class Row:
    label: str
    values: list
    # Text shown in its own column after the label (tracks linked to an occupation…).
    detail: str = ""


@dataclass
class Table:
    key: str
    caption: str
    dimension: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    note: str = ""
    detail_label: str = ""
    # The columns drawn in the chart (all of them unless said otherwise).
    charted: tuple[str, ...] | None = None
    link: tuple[str, str] | None = None  # (text, url) under the table

    @property
    def charted_columns(self) -> list[tuple[int, Column]]:
        return [
            (index, column)
            for index, column in enumerate(self.columns)
            if self.charted is None or column.key in self.charted
        ]


@dataclass
class Section:
    key: str
    title: str
    intro: str
    # (label, value) pairs that say what the figures cover: period, list year, day.
    scope: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


class Catalogue:
    """Track and sector names in the catalogue's order, read once per request."""

    @cached_property
    def tracks(self) -> dict:
        return {track.pk: str(track) for track in Track.objects.all()}

    @cached_property
    def sectors(self) -> dict:
        return {sector.pk: str(sector) for sector in Sector.objects.all()}


def _grouped(queryset, dimension: str, **counts) -> dict:
    """{value of `dimension`: {count name: count}}, in one grouped query."""
    return {
        row.pop(dimension): row for row in queryset.order_by().values(dimension).annotate(**counts)
    }


def _ordered(keys, labels: dict) -> list:
    """The catalogue's order, then keys it does not know, then nothing (None) last."""
    keys = set(keys)
    known = [key for key in labels if key in keys]
    unknown = sorted((key for key in keys if key not in labels and key is not None), key=str)
    return known + unknown + ([None] if None in keys else [])


def _rows(keys, labels: dict, columns: list[Column], *sources: dict, missing: str) -> list[Row]:
    rows = []
    for key in keys:
        values = []
        for column in columns:
            found = [src[key][column.key] for src in sources if column.key in src.get(key, {})]
            values.append((found[0] if found else 0) or 0)
        label = labels.get(key, key) if key is not None else missing
        rows.append(Row(label=str(label), values=values))
    return rows


# --- 1. Offers, applications and hires -------------------------------------------------------


def _period_querysets(period: Period):
    """The period's published offers; the applications sent or hired in it, and how to
    count them (DISTINCT only where a join may meet an application twice)."""
    offers = Offer.objects.filter(period.q("published_at"))
    sent = period.q("created_at")
    hired = Q(status=HIRED) & period.q("closed_at")
    applications = Application.objects.filter(sent | hired)

    def counts(*, distinct: bool) -> dict:
        return {
            "applications": Count("pk", filter=sent, distinct=distinct),
            "hires": Count("pk", filter=hired, distinct=distinct),
        }

    return offers, applications, counts


@dataclass
class Dimension:
    key: str
    caption: str
    header: str
    offer_field: str
    application_field: str
    labels: dict
    missing: str
    note: str = ""
    # An offer meets each of its tracks once and has one kind: counting rows is exact,
    # and PostgreSQL then hashes instead of sorting. A sector may come through two tracks.
    distinct: bool = False


def offers_section(*, period: Period, catalogue: Catalogue, **_ignored) -> Section:
    offers, applications, app_counts = _period_querysets(period)
    columns = [
        Column("offers", gettext("Offres publiées")),
        Column("applications", gettext("Candidatures")),
        Column("hires", gettext("Engagements")),
    ]
    kinds = {kind.value: kind.label for kind in ContractKind}
    dimensions = [
        Dimension(
            "track",
            gettext("Par filière"),
            gettext("Filière"),
            "tracks",
            "offer__tracks",
            catalogue.tracks,
            gettext("Sans filière"),
            gettext(
                "Une offre compte une fois dans chacune de ses filières, avec ses candidatures "
                "et engagements : la somme des lignes peut dépasser le total."
            ),
        ),
        Dimension(
            "sector",
            gettext("Par secteur"),
            gettext("Secteur"),
            "tracks__sector",
            "offer__tracks__sector",
            catalogue.sectors,
            gettext("Sans secteur"),
            gettext(
                "Une offre compte une fois dans chaque secteur de ses filières : la somme des "
                "lignes peut dépasser le total."
            ),
            distinct=True,
        ),
        Dimension(
            "kind",
            gettext("Par type de contrat"),
            gettext("Type de contrat"),
            "kind",
            "offer__kind",
            kinds,
            gettext("Sans type"),
        ),
    ]
    counted = [
        (
            dimension,
            _grouped(
                offers,
                dimension.offer_field,
                offers=Count("pk", distinct=dimension.distinct),
            ),
            _grouped(
                applications,
                dimension.application_field,
                **app_counts(distinct=dimension.distinct),
            ),
        )
        for dimension in dimensions
    ]
    total_applications = applications.order_by().aggregate(**app_counts(distinct=False))
    by_kind = counted[-1][1]
    total = Row(
        gettext("Toute la période"),
        [
            sum(row["offers"] for row in by_kind.values()),  # one kind per offer
            total_applications["applications"],
            total_applications["hires"],
        ],
    )
    tables = []
    for dimension, by_offer, by_application in counted:
        keys = set(by_offer) | set(by_application)
        if dimension.key == "kind":
            keys |= set(kinds)  # every kind of contract, zeros included: there are six
        labels = dimension.labels
        tables.append(
            Table(
                key=dimension.key,
                caption=dimension.caption,
                dimension=dimension.header,
                columns=columns,
                rows=_rows(
                    _ordered(keys, labels),
                    labels,
                    columns,
                    by_offer,
                    by_application,
                    missing=dimension.missing,
                ),
                total=total,
                note=dimension.note,
            )
        )
    return Section(
        key="offers",
        title=gettext("Offres, candidatures et engagements"),
        intro=gettext(
            "Offres publiées pendant la période, candidatures envoyées pendant la période et "
            "engagements conclus pendant la période (candidatures passées à « engagé·e »)."
        ),
        scope=[(gettext("Période"), str(period))],
        tables=tables,
    )


# --- 2. Shortage occupations -----------------------------------------------------------------


def shortages_section(*, period: Period, **_ignored) -> Section:
    year = ShortageOccupation.objects.aggregate(year=Max("list_year"))["year"]
    occupations = list(ShortageOccupation.objects.filter(list_year=year).prefetch_related("tracks"))
    offers, applications, app_counts = _period_querysets(period)
    linked_offers = offers.filter(tracks__shortage_occupations__list_year=year)
    linked_applications = applications.filter(offer__tracks__shortage_occupations__list_year=year)
    by_offer = _grouped(
        linked_offers, "tracks__shortage_occupations", offers=Count("pk", distinct=True)
    )
    by_application = _grouped(
        linked_applications,
        "offer__tracks__shortage_occupations",
        **app_counts(distinct=True),
    )
    # "Any occupation" as a semi-join: each offer once, without sorting for a DISTINCT.
    any_occupation = Offer.tracks.through.objects.filter(
        offer=OuterRef("pk"), track__shortage_occupations__list_year=year
    )
    total_offers = offers.filter(Exists(any_occupation)).order_by().aggregate(offers=Count("pk"))
    any_occupation_of_offer = Offer.tracks.through.objects.filter(
        offer=OuterRef("offer"), track__shortage_occupations__list_year=year
    )
    total_applications = (
        applications.filter(Exists(any_occupation_of_offer))
        .order_by()
        .aggregate(**app_counts(distinct=False))
    )
    columns = [
        Column("offers", gettext("Offres publiées")),
        Column("applications", gettext("Candidatures")),
        Column("hires", gettext("Engagements")),
    ]
    rows = []
    for occupation in occupations:
        counts = {**by_offer.get(occupation.pk, {}), **by_application.get(occupation.pk, {})}
        tracks = [str(track) for track in occupation.tracks.all()]
        rows.append(
            Row(
                label=str(occupation.name),
                values=[counts.get(column.key, 0) for column in columns],
                detail=", ".join(tracks) if tracks else gettext("aucune filière liée"),
            )
        )
    # The occupations the campus helps fill first; those it does not, last, by name.
    rows.sort(key=lambda row: ([-value for value in row.values], row.label.casefold()))
    total = Row(
        gettext("Au moins une fonction critique"),
        [
            total_offers["offers"],
            total_applications["applications"],
            total_applications["hires"],
        ],
    )
    return Section(
        key="shortages",
        title=gettext("Fonctions critiques"),
        intro=gettext(
            "Pour chaque fonction critique de la dernière liste d'Actiris : les offres publiées, "
            "candidatures et engagements de la période pour des offres d'une filière qui y "
            "prépare. Les fonctions sans offre restent dans la liste : le campus ne les aide "
            "pas encore à pourvoir."
        ),
        scope=[
            (gettext("Période"), str(period)),
            (gettext("Liste des fonctions critiques"), str(year) if year else "—"),
        ],
        tables=[
            Table(
                key="occupations",
                caption=gettext("Par fonction critique"),
                dimension=gettext("Fonction critique"),
                detail_label=gettext("Filières qui y préparent"),
                columns=columns,
                rows=rows,
                total=total,
                note=gettext(
                    "Une offre compte dans chaque fonction critique à laquelle une de ses "
                    "filières prépare ; la ligne du total compte chaque offre une seule fois."
                )
                if year
                else gettext("Aucune liste de fonctions critiques n'est chargée."),
            )
        ],
    )


# --- 3. Demand and supply per track ----------------------------------------------------------

DEMAND_COMPANY_STATUSES = (Company.Status.VERIFIED, Company.Status.PENDING)
GRADUATE = StudentProfile.Status.GRADUATE


def demand_section(*, catalogue: Catalogue, **_ignored) -> Section:
    needs = Need.objects.open().filter(company__status__in=DEMAND_COMPANY_STATUSES)
    students = StudentProfile.objects.filter(user__is_active=True, track__isnull=False)
    people = {
        "pupils": Count("pk", filter=~Q(status=GRADUATE)),
        "graduates": Count("pk", filter=Q(status=GRADUATE)),
    }
    # A need row meets each of its tracks once: summing its headcount per track is exact.
    by_need = _grouped(needs, "tracks", places=Sum("headcount"))
    by_student = _grouped(students, "track", **people)
    total_places = needs.order_by().aggregate(places=Sum("headcount"))["places"] or 0
    total_people = students.order_by().aggregate(**people)
    columns = [
        Column("places", gettext("Places recherchées")),
        Column("pupils", gettext("Élèves")),
        Column("graduates", gettext("Diplômé·es")),
    ]
    keys = [key for key in set(by_need) | set(by_student) if key is not None]
    rows = _rows(
        _ordered(keys, catalogue.tracks),
        catalogue.tracks,
        columns,
        by_need,
        by_student,
        missing=gettext("Sans filière"),
    )
    return Section(
        key="demand",
        title=gettext("Demande et offre par filière"),
        intro=gettext(
            "Les places que les entreprises (vérifiées ou en attente de vérification) "
            "recherchent dans leurs besoins ouverts, face aux élèves et diplômé·es de la "
            "filière inscrit·es sur le portail (comptes actifs). Chiffres d'aujourd'hui, "
            "quelle que soit la période."
        ),
        scope=[(gettext("Situation au"), formats.date_format(timezone.localdate()))],
        tables=[
            Table(
                key="tracks",
                caption=gettext("Par filière"),
                dimension=gettext("Filière"),
                columns=columns,
                rows=rows,
                total=Row(
                    gettext("Toutes les filières"),
                    [total_places, total_people["pupils"], total_people["graduates"]],
                ),
                note=gettext(
                    "Un besoin qui vise plusieurs filières compte ses places dans chacune ; le "
                    "total les compte une fois. Les filières sans besoin ni élève ne sont pas "
                    "montrées."
                ),
            )
        ],
    )


# --- 4. Meeting-day funnel -------------------------------------------------------------------


FOLLOW_UPS_WITH_A_NEXT_STEP = (
    Meeting.FollowUp.OFFER,
    Meeting.FollowUp.INTERVIEW,
    Meeting.FollowUp.INTERNSHIP,
)


def funnel_section(*, day: MeetingDay | None, **_ignored) -> Section:
    count = Column("count", gettext("Nombre"))
    section = Section(
        key="funnel",
        title=gettext("Journée de rencontre : de l'inscription à l'engagement"),
        intro=gettext(
            "Les entreprises et les élèves de la journée, étape par étape, jusqu'aux "
            "candidatures et engagements qui en sont issus."
        ),
    )
    if day is None:
        section.scope = [(gettext("Journée"), gettext("aucune journée planifiée ou tenue"))]
        section.tables = [
            Table("companies", gettext("Entreprises"), gettext("Étape"), [count], []),
            Table("students", gettext("Élèves"), gettext("Étape"), [count], []),
        ]
        return section
    report = day_report(day)
    companies = report["companies"]["total"]
    students = report["students"]["total"]
    meetings = report["meetings"]["total"]
    follow_ups = report["follow_ups"]["total"]
    outcomes = report["outcomes"]["total"]
    real_follow_ups = sum(follow_ups[kind] for kind in FOLLOW_UPS_WITH_A_NEXT_STEP)
    section.scope = [(gettext("Journée"), str(day)), (gettext("Statut"), day.get_status_display())]
    what = gettext("Ce qui est compté")
    section.tables = [
        Table(
            key="companies",
            caption=gettext("Entreprises"),
            dimension=gettext("Étape"),
            detail_label=what,
            columns=[count],
            rows=[
                Row(
                    gettext("Inscrites"),
                    [companies["registered"]],
                    gettext("demandes de participation"),
                ),
                Row(
                    gettext("Acceptées"),
                    [companies["accepted"]],
                    gettext("participations acceptées"),
                ),
                Row(
                    gettext("Présentes"),
                    [companies["present"]],
                    gettext("entreprises accueillies le jour même"),
                ),
            ],
        ),
        Table(
            key="students",
            caption=gettext("Élèves"),
            dimension=gettext("Étape"),
            detail_label=what,
            columns=[count],
            rows=[
                Row(
                    gettext("Inscrit·es"),
                    [students["registered"]],
                    gettext("élèves (sans la liste d'attente ni les désinscriptions)"),
                ),
                Row(
                    gettext("Présent·es"),
                    [students["present"]],
                    gettext("élèves accueilli·es le jour même"),
                ),
                Row(
                    gettext("Rendez-vous tenus"),
                    [meetings["held"]],
                    gettext("rendez-vous où l'élève et l'entreprise étaient présents"),
                ),
                Row(
                    gettext("Suites données"),
                    [real_follow_ups],
                    gettext("rendez-vous suivis d'une offre, d'un entretien ou d'un stage"),
                ),
                Row(
                    gettext("Candidatures"),
                    [outcomes["applications"]],
                    gettext("envoyées dès la journée à une entreprise rencontrée"),
                ),
                Row(gettext("Engagements"), [outcomes["hires"]], gettext("parmi ces candidatures")),
            ],
            note=gettext(
                "Les étapes ne comptent pas toutes la même chose : un·e élève a souvent "
                "plusieurs rendez-vous."
            ),
            link=(
                gettext("Rapport complet de la journée, par filière et par secteur"),
                reverse("admin:events_meetingday_report", args=[day.pk]),
            ),
        ),
    ]
    return section


# --- 5. Moderation ---------------------------------------------------------------------------

COMPANY_DECISIONS = ("company.verify", "company.reject")
COMPANY_SUBMISSIONS = ("company.resubmit",)
OFFER_DECISIONS = ("offer.publish", "offer.reject")
OFFER_SUBMISSIONS = ("offer.submit", "offer.back_to_moderation")
PARTICIPATION_DECISIONS = (
    "participation.accept",
    "participation.waitlist",
    "participation.decline",
)


def _of_target(model, field_name: str) -> Subquery:
    """`field_name` of the audit entry's target, an object of `model`."""
    target = model.objects.filter(pk=Cast(OuterRef("target_id"), BigIntegerField()))
    return Subquery(target.values(field_name)[:1])


def _same_target(actions) -> Q:
    return Q(
        target_type=OuterRef("target_type"),
        target_id=OuterRef("target_id"),
        action__in=actions,
    )


def _latest_before(actions) -> Subquery:
    """When the entry's target last had one of `actions`, at the decision or before."""
    earlier = AuditEntry.objects.filter(
        _same_target(actions), created_at__lte=OuterRef("created_at")
    )
    return Subquery(earlier.order_by("-created_at", "-pk").values("created_at")[:1])


def _decisions(period: Period, actions) -> QuerySet:
    return AuditEntry.objects.filter(period.q("created_at"), action__in=actions).order_by()


def company_delays(period: Period) -> list[timedelta]:
    """From the request (creation, or resubmission after a refusal) to the decision."""
    rows = (
        _decisions(period, COMPANY_DECISIONS)
        .annotate(
            resubmitted=_latest_before(COMPANY_SUBMISSIONS),
            created=_of_target(Company, "created_at"),
        )
        .values_list("created_at", "resubmitted", "created")
    )
    return _delays((decided, resubmitted or created) for decided, resubmitted, created in rows)


def offer_delays(period: Period) -> list[timedelta]:
    """From the (last) submission to the decision; offers submitted before the audit log
    recorded submissions fall back on their `submitted_at`."""
    rows = (
        _decisions(period, OFFER_DECISIONS)
        .annotate(
            submitted=_latest_before(OFFER_SUBMISSIONS),
            submitted_at=_of_target(Offer, "submitted_at"),
        )
        .values_list("created_at", "submitted", "submitted_at")
    )
    return _delays((decided, submitted or fallback) for decided, submitted, fallback in rows)


def participation_delays(period: Period) -> list[timedelta]:
    """From the company's request to the staff's first decision (a waitlisted company
    accepted later is one decision, not two)."""
    earlier = AuditEntry.objects.filter(
        _same_target(PARTICIPATION_DECISIONS), created_at__lt=OuterRef("created_at")
    )
    rows = (
        _decisions(period, PARTICIPATION_DECISIONS)
        .filter(~Exists(earlier))
        .annotate(requested=_of_target(Participation, "created_at"))
        .values_list("created_at", "requested")
    )
    return _delays(rows)


def _delays(pairs) -> list[timedelta]:
    return [decided - start for decided, start in pairs if start is not None and start <= decided]


def median_hours(delays: list[timedelta]) -> float | None:
    if not delays:
        return None
    return statistics.median(delay.total_seconds() for delay in delays) / 3600


def _waiting(queryset, since) -> tuple[int, int | None]:
    """How many wait, and for how many whole days the oldest has waited."""
    found = queryset.order_by().aggregate(count=Count("pk"), since=Min(since))
    oldest = found["since"]
    return found["count"], (timezone.now() - oldest).days if oldest else None


def moderation_section(*, period: Period, **_ignored) -> Section:
    waiting = [
        (
            gettext("Entreprises à vérifier"),
            _waiting(
                Company.objects.filter(status=Company.Status.PENDING),
                Coalesce("status_changed_at", "created_at"),
            ),
        ),
        (
            gettext("Offres à modérer"),
            _waiting(Offer.objects.filter(status=Offer.Status.PENDING), "submitted_at"),
        ),
        (
            gettext("Participations à décider"),
            _waiting(
                Participation.objects.filter(
                    status=Participation.Status.REQUESTED,
                    meeting_day__status__in=DECIDABLE_DAY_STATUSES,
                ),
                "created_at",
            ),
        ),
    ]
    delays = [
        (gettext("Entreprises (vérifiées ou refusées)"), company_delays(period)),
        (gettext("Offres (publiées ou refusées)"), offer_delays(period)),
        (gettext("Participations (première décision)"), participation_delays(period)),
    ]
    return Section(
        key="moderation",
        title=gettext("Modération"),
        intro=gettext(
            "Ce qui attend une décision aujourd'hui, et le temps médian qu'il a fallu pour "
            "décider pendant la période : de la demande (ou de la dernière soumission) à la "
            "décision inscrite au journal d'audit."
        ),
        scope=[(gettext("Période"), str(period))],
        tables=[
            Table(
                key="waiting",
                caption=gettext("En attente aujourd'hui"),
                dimension=gettext("À décider"),
                columns=[
                    Column("count", gettext("En attente")),
                    Column("oldest", gettext("Attente la plus longue (jours)"), unit="days"),
                ],
                charted=("count",),
                rows=[Row(label, [count, oldest]) for label, (count, oldest) in waiting],
            ),
            Table(
                key="delays",
                caption=gettext("Délai de décision pendant la période"),
                dimension=gettext("Décision"),
                columns=[
                    Column("decisions", gettext("Décisions")),
                    Column("median", gettext("Délai médian (heures)"), unit="hours"),
                ],
                charted=("median",),
                rows=[Row(label, [len(found), median_hours(found)]) for label, found in delays],
                note=gettext(
                    "La médiane : la moitié des décisions ont été prises plus vite, l'autre "
                    "moitié moins vite. « — » : aucune décision pendant la période."
                ),
            ),
        ],
    )


# --- The whole dashboard, and its CSV ---------------------------------------------------------

SECTIONS = {
    "offers": offers_section,
    "shortages": shortages_section,
    "demand": demand_section,
    "funnel": funnel_section,
    "moderation": moderation_section,
}


def build(keys=tuple(SECTIONS), *, period: Period, day: MeetingDay | None) -> list[Section]:
    catalogue = Catalogue()
    return [SECTIONS[key](period=period, day=day, catalogue=catalogue) for key in keys]


def display(value, unit: str = "count") -> str:
    """A figure as the page shows it, in the reader's language."""
    if value is None:
        return "—"
    if unit == "hours":
        return formats.number_format(value, 1)
    return formats.number_format(value)


def _cell(value) -> str:
    """A cell a spreadsheet shows as text: a name typed by someone never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_value(value, unit: str) -> str:
    if value is None:
        return ""
    if unit == "hours":
        # The decimal separator of the reader's language, as their spreadsheet expects.
        return formats.number_format(value, 1)
    return str(value)


def section_csv(section: Section) -> str:
    """One section as CSV for Belgian spreadsheets: a BOM (accents intact), ";" between
    columns; what the figures cover, then one block per table, a blank line between."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(section.title)])
    for label, value in section.scope:
        writer.writerow([_cell(label), _cell(value)])
    for table in section.tables:
        writer.writerow([])
        writer.writerow([_cell(table.caption)])
        detail = [_cell(table.detail_label)] if table.detail_label else []
        writer.writerow(
            [_cell(table.dimension), *detail, *(_cell(column.label) for column in table.columns)]
        )
        for row in [*table.rows, *([table.total] if table.total else [])]:
            writer.writerow(
                [
                    _cell(row.label),
                    *([_cell(row.detail)] if table.detail_label else []),
                    *(
                        _csv_value(value, column.unit)
                        for value, column in zip(row.values, table.columns, strict=True)
                    ),
                ]
            )
        if table.note:
            writer.writerow([_cell(table.note)])
    return out.getvalue()
