"""Print the current second-factor code of the demo staff accounts (development only)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campus_portal.management.commands.load_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo staff accounts' current TOTP code. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (set DJANGO_DEBUG=true).")
        import time

        counter = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
