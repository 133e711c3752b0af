"""A site-wide admin action: the selected rows, with the list's columns, as a CSV file."""

import csv
import datetime
import html
import io

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: what someone typed never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(rows, *, filename: str) -> HttpResponse:
    """CSV for Belgian Excel: a BOM (accents intact), ";" between columns, every cell safe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _as_text(field, value) -> str:
    """A value as the list shows it, without its HTML: choices by their label, related
    objects by their name, dates in Brussels time, yes/no in words."""
    if field is not None and field.flatchoices:
        value = dict(field.flatchoices).get(value, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Oui") if value else gettext("Non")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple | set):
        return " | ".join(_as_text(None, item) for item in value)
    if isinstance(value, SafeData):  # format_html() of a display method
        return html.unescape(strip_tags(value))
    return str(value)  # a related object by its name, a number, a translated label


def selection_rows(modeladmin, request, queryset):
    """The header, then one row per object, with the columns of the admin's list."""
    names = [name for name in modeladmin.get_list_display(request) if name != "action_checkbox"]
    yield [capfirst(str(label_for_field(name, modeladmin.model, modeladmin))) for name in names]
    for obj in queryset.iterator(chunk_size=2000):
        row = []
        for name in names:
            field, _attr, value = lookup_field(name, obj, modeladmin)
            row.append(_as_text(field, value))
        yield row


@admin.action(description=_("Exporter la sélection en CSV"), permissions=["view"])
def export_selection_csv(modeladmin, request, queryset):
    filename = f"{modeladmin.opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(selection_rows(modeladmin, request, queryset), filename=filename)
