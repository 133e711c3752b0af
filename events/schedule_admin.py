"""Staff pages of a meeting day in the admin: the schedule (preview, save, publish), moving
a meeting by hand, and the event report."""

import logging
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campus_portal import audit
from events import schedule_service
from events.models import Meeting, MeetingDay, Participation, Registration
from events.report import day_report, report_csv
from events.schedule_mail import send_schedule_published
from events.schedules import slot_times, table_name

logger = logging.getLogger(__name__)


def slot_labels(day: MeetingDay) -> list[str]:
    """ "09:00–09:10" for each slot of the day, in Brussels time."""
    return [f"{start:%H:%M}–{end:%H:%M}" for start, end in slot_times(day)]


def slot_choices(day: MeetingDay) -> list[tuple[int, str]]:
    return [
        (index, gettext("n° %(index)d, %(time)s") % {"index": index, "time": label})
        for index, label in enumerate(slot_labels(day))
    ]


# --- Moving a meeting by hand ----------------------------------------------------------------


class MeetingAdminForm(forms.ModelForm):
    """Move a meeting to another slot or table. The rules the database enforces (one
    meeting per student per slot, one student per table per slot) are checked here first,
    so that staff read which meeting is in the way rather than a database error."""

    class Meta:
        model = Meeting
        fields = ["slot_index", "table_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        if not meeting.pk:
            return
        self.fields["slot_index"] = forms.TypedChoiceField(
            label=_("créneau"), coerce=int, choices=slot_choices(meeting.meeting_day)
        )
        participation = meeting.participation
        self.fields["table_number"] = forms.TypedChoiceField(
            label=_("table"),
            coerce=int,
            choices=[
                (number, table_name(participation, number))
                for number in range(1, participation.tables + 1)
            ],
        )

    def clean(self):
        cleaned = super().clean()
        slot, table = cleaned.get("slot_index"), cleaned.get("table_number")
        meeting = self.instance
        if slot is None or table is None or not meeting.pk:
            return cleaned
        # Two staff moving meetings of the same student or the same company at once take
        # turns here (PostgreSQL; the admin runs the form inside a transaction), so the
        # second one reads the first one's move and gets this message, not a database error.
        list(Registration.objects.select_for_update().filter(pk=meeting.registration_id))
        list(Participation.objects.select_for_update().filter(pk=meeting.participation_id))
        day = meeting.meeting_day
        labels = slot_labels(day)
        when = labels[slot] if 0 <= slot < len(labels) else str(slot)
        others = Meeting.objects.filter(meeting_day=day).exclude(pk=meeting.pk)
        student_busy = (
            others.filter(registration_id=meeting.registration_id, slot_index=slot)
            .select_related("participation__company")
            .first()
        )
        if student_busy is not None:
            self.add_error(
                "slot_index",
                _(
                    "L'élève a déjà un rendez-vous à %(time)s, avec %(company)s : "
                    "déplacez ou supprimez d'abord celui-là."
                )
                % {"time": when, "company": student_busy.participation.company},
            )
        table_busy = (
            others.filter(
                participation_id=meeting.participation_id, table_number=table, slot_index=slot
            )
            .select_related("registration__student__user")
            .first()
        )
        if table_busy is not None:
            self.add_error(
                "table_number",
                _(
                    "Cette table reçoit déjà %(student)s à %(time)s : choisissez une autre "
                    "table ou un autre créneau."
                )
                % {"student": table_busy.registration.student, "time": when},
            )
        return cleaned


# --- The schedule page ----------------------------------------------------------------------


class ScheduleOptionsForm(forms.Form):
    keep_manual = forms.BooleanField(
        label=_("Garder les rendez-vous placés à la main"), required=False, initial=True
    )
    keep_existing = forms.BooleanField(
        label=_("Garder les rendez-vous existants"),
        required=False,
        help_text=_(
            "Coché : le calcul ne fait qu'ajouter des rendez-vous autour de ceux déjà "
            "enregistrés. Conseillé une fois le planning publié : élèves et entreprises l'ont "
            "déjà dans leur agenda."
        ),
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Remarque pour le journal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facultatif : gardée dans le journal des décisions."),
    )


def _meeting_grid(day: MeetingDay, preview) -> list[dict]:
    """Per company, per table: the slots and who sits there, for the preview."""
    labels = slot_labels(day)
    by_table: dict[tuple[int, int], dict[int, object]] = defaultdict(dict)
    for meeting in preview.meetings:
        by_table[(meeting.company, meeting.table)][meeting.slot] = meeting
    companies = []
    for participation, count, capacity, rate in preview.fill_rows():
        if participation is None:
            continue
        tables = []
        for number in range(1, participation.tables + 1):
            placed = by_table.get((participation.pk, number), {})
            rows = []
            for slot, label in enumerate(labels):
                meeting = placed.get(slot)
                registration = (
                    preview.registrations.get(meeting.student) if meeting is not None else None
                )
                rows.append({"time": label, "meeting": meeting, "registration": registration})
            tables.append({"name": table_name(participation, number), "rows": rows})
        companies.append(
            {
                "participation": participation,
                "count": count,
                "capacity": capacity,
                "rate": rate,
                "tables": tables,
            }
        )
    return companies


def _percent(part: int | float, whole: int | float) -> int | None:
    return round(100 * part / whole) if whole else None


def _figures(preview) -> list[dict]:
    """The quality of the preview, each figure beside the best it could be."""
    q, b = preview.quality, preview.bounds
    return [
        {
            "label": _("Élèves avec au moins un rendez-vous souhaité"),
            "value": q.students_covered,
            "of": q.students_ranked,
            "share": _percent(q.students_covered, q.students_ranked),
            "bound": b.coverable,
            "bound_share": _percent(q.students_covered, b.coverable),
            "help": _("sur les élèves qui ont classé au moins une entreprise acceptée"),
        },
        {
            "label": _("Premiers choix obtenus"),
            "value": q.first_choices_met,
            "of": q.first_choices_wanted,
            "share": _percent(q.first_choices_met, q.first_choices_wanted),
            "bound": None,
            "bound_share": None,
            "help": _("sur les élèves qui ont un premier choix"),
        },
        {
            "label": _("Souhaits pondérés par le rang"),
            "value": q.weighted_met,
            "of": None,
            "share": None,
            "bound": b.weighted,
            "bound_share": _percent(q.weighted_met, b.weighted),
            "help": _("rang 1 → 5 points … rang 5 → 1 point"),
        },
        {
            "label": _("Souhaits obtenus"),
            "value": q.wishes_met,
            "of": None,
            "share": None,
            "bound": None,
            "bound_share": None,
            "help": "",
        },
        {
            "label": _("Rendez-vous proposés (hors souhaits)"),
            "value": q.extras,
            "of": None,
            "share": None,
            "bound": None,
            "bound_share": None,
            "help": _("à des élèves d'une filière recherchée, qui l'acceptent"),
        },
        {
            "label": _("Rendez-vous en tout"),
            "value": q.meetings,
            "of": q.capacity,
            "share": _percent(q.meetings, q.capacity),
            "bound": b.meetings,
            "bound_share": _percent(q.meetings, b.meetings),
            "help": _("sur les créneaux de toutes les tables (taux de remplissage)"),
        },
        {
            "label": _("Rendez-vous dos à dos"),
            "value": q.back_to_back,
            "of": None,
            "share": None,
            "bound": None,
            "bound_share": None,
            "help": _(
                "deux rendez-vous de suite sans créneau libre ; élèves concerné·es : %(students)d"
            )
            % {"students": q.students_back_to_back},
        },
    ]


class ScheduleAdminMixin:
    """The staff pages of a meeting day, for `MeetingDayAdmin`: Planning, Rapport."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name=f"{prefix}_schedule",
            ),
            path(
                "<path:object_id>/schedule/publish/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{prefix}_publish_schedule",
            ),
            path(
                "<path:object_id>/report/",
                self.admin_site.admin_view(self.report_view),
                name=f"{prefix}_report",
            ),
            path(
                "<path:object_id>/report.csv",
                self.admin_site.admin_view(self.report_csv_view),
                name=f"{prefix}_report_csv",
            ),
            *super().get_urls(),
        ]

    def _day(self, request, object_id, *, change: bool) -> MeetingDay:
        day = self.get_object(request, object_id)
        if day is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, day)
            if change
            else self.has_view_permission(request, day)
        )
        if not allowed:
            raise PermissionDenied
        return day

    def _context(self, request, day: MeetingDay, title) -> dict:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(day),
            "opts": self.opts,
            "original": day,
            "day": day,
            "has_view_permission": True,
        }

    # The schedule --------------------------------------------------------------------------

    def schedule_view(self, request, object_id):
        """GET: the saved schedule and the options. POST "preview": compute and show a
        schedule without saving it. POST "save": compute it again with the same options
        (the scheduler is deterministic) and save it if nothing changed since the preview
        that staff saw (its fingerprint); otherwise show the new preview instead."""
        day = self._day(request, object_id, change=True)
        published = day.status == MeetingDay.Status.SCHEDULED
        preview = None
        if request.method == "POST":
            form = ScheduleOptionsForm(request.POST)
            action = request.POST.get("action")
            if form.is_valid() and action in ("preview", "save"):
                options = {
                    "keep_manual": form.cleaned_data["keep_manual"],
                    "keep_existing": form.cleaned_data["keep_existing"],
                }
                try:
                    preview = schedule_service.generate(day, **options)
                    if action == "save":
                        if preview.fingerprint != form.cleaned_data["fingerprint"]:
                            raise schedule_service.ScheduleError(
                                gettext(
                                    "Les inscriptions, les entreprises ou le planning ont "
                                    "changé depuis l'aperçu : voici le nouvel aperçu. "
                                    "Vérifiez-le avant de l'enregistrer."
                                )
                            )
                        created = schedule_service.save(day, preview, by=request.user)
                        self.message_user(
                            request,
                            gettext(
                                "Planning enregistré : %(created)d rendez-vous créés, "
                                "%(kept)d conservés."
                            )
                            % {"created": created, "kept": len(preview.kept)},
                            messages.SUCCESS,
                        )
                        return HttpResponseRedirect(request.path)
                except schedule_service.ScheduleError as error:
                    self.message_user(request, str(error), messages.ERROR)
                if preview is not None:
                    form = ScheduleOptionsForm(
                        initial={**options, "fingerprint": preview.fingerprint}
                    )
        else:
            form = ScheduleOptionsForm(initial={"keep_manual": True, "keep_existing": published})
        saved = Meeting.objects.filter(meeting_day=day)
        counts = {
            "meetings": saved.count(),
            "manual": saved.filter(is_manual=True).count(),
        }
        context = {
            **self._context(request, day, _("Planning des rendez-vous")),
            "form": form,
            "preview": preview,
            "figures": _figures(preview) if preview else None,
            "grid": _meeting_grid(day, preview) if preview else None,
            "unplaced": self._unplaced(preview) if preview else None,
            "counts": counts,
            "slot_count": len(day.slots()),
            "published": published,
            "frozen": day.status in schedule_service.FROZEN_DAY_STATUSES,
            "can_publish": day.status == MeetingDay.Status.STUDENT_REGISTRATION
            and counts["meetings"] > 0,
            "publish_form": PublishForm(),
            "meetings_url": reverse("admin:events_meeting_changelist")
            + f"?meeting_day__id__exact={day.pk}",
        }
        return TemplateResponse(request, "admin/events/meetingday/schedule.html", context)

    @staticmethod
    def _unplaced(preview) -> list[tuple[object, object]]:
        return [
            (preview.registrations.get(student), preview.participations.get(company))
            for student, company in preview.unplaced
        ]

    def publish_view(self, request, object_id):
        """Publish the saved schedule: the day moves to "scheduled", everyone is emailed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        day = self._day(request, object_id, change=True)
        schedule_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_schedule", args=[day.pk]
        )
        form = PublishForm(request.POST)
        if not form.is_valid():
            self.message_user(request, " ".join(form.errors.get("reason", [])), messages.ERROR)
            return HttpResponseRedirect(schedule_url)
        try:
            with transaction.atomic():
                day = MeetingDay.objects.select_for_update().get(pk=day.pk)
                if day.status != MeetingDay.Status.STUDENT_REGISTRATION:
                    raise ValidationError(
                        gettext(
                            "Seule une journée aux inscriptions des élèves ouvertes peut publier "
                            "son planning (elle est « %(status)s »)."
                        )
                        % {"status": day.get_status_display()}
                    )
                if not Meeting.objects.filter(meeting_day=day).exists():
                    raise ValidationError(
                        gettext("Aucun rendez-vous enregistré : enregistrez d'abord un planning.")
                    )
                day.advance()
                day.save(update_fields=["status", "schedule_published_at"])
                audit.record(
                    actor=request.user,
                    action="meetingday.publish_schedule",
                    target=day,
                    reason=form.cleaned_data["reason"],
                )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(schedule_url)
        # After the commit: the day is published whatever happens to the emails.
        try:
            sent = send_schedule_published(day)
        except Exception:  # noqa: BLE001 - the publication stands; staff must know
            logger.exception("Schedule emails of day %s failed", day.pk)
            self.message_user(
                request,
                gettext(
                    "Le planning est publié, mais l'envoi des e-mails a échoué. "
                    "Prévenez l'équipe technique."
                ),
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                gettext("Planning publié ; %(count)d e-mail(s) envoyé(s).") % {"count": sent},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(schedule_url)

    # The report ----------------------------------------------------------------------------

    def report_view(self, request, object_id):
        day = self._day(request, object_id, change=False)
        context = {
            **self._context(request, day, _("Rapport de la journée")),
            "report": day_report(day),
        }
        return TemplateResponse(request, "admin/events/meetingday/report.html", context)

    def report_csv_view(self, request, object_id):
        day = self._day(request, object_id, change=False)
        response = HttpResponse(
            report_csv(day_report(day)).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="rapport-{day.slug}-{stamp}.csv"'
        return response
