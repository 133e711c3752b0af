"""Send the meeting-day reminders due today (a scheduler runs it daily).

A week before and the day before a published day; running it twice sends nothing new.
"""

from django.core.management.base import BaseCommand

from events.reminders import send_event_reminders


class Command(BaseCommand):
    help = "Email the reminders of the meeting days to come (a week before, the day before)."

    def handle(self, *args, **options):
        sent = send_event_reminders()
        self.stdout.write(f"Meeting-day reminders sent: {sent}")
