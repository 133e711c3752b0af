"""Restart PostgreSQL, then reload gunicorn, under load, and count the requests lost.

A person runs this, never a test: it restarts the whole PostgreSQL cluster, so every other
user of that server loses its connections too. See docs/operations.md ("Failures").

It migrates DATABASE_URL's database, collects the static files, starts gunicorn (production
settings, 2 sync workers, a free port), and runs a few clients that request pages in a loop
(`/healthz`, which queries the database, and the offer list). After a few seconds it
restarts PostgreSQL (`pg_ctlcluster --skip-systemctl-redirect <version> <cluster>
restart`), waits, sends HUP to gunicorn (new workers, the old ones finish their request),
waits again and stops. Every request is classed by the moment it started: before the
restart, while PostgreSQL restarted (until `pg_ctlcluster` returned), after. The portal
must lose none of the last: persistent connections are health-checked before use, so each
worker replaces its dead connection on its next request. Exit status 1 if it lost one.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PATHS = ["/healthz", "/fr/jobs/"]
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "campus-portal-failover"}


@dataclass
class Result:
    started: float
    ended: float
    failure: str  # empty when the page came back with 200


def request(base_url: str, path: str) -> Result:
    started = time.monotonic()
    failure = ""
    http = urllib.request.Request(base_url + path, headers=HEADERS)  # noqa: S310 - our URL
    try:
        with urllib.request.urlopen(http, timeout=10) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        failure = f"HTTP {error.code} {path}"
    except (urllib.error.URLError, OSError) as error:
        failure = f"{type(error).__name__} {path}"
    return Result(started, time.monotonic(), failure)


def client(base_url: str, stop: threading.Event, results: list[Result]) -> None:
    turn = 0
    while not stop.is_set():
        results.append(request(base_url, PATHS[turn % len(PATHS)]))
        turn += 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(static_root: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "campus_portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1"),
        "DJANGO_STATIC_ROOT": static_root,
        # Every request reaches the database, as a cache miss would.
        "DJANGO_PUBLIC_CACHE_SECONDS": "0",
    }
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    command = [sys.executable, "manage.py", *arguments]
    subprocess.run(command, cwd=BASE_DIR, env=env, check=True)  # noqa: S603 - our manage.py


def wait_until_up(base_url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped: see its output (--log).")
        if not request(base_url, "/healthz").failure:
            return
        time.sleep(0.3)
    raise SystemExit(f"No portal answers at {base_url}.")


def restart_postgresql(tool: str, version: str, cluster: str) -> tuple[float, float]:
    """When the restart began and ended: pg_ctlcluster returns once PostgreSQL accepts
    connections again."""
    began = time.monotonic()
    command = [tool, "--skip-systemctl-redirect", version, cluster, "restart"]
    subprocess.run(command, check=True)  # noqa: S603 - the cluster named in the options
    return began, time.monotonic()


def confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print("Pass --yes to restart PostgreSQL without a question.", file=sys.stderr)
        return False
    answer = input(
        f"Restart PostgreSQL {args.version}/{args.cluster}, for everyone using it? [y/N] "
    )
    return answer.strip().lower() in {"y", "yes", "o", "oui"}


def report(results: list[Result], restart: tuple[float, float], reload_at: float) -> int:
    restart_began, restart_done = restart
    before = [r for r in results if r.started < restart_began]
    during = [r for r in results if restart_began <= r.started < restart_done]
    after = [r for r in results if r.started >= restart_done]
    after_reload = [r for r in after if r.started >= reload_at]
    lost = [r for r in after if r.failure]

    def failed(group: list[Result]) -> int:
        return sum(1 for r in group if r.failure)

    print(f"PostgreSQL restart took {restart_done - restart_began:.1f} s")
    print(f"requests: {len(results)}")
    print(f"  before the restart: {len(before)}, failed {failed(before)}")
    print(f"  while PostgreSQL restarted: {len(during)}, failed {failed(during)}")
    print(f"  after the restart completed: {len(after)}, failed {len(lost)}")
    print(
        f"    of which after the gunicorn reload (HUP): {len(after_reload)}, "
        f"failed {failed(after_reload)}"
    )
    kinds = sorted({r.failure for r in results if r.failure})
    if kinds:
        print("failures seen: " + "; ".join(kinds))
    return 1 if lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="15", help="PostgreSQL cluster version")
    parser.add_argument("--cluster", default="main", help="PostgreSQL cluster name")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--pause", type=float, default=5, help="seconds between the steps")
    parser.add_argument("--yes", action="store_true", help="restart without asking")
    parser.add_argument(
        "--log",
        type=Path,
        default=Path(tempfile.gettempdir()) / "campus-failover-gunicorn.log",
        help="where gunicorn's output goes (the errors of the failed requests)",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database of its own.")
    if not os.environ.get("CACHE_URL", "").startswith("redis://"):
        raise SystemExit("CACHE_URL must name a Redis database (production settings).")
    pg_ctlcluster = shutil.which("pg_ctlcluster")
    if pg_ctlcluster is None:
        raise SystemExit("pg_ctlcluster not found (Debian's postgresql-common package).")
    if not confirmed(args):
        return 2

    with tempfile.TemporaryDirectory(prefix="campus-failover-") as scratch:
        env = production_env(str(Path(scratch) / "static"))
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "campus_portal.wsgi"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"]
        with open(args.log, "wb") as log:
            gunicorn = subprocess.Popen(  # noqa: S603 - our interpreter and module
                command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        stop = threading.Event()
        results: list[Result] = []
        clients = [
            threading.Thread(target=client, args=(base_url, stop, results))
            for _ in range(args.clients)
        ]
        try:
            wait_until_up(base_url, gunicorn)
            for thread in clients:
                thread.start()
            time.sleep(args.pause)
            restart = restart_postgresql(pg_ctlcluster, args.version, args.cluster)
            time.sleep(args.pause)
            reload_at = time.monotonic()
            gunicorn.send_signal(signal.SIGHUP)
            time.sleep(args.pause)
        finally:
            stop.set()
            for thread in clients:
                if thread.is_alive():
                    thread.join()
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    print(f"gunicorn's output: {args.log}")
    return report(results, restart, reload_at)


if __name__ == "__main__":
    sys.exit(main())
