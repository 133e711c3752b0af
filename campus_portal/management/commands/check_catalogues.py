"""Fail when a catalogue misses a string of the code, or is incomplete or not compiled."""

import os
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
        """Extract the strings again in a copy of the project, and compare with what is
        committed. A copy, because makemessages writes to the `locale` folder it finds next
        to the sources, whatever LOCALE_PATHS says."""
        base = Path(settings.BASE_DIR)
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "project"
            shutil.copytree(
                base,
                copy,
                ignore=shutil.ignore_patterns(
                    ".venv",
                    ".git",
                    "staticfiles",
                    "var",
                    "__pycache__",
                    "*.pyc",
                    "*.sqlite3",
                    "node_modules",
                ),
            )
            here = os.getcwd()
            os.chdir(copy)
            try:
                with override_settings(LOCALE_PATHS=[copy / "locale"]):
                    call_command(
                        "makemessages",
                        locale=list(catalogues.LANGUAGES),
                        ignore_patterns=["staticfiles/*", "var/*"],
                        no_obsolete=True,
                        verbosity=0,
                    )
            finally:
                os.chdir(here)
            problems = []
            for language in catalogues.LANGUAGES:
                fresh = catalogues.msgids(copy / "locale" / language / "LC_MESSAGES" / "django.po")
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
