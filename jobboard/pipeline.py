"""The company side of an application's pipeline: opening it, moving it, telling the student."""

from django.db import transaction

from campus_portal.mail import send_templated_mail
from jobboard.models import Application, ApplicationEvent


def _locked(application: Application) -> Application:
    """The application's row, locked until the transaction ends (PostgreSQL; SQLite
    serialises writers anyway), so that two members moving it at once do not interleave."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer__company", "student__user")
        .get(pk=application.pk)
    )


def _copy_state(source: Application, target: Application) -> None:
    target.status, target.closed_at, target.updated_at = (
        source.status,
        source.closed_at,
        source.updated_at,
    )


def mark_viewed(application: Application, by) -> bool:
    """`submitted` → `viewed` the first time a company member opens the application.

    A history row, no email: the student sees it on their page. Returns whether it changed.
    """
    if application.status != Application.Status.SUBMITTED:
        return False
    with transaction.atomic():
        locked = _locked(application)
        if locked.status != Application.Status.SUBMITTED:
            _copy_state(locked, application)
            return False
        previous = locked.move(Application.Status.VIEWED)
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        ApplicationEvent.objects.create(
            application=locked, from_status=previous, to_status=locked.status, actor=by
        )
    _copy_state(locked, application)
    return True


def move_application(*, application: Application, to: str, note: str = "", by) -> Application:
    """Move the application as the company (`Application.move()` checks the step).

    Writes a history row with the company's note and emails the student, in their
    language, on every change but `viewed`. The note is internal to the company and is
    never sent to the student. Raises `ValidationError` when the step is not allowed
    (including when a colleague moved the application in the meantime).
    """
    with transaction.atomic():
        locked = _locked(application)
        previous = locked.move(to)
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        ApplicationEvent.objects.create(
            application=locked,
            from_status=previous,
            to_status=locked.status,
            actor=by,
            note=note.strip(),
        )
        if locked.status != Application.Status.VIEWED:
            send_templated_mail(
                template="jobboard/email/application_status",
                to=locked.student.user,
                context={
                    "application": locked,
                    "offer": locked.offer,
                    "company": locked.offer.company,
                },
            )
    _copy_state(locked, application)
    return locked
