from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Élèves et filières")

    def ready(self):
        from django.urls import reverse

        from campus_portal import demo as campus_demo
        from campus_portal import personal_data, roles
        from students.demo import fill_demo_student
        from students.invitations import INVITATION_RETENTION, INVITATION_SECTION
        from students.models import StudentProfile
        from students.personal_data import STUDENT_SECTION

        personal_data.register(STUDENT_SECTION)
        campus_demo.register(fill_demo_student)
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
            )
        )
