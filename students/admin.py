from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from campus_portal.admin_labels import LabelledListEditableMixin
from students.invitations import COLUMNS, invite_class, parse_class_csv
from students.models import (
    ClassInvitation,
    Sector,
    ShortageOccupation,
    StudentLanguage,
    StudentProfile,
    Track,
)
from students.shortages import ShortageImportError, import_shortage_list


class TrackInline(admin.TabularInline):
    model = Track
    fields = ["name", "form", "taught_on_campus", "position"]
    extra = 0
    show_change_link = True


@admin.register(Sector)
class SectorAdmin(LabelledListEditableMixin, TabbedTranslationAdmin):
    list_display = ["name", "position", "track_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    inlines = [TrackInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(track_count=Count("tracks"))

    @admin.display(description=_("filières"), ordering="track_count")
    def track_count(self, obj):
        return obj.track_count


@admin.register(Track)
class TrackAdmin(LabelledListEditableMixin, TabbedTranslationAdmin):
    list_display = ["name", "sector", "form", "isco_code", "taught_on_campus", "position"]
    list_filter = ["sector", "form", "taught_on_campus"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "occupations", "isco_code"]
    prepopulated_fields = {"slug": ["name_fr"]}
    list_select_related = ["sector"]


class ShortageImportForm(forms.Form):
    list_year = forms.IntegerField(
        label=_("Année de la liste"),
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
    )
    file = forms.FileField(
        label=_("Fichier CSV"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Encodage UTF-8, séparateur « , » ou « ; », 1 Mo et 2 000 lignes au plus. "
            "La première ligne nomme les colonnes : name_fr (obligatoire), name_nl, name_en "
            "et tracks (identifiants des filières, séparés par « | »)."
        ),
    )


@admin.register(ShortageOccupation)
class ShortageOccupationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "list_year", "is_sample"]
    list_filter = ["list_year", "is_sample", "tracks__sector"]
    search_fields = ["name"]
    filter_horizontal = ["tracks"]
    change_list_template = "admin/students/shortageoccupation/change_list.html"

    def get_urls(self):
        # Before the inherited URLs, whose "<object_id>/" would otherwise catch "import/".
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Load a year's list from a CSV file and show what was added, changed or refused."""
        if not request.user.has_perm("students.add_shortageoccupation"):
            raise PermissionDenied
        form = ShortageImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = import_shortage_list(
                    form.cleaned_data["file"], list_year=form.cleaned_data["list_year"]
                )
            except ShortageImportError as error:
                form.add_error("file", error)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer une liste de fonctions critiques"),
            "opts": self.opts,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/students/shortageoccupation/import.html", context)


class StudentLanguageInline(admin.TabularInline):
    model = StudentLanguage
    extra = 0


@admin.register(StudentProfile)
class StudentProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "track",
        "status",
        "graduation_year",
        "talent_search_opt_in",
        "created_at",
    ]
    list_filter = ["status", "track__sector", "track", "talent_search_opt_in", "driving_licence"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "track"]
    list_select_related = ["user", "track"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "public_id",
        "cv_uploaded_at",
        "talent_search_opt_in_at",
        "created_at",
        "updated_at",
    ]
    inlines = [StudentLanguageInline]


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("En attente")),
            ("accepted", _("Acceptée")),
            ("expired", _("Expirée")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.usable()
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "expired":
            return queryset.open().filter(expires_at__lte=timezone.now())
        return queryset


class ClassUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Liste de la classe (CSV)"),
        help_text=_(
            "Une ligne par élève, avec les colonnes first_name, last_name, email, track "
            "(identifiant ou nom de la filière) et year (5, 6, 7, cefa ou « diplômé 2025 »). "
            "Encodage UTF-8, séparateur « , » ou « ; », 1 Mo et 1 000 lignes au plus."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
    language = forms.ChoiceField(
        label=_("Langue des e-mails"), choices=settings.LANGUAGES, initial="fr"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.rows = parse_class_csv(upload)
        return upload


@admin.register(ClassInvitation)
class ClassInvitationAdmin(admin.ModelAdmin):
    """Invitations are made by uploading a class list, never typed in one by one."""

    list_display = [
        "email",
        "first_name",
        "last_name",
        "track",
        "status_year",
        "created_at",
        "state",
    ]
    list_filter = [InvitationStateFilter, "status_year", "language", "track", "created_at"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["track"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("état"))
    def state(self, obj):
        if obj.accepted_at:
            return _("Acceptée le %(date)s") % {
                "date": timezone.localtime(obj.accepted_at).strftime("%d/%m/%Y")
            }
        if obj.is_expired:
            return _("Expirée")
        return _("En attente")

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name=f"{opts.app_label}_{opts.model_name}_upload",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_invite_class": request.user.has_perm("students.add_classinvitation"),
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not request.user.has_perm("students.add_classinvitation"):
            raise PermissionDenied
        if request.method == "POST":
            form = ClassUploadForm(request.POST, request.FILES)
        else:
            form = ClassUploadForm()
        report = None
        if request.method == "POST" and form.is_valid():
            report = invite_class(
                form.rows, by=request.user, language=form.cleaned_data["language"]
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Inviter une classe (CSV)"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "columns": ",".join(COLUMNS),
        }
        return TemplateResponse(request, "admin/students/classinvitation/upload.html", context)
