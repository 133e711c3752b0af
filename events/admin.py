"""Meeting days in the admin."""

from django.contrib import admin
from django.contrib.messages import constants as messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from campus_portal.admin_decisions import ActionPermissionMixin, decision_action
from campus_portal.admin_labels import LabelledListEditableMixin
from events import meeting_days
from events import participation as participation_services
from events.models import (
    Meeting,
    MeetingDay,
    Participation,
    Preference,
    Registration,
    SurveyResponse,
)
from events.schedule_admin import MeetingAdminForm, ScheduleAdminMixin, slot_labels
from events.schedule_service import FROZEN_DAY_STATUSES
from events.surveys import COMPANY as SURVEY_COMPANY
from events.surveys import STUDENT as SURVEY_STUDENT

# --- Meeting days and companies' participation ----------------------------------------


def _hhmm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@admin.register(MeetingDay)
class MeetingDayAdmin(ActionPermissionMixin, ScheduleAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "date", "status", "accepted_companies", "registered_students"]
    list_filter = ["status", "date", "tracks__sector"]
    search_fields = ["title_fr", "title_nl", "title_en", "slug", "venue"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tracks"]
    # The status moves only forward, through the action below (audit log).
    readonly_fields = ["status", "schedule_published_at", "slots_summary"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "status", "schedule_published_at"]}),
        (
            _("Lieu et horaire"),
            {
                "fields": [
                    "date",
                    "venue",
                    "address",
                    ("opens_at", "closes_at"),
                    ("slot_minutes", "pause_minutes"),
                    "breaks",
                    "slots_summary",
                ]
            },
        ),
        (
            _("Inscriptions"),
            {
                "fields": [
                    ("company_registration_opens", "company_registration_closes"),
                    ("student_registration_opens", "student_registration_closes"),
                    ("max_companies", "max_students"),
                    "tracks",
                ]
            },
        ),
    ]
    actions = ["advance_status", "duplicate_for_next_edition"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                accepted_count=Count(
                    "participations",
                    filter=Q(participations__status=Participation.Status.ACCEPTED),
                    distinct=True,
                ),
                registered_count=Count(
                    "registrations",
                    filter=Q(registrations__status__in=Registration.ACTIVE_STATUSES),
                    distinct=True,
                ),
            )
        )

    @admin.display(description=_("entreprises acceptées"), ordering="accepted_count")
    def accepted_companies(self, obj):
        return obj.accepted_count

    @admin.display(description=_("élèves inscrit·es"), ordering="registered_count")
    def registered_students(self, obj):
        return obj.registered_count

    @admin.display(description=_("créneaux"))
    def slots_summary(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Enregistrez la journée pour voir ses créneaux.")
        try:
            slots = obj.slots()
        except (TypeError, ValueError):
            return gettext('Les pauses sont mal écrites : écrivez-les comme [["12:00", "13:00"]].')
        if not slots:
            return gettext("Aucun créneau : vérifiez l'horaire, la durée et les pauses.")
        tables = (
            obj.participations.filter(status=Participation.Status.ACCEPTED).aggregate(
                total=Sum("tables")
            )["total"]
            or 0
        )
        summary = ngettext(
            "%(count)d créneau de %(minutes)d minutes",
            "%(count)d créneaux de %(minutes)d minutes",
            len(slots),
        ) % {"count": len(slots), "minutes": obj.slot_minutes}
        capacity = ngettext(
            "%(tables)d table acceptée : au plus %(meetings)d rendez-vous.",
            "%(tables)d tables acceptées : au plus %(meetings)d rendez-vous.",
            tables,
        ) % {"tables": tables, "meetings": tables * len(slots)}
        return format_html(
            "<p>{} · {}</p><p>{}</p>",
            summary,
            capacity,
            format_html_join(", ", "{}–{}", ((_hhmm(start), _hhmm(end)) for start, end in slots)),
        )

    @admin.action(description=_("Passer à l'étape suivante"), permissions=["change"])
    def advance_status(self, request, queryset):
        for day in queryset:
            try:
                meeting_days.advance_day(day, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{day}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(day)s : %(status)s.")
                    % {"day": day, "status": day.get_status_display()},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Dupliquer pour la prochaine édition"), permissions=["add"])
    def duplicate_for_next_edition(self, request, queryset):
        for day in queryset:
            try:
                copy = meeting_days.duplicate_day(day, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{day}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("Copie créée (brouillon), à relire :"),
                    reverse("admin:events_meetingday_change", args=[copy.pk]),
                    copy,
                ),
                messages.SUCCESS,
            )


@admin.register(Participation)
class ParticipationAdmin(LabelledListEditableMixin, ActionPermissionMixin, admin.ModelAdmin):
    list_display = ["company", "meeting_day", "status", "tables", "table_label", "created_at"]
    list_editable = ["table_label"]
    list_filter = ["status", "meeting_day", "needs_electricity", "needs_space", "tracks__sector"]
    search_fields = ["company__name", "table_label", "meeting_day__slug"]
    list_select_related = ["company", "meeting_day"]
    date_hierarchy = "created_at"
    filter_horizontal = ["tracks"]
    autocomplete_fields = ["offers"]
    # Companies register themselves (the charter is theirs to accept); the status changes
    # only through the decisions below, which tell the company and land in the audit log.
    readonly_fields = [
        "meeting_day",
        "company",
        "status",
        "decision_reason",
        "decided_at",
        "charter_accepted_at",
        "charter_accepted_by",
        "checked_in_at",
        "created_at",
    ]
    fields = [
        "meeting_day",
        "company",
        "status",
        "table_label",
        "tables",
        "tracks",
        "offers",
        "needs_electricity",
        "needs_space",
        "logistics_remarks",
        "charter_accepted_at",
        "charter_accepted_by",
        "decision_reason",
        "decided_at",
        "checked_in_at",
        "created_at",
    ]
    actions = [
        decision_action(
            name="accept",
            description=_("Accepter"),
            decide=participation_services.accept_participation,
            reason_required=False,
        ),
        decision_action(
            name="waitlist",
            description=_("Mettre en liste d'attente"),
            decide=participation_services.waitlist_participation,
        ),
        decision_action(
            name="decline",
            description=_("Refuser"),
            decide=participation_services.decline_participation,
        ),
    ]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self._point_out_free_places(request)
        return super().changelist_view(request, extra_context)

    def _point_out_free_places(self, request) -> None:
        """A company cancelled and others wait: nobody moves up by itself, so say it."""
        days = (
            MeetingDay.objects.filter(status__in=participation_services.DECIDABLE_DAY_STATUSES)
            .annotate(
                waiting=Count(
                    "participations",
                    filter=Q(participations__status=Participation.Status.WAITLISTED),
                ),
                accepted=Count(
                    "participations",
                    filter=Q(participations__status=Participation.Status.ACCEPTED),
                ),
            )
            .filter(waiting__gt=0)
        )
        changelist = reverse("admin:events_participation_changelist")
        for day in days:
            free = day.max_companies - day.accepted
            if free <= 0:
                continue
            query = urlencode(
                {"meeting_day__id__exact": day.pk, "status__exact": Participation.Status.WAITLISTED}
            )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}?{}">{}</a>',
                    ngettext(
                        "%(day)s : %(free)d place libre et %(waiting)d entreprise(s) en liste "
                        "d'attente. Personne ne monte seul : confirmez avec « Accepter ».",
                        "%(day)s : %(free)d places libres et %(waiting)d entreprise(s) en liste "
                        "d'attente. Personne ne monte seul : confirmez avec « Accepter ».",
                        free,
                    )
                    % {"day": day, "free": free, "waiting": day.waiting},
                    changelist,
                    query,
                    gettext("Voir la liste d'attente"),
                ),
                messages.WARNING,
            )


# --- Meetings: moved or removed by hand (the schedule pages are in schedule_admin.py) ----


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Staff move a meeting (slot, table) or remove it; a moved meeting is marked as
    placed by hand, so that running the scheduler again keeps it. Meetings are created by
    the scheduler only (Planning page of the day)."""

    form = MeetingAdminForm
    list_display = [
        "slot_time",
        "company",
        "table_number",
        "student",
        "kind",
        "rank",
        "is_manual",
        "rating",
        "follow_up",
    ]
    list_filter = [
        "meeting_day",
        ("participation__company", admin.RelatedOnlyFieldListFilter),
        "kind",
        "is_manual",
        "follow_up",
    ]
    search_fields = [
        "registration__student__user__first_name",
        "registration__student__user__last_name",
        "registration__student__user__email",
        "participation__company__name",
    ]
    list_select_related = [
        "meeting_day",
        "registration__student__user",
        "participation__company",
    ]
    ordering = ["meeting_day", "participation__company__name", "table_number", "slot_index"]
    fields = [
        "meeting_day",
        "registration",
        "participation",
        "slot_index",
        "table_number",
        "kind",
        "rank",
        "is_manual",
        "rating",
        "follow_up",
        "follow_up_note",
        "rated_by",
        "rated_at",
    ]
    readonly_fields = [
        "meeting_day",
        "registration",
        "participation",
        "kind",
        "rank",
        "is_manual",
        "rating",
        "follow_up",
        "follow_up_note",
        "rated_by",
        "rated_at",
    ]

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        # Removing is one meeting at a time, from its page, where the day's state is checked.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        # Once the day is held, a meeting carries its rating and follow-up: it stays put.
        if obj is not None and obj.meeting_day.status in FROZEN_DAY_STATUSES:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.meeting_day.status in FROZEN_DAY_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting_day", "registration__student__user", "participation__company")
        )

    @admin.display(description=_("créneau"), ordering="slot_index")
    def slot_time(self, obj):
        labels = slot_labels(obj.meeting_day)  # arithmetic only, no query
        return labels[obj.slot_index] if obj.slot_index < len(labels) else obj.slot_index

    @admin.display(description=_("entreprise"), ordering="participation__company__name")
    def company(self, obj):
        return obj.participation.company

    @admin.display(description=_("élève"), ordering="registration__student__user__last_name")
    def student(self, obj):
        return obj.registration.student

    def save_model(self, request, obj, form, change):
        obj.is_manual = True
        super().save_model(request, obj, form, change)


# --- Students' registrations and survey answers: read-only; the students register and
# answer themselves, check-in has its own page. -------------------------------------------


class PreferenceInline(admin.TabularInline):
    model = Preference
    fields = ["rank", "company"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participation__company")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("entreprise"))
    def company(self, obj):
        return obj.participation.company


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "student",
        "track",
        "meeting_day",
        "status",
        "checkin_code",
        "accepts_extra_meetings",
        "created_at",
        "checked_in_at",
    ]
    list_filter = [
        "status",
        "meeting_day",
        "student__track__sector",
        "accepts_extra_meetings",
        "checked_in_at",
    ]
    search_fields = [
        "student__user__first_name",
        "student__user__last_name",
        "student__user__email",
        "checkin_code",
    ]
    list_select_related = ["meeting_day", "student__user", "student__track"]
    date_hierarchy = "created_at"
    fields = [
        "meeting_day",
        "student",
        "status",
        "accepts_extra_meetings",
        "checkin_code",
        "created_at",
        "promoted_at",
        "checked_in_at",
    ]
    readonly_fields = fields
    inlines = [PreferenceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("filière"), ordering="student__track__name")
    def track(self, obj):
        return obj.student.track


class SurveyRoleFilter(admin.SimpleListFilter):
    title = _("type")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(SURVEY_STUDENT, _("Élève")), (SURVEY_COMPANY, _("Entreprise"))]

    def queryset(self, request, queryset):
        if self.value() in (SURVEY_STUDENT, SURVEY_COMPANY):
            return queryset.filter(role=self.value())
        return queryset


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """The answers, read without the name of who gave them: staff want the day's verdict,
    and the survey's token (its link) stays out of sight."""

    list_display = ["meeting_day", "respondent", "satisfaction", "useful", "comment", "answered"]
    list_filter = ["meeting_day", SurveyRoleFilter, "satisfaction", "useful"]
    search_fields = ["comment"]
    list_select_related = ["meeting_day"]
    date_hierarchy = "sent_at"
    ordering = ["meeting_day", "-answered_at"]
    fields = ["meeting_day", "respondent", "satisfaction", "useful", "comment", "sent", "answered"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("type"), ordering="role")
    def respondent(self, obj):
        return _("Élève") if obj.role == SURVEY_STUDENT else _("Entreprise")

    @admin.display(description=_("envoyée le"), ordering="sent_at")
    def sent(self, obj):
        return obj.sent_at

    @admin.display(description=_("réponse le"), ordering="answered_at")
    def answered(self, obj):
        return obj.answered_at
