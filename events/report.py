"""The report of a meeting day for staff: who came, what was met, what followed.

Each figure is counted by the database in a few grouped queries (a total, one row per
track, one per sector), so the number of queries stays the same however big the day.
"""

import csv
import io
from datetime import datetime, time

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import Meeting, MeetingDay, Participation, Registration
from jobboard.models import Application
from students.models import Sector, Track

PRESENT = Registration.Status.PRESENT


def _held() -> Q:
    """A meeting took place when both sides were there: the student checked in and the
    company checked in."""
    return Q(registration__status=PRESENT, participation__checked_in_at__isnull=False)


def _day_start(day: MeetingDay) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time.min))


def outcome_applications(day: MeetingDay) -> QuerySet:
    """Applications that came from the day: by a student to an offer of a company they met
    there (the meeting held), sent from the day itself on."""
    met = Meeting.objects.filter(
        _held(),
        meeting_day=day,
        registration__student=OuterRef("student"),
        participation__company=OuterRef("offer__company"),
    )
    return Application.objects.filter(Exists(met), created_at__gte=_day_start(day))


# Each section: its rows, the dimensions to group by (a student's track, or a company's
# sought tracks and sectors) and its counts. A company seeking two tracks counts in both
# tracks' rows, so the total row is counted on its own, never summed from the rows.
def _sections(day: MeetingDay) -> list[dict]:
    meetings = Meeting.objects.filter(meeting_day=day)
    return [
        {
            "key": "companies",
            "caption": _("Entreprises"),
            "queryset": Participation.objects.filter(meeting_day=day),
            "track": "tracks",
            "sector": "company__sectors",
            "note": _(
                "Par filière recherchée et par secteur de l'entreprise : une entreprise qui "
                "cherche plusieurs filières compte dans chacune."
            ),
            "columns": [
                ("registered", _("inscrites"), Q()),
                ("accepted", _("acceptées"), Q(status=Participation.Status.ACCEPTED)),
                ("present", _("présentes"), Q(checked_in_at__isnull=False)),
            ],
        },
        {
            "key": "students",
            "caption": _("Élèves"),
            "queryset": Registration.objects.filter(meeting_day=day),
            "track": "student__track",
            "sector": "student__track__sector",
            "note": _("Par filière de l'élève et par secteur de cette filière."),
            "columns": [
                ("registered", _("inscrit·es"), Q(status__in=Registration.ACTIVE_STATUSES)),
                ("waitlisted", _("en liste d'attente"), Q(status=Registration.Status.WAITLISTED)),
                ("cancelled", _("désinscrit·es"), Q(status=Registration.Status.CANCELLED)),
                ("present", _("présent·es"), Q(status=PRESENT)),
                ("no_show", _("absent·es"), Q(status=Registration.Status.NO_SHOW)),
            ],
        },
        {
            "key": "meetings",
            "caption": _("Rendez-vous"),
            "queryset": meetings,
            "track": "registration__student__track",
            "sector": "registration__student__track__sector",
            "note": _(
                "Par filière de l'élève. Un rendez-vous a eu lieu quand l'élève et "
                "l'entreprise étaient présents."
            ),
            "columns": [
                ("planned", _("planifiés"), Q()),
                ("wished", _("souhaités"), Q(kind=Meeting.Kind.WISH)),
                ("extra", _("proposés"), Q(kind=Meeting.Kind.EXTRA)),
                ("held", _("ont eu lieu"), _held()),
            ],
        },
        {
            "key": "follow_ups",
            "caption": _("Suites données par les entreprises"),
            "queryset": meetings,
            "track": "registration__student__track",
            "sector": "registration__student__track__sector",
            "note": _("Par filière de l'élève rencontré·e."),
            "columns": [
                ("rated", _("rendez-vous évalués"), Q(rating__isnull=False)),
                *((kind.value, kind.label, Q(follow_up=kind.value)) for kind in Meeting.FollowUp),
            ],
        },
        {
            "key": "outcomes",
            "caption": _("Candidatures et engagements issus de la journée"),
            "queryset": outcome_applications(day),
            "track": "student__track",
            "sector": "student__track__sector",
            "note": _(
                "Candidatures envoyées à partir du jour de la rencontre par un·e élève à une "
                "offre d'une entreprise rencontrée ce jour-là (rendez-vous qui a eu lieu)."
            ),
            "columns": [
                ("applications", _("candidatures"), Q()),
                ("hires", _("engagements"), Q(status=Application.Status.HIRED)),
            ],
        },
    ]


def _counts(columns) -> dict:
    # distinct: the joins of a grouped M2M must not count a row twice.
    return {key: Count("pk", filter=condition, distinct=True) for key, _label, condition in columns}


def _grouped(queryset, field: str, columns) -> dict:
    return {
        row.pop(field): row
        for row in queryset.order_by().values(field).annotate(**_counts(columns))
    }


def _rows(grouped: dict, keys: list, columns, labels: dict) -> list[dict]:
    zero = {key: 0 for key, _label, _q in columns}
    return [
        {
            "pk": key,
            "label": labels.get(key) if key is not None else None,
            "values": grouped.get(key, zero),
            "cells": [grouped.get(key, zero)[column] for column, _label, _q in columns],
        }
        for key in keys
    ]


def _ordered(keys: set, labels: dict) -> list:
    """The catalogue's order, then what has no track or sector (None) last."""
    return [key for key in labels if key in keys] + ([None] if None in keys else [])


def day_report(day: MeetingDay) -> dict:
    """The day's figures: for each section a total and a row per track and per sector.

    `report[section]["total"][column]` is a count; `report[section]["by_track"]` and
    `["by_sector"]` list `{"pk", "label", "values", "cells"}`. Every section has a row for
    each track (and sector) that appears anywhere in the day, zeros included, so that a
    track with registered students but no meeting shows; rows follow the catalogue's order,
    with people or companies without a track or sector last (pk None)."""
    sections = _sections(day)
    # Labels in the catalogue order: two queries, whatever the size of the day.
    tracks = {track.pk: str(track) for track in Track.objects.all()}
    sectors = {sector.pk: str(sector) for sector in Sector.objects.all()}
    counted = []
    for section in sections:
        columns, queryset = section["columns"], section["queryset"]
        counted.append(
            (
                section,
                queryset.order_by().aggregate(**_counts(columns)),
                _grouped(queryset, section["track"], columns),
                _grouped(queryset, section["sector"], columns),
            )
        )
    track_keys = _ordered({key for _s, _t, by_track, _b in counted for key in by_track}, tracks)
    sector_keys = _ordered({key for _s, _t, _b, by_sector in counted for key in by_sector}, sectors)
    report: dict = {"day": day, "sections": []}
    for section, total, by_track, by_sector in counted:
        columns = section["columns"]
        built = {
            "key": section["key"],
            "caption": section["caption"],
            "note": section["note"],
            "columns": [(key, label) for key, label, _q in columns],
            "total": total,
            "total_cells": [total[key] for key, _label, _q in columns],
            "by_track": _rows(by_track, track_keys, columns, tracks),
            "by_sector": _rows(by_sector, sector_keys, columns, sectors),
        }
        report[section["key"]] = built
        report["sections"].append(built)
    return report


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell Excel shows as text: a name typed by someone never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def report_csv(report: dict) -> str:
    """The report as CSV for Belgian Excel: a BOM (accents intact), ";" between columns;
    one block per section (total, then per track, then per sector), blank line between."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    day = report["day"]
    writer.writerow([_cell(day.title), day.date.isoformat()])
    for section in report["sections"]:
        writer.writerow([])
        writer.writerow([_cell(section["caption"])])
        writer.writerow(
            [gettext("niveau"), gettext("libellé"), *(label for _key, label in section["columns"])]
        )
        writer.writerow([gettext("total"), gettext("toute la journée"), *section["total_cells"]])
        for level, rows, missing in (
            (gettext("filière"), section["by_track"], gettext("sans filière")),
            (gettext("secteur"), section["by_sector"], gettext("sans secteur")),
        ):
            for row in rows:
                writer.writerow([level, _cell(row["label"] or missing), *row["cells"]])
    return out.getvalue()
