"""The application form: which CV to send, a message, and the invitation it answers."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jobboard.models import Application, OfferInvitation
from students.cv import validate_pdf

PROFILE_CV = "profile"
NEW_CV = "new"


class ApplyForm(forms.Form):
    cv_choice = forms.ChoiceField(
        label=_("Ton CV"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisis le CV à envoyer.")},
    )
    cv = forms.FileField(
        label=_("Un autre CV (PDF, 5 Mo au plus)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"empty": _("Ce fichier est vide. Choisis ton CV au format PDF.")},
        allow_empty_file=False,
        help_text=_("Seulement pour cette candidature : le CV de ton profil ne change pas."),
    )
    message = forms.CharField(
        label=_("Ton message à l'entreprise"),
        required=False,
        max_length=Application._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Facultatif (3000 caractères au plus). Dis en quelques phrases pourquoi cette offre "
            "t'intéresse et ce que tu sais déjà faire."
        ),
    )
    # Text, not a number: junk in a hidden field must not stop the form with an unseen error.
    invitation = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, profile, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.offer = offer
        choices = []
        if profile.cv:
            when = (
                date_format(profile.cv_uploaded_at.date(), "j F Y")
                if profile.cv_uploaded_at
                else ""
            )
            label = (
                _("Le CV de mon profil (envoyé le %(date)s)") % {"date": when}
                if when
                else _("Le CV de mon profil")
            )
            choices.append((PROFILE_CV, label))
            self.fields["cv_choice"].initial = PROFILE_CV
        else:
            self.fields["cv_choice"].initial = NEW_CV
        choices.append((NEW_CV, _("Un autre CV, pour cette candidature")))
        self.fields["cv_choice"].choices = choices

    def clean_invitation(self):
        """The student's pending invitation to this offer; anything else is ignored."""
        pk = (self.cleaned_data.get("invitation") or "").strip()
        if not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
            return None
        invitation = (
            OfferInvitation.objects.filter(pk=pk, offer=self.offer, student=self.profile)
            .select_related("offer")
            .first()
        )
        return invitation if invitation is not None and invitation.is_pending else None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("cv")
        choice = cleaned.get("cv_choice")
        if choice == NEW_CV:
            if not upload:
                if "cv" not in self.errors:
                    self.add_error("cv", _("Choisis ton CV au format PDF."))
            else:
                try:
                    validate_pdf(upload)
                except forms.ValidationError as error:
                    self.add_error("cv", error)
        elif choice == PROFILE_CV and upload:
            self.add_error(
                "cv",
                _(
                    "Tu as choisi un fichier mais coché « le CV de mon profil ». Coche « un autre "
                    "CV » pour envoyer ce fichier, ou ne choisis pas de fichier."
                ),
            )
        return cleaned

    @property
    def cv_upload(self):
        if self.cleaned_data.get("cv_choice") == NEW_CV:
            return self.cleaned_data.get("cv")
        return None
