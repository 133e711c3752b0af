from tests.permission_table import STUDENTS, Row, everyone, only
from tests.students.factories import TrackFactory, pdf_bytes


def a_track(persona):
    return {"slug": TrackFactory(slug="menuisier").slug}


def students_own_profile(persona):
    """The `student` persona's profile, with a CV: theirs and staff's only."""
    from django.core.files.base import ContentFile

    profile = persona("student").student_profile
    profile.cv.save("cv.pdf", ContentFile(pdf_bytes()))
    return {"public_id": profile.public_id}


# Only the student and staff see a profile or CV; everyone else gets a 404, as if it
# did not exist (a company gets access only through a relation, added by later apps).
OWN_PROFILE = {**everyone(404), "student": 200, "staff": 200}

ROWS = [
    Row("students:track_list", everyone(200)),
    Row("students:track_detail", everyone(200), setup=a_track),
    Row("students:area", only(STUDENTS)),
    Row("students:profile_edit", only(STUDENTS)),
    Row("students:cv_manage", only(STUDENTS)),
    Row("students:privacy", only(STUDENTS)),
    Row("students:confirm_year", everyone(405)),  # a POST-only action
    Row("students:profile_detail", OWN_PROFILE, setup=students_own_profile),
    Row("students:cv_download", OWN_PROFILE, setup=students_own_profile),
]


def a_class_invitation(persona):
    from students.models import ClassInvitation

    invitation = ClassInvitation.objects.create(
        email="nouvelle.eleve@example.be",
        first_name="Amina",
        last_name="Benali",
        track=TrackFactory(),
        status_year="year5",
    )
    return {"token": invitation.token}


ROWS += [
    # A made-up or used link is a 404 for everyone, as if it did not exist.
    Row("students:invitation_accept", everyone(404), {"token": "not-a-real-token"}),
    # A real link: visitors get the form; members are asked to log out first.
    Row("students:invitation_accept", everyone(200), setup=a_class_invitation),
]
