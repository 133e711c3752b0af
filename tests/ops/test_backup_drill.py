"""The backup drill: fill a scratch database and both stores, back up, lose it all, restore.

Everything runs through `manage.py` in subprocesses with the production settings module,
as an operator would; the test measures the data itself (rows and content of every table,
SHA-256 of every file) rather than trusting the manifest the commands write.
"""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from tests.ops.processes import clean_env

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

# The demo puts CVs in the private store; this puts a logo in the public one.
ADD_LOGO = """
from io import BytesIO
from PIL import Image
from django.core.files.base import ContentFile
from companies.models import Company
image = BytesIO()
Image.new("RGB", (120, 60), (0, 94, 184)).save(image, format="PNG")
company = Company.objects.order_by("pk").first()
company.logo.save("elektro.png", ContentFile(image.getvalue()))
"""


def server_url(name: str) -> str:
    """DATABASE_URL with another database name on the same server."""
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def administer(statement: sql.Composable) -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


def drop_database(name: str) -> None:
    administer(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def create_database(name: str) -> None:
    administer(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@pytest.fixture
def drill(tmp_path):
    """A scratch database named after DATABASE_URL's, and the environment of the commands.

    The database is dropped at the end whatever happens; the files live in tmp_path."""
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_backup_drill"
    drop_database(name)  # left over from an interrupted run
    create_database(name)
    env = clean_env(
        DJANGO_SETTINGS_MODULE="campus_portal.settings",
        DJANGO_DEBUG="true",  # load_demo is for development only
        DATABASE_URL=server_url(name),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    try:
        yield name, env
    finally:
        drop_database(name)


def manage(env: dict, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [*MANAGE, *arguments],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, f"{arguments}:\n{result.stdout}\n{result.stderr}"
    return result


def database_state(name: str) -> dict[str, tuple[int, str]]:
    """Rows and an MD5 of the content of every table, read straight from PostgreSQL."""
    with psycopg.connect(server_url(name)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        state = {}
        for table in tables:
            query = sql.SQL(
                "SELECT COUNT(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                "FROM {} AS t"
            ).format(sql.Identifier(table))
            state[table] = tuple(db.execute(query).fetchone())
    return state


def files_state(env: dict) -> dict[str, str]:
    """SHA-256 of every file of both stores (local folders in this drill)."""
    state = {}
    for variable in ("DJANGO_MEDIA_ROOT", "DJANGO_PRIVATE_MEDIA_ROOT"):
        root = Path(env[variable])
        for path in sorted(root.rglob("*")):
            if path.is_file():
                key = f"{variable}:{path.relative_to(root)}"
                state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def test_restore_after_losing_everything_gives_back_every_row_and_file(drill):
    name, env = drill
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_reference")
    manage(env, "load_demo")
    manage(env, "shell", "-c", ADD_LOGO)
    rows_before, files_before = database_state(name), files_state(env)
    assert rows_before["students_studentprofile"][0] > 0
    assert any(key.startswith("DJANGO_MEDIA_ROOT:logos/") for key in files_before)
    assert any(key.startswith("DJANGO_PRIVATE_MEDIA_ROOT:cvs/") for key in files_before)

    manage(env, "backup")
    [backup] = Path(env["BACKUP_DIR"]).iterdir()
    # Personal data: the owner alone may read the backup.
    for path in [backup, *backup.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"

    # Replacing data needs a confirmation that a script without a terminal cannot give.
    refused = manage(env, "restore", str(backup), check=False)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr

    # The disaster: the database and both stores are gone; a new empty database is made.
    drop_database(name)
    create_database(name)
    shutil.rmtree(env["DJANGO_MEDIA_ROOT"])
    shutil.rmtree(env["DJANGO_PRIVATE_MEDIA_ROOT"])

    restored = manage(env, "restore", str(backup), "--yes")
    assert f"Tables: {len(rows_before)} of {len(rows_before)} match." in restored.stdout
    assert database_state(name) == rows_before
    assert files_state(env) == files_before

    # A backup damaged since it was written is refused before anything is replaced.
    [logo] = (backup / "files" / "default" / "logos").iterdir()
    logo.write_bytes(logo.read_bytes() + b"damaged")
    manage(env, "shell", "-c", "from jobboard.models import Offer; Offer.objects.all().delete()")
    rows_after_change = database_state(name)
    refused = manage(env, "restore", str(backup), "--yes", check=False)
    assert refused.returncode != 0
    assert f"changed: files/default/logos/{logo.name}" in refused.stderr
    assert database_state(name) == rows_after_change
