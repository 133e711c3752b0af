"""CV files: checked by their content, kept in the private store under a random name."""

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from students.models import StudentProfile

logger = logging.getLogger(__name__)

MAX_CV_SIZE = 5 * 1024 * 1024


def validate_pdf(upload) -> None:
    """Refuse what is not a real, readable PDF of at most 5 MB, whatever its name says."""
    if upload.size == 0:
        raise ValidationError(_("Ce fichier est vide. Choisis ton CV au format PDF."), "empty")
    if upload.size > MAX_CV_SIZE:
        raise ValidationError(
            _("Ce fichier pèse %(size)s Mo : le CV ne peut pas dépasser 5 Mo.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            "too_large",
        )
    upload.seek(0)
    if not upload.read(1024).lstrip().startswith(b"%PDF-"):
        upload.seek(0)
        raise ValidationError(
            _("Ce fichier n'est pas un PDF. Enregistre ton CV au format PDF puis réessaie."),
            "not_pdf",
        )
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("Ce PDF est protégé par un mot de passe. Envoie une version sans protection."),
                "encrypted",
            )
        page_count = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        logger.info("Refused an unreadable PDF: %s", error)
        raise ValidationError(
            _("Ce PDF est abîmé ou illisible. Enregistre-le à nouveau en PDF puis réessaie."),
            "unreadable",
        ) from error
    finally:
        upload.seek(0)
    if page_count == 0:
        raise ValidationError(_("Ce PDF n'a aucune page."), "no_pages")


def store_cv(profile: StudentProfile, upload) -> None:
    """Keep `upload` as the profile's CV; the previous file goes once the change is saved."""
    old_name = profile.cv.name
    profile.cv.save(f"{uuid.uuid4().hex}.pdf", upload, save=False)
    profile.cv_uploaded_at = timezone.now()
    profile.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
    if old_name:
        _delete_after_commit(profile.cv.storage, old_name)


def delete_cv(profile: StudentProfile) -> None:
    if not profile.cv:
        return
    name = profile.cv.name
    profile.cv = ""
    profile.cv_uploaded_at = None
    profile.save(update_fields=["cv", "cv_uploaded_at", "updated_at"])
    _delete_after_commit(profile.cv.storage, name)


def _delete_after_commit(storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name))


def download_name(profile: StudentProfile) -> str:
    """A safe file name such as `CV-Ines-El-Amrani.pdf`."""
    return f"CV-{slugify(profile.user.get_full_name()).title() or 'eleve'}.pdf"
