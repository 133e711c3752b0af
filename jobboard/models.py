"""The job board: offers and their moderation, applications and their pipeline, saved
offers, alerts and invitations to apply."""

import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.communes import Commune, place_label
from companies.models import INTERFACE_LANGUAGES, Company, Need
from students.models import (
    ContractKind,
    StudentLanguage,
    StudentProfile,
    Track,
    private_storage,
)

DEFAULT_PUBLICATION_DAYS = 60
MAX_PUBLICATION_DAYS = 183  # six months


def normalise_text(text: str) -> str:
    """Lower case, no accents: what the SQLite search compares ("Électricien" → "electricien")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class OfferQuerySet(models.QuerySet):
    def listed(self):
        """Published, not past its end, from a verified company: what the list, feed and
        home show. Filtering on the date means an offer leaves the list the moment it
        expires, even before the expiry command has run."""
        return self.filter(
            status=Offer.Status.PUBLISHED,
            expires_at__gt=timezone.now(),
            company__status=Company.Status.VERIFIED,
        )

    def readable(self):
        """Listed, or closed/expired: their page still answers and says so."""
        return self.filter(company__status=Company.Status.VERIFIED).filter(
            Q(status__in=[Offer.Status.PUBLISHED, Offer.Status.CLOSED, Offer.Status.EXPIRED])
        )


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING = "pending", _("En attente de modération")
        PUBLISHED = "published", _("Publiée")
        REJECTED = "rejected", _("Refusée")
        CLOSED = "closed", _("Clôturée")
        EXPIRED = "expired", _("Expirée")

    class PayPeriod(models.TextChoices):
        HOUR = "hour", _("par heure")
        MONTH = "month", _("par mois")

    company = models.ForeignKey(
        Company, verbose_name=_("entreprise"), on_delete=models.CASCADE, related_name="offers"
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("besoin d'origine"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
    )
    title = models.CharField(_("intitulé"), max_length=160)
    language = models.CharField(
        _("langue du texte"), max_length=2, choices=INTERFACE_LANGUAGES, default="fr"
    )
    kind = models.CharField(_("type de contrat"), max_length=16, choices=ContractKind.choices)
    tracks = models.ManyToManyField(Track, verbose_name=_("filières"), related_name="offers")
    description = models.TextField(_("description"), max_length=6000)
    requirements = models.TextField(_("profil recherché"), max_length=3000, blank=True)
    commune = models.CharField(_("lieu de travail"), max_length=30, choices=Commune.choices)
    postcode = models.CharField(_("code postal"), max_length=4, blank=True)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("heures par semaine"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    pay_min = models.DecimalField(
        _("salaire minimum"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    pay_max = models.DecimalField(
        _("salaire maximum"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    pay_period = models.CharField(
        _("période du salaire"), max_length=8, choices=PayPeriod.choices, blank=True
    )
    places = models.PositiveSmallIntegerField(
        _("nombre de places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    publication_days = models.PositiveSmallIntegerField(
        _("durée de publication (jours)"),
        default=DEFAULT_PUBLICATION_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(MAX_PUBLICATION_DAYS)],
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("fin de publication"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    expiry_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
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
    # Derived, for the search on SQLite (PostgreSQL uses a full-text index, see migrations).
    search_text = models.TextField(editable=False, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="offer_listed_idx"),
            models.Index(fields=["kind", "commune"], name="offer_kind_commune_idx"),
            # Covering index for the staff dashboard's counts by period (PostgreSQL; other
            # databases skip covering indexes).
            models.Index(
                fields=["published_at"], include=["id", "kind"], name="offer_published_cover_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_min__lte=models.F("pay_max")),
                name="offer_pay_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = normalise_text(
            " ".join([self.title, self.description, self.requirements])
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("jobboard:offer_detail", kwargs={"pk": self.pk})

    # --- What the pages say ---------------------------------------------------------------

    @property
    def is_listed(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > timezone.now()
            and self.company.status == Company.Status.VERIFIED
        )

    @property
    def is_open_for_applications(self) -> bool:
        return self.is_listed

    @property
    def has_ended(self) -> bool:
        """Closed, expired, or published past its end date (before the command ran)."""
        return self.status in {self.Status.CLOSED, self.Status.EXPIRED} or (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def place(self) -> str:
        return place_label(self.commune, self.postcode)

    # --- Moderation (DESIGN.md); services add the audit log and mail. --------------------

    SUBSTANCE_FIELDS = ("title", "description", "requirements", "kind")

    def _require(self, allowed: set, action: str) -> None:
        if self.status not in allowed:
            raise ValidationError(
                _("Impossible de %(action)s une offre « %(status)s ».")
                % {"action": action, "status": self.get_status_display()}
            )

    def submit(self) -> None:
        """Draft or rejected → pending (the company sends it to the moderators)."""
        self._require({self.Status.DRAFT, self.Status.REJECTED}, _("soumettre"))
        self.status = self.Status.PENDING
        self.submitted_at = timezone.now()

    def publish(self) -> None:
        self._require({self.Status.PENDING}, _("publier"))
        now = timezone.now()
        self.status = self.Status.PUBLISHED
        self.rejection_reason = ""
        self.published_at = now
        self.expires_at = now + timedelta(days=self.publication_days)
        self.expiry_reminder_sent_at = None

    def reject(self, reason: str) -> None:
        self._require({self.Status.PENDING}, _("refuser"))
        if not reason.strip():
            raise ValidationError(_("Indiquez le motif du refus."))
        self.status = self.Status.REJECTED
        self.rejection_reason = reason

    def close(self) -> None:
        self._require({self.Status.PUBLISHED}, _("clôturer"))
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()

    def expire(self) -> None:
        self._require({self.Status.PUBLISHED}, _("expirer"))
        self.status = self.Status.EXPIRED

    def back_to_moderation(self) -> None:
        """A change of substance to a published offer: moderated again before it shows."""
        self._require({self.Status.PUBLISHED}, _("modifier"))
        self.status = self.Status.PENDING
        self.submitted_at = timezone.now()


class OfferLanguage(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("langue"), max_length=8, choices=StudentLanguage.LANGUAGES)
    level = models.CharField(
        _("niveau minimal"), max_length=16, choices=StudentLanguage.Level.choices
    )

    class Meta:
        verbose_name = _("langue demandée")
        verbose_name_plural = _("langues demandées")
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="offer_language_once"),
        ]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_level_display()})"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Application.OPEN_STATUSES)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Envoyée")
        VIEWED = "viewed", _("Vue par l'entreprise")
        SHORTLISTED = "shortlisted", _("Présélectionnée")
        INTERVIEW = "interview", _("Entretien")
        OFFERED = "offered", _("Proposition reçue")
        HIRED = "hired", _("Engagé·e")
        REJECTED = "rejected", _("Non retenue")
        WITHDRAWN = "withdrawn", _("Retirée")

    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.VIEWED,
        Status.SHORTLISTED,
        Status.INTERVIEW,
        Status.OFFERED,
    )
    TERMINAL_STATUSES = (Status.HIRED, Status.REJECTED, Status.WITHDRAWN)
    # From shortlisted on, the company sees the student's email and phone.
    CONTACT_STATUSES = (Status.SHORTLISTED, Status.INTERVIEW, Status.OFFERED, Status.HIRED)

    offer = models.ForeignKey(
        Offer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="applications"
    )
    student = models.ForeignKey(
        StudentProfile,
        verbose_name=_("élève"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    message = models.TextField(_("message"), max_length=3000, blank=True)
    cv_copy = models.FileField(
        _("copie du CV"), storage=private_storage, upload_to="applications/", blank=True
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "student"], name="one_application_per_offer"),
        ]

    def __str__(self):
        return f"{self.student} → {self.offer}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def shows_contact(self) -> bool:
        return self.status in self.CONTACT_STATUSES

    def allowed_moves(self) -> list[str]:
        """Where the company may move this application (DESIGN.md)."""
        if self.status == self.Status.OFFERED:
            return [s for s in self.OPEN_STATUSES if s != self.status] + [
                self.Status.HIRED,
                self.Status.REJECTED,
            ]
        if self.is_open:
            return [s for s in self.OPEN_STATUSES if s != self.status] + [self.Status.REJECTED]
        return []

    def move(self, to: str) -> str:
        """Change the status as the company; returns the previous one."""
        if to == self.Status.WITHDRAWN or to not in self.allowed_moves():
            raise ValidationError(
                _("Une candidature « %(status)s » ne peut pas passer à « %(to)s ».")
                % {"status": self.get_status_display(), "to": dict(self.Status.choices).get(to, to)}
            )
        previous, self.status = self.status, to
        if to in self.TERMINAL_STATUSES:
            self.closed_at = timezone.now()
        return previous

    def withdraw(self) -> str:
        """The student withdraws an open application (how an offer is declined)."""
        if not self.is_open:
            raise ValidationError(_("Cette candidature est déjà clôturée."))
        previous, self.status = self.status, self.Status.WITHDRAWN
        self.closed_at = timezone.now()
        return previous


class ApplicationEvent(models.Model):
    """One dated row of an application's history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("étape de candidature")
        verbose_name_plural = _("historique des candidatures")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"


class SavedOffer(models.Model):
    student = models.ForeignKey(
        StudentProfile, on_delete=models.CASCADE, related_name="saved_offers"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="saved_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offre sauvegardée")
        verbose_name_plural = _("offres sauvegardées")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["student", "offer"], name="save_offer_once"),
        ]

    def __str__(self):
        return f"{self.student} ★ {self.offer}"


def new_alert_token() -> str:
    return secrets.token_urlsafe(24)


class OfferAlert(models.Model):
    """A student's weekly alert of new offers for their track (opt-in)."""

    student = models.OneToOneField(
        StudentProfile, on_delete=models.CASCADE, related_name="offer_alert"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # For the one-click unsubscribe link: mail clients have no session.
    token = models.CharField(max_length=48, unique=True, default=new_alert_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alerte d'offres")
        verbose_name_plural = _("alertes d'offres")

    def __str__(self):
        return str(self.student)


class AlertDelivery(models.Model):
    """An offer already sent to a student by an alert: never twice."""

    alert = models.ForeignKey(OfferAlert, on_delete=models.CASCADE, related_name="deliveries")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "offer"], name="alert_offer_once"),
        ]

    def __str__(self):
        return f"{self.alert} ← {self.offer}"


def invitation_expiry():
    return timezone.now() + timedelta(days=30)


class OfferInvitation(models.Model):
    """A company's invitation to a student to apply to one of its listed offers."""

    class Status(models.TextChoices):
        SENT = "sent", _("Envoyée")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")
        EXPIRED = "expired", _("Expirée")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="invitations"
    )
    student = models.ForeignKey(
        StudentProfile,
        verbose_name=_("élève"),
        on_delete=models.CASCADE,
        related_name="offer_invitations",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    responded_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = _("invitation à postuler")
        verbose_name_plural = _("invitations à postuler")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "student"],
                condition=Q(status="sent"),
                name="one_open_invitation_per_offer",
            ),
        ]

    def __str__(self):
        return f"{self.offer} → {self.student}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.SENT and self.expires_at > timezone.now()
