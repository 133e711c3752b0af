"""Create the demo accounts (development only), idempotently, and print them."""

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campus_portal import demo, roles, staff_groups
from campus_portal.models import User

# Shared by every demo account; the command refuses to run outside development.
DEMO_PASSWORD = "demo-campus-2026"  # noqa: S105 - public, development-only demo password
# Public too: the TOTP secret of the demo staff accounts (base32).
DEMO_TOTP_SECRET = "CAMPUSPORTALDEMO"  # noqa: S105 - development-only demo secret

DEMO_ACCOUNTS = [
    # (email, first name, last name, language, role[, staff group])
    ("eleve@demo.campus.test", "Inès", "El Amrani", "fr", "student"),
    ("recruteur@demo.campus.test", "Pieter", "Janssens", "nl", "company"),
    # Staff without a group are superusers; the demo steps act as the first of a role.
    ("staff@demo.campus.test", "Claire", "Dubois", "fr", roles.STAFF),
    ("moderation@demo.campus.test", "Karim", "Benali", "fr", roles.STAFF, staff_groups.MODERATION),
    ("direction@demo.campus.test", "An", "Peeters", "nl", roles.STAFF, staff_groups.DIRECTION),
]


class Command(BaseCommand):
    help = "Create the demo accounts (one per role) and print them. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (set DJANGO_DEBUG=true).")
        with transaction.atomic():
            self.update_site()
            created = [self.ensure_account(*spec) for spec in DEMO_ACCOUNTS]
            # Reversed, so that each role's first account (the superuser for staff) wins.
            demo.run_steps({role_key: user for user, role_key in reversed(created)})
        self.print_accounts(created)

    def update_site(self):
        domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
        Site.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": "Campus Portal"}
        )

    def ensure_account(self, email, first_name, last_name, language, role_key, group=None):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
                preferred_language=language,
                is_staff=role_key == roles.STAFF,
                is_superuser=role_key == roles.STAFF and group is None,
            )
            role = roles.get(role_key)
            if role.on_signup:
                role.on_signup(user)
        if group is not None:
            # The groups are made after every migrate (campus_portal.staff_groups).
            user.groups.add(Group.objects.get(name=group))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if user.is_staff and not Authenticator.objects.filter(user=user).exists():
            # Staff need a second factor before the admin: the demo's is printed below.
            TOTP.activate(user, DEMO_TOTP_SECRET)
        return user, role_key

    def print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        self.stdout.write(
            f"  Staff log in with a second factor: the secret {DEMO_TOTP_SECRET} in an "
            "authenticator app, or the code printed by `make totp`."
        )
        for user, role_key in accounts:
            access = ", ".join(group.name for group in user.groups.all())
            if user.is_superuser:
                access = "superuser"
            line = f"  {role_key:<8} {user.email:<28} {user.get_full_name()}"
            self.stdout.write(f"{line:<62} {access}".rstrip())
        self.stdout.write("")
