"""Class invitations: reading a class list, inviting each pupil, and accepting an invitation."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from campus_portal.models import AuditEntry, User
from campus_portal.personal_data import RetentionRule, Section
from students.models import ClassInvitation, StudentProfile, Track, current_school_year

MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 1000
COLUMNS = ("first_name", "last_name", "email", "track", "year")
# Header spellings accepted besides the column names, after folding (see `_fold`): staff
# often keep the French headings of their school software.
COLUMN_ALIASES = {
    "first_name": {"firstname", "prenom"},
    "last_name": {"lastname", "nom", "nom_de_famille"},
    "email": {"e_mail", "mail", "courriel", "adresse_e_mail"},
    "track": {"filiere", "option"},
    "year": {"annee", "annee_d_etude"},
}
NAME_MAX_LENGTH = 150
YEAR_PATTERN = re.compile(
    r"^(?:(?P<grade>[567])(?:e|eme)?|(?P<cefa>cefa)|(?:diplome\S*|graduated?)(?:\s+(?P<grad>\d{4}))?)$"
)
FIRST_GRADUATION_YEAR = 1950


class ClassFileError(ValidationError):
    """The file as a whole cannot be read: nothing is created."""


@dataclass(frozen=True)
class Row:
    """One line of the class list, as typed (stripped of surrounding spaces)."""

    line: int
    first_name: str
    last_name: str
    email: str
    track: str
    year: str


@dataclass(frozen=True)
class InvalidRow:
    line: int
    email: str
    reason: str


@dataclass
class InvitationReport:
    invited: list[ClassInvitation] = field(default_factory=list)
    reinvited: list[ClassInvitation] = field(default_factory=list)
    existing_accounts: list[str] = field(default_factory=list)
    invalid: list[InvalidRow] = field(default_factory=list)

    @property
    def sent(self) -> list[ClassInvitation]:
        return [*self.invited, *self.reinvited]

    def summary(self) -> str:
        parts = [
            ngettext("%(count)d invitation", "%(count)d invitations", len(self.invited)),
            ngettext("%(count)d renvoyée", "%(count)d renvoyées", len(self.reinvited)),
            ngettext(
                "%(count)d adresse déjà inscrite",
                "%(count)d adresses déjà inscrites",
                len(self.existing_accounts),
            ),
            ngettext("%(count)d ligne refusée", "%(count)d lignes refusées", len(self.invalid)),
        ]
        counts = [
            len(self.invited),
            len(self.reinvited),
            len(self.existing_accounts),
            len(self.invalid),
        ]
        return ", ".join(part % {"count": count} for part, count in zip(parts, counts, strict=True))


def _fold(text: str) -> str:
    """Lower case without accents, so that "Électricité" matches "electricite"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _column_key(heading: str) -> str:
    return re.sub(r"[\s'’-]+", "_", _fold(heading.strip()))


def parse_class_csv(file) -> list[Row]:
    """Read a class list (UTF-8, with or without BOM, "," or ";" separated).

    Raises ClassFileError when the file as a whole is unusable; rows are checked later,
    one by one, by `invite_class`.
    """
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ClassFileError(_("Le fichier dépasse 1 Mo. Découpez la liste en plusieurs fichiers."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClassFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8. Dans votre tableur, enregistrez-le "
                "au format « CSV UTF-8 »."
            )
        ) from None
    if not text.strip():
        raise ClassFileError(_("Le fichier est vide."))

    # Excel writes ";" where the decimal separator is a comma (as in Belgium), "," elsewhere.
    header_line = text.lstrip().splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _read_rows(reader)
    except csv.Error:
        raise ClassFileError(
            _("Le fichier n'est pas un CSV lisible (ligne %(line)d).") % {"line": reader.line_num}
        ) from None
    return rows


def _read_rows(reader) -> list[Row]:
    header = None
    for cells in reader:
        if any(cell.strip() for cell in cells):
            header = cells
            break
    if header is None:
        raise ClassFileError(_("Le fichier est vide."))

    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = _column_key(heading)
        for column in COLUMNS:
            if (key == column or key in COLUMN_ALIASES[column]) and column not in positions:
                positions[column] = index
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        raise ClassFileError(
            _(
                "Colonnes manquantes : %(missing)s. La première ligne du fichier doit "
                "nommer les colonnes : %(expected)s."
            )
            % {"missing": ", ".join(missing), "expected": ",".join(COLUMNS)}
        )

    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ClassFileError(
                _("Le fichier contient plus de %(max)d lignes. Découpez la liste.")
                % {"max": MAX_ROWS}
            )
        values = {
            column: cells[index].strip() if index < len(cells) else ""
            for column, index in positions.items()
        }
        rows.append(Row(line=reader.line_num, **values))
    if not rows:
        raise ClassFileError(_("Le fichier ne contient aucun élève sous la ligne des colonnes."))
    return rows


def _parse_year(text: str) -> tuple[str, int | None] | None:
    """(status, graduation year) from "5", "6", "7", "cefa" or "diplômé 2025"; None if unknown."""
    match = YEAR_PATTERN.match(" ".join(_fold(text).split()))
    if match is None:
        return None
    if match["grade"]:
        return f"year{match['grade']}", None
    if match["cefa"]:
        return StudentProfile.Status.APPRENTICE, None
    graduation_year = int(match["grad"]) if match["grad"] else None
    if graduation_year is not None and not (
        FIRST_GRADUATION_YEAR <= graduation_year <= timezone.localdate().year
    ):
        return None
    return StudentProfile.Status.GRADUATE, graduation_year


def _track_lookup() -> dict[str, Track]:
    all_tracks = list(Track.objects.all())
    tracks = {_fold(track.name_fr or ""): track for track in all_tracks}
    # A slug wins over a name spelled the same.
    tracks.update({track.slug.casefold(): track for track in all_tracks})
    return tracks


def emails_with_account(emails) -> set[str]:
    """The addresses (lower case) that belong to an account, as its login or another address."""
    emails = {email.lower() for email in emails}
    if not emails:
        return set()
    logins = (
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    )
    others = (
        EmailAddress.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    )
    return {*logins, *others}


@dataclass(frozen=True)
class _Checked:
    row: Row
    email: str
    track: Track
    status: str
    graduation_year: int | None


def _check(row: Row, tracks: dict[str, Track], seen: dict[str, int]) -> _Checked | str:
    """The row resolved, or the reason it is refused."""
    email = row.email.lower()
    try:
        validate_email(email)
    except ValidationError:
        return _("Adresse e-mail invalide : « %(email)s ».") % {"email": row.email}
    if email in seen:
        return _("Adresse déjà présente à la ligne %(line)d du fichier.") % {"line": seen[email]}
    seen[email] = row.line
    if not row.first_name or not row.last_name:
        return _("Prénom ou nom manquant.")
    if len(row.first_name) > NAME_MAX_LENGTH or len(row.last_name) > NAME_MAX_LENGTH:
        return _("Prénom ou nom trop long (%(max)d caractères au plus).") % {"max": NAME_MAX_LENGTH}
    track = tracks.get(_fold(row.track))
    if track is None:
        return _("Filière inconnue : « %(track)s ».") % {"track": row.track}
    year = _parse_year(row.year)
    if year is None:
        return _(
            "Année inconnue : « %(year)s ». Valeurs possibles : 5, 6, 7, cefa, diplômé "
            "(éventuellement suivi de l'année, par exemple « diplômé 2025 »)."
        ) % {"year": row.year}
    status, graduation_year = year
    return _Checked(row, email, track, status, graduation_year)


@transaction.atomic
def invite_class(rows: list[Row], *, by: User, language: str) -> InvitationReport:
    """Invite every valid row by email, in `language`; report what was done and refused.

    An address with an open invitation gets a new link (the old one stops working); an
    address that already has an account is skipped.
    """
    report = InvitationReport()
    tracks = _track_lookup()
    seen: dict[str, int] = {}
    checked = []
    for row in rows:
        result = _check(row, tracks, seen)
        if isinstance(result, str):
            report.invalid.append(InvalidRow(line=row.line, email=row.email, reason=result))
        else:
            checked.append(result)

    emails = [item.email for item in checked]
    with_account = emails_with_account(emails)
    open_invitations = {
        invitation.email.lower(): invitation
        for invitation in ClassInvitation.objects.open()
        .annotate(address=Lower("email"))
        .filter(address__in=emails)
        .select_for_update()
    }
    for item in checked:
        if item.email in with_account:
            report.existing_accounts.append(item.email)
            continue
        invitation = open_invitations.get(item.email)
        if invitation is None:
            invitation = ClassInvitation(email=item.email)
            report.invited.append(invitation)
        else:
            # An expired link counts as a new invitation: the pupil had none that worked.
            (report.reinvited if invitation.is_usable else report.invited).append(invitation)
            invitation.renew()
        invitation.first_name = item.row.first_name
        invitation.last_name = item.row.last_name
        invitation.track = item.track
        invitation.status_year = item.status
        invitation.graduation_year = item.graduation_year
        invitation.language = language
        invitation.invited_by = by
        invitation.save()
        send_templated_mail(
            template="students/email/class_invitation",
            to=invitation.email,
            context={"invitation": invitation},
            language=language,
        )

    if report.sent:
        audit.record(
            actor=by, action="class.invite", target=report.sent[0], reason=report.summary()
        )
    return report


def _account_exists_error(email: str) -> ValidationError:
    return ValidationError(
        _(
            "Un compte existe déjà avec l'adresse %(email)s. Connecte-toi avec ce compte, "
            "ou demande un nouveau mot de passe si tu l'as oublié."
        )
        % {"email": email},
        code="account_exists",
    )


@transaction.atomic
def accept_invitation(
    invitation: ClassInvitation, *, first_name: str, last_name: str, password: str
) -> User:
    """Create the pupil's account from the invitation: address verified, profile prefilled."""
    invitation = ClassInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(
            _("Cette invitation a déjà été utilisée ou a expiré."), code="unusable"
        )
    if emails_with_account([invitation.email]):
        raise _account_exists_error(invitation.email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                preferred_language=invitation.language,
            )
    except IntegrityError:  # an account was created with this address a moment ago
        raise _account_exists_error(invitation.email) from None
    # The link reached this address, which proves that its owner is the one signing up.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    graduate = invitation.status_year == StudentProfile.Status.GRADUATE
    StudentProfile.objects.create(
        user=user,
        track=invitation.track,
        status=invitation.status_year,
        graduation_year=invitation.graduation_year if graduate else None,
        confirmed_school_year=None if graduate else current_school_year(),
    )
    invitation.accept(user=user)
    return user


class InvitationAcceptForm(forms.Form):
    """Names to confirm and a password to choose; the address comes from the invitation."""

    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail"),
        disabled=True,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    first_name = forms.CharField(
        label=gettext_lazy("Prénom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=gettext_lazy("Nom"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Mot de passe (encore une fois)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: ClassInvitation, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "email": invitation.email,
                "first_name": invitation.first_name,
                "last_name": invitation.last_name,
            },
        )
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        help_text = password_validation.password_validators_help_text_html()
        self.fields["password1"].help_text = help_text

    def clean(self):
        cleaned_data = super().clean()
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif password1:
            someone = User(
                email=self.invitation.email,
                first_name=cleaned_data.get("first_name", ""),
                last_name=cleaned_data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user=someone)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data

    def save(self) -> User:
        return accept_invitation(
            self.invitation,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            password=self.cleaned_data["password1"],
        )


# Personal data: invitations name pupils, most of them minors, who may never sign up.
STALE_AFTER_EXPIRY_DAYS = 30


def _delete_invitations(invitations) -> int:
    """Delete invitations, keeping the audit entries that point to them without the address."""
    ids = [str(pk) for pk in invitations.values_list("pk", flat=True)]
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(ClassInvitation), target_id__in=ids
    ).update(target_repr="")
    deleted, _by_model = invitations.delete()
    return deleted


def _invitations_of(user):
    return ClassInvitation.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def export_invitations(user) -> list[dict]:
    return [
        {
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "track": invitation.track.name,
            "status": invitation.get_status_year_display(),
            "graduation_year": invitation.graduation_year,
            "sent_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in _invitations_of(user).select_related("track")
    ]


def erase_invitations(user) -> None:
    _delete_invitations(_invitations_of(user))


def remove_stale_invitations(now: datetime) -> int:
    """Invitations never accepted, a month after their link expired."""
    cutoff = now - timedelta(days=STALE_AFTER_EXPIRY_DAYS)
    return _delete_invitations(ClassInvitation.objects.open().filter(expires_at__lt=cutoff))


INVITATION_SECTION = Section(
    key="class_invitations",
    models=(ClassInvitation,),
    export=export_invitations,
    erase=erase_invitations,
)

INVITATION_RETENTION = RetentionRule(
    "stale_class_invitations",
    "Delete class invitations not accepted, 30 days after their link expired",
    remove_stale_invitations,
)
