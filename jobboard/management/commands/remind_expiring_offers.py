"""Remind companies a week before an offer's publication ends; a scheduler runs this daily."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobboard.moderation import REMINDER_DAYS, remind_expiring_offers


class Command(BaseCommand):
    help = f"Email the members of companies whose offers end within {REMINDER_DAYS} days (once)."

    def handle(self, *args, **options):
        count = remind_expiring_offers(now=timezone.now())
        self.stdout.write(f"Offers reminded of their end: {count}")
