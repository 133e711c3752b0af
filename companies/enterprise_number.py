"""Belgian enterprise numbers (BCE/KBO): ten digits, first 0 or 1, a mod-97 check."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s./-]")


def normalise(value: str) -> str:
    """`BE 0403.170.701`, `0403170701`… → `0403170701`, or ValidationError saying why not."""
    raw = _SEPARATORS.sub("", str(value or "")).upper()
    if raw.startswith("BE"):
        raw = raw[2:]
    if not raw:
        raise ValidationError(_("Indiquez le numéro d'entreprise."), "required")
    if not raw.isdigit():
        raise ValidationError(
            _("Un numéro d'entreprise ne contient que des chiffres, par exemple 0403.170.701."),
            "not_digits",
        )
    if len(raw) != 10:
        raise ValidationError(
            _("Un numéro d'entreprise a dix chiffres (vous en avez indiqué %(count)d).")
            % {"count": len(raw)},
            "length",
        )
    if raw[0] not in "01":
        raise ValidationError(_("Un numéro d'entreprise commence par 0 ou 1."), "first_digit")
    if 97 - int(raw[:8]) % 97 != int(raw[8:]):
        raise ValidationError(
            _(
                "Ce numéro d'entreprise n'existe pas : vérifiez les chiffres "
                "(les deux derniers ne correspondent pas au contrôle)."
            ),
            "checksum",
        )
    return raw


def formatted(number: str) -> str:
    """`0403170701` → `0403.170.701`, as the Crossroads Bank for Enterprises writes it."""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number
