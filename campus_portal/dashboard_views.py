"""The staff dashboard at /admin/dashboard/: the figures, their charts and CSV downloads."""

from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campus_portal import dashboard
from campus_portal.charts import bar_chart
from events.models import MeetingDay

PERMISSION = "campus_portal.view_dashboard"
# Dates outside these are typing mistakes (and 31/12/9999 + 1 day does not exist).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class DashboardFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Du"),
        required=False,
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Au"),
        required=False,
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    day = forms.ModelChoiceField(
        label=_("Journée de rencontre"),
        queryset=MeetingDay.objects.order_by("-date", "-pk"),
        required=False,
        empty_label=_("La dernière journée planifiée ou tenue"),
    )


def read_filters(query) -> tuple[dashboard.Period, MeetingDay | None, list[str]]:
    """The period and day asked for; a value that makes no sense is left out, with a
    notice saying so, and its default applies."""
    form = DashboardFilterForm(query)
    form.is_valid()
    notices = [
        gettext("« %(value)s » n'est pas valable pour « %(field)s » : ce filtre est ignoré.")
        % {"value": str(query.get(name, ""))[:40], "field": form.fields[name].label}
        for name in form.errors
    ]
    period = dashboard.default_period()
    start = form.cleaned_data.get("start") or period.start
    end = form.cleaned_data.get("end") or period.end
    if start > end:
        notices.append(
            gettext("La période finit avant de commencer : la période par défaut s'applique.")
        )
    else:
        period = dashboard.Period(start, end)
    return period, form.cleaned_data.get("day"), notices


def _chart(section: dashboard.Section, table: dashboard.Table) -> dict | None:
    if not table.rows:
        return None
    charted = table.charted_columns
    return bar_chart(
        chart_id=f"chart-{section.key}-{table.key}",
        title=f"{section.title} – {table.caption}",
        description=gettext(
            "Diagramme en barres horizontales. Les chiffres sont dans le tableau qui le suit."
        ),
        series=[column.label for _index, column in charted],
        categories=[
            (
                row.label,
                [row.values[index] for index, _column in charted],
                [dashboard.display(row.values[index], column.unit) for index, column in charted],
            )
            for row in table.rows
        ],
    )


def _row(table: dashboard.Table, row: dashboard.Row) -> dict:
    return {
        "label": row.label,
        "detail": row.detail,
        "cells": [
            dashboard.display(value, column.unit)
            for value, column in zip(row.values, table.columns, strict=True)
        ],
    }


def _present(section: dashboard.Section, query: dict) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "intro": section.intro,
        "scope": section.scope,
        "export_url": "?" + urlencode({**query, "export": section.key}),
        "tables": [
            {
                "key": table.key,
                "caption": table.caption,
                "dimension": table.dimension,
                "detail_label": table.detail_label,
                "columns": [column.label for column in table.columns],
                "rows": [_row(table, row) for row in table.rows],
                "total": _row(table, table.total) if table.total else None,
                "note": table.note,
                "link": table.link,
                "chart": _chart(section, table),
            }
            for table in section.tables
        ],
    }


def dashboard_view(request):
    """The outcome dashboard; `?export=<section>` downloads one section as CSV."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    period, chosen_day, notices = read_filters(request.GET)
    day = chosen_day or dashboard.default_day()
    export = request.GET.get("export")
    if export in dashboard.SECTIONS:
        (section,) = dashboard.build([export], period=period, day=day)
        response = HttpResponse(
            dashboard.section_csv(section).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        filename = f"tableau-de-bord-{export}-{period.start.isoformat()}-{period.end.isoformat()}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if export is not None:
        notices.append(
            gettext("« %(value)s » n'est pas un téléchargement connu : la page s'affiche.")
            % {"value": export[:40]}
        )
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if chosen_day is not None:
        query["day"] = chosen_day.pk
    form = DashboardFilterForm(
        initial={"start": period.start, "end": period.end, "day": chosen_day}
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Tableau de bord"),
        "form": form,
        "notices": notices,
        "period": period,
        "day": day,
        "sections": [
            _present(section, query) for section in dashboard.build(period=period, day=day)
        ],
    }
    return TemplateResponse(request, "admin/dashboard.html", context)
