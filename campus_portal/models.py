"""The portal's own models: the user, the school office's public facts and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InvitationLink:
    """An invitation's link (a model with `expires_at` and `accepted_at`): it works once,
    until it expires."""

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The role is derived (see `campus_portal.roles`)."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    preferred_language = models.CharField(
        _("langue préférée"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Langue de l'interface et des e-mails."),
    )
    is_staff = models.BooleanField(
        _("membre du personnel"),
        default=False,
        help_text=_("Peut se connecter à l'administration."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    inactivity_warned_at = models.DateTimeField(
        _("averti de son inactivité le"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    @property
    def role(self):
        """The role this account holds, or None (see `campus_portal.roles`)."""
        from campus_portal import roles

        return roles.for_user(self)


class SchoolOffice(models.Model):
    """Public facts about the school office, kept by staff; there is a single row."""

    name = models.CharField(_("nom"), max_length=200, blank=True)
    street = models.CharField(_("rue et numéro"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    opening_hours = models.TextField(
        _("heures d'ouverture"),
        blank=True,
        help_text=_("Par exemple les jours et heures où le secrétariat répond."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("secrétariat de l'école")
        verbose_name_plural = _("secrétariat de l'école")

    def __str__(self):
        return self.name or str(_("Secrétariat de l'école"))

    @classmethod
    def load(cls):
        office, _created = cls.objects.get_or_create(pk=1)
        return office

    @property
    def has_address(self):
        return bool(self.street and self.city)

    @property
    def has_contact(self):
        return bool(self.has_address or self.phone or self.email)


class AuditEntry(models.Model):
    """A decision taken by staff about someone: who, when, what, on what, and why."""

    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text so the log still reads after the actor or target is deleted.
    actor_repr = models.CharField(_("auteur (texte)"), max_length=300)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("type d'objet"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64)
    target_repr = models.CharField(_("objet"), max_length=300)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        # The staff dashboard has no model of its own; its permission lives here.
        permissions = [("view_dashboard", _("Voir le tableau de bord"))]

    def __str__(self):
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_label}: {self.action} {self.target_label}"

    # An erased person's name is blanked; the label says so in the reader's language.
    @property
    def actor_label(self) -> str:
        return self.actor_repr or str(_("données effacées"))

    @property
    def target_label(self) -> str:
        return self.target_repr or str(_("données effacées"))
