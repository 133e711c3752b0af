"""The survey page after a meeting day: opened from the emailed link, no login needed."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.models import SurveyResponse
from events.surveys import STUDENT, record_answer


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    useful = forms.TypedChoiceField(
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )

    def __init__(self, *args, is_student: bool, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        if is_student:
            fields["satisfaction"].label = _(
                "Es-tu satisfait·e de la journée ? (1 = pas du tout, 5 = tout à fait)"
            )
            fields["satisfaction"].error_messages["required"] = _("Choisis une note de 1 à 5.")
            fields["useful"].label = _(
                "Cette journée t'a-t-elle été utile pour trouver un stage ou un emploi ?"
            )
            fields["useful"].error_messages["required"] = _("Réponds par oui ou par non.")
            fields["comment"].label = _("Un commentaire ? (facultatif)")
            fields["comment"].help_text = _(
                "Ce qui t'a plu, ce qu'on peut améliorer. 2 000 caractères au plus."
            )
        else:
            fields["satisfaction"].label = _(
                "Êtes-vous satisfait·e de la journée ? (1 = pas du tout, 5 = tout à fait)"
            )
            fields["satisfaction"].error_messages["required"] = _("Choisissez une note de 1 à 5.")
            fields["useful"].label = _("Cette journée vous a-t-elle été utile pour recruter ?")
            fields["useful"].error_messages["required"] = _("Répondez par oui ou par non.")
            fields["comment"].label = _("Un commentaire ? (facultatif)")
            fields["comment"].help_text = _(
                "Ce qui vous a plu, ce que nous pouvons améliorer. 2 000 caractères au plus."
            )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token: str):
    """The token in the emailed link is the secret: whoever holds it answers, once."""
    response = get_object_or_404(SurveyResponse.objects.select_related("meeting_day"), token=token)
    context = {
        "survey": response,
        "day": response.meeting_day,
        "is_student": response.role == STUDENT,
    }
    if response.answered_at is not None:
        return render(request, "events/survey_thanks.html", context)
    form = SurveyForm(request.POST or None, is_student=context["is_student"])
    if request.method == "POST" and form.is_valid():
        record_answer(response, form.cleaned_data)
        # After the POST, a GET of the same link shows the thank-you page (and a reload
        # does not post again).
        return redirect(request.path)
    return render(request, "events/survey_form.html", {**context, "form": form})
