"""Backups of the PostgreSQL database and both file stores, checked against a manifest."""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction

# The stores a backup holds (see STORAGES): "default" the public one (logos), "private"
# the CVs and application copies. Copied through the storage API, so that a local folder
# and an S3 bucket are backed up alike.
STORES = ("default", "private")
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
FORMAT = 1
NAME_FORMAT = "campus-%Y%m%dT%H%M%SZ"  # UTC; prune_backups reads a backup's age from it
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (pg_dump and pg_restore); this database is "
            f"{connection.display_name}. Set DATABASE_URL to the PostgreSQL database. A "
            "development SQLite database is one file: copy "
            f"{settings.DATABASES['default']['NAME']} while the portal is stopped."
        )


def database_name() -> str:
    return settings.DATABASES["default"]["NAME"]


def pg_environment() -> dict[str, str]:
    """libpq variables for pg_dump, pg_restore and psql: the password stays out of `ps`."""
    db = settings.DATABASES["default"]
    variables = {
        "PGDATABASE": db["NAME"],
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGSSLMODE": db.get("OPTIONS", {}).get("sslmode", ""),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def run_tool(arguments: list[str]) -> None:
    try:
        subprocess.run(  # noqa: S603 - fixed tool names, arguments built here
            arguments, env=pg_environment(), check=True, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{arguments[0]} is not installed: install the PostgreSQL client "
            "(Debian: postgresql-client) in the major version of the server."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{arguments[0]} failed:\n{error.stderr.strip()}") from error


def table_row_counts() -> dict[str, int]:
    """Rows of every table of the database, as the current transaction sees them."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def store_names(alias: str, folder: str = "") -> list[str]:
    """Every file of a store, walked through listdir (FileSystemStorage and S3 alike)."""
    storage = storages[alias]
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []  # a local store nobody uploaded to yet has no folder
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += store_names(alias, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def copy_hashing(source: BinaryIO, target: BinaryIO | None) -> dict:
    """Copy one open file into another; return its size and SHA-256 read on the way."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def file_facts(path: Path) -> dict:
    with path.open("rb") as source:
        return copy_hashing(source, None)


def store_inventory(alias: str) -> dict[str, dict]:
    """Size and SHA-256 of every file now in a store."""
    storage = storages[alias]
    inventory = {}
    for name in store_names(alias):
        with storage.open(name, "rb") as source:
            inventory[name] = copy_hashing(source, None)
    return inventory


def local_path(root: Path, name: str) -> Path:
    """Where a store's file goes in a backup folder; refuses names that would leave it."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupError(f"Refusing the file name {name!r}: it would leave the backup folder.")
    return root.joinpath(*parts)


def private_file(path: Path) -> BinaryIO:
    """A new file only its owner may read (backups hold personal data)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def create_backup(root: Path, *, now: datetime) -> tuple[Path, dict]:
    """Dump the database, copy both stores and write the manifest into a new folder.

    The row counts and pg_dump read the same snapshot, so the manifest describes exactly
    what the dump holds even while the portal keeps running. The folder is named
    `.partial` until everything is written: a half-made backup never looks complete.
    """
    require_postgresql()
    old_umask = os.umask(0o077)
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        final = root / now.strftime(NAME_FORMAT)
        partial = root / f"{final.name}.partial"
        if final.exists() or partial.exists():
            raise BackupError(f"{final} already exists: wait a second and run again.")
        partial.mkdir(mode=0o700)
        try:
            manifest = {
                "format": FORMAT,
                "created_at": now.isoformat(),
                "database": dump_database(partial / DUMP),
                "stores": {alias: copy_store(alias, partial / FILES / alias) for alias in STORES},
            }
            with private_file(partial / MANIFEST) as out:
                out.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
        except BaseException:
            shutil.rmtree(partial)  # personal data: no half-made copy left behind
            raise
        partial.rename(final)
    finally:
        os.umask(old_umask)
    return final, manifest


def prune_backups(root: Path, *, keep_days: int, now: datetime) -> list[Path]:
    """Delete the backups older than `keep_days`, by the time in their name.

    Only folders this module names are touched; other files under BACKUP_DIR stay, and a
    `.partial` folder goes too once it is that old (its process died long ago).
    """
    if keep_days <= 0 or not root.is_dir():
        return []
    removed = []
    for folder in sorted(root.iterdir()):
        try:
            made = datetime.strptime(folder.name.removesuffix(".partial"), NAME_FORMAT)
        except ValueError:
            continue
        if folder.is_dir() and now - made.replace(tzinfo=UTC) > timedelta(days=keep_days):
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def dump_database(path: Path) -> dict:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
        tables = table_row_counts()
        # The snapshot lives as long as this transaction: pg_dump must finish inside it.
        run_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"])
    os.chmod(path, 0o600)
    return {
        "name": database_name(),
        "server_version": server_version,
        "dump": {"file": DUMP, **file_facts(path)},
        "tables": tables,
    }


def copy_store(alias: str, target: Path) -> dict[str, dict]:
    storage = storages[alias]
    copied = {}
    for name in store_names(alias):
        with storage.open(name, "rb") as source, private_file(local_path(target, name)) as out:
            copied[name] = copy_hashing(source, out)
    return copied


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not a complete backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: unknown manifest format {manifest.get('format')!r}.")
    return manifest


def damaged_files(folder: Path, manifest: dict) -> list[str]:
    """The backup's own files that are missing or differ from the manifest."""
    expected = {DUMP: manifest["database"]["dump"]}
    for alias, files in manifest["stores"].items():
        for name, facts in files.items():
            expected[str(local_path(Path(FILES) / alias, name))] = facts
    problems = []
    for relative, facts in expected.items():
        path = folder / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif {key: facts[key] for key in ("size", "sha256")} != file_facts(path):
            problems.append(f"changed: {relative}")
    return problems


def restore_database(folder: Path) -> None:
    """Replace the whole `public` schema of DATABASE_URL's database with the dump, at once.

    Dropping the schema also removes tables the backup does not know (a release newer than
    the backup), which `pg_restore --clean` would leave behind. pg_restore first writes the
    SQL into a private temporary folder, so that psql starts only on a complete script and
    applies all of it or nothing (one transaction, stop at the first error). Ownership and
    grants are left out: the objects belong to the role of DATABASE_URL, which is what the
    portal connects as, even on a new server.
    """
    connection.close()  # no session of ours may hold a lock on a table being replaced
    with tempfile.TemporaryDirectory(prefix="campus-restore-") as scratch:  # mode 0700
        script = Path(scratch) / "restore.sql"
        run_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                f"--file={script}",
                str(folder / DUMP),
            ]
        )
        run_tool(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--command=DROP SCHEMA public CASCADE",
                "--command=CREATE SCHEMA public",
                f"--file={script}",
            ]
        )


def restore_store(alias: str, source: Path, files: dict) -> None:
    """Put each file of the backup back under its own name (the rows point to it)."""
    storage = storages[alias]
    for name in files:
        if storage.exists(name):
            storage.delete(name)  # else a local store saves it under another name
        with local_path(source, name).open("rb") as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:
            raise BackupError(f"The store {alias!r} saved {name!r} as {saved!r}.")


@dataclass
class Comparison:
    """What a restore found against what the manifest says was backed up."""

    tables: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def table_differences(self) -> list[tuple[str, int | None, int | None]]:
        return [row for row in self.tables if row[1] != row[2]]

    @property
    def ok(self) -> bool:
        return not (self.table_differences or self.missing_files or self.changed_files)


def compare_with(manifest: dict) -> Comparison:
    """Count rows and hash files now, and set them against the manifest.

    Files in a store that the backup did not hold are listed, not counted as a failure:
    the restore leaves them where they are.
    """
    found = table_row_counts()
    expected = manifest["database"]["tables"]
    result = Comparison(
        tables=[(name, expected.get(name), found.get(name)) for name in sorted({*expected, *found})]
    )
    for alias, files in manifest["stores"].items():
        present = store_inventory(alias)
        for name, facts in files.items():
            result.files_checked += 1
            if name not in present:
                result.missing_files.append(f"{alias}: {name}")
            elif present[name]["sha256"] != facts["sha256"]:
                result.changed_files.append(f"{alias}: {name}")
        result.extra_files += [f"{alias}: {name}" for name in present if name not in files]
    return result


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def human_size(size: int) -> str:
    value, unit = float(size), "B"
    for larger in ("KB", "MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
