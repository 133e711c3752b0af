from django.contrib import admin
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus_portal.admin_decisions import ActionPermissionMixin, decision_action
from companies import services
from companies.models import (
    Company,
    Membership,
    Need,
    NeedLanguage,
    RecruiterProfile,
    TeamInvitation,
)
from companies.needs import NeedAdminForm, needs_csv
from students.models import ContractKind


@admin.register(RecruiterProfile)
class RecruiterProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Company)
class CompanyAdmin(ActionPermissionMixin, admin.ModelAdmin):
    list_display = ["name", "enterprise_number_display", "status", "size", "city", "created_at"]
    list_filter = ["status", "sectors", "size"]
    search_fields = ["name", "legal_name", "enterprise_number", "city", "contact_email"]
    date_hierarchy = "created_at"
    filter_horizontal = ["sectors"]
    # Status changes go through the decisions below: each takes a reason, tells the
    # members and lands in the audit log.
    readonly_fields = [
        "status",
        "status_reason",
        "status_changed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [
        decision_action(
            name="verify",
            description=_("Vérifier les entreprises sélectionnées"),
            decide=services.verify_company,
            reason_required=False,
        ),
        decision_action(
            name="reject",
            description=_("Refuser les entreprises sélectionnées"),
            decide=services.reject_company,
        ),
        decision_action(
            name="suspend",
            description=_("Suspendre les entreprises sélectionnées"),
            decide=services.suspend_company,
        ),
        decision_action(
            name="reinstate",
            description=_("Rétablir les entreprises sélectionnées"),
            decide=services.reinstate_company,
            reason_required=False,
        ),
    ]

    @admin.display(description=_("numéro d'entreprise"), ordering="enterprise_number")
    def enterprise_number_display(self, obj):
        return obj.enterprise_number_display


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "status", "created_at"]
    list_filter = ["role", "status", ("company__status", admin.ChoicesFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["user__email", "user__last_name", "company__name"]
    autocomplete_fields = ["user", "company"]
    list_select_related = ["user", "company"]


@admin.register(TeamInvitation)
class TeamInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "accepted_at"]
    search_fields = ["email", "company__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "company",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    list_select_related = ["company"]

    def has_add_permission(self, request):
        return False


class ContractKindFilter(admin.SimpleListFilter):
    title = _("type de contrat")
    parameter_name = "contract_kind"

    def lookups(self, request, model_admin):
        return ContractKind.choices

    def queryset(self, request, queryset):
        if self.value() in ContractKind.values:
            # The JSON list is stored as text on SQLite and as jsonb on PostgreSQL: the
            # quoted value matches one whole item on both.
            return queryset.filter(contract_kinds__icontains=f'"{self.value()}"')
        return queryset


class NeedLanguageInline(admin.TabularInline):
    model = NeedLanguage
    extra = 0


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    form = NeedAdminForm
    list_display = [
        "title",
        "company",
        "headcount",
        "contract_kinds_display",
        "place",
        "status",
        "created_at",
    ]
    list_filter = [
        "status",
        ("company__status", admin.ChoicesFieldListFilter),
        "tracks",
        "tracks__sector",
        ContractKindFilter,
    ]
    search_fields = ["title", "company__name", "company__legal_name", "key_skills", "remarks"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["company"]
    filter_horizontal = ["tracks"]
    list_select_related = ["company"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [NeedLanguageInline]
    actions = ["export_csv"]

    @admin.display(description=_("types de contrat"))
    def contract_kinds_display(self, obj):
        return ", ".join(obj.get_contract_kinds_display())

    @admin.display(description=_("lieu"), ordering="commune")
    def place(self, obj):
        return obj.place

    @admin.action(description=_("Exporter en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(needs_csv(queryset), content_type="text/csv; charset=utf-8")
        filename = f"besoins-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
