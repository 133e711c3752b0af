"""Back up the database and both file stores into a new folder under BACKUP_DIR."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from campus_portal import backups


class Command(BaseCommand):
    help = (
        "Write a timestamped backup folder (pg_dump in custom format, the files of the "
        "public and private stores, manifest.json) readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="target",
            type=Path,
            default=None,
            help="Folder that receives the backup (default: BACKUP_DIR, var/backups).",
        )

    def handle(self, *args, target=None, **options):
        root = Path(target or settings.BACKUP_DIR)
        started = time.monotonic()
        now = timezone.now()
        try:
            folder, manifest = backups.create_backup(root, now=now)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        # Only after a good backup: a failing one never leaves fewer copies behind.
        removed = backups.prune_backups(root, keep_days=settings.BACKUP_KEEP_DAYS, now=now)
        tables = manifest["database"]["tables"]
        self.stdout.write(f"Backup written to {folder}")
        self.stdout.write(
            f"  database {manifest['database']['name']}: {len(tables)} tables, "
            f"{sum(tables.values()):,} rows, dump "
            f"{backups.human_size(manifest['database']['dump']['size'])}"
        )
        for alias, files in manifest["stores"].items():
            size = sum(facts["size"] for facts in files.values())
            self.stdout.write(f"  store {alias}: {len(files)} files, {backups.human_size(size)}")
        self.stdout.write(
            f"  total {backups.human_size(backups.folder_size(folder))} "
            f"in {time.monotonic() - started:.1f} s"
        )
        for path in removed:
            self.stdout.write(f"Removed {path.name}: older than {settings.BACKUP_KEEP_DAYS} days")
