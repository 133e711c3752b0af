"""Companies' needs: the intake form, its languages and the staff's CSV export."""

import csv
import io
import re
from datetime import timedelta
from itertools import groupby
from operator import attrgetter

from django import forms
from django.db.models import Prefetch
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campus_portal import caching
from campus_portal.forms import IdsChoiceField
from companies.communes import Commune
from companies.models import Need, NeedLanguage
from students.forms import UniqueLanguageFormSet
from students.models import ContractKind, StudentLanguage, StudentProfile, Track

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
POSTCODE = re.compile(r"^[1-9]\d{3}$")
MAX_HEADCOUNT = 500
# A need states what the company wants from a student: "no licence" is the same as "not
# needed" (the blank choice), so it is not offered.
LICENCES = [
    ("", _("Pas nécessaire")),
    *(
        (value, label)
        for value, label in StudentProfile.DrivingLicence.choices
        if value != StudentProfile.DrivingLicence.NONE
    ),
]
# A need's language has no free name, so "other" would tell staff nothing: the form
# points to the remarks instead.
NEED_LANGUAGES = [(code, label) for code, label in StudentLanguage.LANGUAGES if code != "other"]


def grouped_tracks() -> list[tuple[str, list[tuple[int, str]]]]:
    """All tracks grouped by sector, for a list of checkboxes with one group per sector."""
    return caching.cached("grouped-tracks", _grouped_tracks, topics=("tracks",))


def _grouped_tracks() -> list[tuple[str, list[tuple[int, str]]]]:
    tracks = Track.objects.select_related("sector").order_by(
        "sector__position", "sector__slug", "position", "slug"
    )
    return [
        (sector.name, [(track.pk, track.name) for track in group])
        for sector, group in groupby(tracks, key=attrgetter("sector"))
    ]


def tracks_field(help_text) -> forms.ModelMultipleChoiceField:
    """Tracks as checkboxes (grouped by sector in the template), at least one."""
    return IdsChoiceField(
        label=_("Filières concernées"),
        queryset=Track.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=help_text,
        error_messages={
            "required": _("Choisissez au moins une filière."),
            "invalid_choice": _("Cette filière n'existe pas : choisissez-la dans la liste."),
            "invalid_pk_value": _("Cette filière n'existe pas : choisissez-la dans la liste."),
        },
    )


def clean_workplace(form: forms.Form, cleaned: dict) -> None:
    """A Brussels commune, or "outside Brussels" with a Belgian postcode."""
    commune = cleaned.get("commune")
    postcode = (cleaned.get("postcode") or "").strip()
    if commune == Commune.OUTSIDE:
        if not postcode:
            form.add_error(
                "postcode", _("Indiquez le code postal du lieu de travail hors de Bruxelles.")
            )
        elif not POSTCODE.match(postcode):
            form.add_error(
                "postcode", _("Un code postal belge a quatre chiffres, par exemple 1500.")
            )
        else:
            cleaned["postcode"] = postcode
    elif commune:
        cleaned["postcode"] = ""


class NeedForm(forms.ModelForm):
    tracks = tracks_field(_("Les options d'enseignement qui préparent au profil recherché."))
    headcount = forms.IntegerField(
        label=_("Nombre de personnes"),
        min_value=1,
        max_value=MAX_HEADCOUNT,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Combien de personnes cherchez-vous pour ce profil ?"),
        error_messages={
            "required": _("Indiquez le nombre de personnes recherchées."),
            "invalid": _("Indiquez un nombre entier, par exemple 2."),
            "min_value": _("Indiquez au moins une personne."),
            "max_value": _("Indiquez %(limit_value)s personnes au plus."),
        },
    )
    contract_kinds = forms.MultipleChoiceField(
        label=_("Types de contrat"),
        choices=ContractKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez tout ce que vous pouvez proposer."),
        error_messages={
            "required": _("Choisissez au moins un type de contrat."),
            "invalid_choice": _("Choisissez un type de contrat dans la liste."),
        },
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "tracks",
            "headcount",
            "contract_kinds",
            "desired_start",
            "driving_licence",
            "key_skills",
            "commune",
            "postcode",
            "remarks",
            "status",
        ]
        widgets = {
            "desired_start": DATE_INPUT,
            "key_skills": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}
            ),
            "status": forms.RadioSelect,
        }
        labels = {
            "driving_licence": _("Permis de conduire demandé"),
            "commune": _("Commune du lieu de travail"),
        }
        help_texts = {
            "desired_start": _("Facultatif. Laissez vide si la date est encore ouverte."),
            "key_skills": _(
                "Par exemple : lecture de plans, soudure TIG, accueil de la clientèle."
            ),
            "postcode": _("Seulement si le lieu de travail est hors de Bruxelles."),
            "remarks": _("Horaires, conditions particulières, autre langue demandée…"),
            "status": _(
                "« Pourvu » quand vous avez trouvé, « Retiré » si vous n'en avez plus besoin."
            ),
        }
        error_messages = {
            "title": {"required": _("Donnez un intitulé au besoin.")},
            "commune": {"required": _("Choisissez la commune du lieu de travail.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].choices = grouped_tracks()
        self.fields["driving_licence"].choices = LICENCES
        self.fields["commune"].choices = [("", _("Choisissez la commune")), *Commune.choices]
        if self.instance.pk is None:
            # A new need is open; its status changes later, on its own page.
            del self.fields["status"]

    def track_groups(self) -> list[tuple[str, list, int]]:
        """(sector, its checkboxes, how many are ticked): the tracks shown by sector."""
        bound = self["tracks"]
        if bound.errors:
            bound.field.widget.attrs["class"] = "form-check-input is-invalid"
        checkboxes = iter(bound.subwidgets)
        groups = []
        for sector, tracks in bound.field.choices:
            options = [next(checkboxes) for _track in tracks]
            groups.append((sector, options, sum(1 for box in options if box.data["selected"])))
        return groups

    def clean_desired_start(self):
        start = self.cleaned_data.get("desired_start")
        # Only a date the member types now is checked: an older need keeps its date when
        # its status changes.
        if start is None or "desired_start" not in self.changed_data:
            return start
        today = timezone.localdate()
        if start < today - timedelta(days=31):
            raise forms.ValidationError(
                _("Cette date est passée depuis plus d'un mois. Indiquez une date à venir.")
            )
        if start > today + timedelta(days=730):
            raise forms.ValidationError(_("Indiquez une date dans les deux prochaines années."))
        return start

    def clean_contract_kinds(self):
        chosen = set(self.cleaned_data["contract_kinds"])
        return [kind for kind in ContractKind.values if kind in chosen]

    def clean(self):
        cleaned = super().clean()
        clean_workplace(self, cleaned)
        return cleaned


class NeedLanguageForm(forms.ModelForm):
    class Meta:
        model = NeedLanguage
        fields = ["language", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *NEED_LANGUAGES]
        self.fields["level"].choices = [("", "—"), *StudentLanguage.Level.choices]
        self.fields["language"].error_messages["required"] = _("Choisissez la langue.")
        self.fields["level"].error_messages["required"] = _("Choisissez le niveau minimal.")


class BaseNeedLanguageFormSet(UniqueLanguageFormSet):
    duplicate_message = _("Cette langue est déjà demandée pour ce besoin.")


NeedLanguageFormSet = inlineformset_factory(
    Need,
    NeedLanguage,
    form=NeedLanguageForm,
    formset=BaseNeedLanguageFormSet,
    extra=2,
    max_num=len(NEED_LANGUAGES),
    validate_max=True,
    can_delete=True,
)


class NeedAdminForm(forms.ModelForm):
    """The admin's form: contract kinds as checkboxes rather than raw JSON."""

    contract_kinds = forms.MultipleChoiceField(
        label=_("Types de contrat"),
        choices=ContractKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Need
        fields = [
            "company",
            "title",
            "tracks",
            "headcount",
            "contract_kinds",
            "desired_start",
            "driving_licence",
            "key_skills",
            "commune",
            "postcode",
            "remarks",
            "status",
        ]


# --- The staff's export ------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell Excel shows as text: what a company typed never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def needs_csv(queryset) -> str:
    """The needs as CSV for Belgian Excel: a BOM (accents intact), ";" between columns."""
    needs = queryset.select_related("company").prefetch_related(
        Prefetch("tracks", queryset=Track.objects.select_related("sector")),
        Prefetch("languages", queryset=NeedLanguage.objects.order_by("pk")),
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            gettext("entreprise"),
            gettext("numéro d'entreprise"),
            gettext("statut entreprise"),
            gettext("intitulé"),
            gettext("filières"),
            gettext("secteurs"),
            gettext("nombre"),
            gettext("contrats"),
            gettext("début souhaité"),
            gettext("langues"),
            gettext("permis"),
            gettext("compétences"),
            gettext("lieu"),
            gettext("statut"),
            gettext("créé le"),
        ]
    )
    for need in needs:
        tracks = list(need.tracks.all())
        sectors = list(dict.fromkeys(track.sector.name for track in tracks))
        created = timezone.localtime(need.created_at)
        writer.writerow(
            [
                _cell(value)
                for value in (
                    need.company.name,
                    need.company.enterprise_number_display,
                    need.company.get_status_display(),
                    need.title,
                    " | ".join(track.name for track in tracks),
                    " | ".join(sectors),
                    need.headcount,
                    " | ".join(need.get_contract_kinds_display()),
                    need.desired_start.isoformat() if need.desired_start else "",
                    " | ".join(str(language) for language in need.languages.all()),
                    need.get_driving_licence_display()
                    if need.driving_licence
                    else gettext("Pas nécessaire"),
                    need.key_skills,
                    need.place,
                    need.get_status_display(),
                    created.strftime("%Y-%m-%d %H:%M"),
                )
            ]
        )
    return out.getvalue()
