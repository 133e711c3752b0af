"""The student's registration form: up to five ranked companies and extra meetings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import MAX_WISHES, Participation

RANK_LABELS = (
    _("Premier choix"),
    _("Deuxième choix"),
    _("Troisième choix"),
    _("Quatrième choix"),
    _("Cinquième choix"),
)


def wish_field_name(rank: int) -> str:
    return f"wish_{rank}"


def company_label(participation: Participation) -> str:
    tracks = ", ".join(track.name for track in participation.tracks.all())
    if not tracks:
        return participation.company.name
    return _("%(company)s – cherche : %(tracks)s") % {
        "company": participation.company.name,
        "tracks": tracks,
    }


def ordered_for(participations, track_id: int | None) -> tuple[list, list]:
    """(seeking the student's track, the others), each by company name."""
    seeking, others = [], []
    for participation in sorted(participations, key=lambda p: p.company.name.casefold()):
        track_ids = {track.pk for track in participation.tracks.all()}
        (seeking if track_id in track_ids else others).append(participation)
    return seeking, others


class RegistrationForm(forms.Form):
    """One select per rank (works without JavaScript), companies seeking the student's
    track first; empty ranks are skipped, so "1st and 3rd" means two wishes."""

    accepts_extra = forms.BooleanField(
        label=_(
            "J'accepte des rencontres supplémentaires avec des entreprises qui cherchent ma filière"
        ),
        required=False,
        initial=True,
        help_text=_(
            "Si une entreprise qui cherche ta filière a encore de la place, on peut te "
            "proposer de la rencontrer aussi."
        ),
    )

    def __init__(self, *args, participations, track_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        seeking, others = ordered_for(participations, track_id)
        self.seeking, self.others = seeking, others
        choices: list = [("", _("— pas de choix —"))]
        if seeking:
            choices.append((_("Cherchent ta filière"), [(p.pk, company_label(p)) for p in seeking]))
        if others:
            label = _("Autres entreprises") if seeking else _("Entreprises présentes")
            choices.append((label, [(p.pk, company_label(p)) for p in others]))
        rank_fields = {}
        for rank in range(1, MAX_WISHES + 1):
            rank_fields[wish_field_name(rank)] = forms.ChoiceField(
                label=RANK_LABELS[rank - 1],
                required=False,
                choices=choices,
                error_messages={
                    "invalid_choice": _(
                        "Cette entreprise n'est pas dans la liste : choisis-en une autre."
                    )
                },
            )
        # The ranks come first, the extra-meetings box last.
        self.fields = {**rank_fields, "accepts_extra": self.fields["accepts_extra"]}

    def wish_fields(self):
        return [self[wish_field_name(rank)] for rank in range(1, MAX_WISHES + 1)]

    def clean(self):
        cleaned = super().clean()
        wishes: list[int] = []
        for rank in range(1, MAX_WISHES + 1):
            name = wish_field_name(rank)
            value = cleaned.get(name)
            if not value:
                continue
            pk = int(value)
            if pk in wishes:
                self.add_error(
                    name,
                    _("Tu as déjà choisi cette entreprise plus haut : choisis-en une autre."),
                )
                continue
            wishes.append(pk)
        if not wishes and not cleaned.get("accepts_extra") and not self.errors:
            raise forms.ValidationError(
                _(
                    "Choisis au moins une entreprise, ou accepte des rencontres avec des "
                    "entreprises qui cherchent ta filière."
                )
            )
        cleaned["wishes"] = wishes
        return cleaned


def initial_for(registration) -> dict:
    """The form's values for an existing registration."""
    initial = {"accepts_extra": registration.accepts_extra_meetings}
    for preference in registration.preferences.all():
        initial[wish_field_name(preference.rank)] = preference.participation_id
    return initial
