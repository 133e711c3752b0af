"""The campus's vocational offer (sectors, tracks, shortage occupations) and students."""

import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campus_portal.models import InvitationLink


def private_storage():
    return storages["private"]


def current_school_year(today: date | None = None) -> int:
    """The calendar year in which the current school year started (1 September)."""
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


class ContractKind(models.TextChoices):
    """Kinds of contract, shared by students' wishes, companies' needs and offers."""

    PERMANENT = "cdi", _("CDI (contrat à durée indéterminée)")
    FIXED_TERM = "cdd", _("CDD (contrat à durée déterminée)")
    INTERIM = "interim", _("Intérim")
    INTERNSHIP = "internship", _("Stage")
    ALTERNANCE = "alternance", _("Alternance (CEFA)")
    STUDENT_JOB = "student_job", _("Job étudiant")


class Sector(models.Model):
    """One of the nine sectors of qualifying education in the Wallonia-Brussels Federation."""

    slug = models.SlugField(_("identifiant"), unique=True)
    name = models.CharField(_("nom"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class TrackQuerySet(models.QuerySet):
    def with_shortage_year(self):
        """Annotate the latest list year in which the track prepares for a shortage."""
        return self.annotate(shortage_year=models.Max("shortage_occupations__list_year"))

    def with_latest_shortage(self):
        """Annotate `latest_shortage_year`: the year of the newest shortage list if that list
        names the track, else None; in the tracks' own query (offer cards' badge, filter)."""
        newest = ShortageOccupation.objects.order_by("-list_year").values("list_year")[:1]
        on_newest = ShortageOccupation.objects.filter(
            tracks=models.OuterRef("pk"), list_year=models.Subquery(newest)
        )
        return self.annotate(
            latest_shortage_year=models.Subquery(on_newest.values("list_year")[:1])
        )


class Track(models.Model):
    """An "option" of qualifying education: what a student learns, and for which jobs."""

    class Form(models.TextChoices):
        TECHNICAL = "tq", _("Technique de qualification")
        PROFESSIONAL = "p", _("Professionnel")
        ALTERNANCE = "cefa", _("Alternance (CEFA)")

    sector = models.ForeignKey(
        Sector, verbose_name=_("secteur"), on_delete=models.PROTECT, related_name="tracks"
    )
    slug = models.SlugField(_("identifiant"), unique=True)
    name = models.CharField(_("nom"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    form = models.CharField(_("forme d'enseignement"), max_length=8, choices=Form.choices)
    occupations = models.TextField(
        _("métiers visés"), blank=True, help_text=_("Un métier par ligne.")
    )
    isco_code = models.CharField(
        _("code ISCO-08"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("Un code ISCO-08 a quatre chiffres."))],
    )
    taught_on_campus = models.BooleanField(_("enseignée sur le campus"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = TrackQuerySet.as_manager()

    class Meta:
        verbose_name = _("filière")
        verbose_name_plural = _("filières")
        ordering = ["sector__position", "position", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("students:track_detail", kwargs={"slug": self.slug})

    @property
    def occupation_list(self) -> list[str]:
        return [line.strip() for line in self.occupations.splitlines() if line.strip()]


class ShortageOccupation(models.Model):
    """An entry of Actiris's yearly list of "fonctions critiques" in the Brussels Region."""

    name = models.CharField(_("fonction"), max_length=200)
    list_year = models.PositiveSmallIntegerField(
        _("année de la liste"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    is_sample = models.BooleanField(
        _("échantillon"),
        default=False,
        help_text=_("Quelques exemples de la liste, pas la liste complète."),
    )
    tracks = models.ManyToManyField(
        Track,
        verbose_name=_("filières qui y préparent"),
        related_name="shortage_occupations",
        blank=True,
    )

    class Meta:
        verbose_name = _("fonction critique")
        verbose_name_plural = _("fonctions critiques")
        ordering = ["-list_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["list_year", "name"], name="shortage_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.name} ({self.list_year})"


class StudentProfileQuerySet(models.QuerySet):
    def in_talent_search(self):
        return self.filter(talent_search_opt_in=True, user__is_active=True)


class StudentProfile(models.Model):
    """A student's or graduate's profile; its existence makes the account a student's."""

    class Status(models.TextChoices):
        YEAR_5 = "year5", _("Élève en 5e année")
        YEAR_6 = "year6", _("Élève en 6e année")
        YEAR_7 = "year7", _("Élève en 7e année")
        APPRENTICE = "cefa", _("Apprenti·e en CEFA")
        GRADUATE = "graduate", _("Diplômé·e")

    class DrivingLicence(models.TextChoices):
        NONE = "none", _("Pas de permis")
        LEARNING = "learning", _("Permis provisoire ou en cours")
        B = "b", _("Permis B")
        MORE = "more", _("Permis B et autres catégories (C, CE…)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="student_profile",
    )
    # Used in URLs seen by others, so that profiles cannot be counted or guessed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    track = models.ForeignKey(
        Track,
        verbose_name=_("filière"),
        on_delete=models.PROTECT,
        related_name="students",
        null=True,
        blank=True,
    )
    status = models.CharField(_("situation"), max_length=10, choices=Status.choices, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("année du diplôme"), null=True, blank=True)
    date_of_birth = models.DateField(_("date de naissance"), null=True, blank=True)
    driving_licence = models.CharField(
        _("permis de conduire"), max_length=10, choices=DrivingLicence.choices, blank=True
    )
    skills = models.TextField(
        _("compétences"),
        blank=True,
        max_length=1000,
        help_text=_("Ce que tu sais faire : machines, logiciels, techniques, qualités."),
    )
    available_from = models.DateField(
        _("disponible à partir du"),
        null=True,
        blank=True,
        help_text=_("Laisse vide si tu es disponible tout de suite."),
    )
    availability_note = models.CharField(
        _("précisions sur tes disponibilités"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : le mercredi après-midi, pendant les vacances d'été."),
    )
    contract_kinds = models.JSONField(_("contrats recherchés"), default=list, blank=True)
    presentation = models.TextField(
        _("présentation"),
        blank=True,
        max_length=800,
        help_text=_("Quelques phrases sur toi et sur ce que tu cherches (800 caractères au plus)."),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ./()-]{8,20}$",
                _("Entre un numéro de téléphone, par exemple 0470 12 34 56."),
            )
        ],
    )
    cv = models.FileField(_("CV"), storage=private_storage, upload_to="cvs/", blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV envoyé le"), null=True, blank=True)
    talent_search_opt_in = models.BooleanField(
        _("visible dans la recherche de talents"), default=False
    )
    talent_search_opt_in_at = models.DateTimeField(_("accord donné le"), null=True, blank=True)
    confirmed_school_year = models.PositiveSmallIntegerField(
        _("année scolaire confirmée"),
        null=True,
        blank=True,
        help_text=_("Année de début de la dernière année scolaire confirmée par l'élève."),
    )
    year_reminder_sent_for = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = StudentProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil d'élève")
        verbose_name_plural = _("profils d'élèves")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="graduate") | models.Q(graduation_year__isnull=True),
                name="graduation_year_only_for_graduates",
            ),
        ]

    def __str__(self):
        return str(self.user)

    # What a complete profile needs, in the order the form asks for it.
    REQUIRED_FIELDS = ("track", "status", "date_of_birth", "languages", "contract_kinds", "cv")

    def missing_fields(self) -> list[str]:
        """The labels of what is still missing before the student can apply or register."""
        labels = {
            "track": _("ta filière"),
            "status": _("ta situation (année ou diplôme)"),
            "date_of_birth": _("ta date de naissance"),
            "languages": _("les langues que tu parles"),
            "contract_kinds": _("les contrats que tu cherches"),
            "cv": _("ton CV"),
        }
        missing = []
        for field in self.REQUIRED_FIELDS:
            if field == "languages":
                present = self.pk is not None and self.languages.exists()
            else:
                present = bool(getattr(self, field if field != "track" else "track_id"))
            if not present:
                missing.append(labels[field])
        return missing

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields()

    @property
    def completeness(self) -> int:
        """Share of the required parts filled in, in percent."""
        done = len(self.REQUIRED_FIELDS) - len(self.missing_fields())
        return round(100 * done / len(self.REQUIRED_FIELDS))

    @property
    def age(self) -> int | None:
        if not self.date_of_birth:
            return None
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18

    @property
    def needs_year_confirmation(self) -> bool:
        """A pupil whose year was not confirmed since the school year began."""
        return (
            bool(self.status)
            and self.status != self.Status.GRADUATE
            and self.confirmed_school_year != current_school_year()
        )

    def get_contract_kinds_display(self) -> list[str]:
        labels = dict(ContractKind.choices)
        return [labels[kind] for kind in self.contract_kinds if kind in labels]

    def get_cv_url(self):
        return reverse("students:cv_download", kwargs={"public_id": self.public_id})

    def set_talent_search(self, opted_in: bool) -> None:
        if opted_in and not self.talent_search_opt_in:
            self.talent_search_opt_in_at = timezone.now()
        elif not opted_in:
            self.talent_search_opt_in_at = None
        self.talent_search_opt_in = opted_in


class StudentLanguage(models.Model):
    """A language a student speaks, with a level."""

    class Level(models.TextChoices):
        BASIC = "basic", _("Notions")
        INTERMEDIATE = "intermediate", _("Moyen")
        FLUENT = "fluent", _("Courant")
        NATIVE = "native", _("Langue maternelle")

    LANGUAGES = [
        ("fr", _("Français")),
        ("nl", _("Néerlandais")),
        ("en", _("Anglais")),
        ("de", _("Allemand")),
        ("es", _("Espagnol")),
        ("it", _("Italien")),
        ("pt", _("Portugais")),
        ("ar", _("Arabe")),
        ("tr", _("Turc")),
        ("pl", _("Polonais")),
        ("ro", _("Roumain")),
        ("ru", _("Russe")),
        ("uk", _("Ukrainien")),
        ("other", pgettext_lazy("language", "Autre")),
    ]

    profile = models.ForeignKey(StudentProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("langue"), max_length=8, choices=LANGUAGES)
    other_name = models.CharField(_("quelle autre langue ?"), max_length=60, blank=True)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices)

    class Meta:
        verbose_name = _("langue parlée")
        verbose_name_plural = _("langues parlées")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language", "other_name"], name="student_language_once"
            ),
        ]

    def __str__(self):
        name = self.other_name if self.language == "other" else self.get_language_display()
        return f"{name} ({self.get_level_display()})"


def new_invitation_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


INVITATION_VALIDITY_DAYS = 30


def invitation_expiry():
    from datetime import timedelta

    return timezone.now() + timedelta(days=INVITATION_VALIDITY_DAYS)


class ClassInvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted yet, whether or not the link has expired."""
        return self.filter(accepted_at__isnull=True)

    def usable(self):
        return self.open().filter(expires_at__gt=timezone.now())


class ClassInvitation(InvitationLink, models.Model):
    """An invitation, sent by staff from a class list, to create a prefilled student account."""

    email = models.EmailField(_("adresse e-mail"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    track = models.ForeignKey(
        Track, verbose_name=_("filière"), on_delete=models.PROTECT, related_name="+"
    )
    status_year = models.CharField(
        _("situation"), max_length=10, choices=StudentProfile.Status.choices
    )
    graduation_year = models.PositiveSmallIntegerField(_("année du diplôme"), null=True, blank=True)
    language = models.CharField(
        _("langue de l'e-mail"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    token = models.CharField(
        max_length=64, unique=True, editable=False, default=new_invitation_token
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte créé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_invitations",
    )

    objects = ClassInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation de classe")
        verbose_name_plural = _("invitations de classe")
        ordering = ["-created_at", "last_name", "first_name"]
        constraints = [
            # A new upload refreshes the open invitation of an address instead of adding one,
            # so that a single link per person works at any time.
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="class_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(status_year="graduate") | models.Q(graduation_year__isnull=True),
                name="class_invitation_graduation_year_only_for_graduates",
            ),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("students:invitation_accept", kwargs={"token": self.token})

    def renew(self) -> None:
        """Issue a new link (the old one stops working) valid for another full period."""
        self.token = new_invitation_token()
        self.created_at = timezone.now()
        self.expires_at = invitation_expiry()

    def accept(self, *, user) -> None:
        if not self.is_usable:
            raise ValueError("Only a usable invitation can be accepted.")
        self.accepted_at = timezone.now()
        self.user = user
        self.save(update_fields=["accepted_at", "user"])
