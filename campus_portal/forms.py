"""Forms of the portal's own pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from campus_portal import roles

# The range of a 64-bit primary key: the databases refuse to compare with anything beyond.
_ID_RANGE = range(-(2**63), 2**63)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Ticked objects, by id, where an id too big for any database is an invalid choice.

    Django checks the ids with an `__in` query, which SQLite answers with an OverflowError
    (a 500) for an integer beyond 64 bits, such as a typed `99999999999999999999`."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple | set | frozenset) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check refuses it
            if number not in _ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SignupForm(forms.Form):
    """The part of allauth's sign-up form that is ours: names and the account's role."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    account_type = forms.ChoiceField(
        label=_("Je m'inscris en tant que"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le type de compte.")},
    )

    field_order = ["account_type", "first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account_type"].choices = [
            (role.key, role.label) for role in roles.signup_roles()
        ]
        self.order_fields(self.field_order)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.preferred_language = get_language() or user.preferred_language
        user.save()
        roles.get(self.cleaned_data["account_type"]).on_signup(user)


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again."""

    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Entrez votre mot de passe pour confirmer.")},
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte et mes données seront supprimés définitivement."),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."))
        return password
