"""Meeting days: companies' participation, students' registrations and wishes, the
one-to-one meetings of the schedule, check-in, ratings, follow-ups and surveys."""

import secrets
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from jobboard.models import Offer
from students.models import StudentProfile, Track

MAX_WISHES = 5
# Typed check-in codes avoid characters that are easy to confuse (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class MeetingDayQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=MeetingDay.Status.DRAFT)

    def upcoming(self):
        return self.public().filter(date__gte=timezone.localdate()).order_by("date")


class MeetingDay(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        COMPANY_REGISTRATION = "companies", _("Inscriptions des entreprises ouvertes")
        STUDENT_REGISTRATION = "students", _("Inscriptions des élèves ouvertes")
        SCHEDULED = "scheduled", _("Planning publié")
        HELD = "held", _("Terminée")
        ARCHIVED = "archived", _("Archivée")

    title = models.CharField(_("titre"), max_length=160)
    slug = models.SlugField(_("identifiant"), unique=True)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"))
    venue = models.CharField(_("lieu"), max_length=160)
    address = models.CharField(_("adresse"), max_length=250)
    opens_at = models.TimeField(_("début des rencontres"), default=time(9, 0))
    closes_at = models.TimeField(_("fin des rencontres"), default=time(16, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("durée d'un rendez-vous (minutes)"),
        default=10,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
    )
    pause_minutes = models.PositiveSmallIntegerField(
        _("pause entre deux rendez-vous (minutes)"),
        default=5,
        validators=[MaxValueValidator(30)],
    )
    breaks = models.JSONField(
        _("pauses"),
        default=list,
        blank=True,
        help_text=_('Par exemple [["12:00", "13:00"]] pour la pause de midi.'),
    )
    company_registration_opens = models.DateTimeField(_("inscriptions des entreprises : début"))
    company_registration_closes = models.DateTimeField(_("inscriptions des entreprises : fin"))
    student_registration_opens = models.DateTimeField(_("inscriptions des élèves : début"))
    student_registration_closes = models.DateTimeField(_("inscriptions des élèves : fin"))
    max_companies = models.PositiveSmallIntegerField(_("nombre maximum d'entreprises"), default=80)
    max_students = models.PositiveIntegerField(_("nombre maximum d'élèves"), default=1000)
    tracks = models.ManyToManyField(
        Track, verbose_name=_("filières visées"), related_name="meeting_days", blank=True
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    schedule_published_at = models.DateTimeField(_("planning publié le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("journée de rencontre")
        verbose_name_plural = _("journées de rencontre")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("events:meetingday_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("La fin doit suivre le début.")})
        for opens, closes, field in (
            (
                self.company_registration_opens,
                self.company_registration_closes,
                "company_registration_closes",
            ),
            (
                self.student_registration_opens,
                self.student_registration_closes,
                "student_registration_closes",
            ),
        ):
            if opens and closes and opens >= closes:
                raise ValidationError({field: _("La fin doit suivre le début.")})
        try:
            self.parsed_breaks()
        except (TypeError, ValueError) as error:
            raise ValidationError(
                {"breaks": _('Écrivez les pauses comme [["12:00", "13:00"]].')}
            ) from error

    def parsed_breaks(self) -> list[tuple[time, time]]:
        return [
            (time.fromisoformat(start), time.fromisoformat(end)) for start, end in self.breaks or []
        ]

    def slots(self) -> list[tuple[datetime, datetime]]:
        """The meeting slots of the day (aware datetimes), skipping the breaks."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.date, self.opens_at), tz)
        end_of_day = timezone.make_aware(datetime.combine(self.date, self.closes_at), tz)
        breaks = [
            (
                timezone.make_aware(datetime.combine(self.date, b_start), tz),
                timezone.make_aware(datetime.combine(self.date, b_end), tz),
            )
            for b_start, b_end in self.parsed_breaks()
        ]
        slots = []
        length, pause = timedelta(minutes=self.slot_minutes), timedelta(minutes=self.pause_minutes)
        while start + length <= end_of_day:
            clash = next((b for b in breaks if start < b[1] and start + length > b[0]), None)
            if clash is not None:
                start = clash[1]
                continue
            slots.append((start, start + length))
            start += length + pause
        return slots

    @property
    def company_registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.COMPANY_REGISTRATION
            and self.company_registration_opens <= now < self.company_registration_closes
        )

    @property
    def student_registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.STUDENT_REGISTRATION
            and self.student_registration_opens <= now < self.student_registration_closes
        )

    # --- Transitions (DESIGN.md): services add audit and mail. ---------------------------

    ORDER = [
        Status.DRAFT,
        Status.COMPANY_REGISTRATION,
        Status.STUDENT_REGISTRATION,
        Status.SCHEDULED,
        Status.HELD,
        Status.ARCHIVED,
    ]

    def advance(self) -> None:
        """Move to the next state of the day's life."""
        index = self.ORDER.index(self.status)
        if index == len(self.ORDER) - 1:
            raise ValidationError(_("Cette journée est déjà archivée."))
        self.status = self.ORDER[index + 1]
        if self.status == self.Status.SCHEDULED:
            self.schedule_published_at = timezone.now()


class Participation(models.Model):
    """A company's registration for a meeting day."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        ACCEPTED = "accepted", _("Acceptée")
        WAITLISTED = "waitlisted", _("En liste d'attente")
        DECLINED = "declined", _("Refusée")
        CANCELLED = "cancelled", _("Annulée")

    meeting_day = models.ForeignKey(
        MeetingDay,
        verbose_name=_("journée"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("entreprise"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    tables = models.PositiveSmallIntegerField(
        _("nombre de tables"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    tracks = models.ManyToManyField(Track, verbose_name=_("filières recherchées"), related_name="+")
    offers = models.ManyToManyField(
        Offer, verbose_name=_("offres présentées"), related_name="+", blank=True
    )
    needs_electricity = models.BooleanField(_("besoin d'électricité"), default=False)
    needs_space = models.BooleanField(_("besoin de place pour du matériel"), default=False)
    logistics_remarks = models.TextField(_("remarques logistiques"), max_length=1000, blank=True)
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"))
    charter_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("charte acceptée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    table_label = models.CharField(_("table ou stand"), max_length=40, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation d'entreprise")
        verbose_name_plural = _("participations d'entreprises")
        ordering = ["meeting_day", "company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_day", "company"], name="one_participation_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.company} – {self.meeting_day}"

    TRANSITIONS = {
        "accept": {Status.REQUESTED, Status.WAITLISTED},
        "waitlist": {Status.REQUESTED},
        "decline": {Status.REQUESTED, Status.WAITLISTED},
        "cancel": {Status.ACCEPTED, Status.REQUESTED, Status.WAITLISTED},
    }
    TARGETS = {
        "accept": Status.ACCEPTED,
        "waitlist": Status.WAITLISTED,
        "decline": Status.DECLINED,
        "cancel": Status.CANCELLED,
    }

    def move(self, transition: str, reason: str = "") -> None:
        if self.status not in self.TRANSITIONS[transition]:
            raise ValidationError(
                _("Impossible : la participation est « %(status)s ».")
                % {"status": self.get_status_display()}
            )
        self.status = self.TARGETS[transition]
        self.decision_reason = reason
        self.decided_at = timezone.now()


class Registration(models.Model):
    """A student's registration for a meeting day, with their wishes."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrit·e")
        WAITLISTED = "waitlisted", _("En liste d'attente")
        CANCELLED = "cancelled", _("Annulée")
        PRESENT = "present", _("Présent·e")
        NO_SHOW = "no_show", _("Absent·e")

    meeting_day = models.ForeignKey(
        MeetingDay,
        verbose_name=_("journée"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    student = models.ForeignKey(
        StudentProfile,
        verbose_name=_("élève"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    accepts_extra_meetings = models.BooleanField(
        _("accepte d'autres rencontres avec des entreprises qui cherchent sa filière"), default=True
    )
    # The QR code on the student's schedule encodes a URL with this token; only staff use it.
    checkin_token = models.CharField(max_length=48, unique=True, default=new_token, editable=False)
    checkin_code = models.CharField(_("code d'accueil"), max_length=8, default=new_checkin_code)
    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("sorti·e de la liste d'attente le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivé·e le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription d'élève")
        verbose_name_plural = _("inscriptions d'élèves")
        ordering = ["meeting_day", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_day", "student"], name="one_registration_per_day"
            ),
            models.UniqueConstraint(
                fields=["meeting_day", "checkin_code"], name="checkin_code_unique_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.student} – {self.meeting_day}"

    ACTIVE_STATUSES = (Status.REGISTERED, Status.PRESENT, Status.NO_SHOW)


class Preference(models.Model):
    """A student's wish to meet a company, ranked 1 (first choice) to 5."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="preferences"
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="preferences"
    )
    rank = models.PositiveSmallIntegerField(
        _("rang"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WISHES)]
    )

    class Meta:
        verbose_name = _("souhait")
        verbose_name_plural = _("souhaits")
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"], name="one_wish_per_rank"),
            models.UniqueConstraint(
                fields=["registration", "participation"], name="one_wish_per_company"
            ),
        ]

    def __str__(self):
        return f"{self.registration} #{self.rank} {self.participation.company}"


class Meeting(models.Model):
    """One booked one-to-one meeting at a company's table in one slot."""

    class Kind(models.TextChoices):
        WISH = "wish", _("Souhaitée")
        EXTRA = "extra", _("Proposée")

    class FollowUp(models.TextChoices):
        NONE = "none", _("Pas de suite")
        OFFER = "offer", _("Envoyer une offre")
        INTERVIEW = "interview", _("Inviter à un entretien")
        INTERNSHIP = "internship", _("Proposer un stage ou une alternance")

    meeting_day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="meetings")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings"
    )
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="meetings"
    )
    table_number = models.PositiveSmallIntegerField(_("table"), default=1)
    slot_index = models.PositiveSmallIntegerField(_("créneau"))
    kind = models.CharField(_("type"), max_length=6, choices=Kind.choices, default=Kind.WISH)
    rank = models.PositiveSmallIntegerField(_("rang du souhait"), null=True, blank=True)
    # A meeting moved or placed by hand is kept when the scheduler runs again.
    is_manual = models.BooleanField(_("placé à la main"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rating = models.PositiveSmallIntegerField(
        _("appréciation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    follow_up = models.CharField(_("suite"), max_length=10, choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField(_("note de suivi"), max_length=1000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["meeting_day", "slot_index", "participation", "table_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "slot_index"], name="student_one_meeting_per_slot"
            ),
            models.UniqueConstraint(
                fields=["participation", "table_number", "slot_index"],
                name="table_one_student_per_slot",
            ),
            models.UniqueConstraint(
                fields=["registration", "participation"], name="pair_meets_once"
            ),
        ]

    def __str__(self):
        return f"{self.registration.student} × {self.participation.company} #{self.slot_index}"


class CalendarFeed(models.Model):
    """The secret of a person's calendar feed: calendar apps have no session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=48, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        # Not language-prefixed (calendar apps have no language): a root route.
        return reverse("calendar_feed", kwargs={"token": self.token})

    def renew(self) -> None:
        self.token = new_token()


class EventMailPreference(models.Model):
    """One-click unsubscribe from a meeting day's reminders and surveys."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_mail"
    )
    token = models.CharField(max_length=48, unique=True, default=new_token)
    reminders = models.BooleanField(_("rappels"), default=True)
    surveys = models.BooleanField(_("enquêtes"), default=True)

    class Meta:
        verbose_name = _("préférence d'e-mails des journées")
        verbose_name_plural = _("préférences d'e-mails des journées")

    def __str__(self):
        return str(self.user)


class SurveyResponse(models.Model):
    """The short survey after a day, for a student or a company member."""

    meeting_day = models.ForeignKey(
        MeetingDay, on_delete=models.CASCADE, related_name="survey_responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    role = models.CharField(max_length=10)
    token = models.CharField(max_length=48, unique=True, default=new_token)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    useful = models.BooleanField(_("utile"), null=True, blank=True)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse à l'enquête")
        verbose_name_plural = _("réponses aux enquêtes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_day", "user"],
                condition=Q(user__isnull=False),
                name="one_survey_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.meeting_day} – {self.role}"


class ReminderSent(models.Model):
    """A schedule email already sent to a person for a day: each kind goes at most once."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Planning publié")
        WEEK = "week", _("Rappel une semaine avant")
        DAY = "day", _("Rappel la veille")

    meeting_day = models.ForeignKey(
        MeetingDay, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_day", "user", "kind"], name="one_reminder_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.meeting_day} – {self.user} – {self.kind}"
