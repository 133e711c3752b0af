"""Loading a year's Actiris list of shortage occupations ("fonctions critiques") from CSV."""

import csv
import io
import re
from dataclasses import dataclass, field
from typing import IO, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from students.models import ShortageOccupation, Track

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
NAME_COLUMNS = ("name_fr", "name_nl", "name_en")
TRACK_SEPARATOR = re.compile(r"[|,]")
COLUMN_LABELS = {
    "name_fr": gettext_lazy("nom français"),
    "name_nl": gettext_lazy("nom néerlandais"),
    "name_en": gettext_lazy("nom anglais"),
}


class ShortageImportError(ValidationError):
    """The file as a whole cannot be read: nothing was imported."""


class RefusedRow(NamedTuple):
    line: int
    name: str
    reason: str


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    names: dict[str, str]  # column → value, "" when blank or absent
    track_slugs: list[str] | None  # None when the file has no "tracks" column


def _clean(value: str) -> str:
    # Excel leaves non-breaking and doubled spaces that would make two names differ.
    return " ".join(value.split())


def _key(name: str | None) -> str:
    return _clean(name or "").casefold()


def _cell(cells: list[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else ""


def _read_rows(file: IO[bytes]) -> list[_Row]:
    """The file's data rows, or ShortageImportError if the file cannot be used at all."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ShortageImportError(
            _("Le fichier dépasse 1 Mo : ce n'est pas une liste de fonctions critiques."),
            code="too_big",
        )
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError:
        raise ShortageImportError(
            _(
                "Le fichier n'est pas un fichier CSV en UTF-8. Dans Excel, choisissez "
                "« Enregistrer sous » puis le type « CSV UTF-8 »."
            ),
            code="encoding",
        ) from None
    if not text.strip():
        raise ShortageImportError(_("Le fichier est vide."), code="empty")

    # The header holds only known column names, so whichever separator it uses is the one.
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    columns: dict[str, int] | None = None
    rows: list[_Row] = []
    previous_line = 0
    try:
        for cells in reader:
            # A quoted cell may span lines: a row starts after the previous one ended.
            line, previous_line = previous_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = {}
                for index, name in enumerate(cells):
                    columns.setdefault(name.strip().lower(), index)
                if "name_fr" not in columns:
                    raise ShortageImportError(
                        _(
                            "La première ligne du fichier doit nommer les colonnes, dont "
                            "« name_fr » ; colonnes trouvées : %(columns)s."
                        )
                        % {"columns": ", ".join(f"« {_clean(cell)} »" for cell in cells)},
                        code="no_name_column",
                    )
                continue
            if len(rows) == MAX_ROWS:
                raise ShortageImportError(
                    _("Le fichier compte plus de %(max)d lignes : importez-le en plusieurs fois.")
                    % {"max": MAX_ROWS},
                    code="too_many_rows",
                )

            slugs = None
            if "tracks" in columns:
                slugs = [
                    s.strip().lower()
                    for s in TRACK_SEPARATOR.split(_cell(cells, columns, "tracks"))
                ]
                slugs = list(dict.fromkeys(slug for slug in slugs if slug))
            rows.append(
                _Row(
                    line=line,
                    names={
                        column: _clean(_cell(cells, columns, column)) for column in NAME_COLUMNS
                    },
                    track_slugs=slugs,
                )
            )
    except csv.Error:
        raise ShortageImportError(
            _("Le fichier n'a pas pu être lu comme un fichier CSV (ligne %(line)d).")
            % {"line": previous_line + 1},
            code="not_csv",
        ) from None
    if columns is None:  # only blank cells, as Excel saves an emptied sheet
        raise ShortageImportError(_("Le fichier est vide."), code="empty")
    if not rows:
        raise ShortageImportError(
            _("Le fichier ne contient aucune fonction sous sa ligne d'en-tête."), code="no_rows"
        )
    return rows


def _row_problem(row: _Row, *, track_ids: dict[str, int], max_length: int) -> str:
    """Why a row that has a French name cannot be imported, or ""."""
    for column, value in row.names.items():
        if len(value) > max_length:
            return _("%(column)s trop long (%(max)d caractères au plus)") % {
                "column": COLUMN_LABELS[column],
                "max": max_length,
            }
    unknown = [slug for slug in row.track_slugs or [] if slug not in track_ids]
    if unknown:
        return ngettext(
            "filière inconnue : %(slugs)s", "filières inconnues : %(slugs)s", len(unknown)
        ) % {"slugs": ", ".join(unknown)}
    return ""


def _name_taken(
    row: _Row,
    occupation: ShortageOccupation | None,
    holders: dict[str, dict[str, ShortageOccupation]],
) -> str:
    """Why the row's Dutch or English name cannot go to `occupation`, or ""."""
    for column, held in holders.items():
        value = row.names[column]
        holder = held.get(_key(value)) if value else None
        if holder is not None and holder is not occupation:
            return _("%(column)s « %(value)s » déjà donné à « %(other)s » pour cette année") % {
                "column": COLUMN_LABELS[column],
                "value": value,
                "other": holder.name_fr,
            }
    return ""


def import_shortage_list(file: IO[bytes], *, list_year: int) -> ImportReport:
    """Add or update the year's shortage occupations from a CSV file, row by row.

    Rows are matched to the year's occupations on the French name, ignoring case. A blank
    Dutch or English cell keeps the translation already there; a blank "tracks" cell (when
    the column exists) means no track prepares for the occupation. Occupations of that year
    missing from the file are left as they are.
    """
    rows = _read_rows(file)
    report = ImportReport()
    max_length = ShortageOccupation._meta.get_field("name").max_length

    with transaction.atomic():
        track_ids = dict(Track.objects.values_list("slug", "pk"))
        existing = ShortageOccupation.objects.filter(list_year=list_year).prefetch_related("tracks")
        by_name: dict[str, ShortageOccupation] = {}
        # Names differing only in case may already exist (typed in the admin): the exact
        # one wins, so that renaming never collides with the other.
        by_exact_name = {occupation.name_fr: occupation for occupation in existing}
        # Dutch and English names are unique per year too (modeltranslation copies the
        # constraint): who holds each one, to refuse a row rather than fail the import.
        holders: dict[str, dict[str, ShortageOccupation]] = {"name_nl": {}, "name_en": {}}
        for occupation in existing:
            by_name.setdefault(_key(occupation.name_fr), occupation)
            for column, held in holders.items():
                if getattr(occupation, column):
                    held[_key(getattr(occupation, column))] = occupation
        first_line: dict[str, int] = {}

        for row in rows:
            name, key = row.names["name_fr"], _key(row.names["name_fr"])
            occupation = by_exact_name.get(name) or by_name.get(key)
            if not name:
                reason = _("nom français manquant")
            elif key in first_line:
                reason = _("en double : déjà à la ligne %(line)d") % {"line": first_line[key]}
            else:
                first_line[key] = row.line
                reason = _row_problem(
                    row, track_ids=track_ids, max_length=max_length
                ) or _name_taken(row, occupation, holders)
            if reason:
                report.refused.append(RefusedRow(row.line, name, reason))
                continue

            values = {"name_fr": name, "is_sample": False}
            values.update({column: row.names[column] for column in holders if row.names[column]})
            wanted_tracks = (
                None if row.track_slugs is None else {track_ids[s] for s in row.track_slugs}
            )
            if occupation is None:
                occupation = ShortageOccupation.objects.create(list_year=list_year, **values)
                if wanted_tracks:
                    occupation.tracks.set(wanted_tracks)
                report.added.append(name)
            else:
                fields_differ = any(
                    getattr(occupation, attribute) != value for attribute, value in values.items()
                )
                tracks_differ = wanted_tracks is not None and wanted_tracks != {
                    track.pk for track in occupation.tracks.all()
                }
                if fields_differ:
                    for column, held in holders.items():
                        if row.names[column] and getattr(occupation, column):
                            held.pop(_key(getattr(occupation, column)), None)
                    for attribute, value in values.items():
                        setattr(occupation, attribute, value)
                    occupation.save()
                if tracks_differ:
                    occupation.tracks.set(wanted_tracks)
                changed = fields_differ or tracks_differ
                (report.changed if changed else report.unchanged).append(name)
            by_name[key] = occupation
            for column, held in holders.items():
                if row.names[column]:
                    held[_key(row.names[column])] = occupation
    return report
