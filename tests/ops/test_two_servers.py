"""Two app servers share everything: a visitor may land on either at any request.

Two gunicorn instances run with the production settings, one PostgreSQL database (the
test database), one Redis and one S3-compatible object store (moto), and each has local
folders of its own that must stay empty.
"""

import hashlib
import os
import re
import time
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

import boto3
import pytest
import redis
from django.contrib.sites.models import Site
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from students.models import StudentProfile
from tests.factories import PASSWORD
from tests.ops.processes import (
    CACHE_URL,
    HOST,
    Visitor,
    database_url_for_servers,
    free_port,
    gunicorn,
    log_in,
    moto_s3,
    production_env,
    student_with_password,
)
from tests.students.factories import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_BUCKET = "campus-public"
PRIVATE_BUCKET = "campus-private"
S3_KEY = "test-access-key"
S3_SECRET = "test-secret-key"  # noqa: S105 - moto accepts any
# An account is refused after 3 failed logins within 15 s (production: 5 within 5 min),
# so that the test can watch the limit lift.
KEY_LIMIT, KEY_PERIOD = 3, 15
LOGIN_FAILED_RATE = f"100/m/ip,{KEY_LIMIT}/{KEY_PERIOD}s/key"
TOO_MANY = "Trop de tentatives de connexion échouées"
WRONG = "L’adresse e-mail ou le mot de passe sont incorrects."


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A local S3 server with the public and the private bucket."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with moto_s3(port, log=log):
        client = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{port}",
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
        )
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        yield client


class Server(NamedTuple):
    url: str
    folders: Path  # its DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT are in here

    def local_files(self) -> list[str]:
        return [name for _folder, _dirs, names in os.walk(self.folders) for name in names]


@pytest.fixture(scope="module")
def servers(django_db_setup, s3, static_root, tmp_path_factory):
    """Two app servers on free ports, stopped at the end whatever happens."""
    redis.Redis.from_url(CACHE_URL).flushdb()  # this run's database number only
    shared = {
        "DATABASE_URL": database_url_for_servers(),
        "DJANGO_STATIC_ROOT": str(static_root),
        "S3_ENDPOINT_URL": s3.meta.endpoint_url,
        "S3_ACCESS_KEY_ID": S3_KEY,
        "S3_SECRET_ACCESS_KEY": S3_SECRET,
        "S3_REGION": "us-east-1",
        "S3_PUBLIC_BUCKET": PUBLIC_BUCKET,
        "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
        "LOGIN_FAILED_RATE": LOGIN_FAILED_RATE,
    }
    with ExitStack() as running:
        started = []
        for name in ("a", "b"):
            home = tmp_path_factory.mktemp(f"server-{name}")
            folders = home / "files"
            env = production_env(
                **shared,
                DJANGO_MEDIA_ROOT=str(folders / "media"),
                DJANGO_PRIVATE_MEDIA_ROOT=str(folders / "private"),
            )
            port = free_port()
            running.enter_context(gunicorn(port, env=env, log=home / "gunicorn.log"))
            started.append(Server(f"http://127.0.0.1:{port}", folders))
        yield started


def test_a_visitor_logs_in_on_one_server_and_carries_on_on_the_other(servers, s3):
    a, b = servers
    user = student_with_password("ines@example.be")
    visitor = Visitor()
    assert log_in(visitor, a.url, user.email, PASSWORD).status_code == 302

    # b knows the session a opened; the CV goes up through b and down through a.
    content = pdf_bytes(2)
    upload = visitor.post(
        b.url,
        reverse("students:cv_manage"),
        {"upload": "1"},
        files={"cv": ("mon-cv.pdf", content, "application/pdf")},
    )
    assert upload.status_code == 302, upload.text[-2000:]
    profile = StudentProfile.objects.get(user=user)
    download = visitor.get(a.url, profile.get_cv_url())
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content == content

    # The file is an object of the private bucket, with no grant to anyone but its owner.
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=profile.cv.name)
    assert stored["Body"].read() == content
    grants = s3.get_object_acl(Bucket=PRIVATE_BUCKET, Key=profile.cv.name)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
    assert s3.list_objects_v2(Bucket=PUBLIC_BUCKET)["KeyCount"] == 0
    # Only the permission-checked view lets it out: a stranger gets a 404 on both servers.
    for server in (a, b):
        assert Visitor().get(server.url, profile.get_cv_url()).status_code == 404
    # Neither app server wrote a file of its own.
    assert a.local_files() == []
    assert b.local_files() == []


def login_limit_key(email: str) -> str:
    """The Redis key where allauth counts the account's failed logins."""
    identity = f"{Site.objects.get_current().domain}:{email}"
    digest = hashlib.sha256(identity.encode()).hexdigest()
    keys = redis.Redis.from_url(CACHE_URL).keys(f"*:login_failed:*/key:{digest}")
    assert len(keys) == 1
    return keys[0]


def fail_logins_on_both(visitor: Visitor, servers: list[Server], email: str) -> None:
    """Use up the account's failed logins, alternating between the servers."""
    for attempt in range(KEY_LIMIT):
        response = log_in(visitor, servers[attempt % 2].url, email, "not-the-password")
        assert WRONG in response.text
    # Shared: the next attempt is refused on either server, even with the right password.
    for server in servers:
        response = log_in(visitor, server.url, email, PASSWORD)
        assert response.status_code == 200
        assert TOO_MANY in response.text


def test_failed_logins_on_both_servers_add_up_and_the_limit_lifts(servers):
    user = student_with_password("yassine@example.be")
    visitor = Visitor()
    fail_logins_on_both(visitor, servers, user.email)

    # A period, not a lock: the count expires with its key, then the account logs in.
    ttl = redis.Redis.from_url(CACHE_URL).ttl(login_limit_key(user.email))
    assert 0 < ttl <= KEY_PERIOD
    time.sleep(ttl + 1)
    assert log_in(visitor, servers[1].url, user.email, PASSWORD).status_code == 302


def test_a_password_reset_frees_a_limited_account_at_once(servers):
    a, b = servers
    user = student_with_password("sara@example.be")
    visitor = Visitor()
    fail_logins_on_both(visitor, servers, user.email)

    response = visitor.post(b.url, reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    # The mail waits in the task queue in PostgreSQL, for whichever worker takes it.
    queued = DBTaskResult.objects.get(task_path="campus_portal.mail.deliver_email")
    [message] = queued.args_kwargs["args"]
    assert message["to"] == [user.email]
    link = re.search(rf"https://{re.escape(HOST)}(/\S+)", message["body"]).group(1)

    set_password = visitor.get(a.url, link)
    assert set_password.status_code == 302
    new_password = "un-nouveau-mot-de-passe-2026"
    response = visitor.post(
        a.url,
        set_password.headers["Location"],
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert log_in(visitor, b.url, user.email, new_password).status_code == 302
