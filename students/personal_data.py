"""What the students app stores about a user, for export and erasure."""

from django.db import transaction

from campus_portal.personal_data import Section
from students.models import StudentProfile


def export_student(user) -> dict | None:
    profile = (
        StudentProfile.objects.filter(user=user)
        .select_related("track")
        .prefetch_related("languages")
        .first()
    )
    if profile is None:
        return None
    return {
        "track": profile.track.name if profile.track else None,
        "status": profile.get_status_display() if profile.status else None,
        "graduation_year": profile.graduation_year,
        "date_of_birth": profile.date_of_birth,
        "languages": [
            {
                "language": language.get_language_display(),
                "other": language.other_name,
                "level": language.get_level_display(),
            }
            for language in profile.languages.all()
        ],
        "driving_licence": profile.get_driving_licence_display()
        if profile.driving_licence
        else None,
        "skills": profile.skills,
        "available_from": profile.available_from,
        "availability_note": profile.availability_note,
        "contract_kinds": profile.get_contract_kinds_display(),
        "presentation": profile.presentation,
        "phone": profile.phone,
        "cv": {"uploaded_at": profile.cv_uploaded_at} if profile.cv else None,
        "talent_search_opt_in": profile.talent_search_opt_in,
        "talent_search_opt_in_at": profile.talent_search_opt_in_at,
        "confirmed_school_year": profile.confirmed_school_year,
        "created_at": profile.created_at,
    }


def erase_student(user) -> None:
    """The CV file goes with the account (once the deletion is committed)."""
    profile = StudentProfile.objects.filter(user=user).first()
    if profile and profile.cv:
        storage, name = profile.cv.storage, profile.cv.name
        transaction.on_commit(lambda: storage.delete(name))


STUDENT_SECTION = Section(
    key="student_profile",
    models=(StudentProfile,),
    export=export_student,
    erase=erase_student,
)
