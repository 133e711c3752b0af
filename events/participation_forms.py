"""The company's participation form for a meeting day."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campus_portal.forms import IdsChoiceField
from companies.models import Company
from companies.needs import grouped_tracks
from events.models import Participation
from jobboard.models import Offer
from students.models import Track


class OfferChoiceField(IdsChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_kind_display()})"


class ParticipationForm(forms.ModelForm):
    tables = forms.TypedChoiceField(
        label=_("Nombre de tables"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text=_(
            "Une table reçoit un·e élève par rendez-vous : avec deux tables, deux personnes "
            "de votre équipe rencontrent des élèves en même temps."
        ),
        error_messages={
            "required": _("Choisissez le nombre de tables."),
            "invalid_choice": _("Choisissez 1, 2 ou 3 tables."),
        },
    )
    tracks = IdsChoiceField(
        label=_("Filières recherchées"),
        queryset=Track.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_(
            "Les élèves de ces filières vous voient en premier, et l'équipe du campus vous "
            "propose leurs rendez-vous. Nous avons coché les filières de vos besoins ouverts."
        ),
        error_messages={
            "required": _("Choisissez au moins une filière."),
            "invalid_choice": _("Cette filière n'existe pas : choisissez-la dans la liste."),
            "invalid_pk_value": _("Cette filière n'existe pas : choisissez-la dans la liste."),
        },
    )
    offers = OfferChoiceField(
        label=_("Offres présentées"),
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Facultatif : vos offres publiées dont vous parlerez aux élèves."),
        error_messages={
            "invalid_choice": _("Cette offre n'est plus publiée : décochez-la."),
            "invalid_pk_value": _("Cette offre n'est plus publiée : décochez-la."),
        },
    )
    accept_charter = forms.BooleanField(
        label=_("J'ai lu la charte de participation et je l'accepte au nom de l'entreprise."),
        error_messages={
            "required": _("Acceptez la charte de participation pour inscrire l'entreprise.")
        },
    )

    class Meta:
        model = Participation
        fields = [
            "tables",
            "tracks",
            "offers",
            "needs_electricity",
            "needs_space",
            "logistics_remarks",
        ]
        widgets = {"logistics_remarks": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        labels = {
            "needs_electricity": _("Nous avons besoin d'une prise électrique"),
            "needs_space": _("Nous apportons du matériel qui demande de la place"),
        }
        help_texts = {
            "needs_space": _(
                "Une machine, un établi, un véhicule… Décrivez-le dans les remarques."
            ),
            "logistics_remarks": _(
                "Facultatif : accès, horaire d'arrivée, matériel, besoins particuliers."
            ),
        }
        error_messages = {
            "logistics_remarks": {
                "max_length": _(
                    "Écrivez au plus %(limit_value)d caractères (vous en avez %(show_value)d)."
                )
            }
        }

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tracks"].choices = grouped_tracks()
        self.fields["offers"].queryset = Offer.objects.listed().filter(company=company)
        if self.instance.pk is None and not self.is_bound:
            self.initial["tracks"] = list(
                Track.objects.filter(needs__in=company.needs.open())
                .distinct()
                .values_list("pk", flat=True)
            )

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
