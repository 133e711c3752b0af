"""What the job board stores about a user, for export and erasure."""

from django.db import transaction

from campus_portal.personal_data import Section
from jobboard.models import (
    AlertDelivery,
    Application,
    ApplicationEvent,
    Offer,
    OfferAlert,
    OfferInvitation,
    SavedOffer,
)


def export_job_board(user) -> dict:
    applications = Application.objects.filter(student__user=user).select_related("offer__company")
    return {
        "applications": [
            {
                "offer": application.offer.title,
                "company": application.offer.company.name,
                "status": application.get_status_display(),
                "message": application.message,
                "sent_at": application.created_at,
                "history": [
                    {
                        "date": event.created_at,
                        "status": event.get_to_status_display(),
                        "note": event.note if event.actor_id == user.pk else "",
                    }
                    for event in application.events.all()
                ],
            }
            for application in applications.prefetch_related("events")
        ],
        "saved_offers": [
            saved.offer.title
            for saved in SavedOffer.objects.filter(student__user=user).select_related("offer")
        ],
        "offer_alert": OfferAlert.objects.filter(student__user=user, is_active=True).exists(),
        "invitations_received": [
            {
                "offer": invitation.offer.title,
                "status": invitation.get_status_display(),
                "date": invitation.created_at,
            }
            for invitation in OfferInvitation.objects.filter(student__user=user).select_related(
                "offer"
            )
        ],
        "offers_created": list(
            Offer.objects.filter(created_by=user).values_list("title", flat=True)
        ),
    }


def erase_job_board(user) -> None:
    """A student's applications go with the profile (cascade); their CV copies too."""
    for application in Application.objects.filter(student__user=user).exclude(cv_copy=""):
        storage, name = application.cv_copy.storage, application.cv_copy.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


JOB_BOARD_SECTION = Section(
    key="job_board",
    models=(
        Offer,
        Application,
        ApplicationEvent,
        SavedOffer,
        OfferAlert,
        AlertDelivery,
        OfferInvitation,
    ),
    export=export_job_board,
    erase=erase_job_board,
)
