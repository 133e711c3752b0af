"""The talent search: verified companies find opted-in students and invite them to apply."""

from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campus_portal.mail import send_templated_mail
from companies.directory import FilterChoiceField
from companies.membership import active_membership
from jobboard.models import Application, Offer, OfferInvitation
from students.models import ContractKind, StudentLanguage, StudentProfile
from students.sectors import sectors_with_tracks, track_choices

if TYPE_CHECKING:  # for the annotation only: jobboard never imports events at run time
    from events.models import Meeting

PER_PAGE = 20
FIRST_GRADUATION_YEAR = 2000


# --- Who can be found ---------------------------------------------------------------------


def findable_students() -> QuerySet[StudentProfile]:
    """Opted in, active and complete (StudentProfile.REQUIRED_FIELDS): the only students a
    company ever finds or opens through the talent search. Revoking the opt-in, deleting
    the CV or deactivating the account takes a student out at once."""
    return (
        StudentProfile.objects.in_talent_search()
        .filter(track__isnull=False, date_of_birth__isnull=False)
        .exclude(status="")
        .exclude(cv="")
        .exclude(contract_kinds=[])
        .filter(Exists(StudentLanguage.objects.filter(profile=OuterRef("pk"))))
    )


def short_name(profile: StudentProfile) -> str:
    """First name and the initial of the last name: all a company sees before contact."""
    first, last = profile.user.first_name.strip(), profile.user.last_name.strip()
    return f"{first} {last[0].upper()}." if last else first


def levels_from(level: str) -> list[str]:
    """The given level and those above it (Level's choices go from the lowest up)."""
    values = list(StudentLanguage.Level.values)
    return values[values.index(level) :]


# --- The filter form ----------------------------------------------------------------------


class FilterIntegerField(forms.IntegerField):
    """A number filter: junk or a number out of range means "no filter", not an error."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


class FilterDateField(forms.DateField):
    """A date filter: an impossible date means "no filter", not an error."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


class FilterCheckbox(forms.CheckboxInput):
    """A ticked box sends "on": any other value means "not ticked" (Django's reads "yes")."""

    def value_from_datadict(self, data, files, name):
        return data.get(name) in {"on", "true", "1"}


class FilterCheckboxField(forms.BooleanField):
    widget = FilterCheckbox


# "Other" languages have a free name: as a filter it would say nothing.
SEARCH_LANGUAGES = [(code, label) for code, label in StudentLanguage.LANGUAGES if code != "other"]


class TalentFilterForm(forms.Form):
    """The talent search's GET filters, all optional; an invalid value is dropped."""

    track = FilterChoiceField(label=gettext_lazy("Filière"), required=False)
    status = FilterChoiceField(
        label=gettext_lazy("Situation"),
        required=False,
        choices=[("", gettext_lazy("Toutes les situations")), *StudentProfile.Status.choices],
    )
    graduation_year = FilterIntegerField(
        label=gettext_lazy("Année du diplôme"),
        required=False,
        min_value=FIRST_GRADUATION_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy("Pour les diplômé·es."),
    )
    language = FilterChoiceField(
        label=gettext_lazy("Langue parlée"),
        required=False,
        choices=[("", gettext_lazy("Toutes les langues")), *SEARCH_LANGUAGES],
    )
    level = FilterChoiceField(
        label=gettext_lazy("Niveau minimal"),
        required=False,
        choices=[("", gettext_lazy("Tous les niveaux")), *StudentLanguage.Level.choices],
        help_text=gettext_lazy("Avec une langue choisie."),
    )
    contract_kind = FilterChoiceField(
        label=gettext_lazy("Contrat recherché"),
        required=False,
        choices=[("", gettext_lazy("Tous les contrats")), *ContractKind.choices],
    )
    available_before = FilterDateField(
        label=gettext_lazy("Disponible au plus tard le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    driving_licence = FilterCheckboxField(label=gettext_lazy("Permis B au moins"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["track"].choices = [
            ("", gettext_lazy("Toutes les filières")),
            *track_choices(sectors_with_tracks()),
        ]
        # Next year's graduates are already known in June; anything later is junk.
        latest = timezone.localdate().year + 1
        self.fields["graduation_year"].validators.append(MaxValueValidator(latest))
        self.fields["graduation_year"].widget.attrs["max"] = latest

    def filters(self) -> dict:
        """The valid, non-empty filters by name; anything invalid is left out."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}

    def query(self) -> dict[str, str]:
        """The filters as they travel in links (pagination keeps them, junk does not)."""
        query = {}
        for name, value in self.filters().items():
            if isinstance(value, bool):
                query[name] = "on"
            elif isinstance(value, date | datetime):
                query[name] = value.isoformat()
            else:
                query[name] = str(value)
        return query

    def ignored(self) -> list[str]:
        """The labels of the filters given with a value that was not understood."""
        if not self.is_bound:
            return []
        kept = self.filters()
        return [
            str(field.label)
            for name, field in self.fields.items()
            if self.data.get(name) and name not in kept
        ]


def search_talent(params: dict) -> QuerySet[StudentProfile]:
    """The findable students matching `params` (TalentFilterForm.filters()), most recently
    updated first, with what a result card shows fetched in a constant number of queries."""
    students = findable_students()
    if params.get("track"):
        students = students.filter(track__slug=params["track"])
    if params.get("status"):
        students = students.filter(status=params["status"])
    if params.get("graduation_year"):
        students = students.filter(graduation_year=params["graduation_year"])
    if params.get("language"):
        spoken = StudentLanguage.objects.filter(profile=OuterRef("pk"), language=params["language"])
        if params.get("level"):
            spoken = spoken.filter(level__in=levels_from(params["level"]))
        students = students.filter(Exists(spoken))
    if params.get("contract_kind"):
        # contract_kinds is a JSON list of strings: the quoted value matches one element
        # whole, on SQLite and PostgreSQL alike.
        students = students.filter(contract_kinds__icontains=f'"{params["contract_kind"]}"')
    if params.get("available_before"):
        students = students.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=params["available_before"])
        )
    if params.get("driving_licence"):
        students = students.filter(
            driving_licence__in=[
                StudentProfile.DrivingLicence.B,
                StudentProfile.DrivingLicence.MORE,
            ]
        )
    return (
        students.select_related("user", "track")
        .prefetch_related(Prefetch("languages", queryset=StudentLanguage.objects.order_by("pk")))
        .order_by("-updated_at", "pk")
    )


# --- Invitations --------------------------------------------------------------------------


def invitation_state(invitation: OfferInvitation) -> str:
    """The status a person should read: a sent invitation past its date is expired, even
    before the nightly command has recorded it."""
    if invitation.status == OfferInvitation.Status.SENT and not invitation.is_pending:
        return OfferInvitation.Status.EXPIRED
    return invitation.status


def invitation_state_label(invitation: OfferInvitation) -> str:
    return str(dict(OfferInvitation.Status.choices)[invitation_state(invitation)])


class InvitationForm(forms.Form):
    """The company's invitation: one of its listed offers and a word to the student."""

    offer = forms.ModelChoiceField(
        label=gettext_lazy("Offre"),
        queryset=Offer.objects.none(),
        empty_label=gettext_lazy("Choisissez une de vos offres publiées"),
        error_messages={
            "required": gettext_lazy("Choisissez l'offre à laquelle vous invitez l'élève."),
            "invalid_choice": gettext_lazy(
                "Cette offre n'est pas une de vos offres publiées : choisissez-la dans la liste."
            ),
        },
    )
    message = forms.CharField(
        label=gettext_lazy("Message à l'élève"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Facultatif. Quelques mots sur ce qui vous intéresse dans son profil "
            "(2000 caractères au plus). L'élève peut être mineur·e : restez professionnel·le."
        ),
        error_messages={
            "max_length": gettext_lazy(
                "Votre message est trop long : %(limit_value)d caractères au plus "
                "(il en compte %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, company, student: StudentProfile, **kwargs):
        super().__init__(*args, **kwargs)
        listed = Offer.objects.listed().filter(company=company).order_by("title", "pk")
        offers = list(listed)
        applied = set(
            Application.objects.filter(student=student, offer__in=offers).values_list(
                "offer_id", flat=True
            )
        )
        invited = {
            invitation.offer_id
            for invitation in OfferInvitation.objects.filter(
                student=student, offer__in=offers, status=OfferInvitation.Status.SENT
            )
            if invitation.is_pending
        }
        field = self.fields["offer"]
        field.queryset = listed
        notes = {
            **{pk: _("invitation en cours") for pk in invited},
            **{pk: _("a déjà postulé") for pk in applied},
        }
        field.label_from_instance = lambda offer: (
            f"{offer.title} ({notes[offer.pk]})" if offer.pk in notes else offer.title
        )
        self.has_offers = bool(offers)


def _refuse(message: str) -> NoReturn:
    raise ValidationError(message)


@transaction.atomic
def invite_to_apply(
    *,
    offer: Offer,
    student: StudentProfile,
    message: str,
    by,
    via_meeting: "Meeting | None" = None,
) -> OfferInvitation:
    """Invite an opted-in student to apply to one of the company's listed offers; the
    student learns it by email, in their language.

    `via_meeting`: the follow-up of a meeting day, where the student met the company at
    this meeting. That booked meeting is the relation the student created, so the
    talent-search opt-in is not needed; every other rule holds."""
    membership = active_membership(by)
    if membership is None or offer.company_id != membership.company_id:
        _refuse(_("Vous ne pouvez inviter qu'à une offre de votre entreprise."))
    offer = Offer.objects.select_related("company").get(pk=offer.pk)
    if not offer.is_listed:
        _refuse(_("Cette offre n'est pas publiée : on ne peut y inviter personne."))
    if via_meeting is not None:
        if (
            via_meeting.registration.student_id != student.pk
            or via_meeting.participation.company_id != offer.company_id
        ):
            _refuse(_("Cet·te élève n'a pas rencontré votre entreprise à ce rendez-vous."))
        if not StudentProfile.objects.filter(pk=student.pk, user__is_active=True).exists():
            _refuse(_("Le compte de cet·te élève n'est plus actif."))
    elif not findable_students().filter(pk=student.pk).exists():
        _refuse(_("Cet·te élève n'est plus visible dans la recherche de talents."))
    if Application.objects.filter(offer=offer, student=student).exists():
        _refuse(_("Cet·te élève a déjà postulé à cette offre."))
    previous = OfferInvitation.objects.select_for_update().filter(offer=offer, student=student)
    now = timezone.now()
    # A sent invitation past its date counts as expired even before the nightly command.
    previous.filter(status=OfferInvitation.Status.SENT, expires_at__lte=now).update(
        status=OfferInvitation.Status.EXPIRED
    )
    if previous.filter(status=OfferInvitation.Status.SENT).exists():
        _refuse(_("Cet·te élève a déjà une invitation en cours pour cette offre."))
    if previous.filter(status=OfferInvitation.Status.DECLINED).exists():
        _refuse(_("Cet·te élève a décliné votre invitation à cette offre : respectez son choix."))
    try:
        with transaction.atomic():
            invitation = OfferInvitation.objects.create(
                offer=offer, student=student, sent_by=by, message=message.strip()
            )
    except IntegrityError as error:  # the same invitation, sent by a colleague meanwhile
        raise ValidationError(
            _("Cet·te élève a déjà une invitation en cours pour cette offre.")
        ) from error
    send_templated_mail(
        template="jobboard/email/offer_invitation",
        to=student.user,
        context={
            "invitation": invitation,
            "offer": offer,
            "company": offer.company,
            "student": student,
            "meeting_day": via_meeting.meeting_day if via_meeting is not None else None,
        },
    )
    return invitation


@transaction.atomic
def decline_invitation(*, invitation: OfferInvitation, by) -> OfferInvitation:
    """The student says no: the invitation is answered and stays in both lists."""
    invitation = (
        OfferInvitation.objects.select_for_update(of=("self",))
        .select_related("student")
        .get(pk=invitation.pk)
    )
    if invitation.student.user_id != by.pk:
        _refuse(_("Cette invitation ne t'est pas adressée."))
    if not invitation.is_pending:
        _refuse(
            _("Cette invitation a expiré.")
            if invitation_state(invitation) == OfferInvitation.Status.EXPIRED
            else _("Tu as déjà répondu à cette invitation.")
        )
    invitation.status = OfferInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def expire_invitations(now: datetime | None = None) -> int:
    """Record as expired the sent invitations past their date; returns how many."""
    now = now or timezone.now()
    return OfferInvitation.objects.filter(
        status=OfferInvitation.Status.SENT, expires_at__lte=now
    ).update(status=OfferInvitation.Status.EXPIRED)
