from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Élèves et filières")

    def ready(self):
        from campus_portal import roles
        from students.models import StudentProfile

        roles.register(
            roles.Role(
                key="student",
                label=_("Je suis élève ou diplômé·e"),
                signup_help=_("Pour trouver un stage, une alternance ou un emploi."),
                area_url_name="students:area",
                holds=lambda user: hasattr(user, "student_profile"),
                on_signup=lambda user: StudentProfile.objects.create(user=user),
            )
        )
