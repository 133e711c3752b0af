"""Companies, the people who represent them, and what they need."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campus_portal.models import InvitationLink
from companies.communes import Commune, place_label
from companies.enterprise_number import formatted
from students.models import ContractKind, Sector, StudentLanguage, StudentProfile, Track

INTERFACE_LANGUAGES = [("fr", _("Français")), ("nl", _("Néerlandais")), ("en", _("Anglais"))]


class RecruiterProfile(models.Model):
    """A company member's side of the account, made at sign-up before any company exists.

    Its existence makes the account a company member's; a `Membership` links the person to
    the company they represent.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="recruiter_profile",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("profil de membre d'entreprise")
        verbose_name_plural = _("profils de membres d'entreprise")

    def __str__(self):
        return str(self.user)


class CompanyQuerySet(models.QuerySet):
    def verified(self):
        """Companies that appear on public pages."""
        return self.filter(status=Company.Status.VERIFIED)


class Company(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de vérification")
        VERIFIED = "verified", _("Vérifiée")
        REJECTED = "rejected", _("Refusée")
        SUSPENDED = "suspended", _("Suspendue")

    class Size(models.TextChoices):
        MICRO = "1-9", _("1 à 9 personnes")
        SMALL = "10-49", _("10 à 49 personnes")
        MEDIUM = "50-249", _("50 à 249 personnes")
        LARGE = "250+", _("250 personnes ou plus")

    legal_name = models.CharField(_("dénomination officielle"), max_length=200)
    name = models.CharField(
        _("nom affiché"), max_length=120, help_text=_("Le nom que les élèves connaissent.")
    )
    slug = models.SlugField(_("identifiant"), max_length=140, unique=True)
    enterprise_number = models.CharField(
        _("numéro d'entreprise"),
        max_length=10,
        unique=True,
        help_text=_("Numéro BCE/KBO, par exemple 0403.170.701."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.TextField(_("motif de la dernière décision"), blank=True)
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs"), related_name="companies")
    size = models.CharField(_("taille"), max_length=8, choices=Size.choices)
    street = models.CharField(_("rue et numéro"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=4)
    city = models.CharField(_("commune"), max_length=100)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(
        _("présentation"),
        max_length=3000,
        help_text=_("Ce que fait l'entreprise, ses métiers, ce qu'elle offre aux jeunes."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    languages = models.JSONField(_("langues parlées"), default=list)
    contact_name = models.CharField(_("personne de contact"), max_length=150)
    contact_email = models.EmailField(_("e-mail de contact"))
    contact_phone = models.CharField(_("téléphone de contact"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:company_detail", kwargs={"slug": self.slug})

    @property
    def enterprise_number_display(self) -> str:
        return formatted(self.enterprise_number)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    def get_languages_display(self) -> list[str]:
        labels = dict(INTERFACE_LANGUAGES)
        return [str(labels[code]) for code in self.languages if code in labels]

    # What a complete profile has, for the dashboard's completeness indicator.
    PROFILE_PARTS = ("description", "sectors", "logo", "website", "languages", "contact_phone")

    def missing_parts(self) -> list[str]:
        labels = {
            "description": _("une présentation"),
            "sectors": _("les secteurs"),
            "logo": _("un logo"),
            "website": _("le site web"),
            "languages": _("les langues parlées"),
            "contact_phone": _("un téléphone de contact"),
        }
        present = {
            "description": bool(self.description),
            # all() rather than exists(): the dashboard prefetches them for its four reads.
            "sectors": self.pk is not None and bool(self.sectors.all()),
            "logo": bool(self.logo),
            "website": bool(self.website),
            "languages": bool(self.languages),
            "contact_phone": bool(self.contact_phone),
        }
        return [labels[part] for part in self.PROFILE_PARTS if not present[part]]

    @property
    def completeness(self) -> int:
        return round(100 * (1 - len(self.missing_parts()) / len(self.PROFILE_PARTS)))

    # --- State changes (DESIGN.md): services add the audit log and the mail. ------------

    TRANSITIONS = {
        "verify": ({Status.PENDING}, Status.VERIFIED),
        "reject": ({Status.PENDING}, Status.REJECTED),
        "suspend": ({Status.VERIFIED}, Status.SUSPENDED),
        "reinstate": ({Status.SUSPENDED}, Status.VERIFIED),
        "resubmit": ({Status.REJECTED}, Status.PENDING),
    }

    def _move(self, transition: str, reason: str = "") -> None:
        sources, target = self.TRANSITIONS[transition]
        if self.status not in sources:
            raise ValidationError(
                _("Impossible : l'entreprise est « %(status)s ».")
                % {"status": self.get_status_display()}
            )
        self.status = target
        self.status_reason = reason
        self.status_changed_at = timezone.now()

    def verify(self, reason: str = "") -> None:
        self._move("verify", reason)

    def reject(self, reason: str) -> None:
        self._move("reject", reason)

    def suspend(self, reason: str) -> None:
        self._move("suspend", reason)

    def reinstate(self, reason: str = "") -> None:
        self._move("reinstate", reason)

    def resubmit(self) -> None:
        self._move("resubmit")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def owners(self):
        return self.active().filter(role=Membership.Role.OWNER)


class Membership(models.Model):
    """A person representing a company. One company per person."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Responsable")
        RECRUITER = "recruiter", _("Recruteur·euse")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demande en attente")
        ACTIVE = "active", _("Membre")

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.RECRUITER)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre d'entreprise")
        verbose_name_plural = _("membres d'entreprise")
        ordering = ["company", "-role", "user__last_name"]

    def __str__(self):
        return f"{self.user} – {self.company}"

    @property
    def is_owner(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role == self.Role.OWNER


def new_team_token() -> str:
    return secrets.token_urlsafe(32)


def team_invitation_expiry():
    return timezone.now() + timedelta(days=7)


class TeamInvitation(InvitationLink, models.Model):
    """An owner's invitation to a colleague: a single-use link valid for 7 days."""

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.RECRUITER
    )
    token = models.CharField(max_length=64, unique=True, default=new_team_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), default=team_invitation_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation d'équipe")
        verbose_name_plural = _("invitations d'équipe")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "company",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="team_invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("companies:invitation_accept", kwargs={"token": self.token})


class NeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Need.Status.OPEN)

    def public(self):
        """Open needs of verified companies: what the track pages and directory show."""
        return self.open().filter(company__status=Company.Status.VERIFIED)


class Need(models.Model):
    """A structured statement of profiles a company seeks: the intake the city asked for."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        FILLED = "filled", _("Pourvu")
        WITHDRAWN = "withdrawn", _("Retiré")

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="needs"
    )
    title = models.CharField(
        _("intitulé"), max_length=160, help_text=_("Par exemple : électricien·ne de chantier.")
    )
    tracks = models.ManyToManyField(
        Track, verbose_name=_("filières concernées"), related_name="needs"
    )
    headcount = models.PositiveSmallIntegerField(
        _("nombre de personnes"), default=1, help_text=_("Combien de personnes cherchez-vous ?")
    )
    contract_kinds = models.JSONField(_("types de contrat"), default=list)
    desired_start = models.DateField(_("début souhaité"), null=True, blank=True)
    driving_licence = models.CharField(
        _("permis de conduire"),
        max_length=10,
        choices=StudentProfile.DrivingLicence.choices,
        blank=True,
        help_text=_("Laissez vide si le permis n'est pas nécessaire."),
    )
    key_skills = models.TextField(_("compétences clés"), max_length=1500, blank=True)
    commune = models.CharField(_("lieu de travail"), max_length=30, choices=Commune.choices)
    postcode = models.CharField(
        _("code postal"), max_length=4, blank=True, help_text=_("Si hors de Bruxelles.")
    )
    remarks = models.TextField(_("remarques"), max_length=1500, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="need_headcount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.company})"

    def get_absolute_url(self):
        return reverse("companies:need_update", kwargs={"pk": self.pk})

    def get_contract_kinds_display(self) -> list[str]:
        labels = dict(ContractKind.choices)
        return [str(labels[kind]) for kind in self.contract_kinds if kind in labels]

    @property
    def place(self) -> str:
        return place_label(self.commune, self.postcode)


class NeedLanguage(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("langue"), max_length=8, choices=StudentLanguage.LANGUAGES)
    level = models.CharField(
        _("niveau minimal"), max_length=16, choices=StudentLanguage.Level.choices
    )

    class Meta:
        verbose_name = _("langue demandée")
        verbose_name_plural = _("langues demandées")
        constraints = [
            models.UniqueConstraint(fields=["need", "language"], name="need_language_once"),
        ]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_level_display()})"
