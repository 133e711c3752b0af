"""Each September, ask pupils to confirm their year or that they graduated (once a year).

A scheduler runs this daily; a pupil is emailed once per school year, and the banner in
the student area stays until they answer.
"""

from django.core.management.base import BaseCommand

from campus_portal.mail import send_templated_mail
from students.models import StudentProfile, current_school_year


class Command(BaseCommand):
    help = "Email the pupils who have not confirmed their year for the current school year."

    def handle(self, *args, **options):
        year = current_school_year()
        pending = (
            StudentProfile.objects.select_related("user")
            .exclude(status="")
            .exclude(status=StudentProfile.Status.GRADUATE)
            .exclude(confirmed_school_year=year)
            .exclude(year_reminder_sent_for=year)
            .filter(user__is_active=True)
        )
        sent = 0
        for profile in pending:
            send_templated_mail(
                template="students/email/school_year",
                to=profile.user,
                context={"profile": profile, "school_year": f"{year}-{year + 1}"},
            )
            profile.year_reminder_sent_for = year
            profile.save(update_fields=["year_reminder_sent_for"])
            sent += 1
        self.stdout.write(f"School-year reminders sent: {sent}")
