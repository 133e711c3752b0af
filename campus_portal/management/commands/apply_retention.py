"""Apply the retention rules every app registered; a scheduler runs this daily."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from campus_portal import personal_data


class Command(BaseCommand):
    help = "Delete or warn about personal data past its retention period."

    def handle(self, *args, **options):
        report = personal_data.apply_retention(timezone.now())
        for key, count in report.removed.items():
            self.stdout.write(f"{key}: {count}")
