"""Forms of the student area."""

from datetime import timedelta

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.cv import validate_pdf
from students.models import ContractKind, Sector, StudentLanguage, StudentProfile

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def grouped_track_choices():
    """Tracks grouped by sector, for a select with one group per sector."""
    choices = [("", _("Choisis ta filière"))]
    for sector in Sector.objects.prefetch_related("tracks"):
        tracks = [(track.pk, track.name) for track in sector.tracks.all()]
        if tracks:
            choices.append((sector.name, tracks))
    return choices


class StudentProfileForm(forms.ModelForm):
    contract_kinds = forms.MultipleChoiceField(
        label=_("Contrats recherchés"),
        choices=ContractKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Coche tout ce qui t'intéresse."),
    )

    class Meta:
        model = StudentProfile
        fields = [
            "track",
            "status",
            "graduation_year",
            "date_of_birth",
            "contract_kinds",
            "available_from",
            "availability_note",
            "driving_licence",
            "skills",
            "presentation",
            "phone",
        ]
        widgets = {
            "date_of_birth": DATE_INPUT,
            "available_from": DATE_INPUT,
            "skills": forms.Textarea(attrs={"rows": 3}),
            "presentation": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "graduation_year": _("Seulement si tu es diplômé·e."),
            "phone": _("Facultatif. Une entreprise ne le voit que si elle retient ta candidature."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = grouped_track_choices()
        self.fields["track"].empty_label = None
        self.fields["status"].choices = [
            ("", _("Choisis ta situation")),
            *StudentProfile.Status.choices,
        ]
        self.fields["driving_licence"].choices = [("", "—"), *StudentProfile.DrivingLicence.choices]

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return born
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError(_("La date de naissance doit être dans le passé."))
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < 12 or age > 70:
            raise forms.ValidationError(_("Vérifie ta date de naissance : elle semble incorrecte."))
        return born

    def clean_available_from(self):
        available = self.cleaned_data.get("available_from")
        if available and available > timezone.localdate() + timedelta(days=730):
            raise forms.ValidationError(_("Indique une date dans les deux prochaines années."))
        return available

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        year = cleaned.get("graduation_year")
        this_year = timezone.localdate().year
        if status == StudentProfile.Status.GRADUATE:
            if not year:
                self.add_error("graduation_year", _("Indique l'année de ton diplôme."))
            elif not 1970 <= year <= this_year:
                self.add_error(
                    "graduation_year",
                    _("L'année du diplôme doit être comprise entre 1970 et %(year)d.")
                    % {"year": this_year},
                )
        else:
            cleaned["graduation_year"] = None
        return cleaned


class StudentLanguageForm(forms.ModelForm):
    class Meta:
        model = StudentLanguage
        fields = ["language", "other_name", "level"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("language") == "other" and not cleaned.get("other_name"):
            self.add_error("other_name", _("Indique de quelle langue il s'agit."))
        if cleaned.get("language") != "other":
            cleaned["other_name"] = ""
        return cleaned


class UniqueLanguageFormSet(forms.BaseInlineFormSet):
    """Inline rows of languages, none twice.

    Not the default check of unique fields: it drops the offending rows' data and shows a
    technical message; this one says which row repeats a language. Subclasses set the
    message (and the key, when "other" languages are named).
    """

    duplicate_message = _("Cette langue est déjà dans la liste.")

    def language_key(self, cleaned_data):
        return cleaned_data.get("language")

    def clean(self):
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            key = self.language_key(form.cleaned_data)
            if key in seen:
                form.add_error("language", self.duplicate_message)
            seen.add(key)


class BaseLanguageFormSet(UniqueLanguageFormSet):
    duplicate_message = _("Cette langue est déjà dans ta liste.")

    def language_key(self, cleaned_data):
        return (cleaned_data.get("language"), cleaned_data.get("other_name", "").lower())


LanguageFormSet = inlineformset_factory(
    StudentProfile,
    StudentLanguage,
    form=StudentLanguageForm,
    formset=BaseLanguageFormSet,
    extra=2,
    max_num=12,
    validate_max=True,
    can_delete=True,
)


class CVForm(forms.Form):
    cv = forms.FileField(
        label=_("Ton CV (PDF, 5 Mo au plus)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Choisis ton CV au format PDF."),
            "empty": _("Ce fichier est vide. Choisis ton CV au format PDF."),
        },
        allow_empty_file=False,
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        validate_pdf(upload)
        return upload


class PrivacyForm(forms.Form):
    talent_search_opt_in = forms.BooleanField(
        label=_("Les entreprises vérifiées peuvent trouver mon profil"),
        required=False,
        help_text=_(
            "Elles verront ta filière, ton année, tes langues, tes compétences, ta présentation "
            "et ton CV, jamais ton adresse e-mail ni ton téléphone. Tu peux retirer ton accord "
            "à tout moment."
        ),
    )
