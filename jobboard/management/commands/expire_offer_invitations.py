"""Record as expired the invitations to apply left unanswered for 30 days (run daily).

The pages already read a sent invitation past its date as expired; this command makes the
database say so too, so that the company may invite the student again.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobboard.talent import expire_invitations


class Command(BaseCommand):
    help = "Mark the invitations to apply that passed their 30 days as expired."

    def handle(self, *args, **options):
        count = expire_invitations(timezone.now())
        self.stdout.write(f"{count} invitation(s) expired.")
