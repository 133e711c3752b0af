"""Expire the published offers past their end; a scheduler runs this daily.

The list already hides them (it compares the date); this makes their status say so.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobboard.moderation import expire_offers


class Command(BaseCommand):
    help = "Mark the published offers whose publication has ended as expired."

    def handle(self, *args, **options):
        count = expire_offers(now=timezone.now())
        self.stdout.write(f"Offers expired: {count}")
