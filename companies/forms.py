"""Forms of the company area: the company's profile."""

from io import BytesIO

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from campus_portal.forms import IdsChoiceField
from companies import enterprise_number
from companies.models import INTERFACE_LANGUAGES, Company
from students.models import Sector

MAX_LOGO_SIZE = 2 * 1024 * 1024
LOGO_BOX = (400, 400)


def clean_logo(upload):
    """A real PNG, JPEG or WebP image of at most 2 MB, re-encoded as a PNG at most 400 px wide.

    Re-encoding drops anything hidden in the file (metadata, scripts in polyglot files).
    """
    if upload.size > MAX_LOGO_SIZE:
        raise forms.ValidationError(_("Le logo ne peut pas dépasser 2 Mo."))
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG", "WEBP"}:
                raise forms.ValidationError(_("Le logo doit être une image PNG, JPEG ou WebP."))
            if image.width * image.height > 40_000_000:
                raise forms.ValidationError(_("Cette image est trop grande."))
            image = image.convert("RGBA")
            image.thumbnail(LOGO_BOX)
            out = BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise forms.ValidationError(
            _("Ce fichier n'est pas une image lisible. Choisissez un logo PNG, JPEG ou WebP.")
        ) from error
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


class CompanyForm(forms.ModelForm):
    enterprise_number = forms.CharField(
        label=_("Numéro d'entreprise (BCE/KBO)"),
        max_length=20,
        help_text=_("Par exemple 0403.170.701 ou BE0403170701."),
    )
    sectors = IdsChoiceField(
        label=_("Secteurs"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un secteur.")},
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    website = forms.URLField(
        label=_("Site web"), required=False, assume_scheme="https", max_length=200
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées dans l'entreprise"),
        choices=INTERFACE_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une langue.")},
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_name",
            "enterprise_number",
            "sectors",
            "size",
            "street",
            "postcode",
            "city",
            "website",
            "description",
            "logo",
            "languages",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["enterprise_number"] = self.instance.enterprise_number_display
            if (
                self.instance.status != Company.Status.PENDING
                and self.instance.status != Company.Status.REJECTED
            ):
                # Once verified, the number is what staff checked: it no longer changes here.
                self.fields["enterprise_number"].disabled = True
        self.existing_company = None

    def clean_enterprise_number(self):
        if self.fields["enterprise_number"].disabled:
            return self.instance.enterprise_number
        number = enterprise_number.normalise(self.cleaned_data["enterprise_number"])
        clash = (
            Company.objects.filter(enterprise_number=number).exclude(pk=self.instance.pk).first()
        )
        if clash is not None:
            self.existing_company = clash
            raise forms.ValidationError(
                _(
                    "Une entreprise avec ce numéro existe déjà sur le portail : %(name)s. "
                    "Vous pouvez demander à rejoindre son équipe."
                )
                % {"name": clash.name},
                "taken",
            )
        return number

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not (postcode.isdigit() and len(postcode) == 4 and postcode[0] != "0"):
            raise forms.ValidationError(
                _("Un code postal belge a quatre chiffres, par exemple 1070.")
            )
        return postcode

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return clean_logo(logo)
        return logo
