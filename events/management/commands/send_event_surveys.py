"""Email the short survey to the students and companies who came to a meeting day."""

from django.core.management.base import BaseCommand, CommandError

from events.models import MeetingDay
from events.surveys import SurveyError, send_surveys


class Command(BaseCommand):
    help = (
        "Email the survey of a past meeting day to its present students and to the members "
        "of the companies that were present (once per person; unsubscribed people skipped)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", required=True, help="the slug of the meeting day")

    def handle(self, *args, day, **options):
        meeting_day = MeetingDay.objects.filter(slug=day).first()
        if meeting_day is None:
            raise CommandError(f"No meeting day with the slug {day!r}.")
        try:
            count = send_surveys(meeting_day)
        except SurveyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Surveys sent: {count}")
