"""Backups: what runs without PostgreSQL (the whole drill is tests/ops/test_backup_drill.py)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from campus_portal import backups

NOW = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)


def make_backups(root: Path, *names: str) -> None:
    for name in names:
        (root / name).mkdir(parents=True)
        (root / name / "manifest.json").write_text("{}")


def test_each_backup_deletes_the_backups_past_their_retention(tmp_path):
    make_backups(
        tmp_path,
        "campus-20261028T023000Z",  # 31 days old
        "campus-20261028T230000Z.partial",  # a run that died, 30 days and 3.5 hours ago
        "campus-20261029T050000Z",  # just inside 30 days
        "campus-20261127T023000Z",
        "before-the-move",  # not named by the backup command: never touched
    )

    removed = backups.prune_backups(tmp_path, keep_days=30, now=NOW)

    assert [path.name for path in removed] == [
        "campus-20261028T023000Z",
        "campus-20261028T230000Z.partial",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "before-the-move",
        "campus-20261029T050000Z",
        "campus-20261127T023000Z",
    ]


def test_no_retention_keeps_every_backup(tmp_path):
    make_backups(tmp_path, "campus-20200101T000000Z")
    assert backups.prune_backups(tmp_path, keep_days=0, now=NOW) == []
    assert (tmp_path / "campus-20200101T000000Z").is_dir()


@pytest.mark.parametrize("name", ["../escape.pdf", "/etc/passwd", "cvs/../../escape.pdf"])
def test_a_file_name_cannot_lead_out_of_the_backup_folder(tmp_path, name):
    with pytest.raises(backups.BackupError):
        backups.local_path(tmp_path, name)


@pytest.mark.django_db
def test_backup_says_it_needs_postgresql_on_sqlite(tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("this database is PostgreSQL: the drill covers it")
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("backup", "--dir", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
