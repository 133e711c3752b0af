from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Élèves et filières")

    def ready(self):
        from django.urls import reverse

        from campus_portal import area_menu, home_sections, personal_data, roles
        from campus_portal import demo as campus_demo
        from students.demo import fill_demo_student
        from students.home import shortage_tracks_section
        from students.invitations import INVITATION_RETENTION, INVITATION_SECTION
        from students.models import StudentProfile
        from students.personal_data import STUDENT_SECTION

        personal_data.register(STUDENT_SECTION)
        area_menu.register("student", _("Mon espace"), "students:area", order=0)
        area_menu.register("student", _("Mon profil"), "students:profile_edit", order=10)
        area_menu.register("student", _("Mon CV"), "students:cv_manage", order=20)
        area_menu.register("student", _("Confidentialité"), "students:privacy", order=90)
        campus_demo.register(fill_demo_student)
        home_sections.register(shortage_tracks_section, order=30)
        personal_data.register(INVITATION_SECTION)
        personal_data.register_retention(INVITATION_RETENTION)

        def onboarding_url(user):
            if not user.student_profile.is_complete:
                return reverse("students:profile_edit")
            return None

        roles.register(
            roles.Role(
                key="student",
                label=_("Je suis élève ou diplômé·e"),
                signup_help=_("Pour trouver un stage, une alternance ou un emploi."),
                area_url_name="students:area",
                holds=lambda user: hasattr(user, "student_profile"),
                on_signup=lambda user: StudentProfile.objects.create(user=user),
                onboarding_url=onboarding_url,
                user_relations=("student_profile__track",),
            )
        )

        from campus_portal import caching
        from students.models import Sector, ShortageOccupation, Track

        caching.bump_on_change(
            "tracks", Sector, Track, ShortageOccupation, ShortageOccupation.tracks.through
        )
