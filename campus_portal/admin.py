from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from campus_portal import services
from campus_portal.admin_decisions import ActionPermissionMixin, decision_action
from campus_portal.admin_export import export_selection_csv
from campus_portal.models import AuditEntry, SchoolOffice, User

# Every list can export its selection (anyone who may view the model).
admin.site.add_action(export_selection_csv, "export_selection_csv")


@admin.register(User)
class UserAdmin(ActionPermissionMixin, BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "preferred_language",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "preferred_language",
        "date_joined",
    ]
    search_fields = ["email", "first_name", "last_name"]
    date_hierarchy = "date_joined"
    readonly_fields = ["date_joined", "last_login", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "preferred_language"]}),
        (
            _("Accès"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "first_name",
                    "last_name",
                    "preferred_language",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    actions = [
        decision_action(
            name="deactivate",
            description=_("Désactiver les comptes sélectionnés"),
            decide=services.deactivate_account,
        ),
        decision_action(
            name="reactivate",
            description=_("Réactiver les comptes sélectionnés"),
            decide=services.reactivate_account,
        ),
    ]


@admin.register(SchoolOffice)
class SchoolOfficeAdmin(TranslationAdmin):
    list_display = ["__str__", "phone", "email", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SchoolOffice.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target", "reason"]
    list_filter = ["action", "target_type", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["actor_repr", "target_repr", "reason", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]

    @admin.display(description=_("auteur"), ordering="actor_repr")
    def actor(self, obj):
        return obj.actor_label

    @admin.display(description=_("objet"), ordering="target_repr")
    def target(self, obj):
        return obj.target_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# allauth's list of sessions searches `user__username`, which our User has not (a 500).
admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(BaseUserSessionAdmin):
    search_fields = ["user__email", "user__first_name", "user__last_name", "ip"]
    list_select_related = ["user"]
