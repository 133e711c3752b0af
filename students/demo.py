"""The demo student's profile, languages and CV, for `make run`."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from students.models import (
    ContractKind,
    StudentLanguage,
    StudentProfile,
    Track,
    current_school_year,
)


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` in Helvetica: enough for a readable demo CV."""

    def escape(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    text = (
        b"BT /F1 14 Tf 18 TL 72 770 Td "
        + b" ".join(b"(" + escape(line) + b") Tj T*" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def fill_demo_student(accounts: dict) -> None:
    user = accounts.get("student")
    if user is None:
        return
    profile = StudentProfile.objects.get(user=user)
    if profile.track_id:
        return  # already filled, or edited by whoever tries the demo
    profile.track = Track.objects.filter(slug="electricien-automaticien").first()
    profile.status = StudentProfile.Status.YEAR_6
    profile.date_of_birth = datetime.date(timezone.localdate().year - 17, 3, 14)
    profile.contract_kinds = [ContractKind.INTERNSHIP, ContractKind.STUDENT_JOB]
    profile.skills = "Câblage d'armoires, lecture de schémas, automates Siemens (bases)"
    profile.presentation = (
        "Élève en 6e électricien automaticien, je cherche un stage pour le printemps."
    )
    profile.availability_note = "Le mercredi après-midi et pendant les congés scolaires"
    profile.driving_licence = StudentProfile.DrivingLicence.NONE
    profile.confirmed_school_year = current_school_year()
    profile.cv.save(
        "demo.pdf",
        ContentFile(
            simple_pdf(
                [
                    user.get_full_name(),
                    "Élève en 6e technique de qualification",
                    "Électricien automaticien",
                    "Langues : français (maternelle), néerlandais (notions), arabe (courant)",
                ]
            )
        ),
        save=False,
    )
    profile.cv_uploaded_at = timezone.now()
    profile.save()
    for language, level in [("fr", "native"), ("nl", "basic"), ("ar", "fluent")]:
        StudentLanguage.objects.get_or_create(
            profile=profile, language=language, defaults={"level": level}
        )
