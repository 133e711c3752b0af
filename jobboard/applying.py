"""A student applies to an offer, or withdraws an application: the rows, the CV copy, the mail."""

import logging
import uuid

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_portal.mail import send_templated_mail
from jobboard.models import Application, ApplicationEvent, Offer, OfferInvitation
from students.cv import validate_pdf
from students.models import StudentProfile

logger = logging.getLogger(__name__)


class ApplicationRefused(Exception):
    """An application that cannot be made; the message is for the student."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyApplied(ApplicationRefused):
    """The student already applied to this offer: `application` is the existing one."""

    def __init__(self, application: Application):
        super().__init__(_("Tu as déjà postulé à cette offre."))
        self.application = application


def apply(
    *,
    offer: Offer,
    student: StudentProfile,
    message: str,
    cv_upload=None,
    invitation: OfferInvitation | None = None,
    by,
) -> Application:
    """Apply `student` to `offer` with a copy of their profile's CV or of `cv_upload` (a PDF).

    Raises `AlreadyApplied` (with the existing application) on a second application,
    `ApplicationRefused` when the offer is not open or the profile is incomplete, and
    `django.core.exceptions.ValidationError` when `cv_upload` is not a readable PDF.
    A pending invitation of the student to this offer is answered by the application.
    """
    if invitation is not None and (
        invitation.offer_id != offer.pk or invitation.student_id != student.pk
    ):
        raise ValueError("This invitation is for another offer or student.")
    existing = Application.objects.filter(offer=offer, student=student).first()
    if existing is not None:
        raise AlreadyApplied(existing)
    if not offer.is_open_for_applications:
        raise ApplicationRefused(_("Cette offre n'accepte plus de candidatures."))
    if not student.is_complete:
        raise ApplicationRefused(
            _("Complète ton profil avant de postuler : il manque %(missing)s.")
            % {"missing": ", ".join(str(part) for part in student.missing_fields())}
        )
    if cv_upload is not None:
        validate_pdf(cv_upload)

    with transaction.atomic():
        try:
            # The unique constraint is the real guard against a double submit: a second
            # request that passed the check above stops here, in its own savepoint.
            with transaction.atomic():
                application = Application.objects.create(
                    offer=offer, student=student, message=message.strip()
                )
        except IntegrityError:
            existing = Application.objects.filter(offer=offer, student=student).first()
            if existing is None:
                raise
            raise AlreadyApplied(existing) from None
        _store_cv_copy(application, student=student, cv_upload=cv_upload)
        try:
            ApplicationEvent.objects.create(
                application=application,
                from_status="",
                to_status=application.status,
                actor=by,
            )
            _answer_invitation(application, invitation=invitation)
            _mail_new_application(application)
        except BaseException:
            # The rows go with the rollback; the file copy would stay behind.
            application.cv_copy.storage.delete(application.cv_copy.name)
            raise
    return application


def _store_cv_copy(application: Application, *, student: StudentProfile, cv_upload) -> None:
    """Keep the CV sent with the application in the private store, under a random name,
    apart from the profile's file (which the student may replace or delete later)."""
    name = f"{uuid.uuid4().hex}.pdf"
    if cv_upload is not None:
        cv_upload.seek(0)
        application.cv_copy.save(name, cv_upload, save=False)
    else:
        if not student.cv:
            raise ApplicationRefused(_("Ajoute ton CV à ton profil ou envoie un PDF."))
        try:
            with student.cv.open("rb") as handle:
                application.cv_copy.save(name, File(handle), save=False)
        except FileNotFoundError as error:
            logger.warning("CV file missing for profile %s", student.pk)
            raise ApplicationRefused(
                _("Ton CV est introuvable. Envoie-le à nouveau en PDF.")
            ) from error
    try:
        application.save(update_fields=["cv_copy", "updated_at"])
    except BaseException:
        application.cv_copy.storage.delete(application.cv_copy.name)
        raise


def _answer_invitation(application: Application, *, invitation: OfferInvitation | None) -> None:
    """The student's pending invitation to this offer (the one given, or any) is accepted."""
    if invitation is None or not invitation.is_pending:
        invitation = (
            OfferInvitation.objects.select_for_update()
            .filter(
                offer=application.offer,
                student=application.student,
                status=OfferInvitation.Status.SENT,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
    if invitation is None:
        return
    invitation.status = OfferInvitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.application = application
    invitation.save(update_fields=["status", "responded_at", "application"])


def _company_members(offer: Offer):
    return [
        membership.user
        for membership in offer.company.memberships.active()
        .select_related("user")
        .filter(user__is_active=True)
    ]


def _mail_new_application(application: Application) -> None:
    """Queued: sent once the application is committed."""
    context = {
        "application": application,
        "offer": application.offer,
        "company": application.offer.company,
        "student": application.student,
    }
    send_templated_mail(
        template="jobboard/email/application_received",
        to=application.student.user,
        context=context,
    )
    for member in _company_members(application.offer):
        send_templated_mail(template="jobboard/email/application_new", to=member, context=context)


def withdraw(*, application: Application, by) -> Application:
    """The student withdraws an open application (how an offer is declined); the company's
    members are told. Raises ValidationError if the application is already closed."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("offer__company", "student__user")
            .get(pk=application.pk)
        )
        previous = application.withdraw()
        application.save(update_fields=["status", "closed_at", "updated_at"])
        ApplicationEvent.objects.create(
            application=application,
            from_status=previous,
            to_status=application.status,
            actor=by,
        )
        context = {
            "application": application,
            "offer": application.offer,
            "company": application.offer.company,
            "student": application.student,
        }
        for member in _company_members(application.offer):
            send_templated_mail(
                template="jobboard/email/application_withdrawn", to=member, context=context
            )
    return application
