"""Fail when a catalogue misses a string of the code, or is incomplete or not compiled."""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from campus_portal import catalogues


class Command(BaseCommand):
    help = "Check that the NL and EN catalogues are current, complete and compiled."

    def handle(self, *args, **options):
        problems = self.stale_catalogues()
        for language in catalogues.LANGUAGES:
            problems += catalogues.problems_in(language)
        problems += catalogues.upstream_gaps("nl")
        if problems:
            raise CommandError("\n".join(["Translation catalogues need work:", *problems]))
        self.stdout.write("Catalogues are current, complete and compiled.")

    def stale_catalogues(self) -> list[str]:
        """Extract the strings again into a copy, and compare with what is committed."""
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "locale"
            shutil.copytree(settings.LOCALE_PATHS[0], copy)
            with override_settings(LOCALE_PATHS=[copy]):
                call_command(
                    "makemessages",
                    locale=list(catalogues.LANGUAGES),
                    ignore_patterns=[".venv/*", "staticfiles/*", "var/*"],
                    no_obsolete=True,
                    verbosity=0,
                )
            problems = []
            for language in catalogues.LANGUAGES:
                fresh = catalogues.msgids(copy / language / "LC_MESSAGES" / "django.po")
                committed = catalogues.msgids(catalogues.catalogue_path(language))
                for missing in sorted(fresh - committed):
                    problems.append(
                        f"{language}: {missing[1]!r} is in the code but not in the catalogue"
                    )
                for gone in sorted(committed - fresh):
                    problems.append(
                        f"{language}: {gone[1]!r} is in the catalogue but no longer in the code"
                    )
            return problems
