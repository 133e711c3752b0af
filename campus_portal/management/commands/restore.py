"""Restore a backup folder into DATABASE_URL's database and the stores, then verify it."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from campus_portal import backups


class Command(BaseCommand):
    help = (
        "Replace the database of DATABASE_URL with a backup (pg_restore --clean), put the "
        "backed-up files back into both stores, and compare row counts and checksums with "
        "the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="A folder written by `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the data without asking (scripts, drills). Without it, the "
            "command asks for the database's name.",
        )

    def handle(self, *args, backup, yes=False, **options):
        started = time.monotonic()
        try:
            backups.require_postgresql()
            manifest = backups.read_manifest(backup)
            damaged = backups.damaged_files(backup, manifest)
            if damaged:
                raise CommandError(
                    "\n".join(["The backup differs from its manifest; nothing restored:", *damaged])
                )
            self.check_database_exists()
            self.confirm(manifest, yes)
            backups.restore_database(backup)
            for alias, files in manifest["stores"].items():
                backups.restore_store(alias, backup / backups.FILES / alias, files)
            comparison = backups.compare_with(manifest)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.report(comparison)
        if not comparison.ok:
            raise CommandError("The restored data differs from the backup (see above).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {backup} into {backups.database_name()} and verified it "
                f"in {time.monotonic() - started:.1f} s. Run `manage.py migrate` if this "
                "code is newer than the backup."
            )
        )

    def check_database_exists(self) -> None:
        try:
            connection.ensure_connection()
        except OperationalError as error:
            raise CommandError(
                f"Cannot connect to the database {backups.database_name()}: {error}\n"
                "On a new server, create it empty first, owned by the portal's role "
                "(createdb --owner=ROLE NAME), then run the restore again."
            ) from error

    def confirm(self, manifest: dict, yes: bool) -> None:
        """Refuse to replace data unless told so, interactively or with --yes."""
        name = backups.database_name()
        warning = (
            f"This replaces every table of the database {name} and the files of both "
            f"stores with the backup of {manifest['created_at']}."
        )
        if yes:
            return
        if not sys.stdin.isatty():
            raise CommandError(f"{warning} Pass --yes (make restore ... CONFIRM=yes) to go on.")
        self.stdout.write(warning)
        if input(f"Type the database name ({name}) to go on: ").strip() != name:
            raise CommandError("Not confirmed; nothing restored.")

    def report(self, comparison: backups.Comparison) -> None:
        width = max((len(name) for name, _expected, _found in comparison.tables), default=5)
        self.stdout.write(f"{'table':<{width}}  {'backup':>8}  {'restored':>8}")
        for name, expected, found in comparison.tables:
            mark = "" if expected == found else "  DIFFERS"
            self.stdout.write(
                f"{name:<{width}}  {self.count(expected):>8}  {self.count(found):>8}{mark}"
            )
        differences = len(comparison.table_differences)
        self.stdout.write(
            f"Tables: {len(comparison.tables) - differences} of {len(comparison.tables)} match."
        )
        for label, names in (
            ("missing", comparison.missing_files),
            ("changed", comparison.changed_files),
        ):
            for name in names:
                self.stdout.write(f"File {label}: {name}")
        bad = len(comparison.missing_files) + len(comparison.changed_files)
        self.stdout.write(
            f"Files: {comparison.files_checked - bad} of {comparison.files_checked} "
            "match their SHA-256."
        )
        if comparison.extra_files:
            self.stdout.write(
                f"{len(comparison.extra_files)} file(s) in the stores were not in the backup "
                "(left in place):"
            )
            for name in comparison.extra_files:
                self.stdout.write(f"  {name}")

    @staticmethod
    def count(value: int | None) -> str:
        return "-" if value is None else str(value)
