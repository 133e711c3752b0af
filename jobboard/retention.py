"""How long the job board keeps the CV copies of applications (DESIGN.md: 12 months)."""

from datetime import datetime, timedelta

from django.db import transaction

from campus_portal.personal_data import RetentionRule
from jobboard.models import Application

# A company may see an applicant's CV until 12 months after the application closed.
CV_COPY_RETENTION_DAYS = 365
BATCH_SIZE = 500


def cv_copy_cutoff(now: datetime) -> datetime:
    """Applications closed on or before this moment no longer keep their CV copy."""
    return now - timedelta(days=CV_COPY_RETENTION_DAYS)


def delete_old_cv_copies(now: datetime) -> int:
    """Delete the CV copies of applications closed at least 12 months ago.

    The field is blanked in the transaction and the files go once it commits, so a
    failure leaves no application pointing to a missing file.
    """
    with transaction.atomic():
        expired = list(
            Application.objects.exclude(cv_copy="")
            .filter(closed_at__isnull=False, closed_at__lte=cv_copy_cutoff(now))
            .select_for_update()
            .values_list("pk", "cv_copy")
        )
        if not expired:
            return 0
        pks = [pk for pk, _name in expired]
        for start in range(0, len(pks), BATCH_SIZE):
            Application.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(cv_copy="")
        storage = Application._meta.get_field("cv_copy").storage
        names = [name for _pk, name in expired]

        def delete_files():
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return len(expired)


CV_COPY_RETENTION = RetentionRule(
    "application_cv_copies",
    "Delete the CV copies of applications closed 12 months ago",
    delete_old_cv_copies,
)
