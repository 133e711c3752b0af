"""The company area's offer form, its required languages, and starting an offer from a need."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from companies.communes import Commune
from companies.models import INTERFACE_LANGUAGES, Need
from companies.needs import DATE_INPUT, clean_workplace, grouped_tracks, tracks_field
from jobboard.models import (
    DEFAULT_PUBLICATION_DAYS,
    MAX_PUBLICATION_DAYS,
    Offer,
    OfferLanguage,
)
from students.forms import UniqueLanguageFormSet
from students.models import ContractKind, StudentLanguage

MIN_PUBLICATION_DAYS = 7
MAX_PLACES = 100
# An offer's language has no free name, so "other" would tell a student nothing: the
# requirements say it instead.
OFFER_LANGUAGES = [(code, label) for code, label in StudentLanguage.LANGUAGES if code != "other"]


def _plain_text(value: str) -> str:
    """Browsers send a textarea's line breaks as CRLF: store them as LF, so that an
    unchanged text compares equal to what is stored."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def pay_field(label) -> forms.DecimalField:
    """An optional amount in euros, with messages that say what to type."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": _("Indiquez un montant en euros, par exemple 14,50."),
            "min_value": _("Indiquez un montant positif."),
            "max_digits": _("Ce montant est trop élevé."),
            "max_whole_digits": _("Ce montant est trop élevé."),
            "max_decimal_places": _("Indiquez au plus deux décimales (les centimes)."),
        },
    )


class OfferForm(forms.ModelForm):
    tracks = tracks_field(
        _("Les élèves de ces filières trouveront l'offre en cherchant par filière.")
    )
    hours_per_week = forms.IntegerField(
        label=_("Heures par semaine"),
        required=False,
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Facultatif. Par exemple 38 pour un temps plein."),
        error_messages={
            "invalid": _("Indiquez un nombre entier d'heures, par exemple 38."),
            "min_value": _("Indiquez au moins une heure par semaine."),
            "max_value": _("Indiquez 60 heures par semaine au plus."),
        },
    )
    pay_min = pay_field(_("Salaire minimum (€ brut)"))
    pay_max = pay_field(_("Salaire maximum (€ brut)"))
    places = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=MAX_PLACES,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Indiquez le nombre de places."),
            "invalid": _("Indiquez un nombre entier, par exemple 2."),
            "min_value": _("Indiquez au moins une place."),
            "max_value": _("Indiquez %(limit_value)s places au plus."),
        },
    )
    publication_days = forms.IntegerField(
        label=_("Durée de publication (jours)"),
        min_value=MIN_PUBLICATION_DAYS,
        max_value=MAX_PUBLICATION_DAYS,
        initial=DEFAULT_PUBLICATION_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Nombre de jours en ligne, à partir de la publication : 60 par défaut, de 7 à "
            "183 (six mois)."
        ),
        error_messages={
            "required": _("Indiquez la durée de publication en jours."),
            "invalid": _("Indiquez un nombre entier de jours, par exemple 60."),
            "min_value": _("Publiez l'offre au moins %(limit_value)s jours."),
            "max_value": _("Une offre est publiée six mois au plus (%(limit_value)s jours)."),
        },
    )
    # Set by the page that warns about a change of substance to a published offer.
    confirm_substance = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Offer
        fields = [
            "title",
            "language",
            "kind",
            "tracks",
            "description",
            "requirements",
            "commune",
            "postcode",
            "start_date",
            "hours_per_week",
            "pay_min",
            "pay_max",
            "pay_period",
            "places",
            "publication_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "start_date": DATE_INPUT,
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}
            ),
        }
        labels = {
            "title": _("Intitulé du poste"),
            "language": _("Langue du texte de l'offre"),
            "kind": _("Type de contrat"),
            "description": _("Description du poste"),
            "requirements": _("Profil recherché"),
            "commune": _("Commune du lieu de travail"),
            "postcode": _("Code postal"),
            "start_date": _("Date de début"),
            "pay_period": _("Période du salaire"),
        }
        help_texts = {
            "title": _("Par exemple : électricien·ne de chantier en alternance."),
            "language": _("La langue dans laquelle vous rédigez l'offre."),
            "description": _("Les missions, l'équipe, l'horaire, ce que vous offrez."),
            "requirements": _("Facultatif. Compétences, qualités, permis de conduire…"),
            "postcode": _("Seulement si le lieu de travail est hors de Bruxelles."),
            "start_date": _(
                "Facultatif. Laissez vide si le poste est à pourvoir dès que possible."
            ),
            "pay_period": _("Obligatoire si vous indiquez un salaire."),
        }
        error_messages = {
            "title": {
                "required": _("Donnez un intitulé à l'offre."),
                "max_length": _("L'intitulé compte %(limit_value)d caractères au plus."),
            },
            "language": {"required": _("Choisissez la langue du texte.")},
            "kind": {
                "required": _("Choisissez le type de contrat."),
                "invalid_choice": _("Choisissez un type de contrat dans la liste."),
            },
            "description": {
                "required": _("Décrivez le poste."),
                "max_length": _("La description compte %(limit_value)d caractères au plus."),
            },
            "requirements": {
                "max_length": _("Le profil recherché compte %(limit_value)d caractères au plus."),
            },
            "commune": {
                "required": _("Choisissez la commune du lieu de travail."),
                "invalid_choice": _("Choisissez la commune dans la liste."),
            },
            "start_date": {"invalid": _("Saisissez une date valide.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].choices = grouped_tracks()
        self.fields["language"].choices = INTERFACE_LANGUAGES
        self.fields["kind"].choices = [
            ("", _("Choisissez le type de contrat")),
            *ContractKind.choices,
        ]
        self.fields["commune"].choices = [("", _("Choisissez la commune")), *Commune.choices]
        self.fields["pay_period"].choices = [("", "—"), *Offer.PayPeriod.choices]
        if self.instance.pk is None and "language" not in self.initial:
            current = translation.get_language() or "fr"
            self.initial["language"] = current if current in dict(INTERFACE_LANGUAGES) else "fr"
        # What the moderators approved: compared with what is typed, to tell a change of
        # substance (DESIGN.md) from one that applies at once.
        self.stored = {name: getattr(self.instance, name) for name in Offer.SUBSTANCE_FIELDS}

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

    def clean_description(self):
        return _plain_text(self.cleaned_data.get("description"))

    def clean_requirements(self):
        return _plain_text(self.cleaned_data.get("requirements"))

    def clean_start_date(self):
        start = self.cleaned_data.get("start_date")
        # Only a date typed now is checked: a published offer keeps its start date once
        # the job has begun, when its other details change.
        if start is None or "start_date" not in self.changed_data:
            return start
        today = timezone.localdate()
        if start < today:
            raise forms.ValidationError(
                _("Cette date est passée. Indiquez une date à venir, ou laissez le champ vide.")
            )
        if start > today + timedelta(days=730):
            raise forms.ValidationError(_("Indiquez une date dans les deux prochaines années."))
        return start

    def clean(self):
        cleaned = super().clean()
        clean_workplace(self, cleaned)

        pay_min, pay_max = cleaned.get("pay_min"), cleaned.get("pay_max")
        if pay_min is not None or pay_max is not None:
            if not cleaned.get("pay_period") and "pay_period" not in self.errors:
                self.add_error("pay_period", _("Précisez si le salaire est par heure ou par mois."))
            if pay_min is not None and pay_max is not None and pay_min > pay_max:
                self.add_error(
                    "pay_max", _("Le salaire maximum doit être supérieur ou égal au minimum.")
                )
        elif "pay_min" not in self.errors and "pay_max" not in self.errors:
            # A period without an amount says nothing.
            cleaned["pay_period"] = ""

        days = cleaned.get("publication_days")
        published_at = self.instance.published_at
        if (
            days is not None
            and self.instance.status == Offer.Status.PUBLISHED
            and published_at is not None
            and published_at + timedelta(days=days) <= timezone.now()
        ):
            elapsed = (timezone.now() - published_at).days
            self.add_error(
                "publication_days",
                _(
                    "L'offre est publiée depuis %(elapsed)d jours : indiquez au moins "
                    "%(minimum)d jours."
                )
                % {"elapsed": elapsed, "minimum": elapsed + 1},
            )
        return cleaned

    def substance_changes(self) -> list[str]:
        """The substance fields whose typed value differs from the stored one."""
        changed = []
        for name in Offer.SUBSTANCE_FIELDS:
            stored, typed = self.stored[name], self.cleaned_data.get(name)
            if name in ("description", "requirements"):
                stored, typed = _plain_text(stored), _plain_text(typed)
            elif name == "title":
                stored, typed = (stored or "").strip(), (typed or "").strip()
            if stored != typed:
                changed.append(name)
        return changed

    def substance_labels(self) -> list[str]:
        return [str(self.fields[name].label) for name in self.substance_changes()]


class OfferLanguageForm(forms.ModelForm):
    class Meta:
        model = OfferLanguage
        fields = ["language", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *OFFER_LANGUAGES]
        self.fields["level"].choices = [("", "—"), *StudentLanguage.Level.choices]
        self.fields["language"].error_messages["required"] = _("Choisissez la langue.")
        self.fields["language"].error_messages["invalid_choice"] = _(
            "Choisissez une langue dans la liste."
        )
        self.fields["level"].error_messages["required"] = _("Choisissez le niveau minimal.")
        self.fields["level"].error_messages["invalid_choice"] = _(
            "Choisissez un niveau dans la liste."
        )


class BaseOfferLanguageFormSet(UniqueLanguageFormSet):
    duplicate_message = _("Cette langue est déjà demandée pour cette offre.")


OfferLanguageFormSet = inlineformset_factory(
    Offer,
    OfferLanguage,
    form=OfferLanguageForm,
    formset=BaseOfferLanguageFormSet,
    extra=2,
    max_num=len(OFFER_LANGUAGES),
    validate_max=True,
    can_delete=True,
)


def initial_from_need(need: Need) -> tuple[dict, list[dict]]:
    """What an offer started from `need` begins with: the form's initial data and the
    rows of required languages. The member completes the rest (description, dates…)."""
    initial = {
        "title": need.title,
        "tracks": list(need.tracks.values_list("pk", flat=True)),
        "commune": need.commune,
        "postcode": need.postcode,
        "places": max(1, min(need.headcount, MAX_PLACES)),
        "requirements": need.key_skills,
    }
    if need.contract_kinds:
        initial["kind"] = need.contract_kinds[0]
    if need.desired_start and need.desired_start >= timezone.localdate():
        initial["start_date"] = need.desired_start
    languages = [
        {"language": row.language, "level": row.level}
        for row in need.languages.order_by("pk")
        if row.language in dict(OFFER_LANGUAGES)
    ]
    return initial, languages
