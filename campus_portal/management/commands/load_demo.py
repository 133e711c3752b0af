"""Create the demo accounts (development only), idempotently, and print them."""

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campus_portal import demo, roles
from campus_portal.models import User

# Shared by every demo account; the command refuses to run outside development.
DEMO_PASSWORD = "demo-campus-2026"  # noqa: S105 - public, development-only demo password

DEMO_ACCOUNTS = [
    # (email, first name, last name, language, role)
    ("eleve@demo.campus.test", "Inès", "El Amrani", "fr", "student"),
    ("recruteur@demo.campus.test", "Pieter", "Janssens", "nl", "company"),
    ("staff@demo.campus.test", "Claire", "Dubois", "fr", roles.STAFF),
]


class Command(BaseCommand):
    help = "Create the demo accounts (one per role) and print them. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (set DJANGO_DEBUG=true).")
        with transaction.atomic():
            self.update_site()
            created = [self.ensure_account(*spec) for spec in DEMO_ACCOUNTS]
            demo.run_steps({role_key: user for user, role_key in created})
        self.print_accounts(created)

    def update_site(self):
        domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
        Site.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": "Campus Portal"}
        )

    def ensure_account(self, email, first_name, last_name, language, role_key):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                preferred_language=language,
                is_staff=role_key == roles.STAFF,
                is_superuser=role_key == roles.STAFF,
            )
            role = roles.get(role_key)
            if role.on_signup:
                role.on_signup(user)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user, role_key

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for user, role_key in accounts:
            self.stdout.write(f"  {role_key:<8} {user.email:<28} {user.get_full_name()}")
        self.stdout.write("")
