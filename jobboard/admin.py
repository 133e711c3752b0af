"""The job board in the admin: moderation, applications, invitations, alerts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from campus_portal.admin_decisions import ActionPermissionMixin, decision_action
from jobboard import moderation
from jobboard.models import (
    Application,
    ApplicationEvent,
    Offer,
    OfferAlert,
    OfferInvitation,
    OfferLanguage,
    SavedOffer,
)

# --- Saved offers and alerts: read-only lists (the students manage their own). ----------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SavedOffer)
class SavedOfferAdmin(ReadOnlyAdmin):
    list_display = ["offer", "company", "student", "created_at"]
    list_filter = ["offer__status", "created_at"]
    search_fields = ["offer__title", "offer__company__name", "student__user__email"]
    list_select_related = ["offer__company", "student__user"]
    date_hierarchy = "created_at"

    @admin.display(description=_("entreprise"), ordering="offer__company__name")
    def company(self, obj):
        return obj.offer.company


@admin.register(OfferAlert)
class OfferAlertAdmin(ReadOnlyAdmin):
    list_display = ["student", "track", "is_active", "created_at", "last_sent_at", "sent"]
    list_filter = ["is_active", "student__track__sector", "last_sent_at"]
    search_fields = ["student__user__email", "student__user__last_name"]
    list_select_related = ["student__user", "student__track"]
    # The token is the one-click unsubscribe secret: not shown.
    exclude = ["token"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sent_count=Count("deliveries"))

    @admin.display(description=_("filière"), ordering="student__track__name")
    def track(self, obj):
        return obj.student.track

    @admin.display(description=_("offres envoyées"), ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count


# --- Applications: read-only; staff look, the companies move them. -----------------------


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["student", "offer", "company", "status", "created_at", "closed_at"]
    list_filter = [
        "status",
        "offer__company__status",
        "offer__kind",
        "offer__tracks__sector",
    ]
    search_fields = [
        "student__user__first_name",
        "student__user__last_name",
        "student__user__email",
        "offer__title",
        "offer__company__name",
    ]
    list_select_related = ["student__user", "offer__company"]
    date_hierarchy = "created_at"
    # The CV copy is served only through the company's permission-checked page.
    fields = [
        "offer",
        "student",
        "status",
        "message",
        "has_cv_copy",
        "created_at",
        "updated_at",
        "closed_at",
    ]
    readonly_fields = fields
    inlines = [ApplicationEventInline]

    @admin.display(description=_("entreprise"), ordering="offer__company__name")
    def company(self, obj):
        return obj.offer.company

    @admin.display(description=_("copie du CV conservée"), boolean=True)
    def has_cv_copy(self, obj):
        return bool(obj.cv_copy)


# --- Invitations to apply (talent search): read-only; companies send, students answer. ----


@admin.register(OfferInvitation)
class OfferInvitationAdmin(ReadOnlyAdmin):
    list_display = ["offer", "company", "student", "status", "created_at", "expires_at"]
    list_filter = ["status", "created_at"]
    search_fields = [
        "offer__title",
        "offer__company__name",
        "student__user__email",
        "student__user__last_name",
    ]
    list_select_related = ["offer__company", "student__user"]
    date_hierarchy = "created_at"
    fields = [
        "offer",
        "student",
        "sent_by",
        "message",
        "status",
        "created_at",
        "expires_at",
        "responded_at",
        "application",
    ]
    readonly_fields = fields

    @admin.display(description=_("entreprise"), ordering="offer__company__name")
    def company(self, obj):
        return obj.offer.company


# --- Offers: staff moderate them; status changes only through the decisions below. -------


class OfferLanguageInline(admin.TabularInline):
    model = OfferLanguage
    extra = 0


@admin.register(Offer)
class OfferAdmin(ActionPermissionMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "company",
        "kind",
        "status",
        "submitted_at",
        "published_at",
        "expires_at",
    ]
    list_filter = [
        "status",
        "kind",
        ("company__status", admin.ChoicesFieldListFilter),
        "tracks__sector",
        "language",
        "published_at",
        "expires_at",
    ]
    search_fields = ["title", "company__name"]
    date_hierarchy = "submitted_at"
    list_select_related = ["company"]
    autocomplete_fields = ["company", "need"]
    filter_horizontal = ["tracks"]
    inlines = [OfferLanguageInline]
    # Publishing and refusing take a reason, tell the company's members and land in the
    # audit log: the status never changes by editing the form.
    readonly_fields = [
        "status",
        "rejection_reason",
        "submitted_at",
        "published_at",
        "expires_at",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = [
        decision_action(
            name="publish",
            description=_("Publier les offres sélectionnées"),
            decide=moderation.publish_offer,
            reason_required=False,
        ),
        decision_action(
            name="reject",
            description=_("Refuser les offres sélectionnées"),
            decide=moderation.reject_offer,
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
