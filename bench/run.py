"""Load the portal's pages with wrk and locust, cold and warm; write docs/benchmarks.md.

`make bench` runs it (see bench/README.md) on a database seeded by `manage.py seed_bench`,
with the portal's production environment. For each mode it starts gunicorn (production
settings, 2 sync workers) with the benchmark's floor page switched on, then:

1. checks every page answers 200 (and the schedule page shows the student's meetings);
2. warms each page up, then measures each page's maximum throughput with wrk, the pages
   interleaved, in several rounds (p95 from wrk's Lua `done()` hook);
3. measures the latency at a constant rate of half that throughput with locust;
4. reads the workers' peak resident memory (VmHWM) from /proc all along.

"Cold" switches the portal's page cache off (DJANGO_PUBLIC_CACHE_SECONDS=0) and empties
the cache database first; "warm" runs with the settings as they are. The table goes to
stdout and between the markers of docs/benchmarks.md. Exits with 1 if a target is missed.
"""

import argparse
import csv
import html
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "campus-portal-bench"}
WORKERS = 2
MAX_WORKER_KB = 200 * 1024  # target: a worker stays under 200 MB
# The searched list: each request takes one of these at random (accents, Dutch, filters,
# a far page, another order).
LIST_QUERIES = [
    "q=electricien",
    "q=Menuisi%C3%A8re",
    "q=serveur&shortage=on",
    "q=plombier&order=closing",
    "q=boulanger&commune=ixelles",
    "q=coiffeur&kind=internship",
    "q=soudeur",
    "q=aide-soignant&kind=cdi",
    "q=kok",
    "q=verkoper&commune=schaerbeek",
    "track=cuisinier&q=commis",
    "sector=construction&page=3",
]


@dataclass
class Page:
    key: str
    label: str
    min_share: float | None = None  # of the floor's throughput, cold
    max_p95_ms: float | None = None  # at half load, cold
    paths: list[str] = field(default_factory=list)
    cookie: str = ""
    marker: str = ""


@dataclass
class Load:
    """One wrk or locust run."""

    rps: float
    p50: float
    p95: float
    p99: float
    errors: int


@dataclass
class Measured:
    rounds: list[Load] = field(default_factory=list)
    half: Load | None = None
    half_rate: float = 0.0

    @property
    def rps(self) -> float:
        return statistics.fmean(r.rps for r in self.rounds)

    def mean(self, name: str) -> float:
        return statistics.fmean(getattr(r, name) for r in self.rounds)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)


def pages(prepared: dict) -> list[Page]:
    return [
        Page("floor", "floor (`/bench/floor/`, no template, no query)", paths=["/bench/floor/"]),
        Page("home", "home `/fr/`", paths=["/fr/"]),
        Page(
            "list",
            f"offer list, {len(LIST_QUERIES)} searches and filters",
            0.15,
            100,
            paths=[f"/fr/jobs/?{query}" for query in LIST_QUERIES],
        ),
        Page("offer", f"offer `{prepared['offer']}`", 0.30, 50, paths=[prepared["offer"]]),
        Page("company", f"company `{prepared['company']}`", 0.30, 50, paths=[prepared["company"]]),
        Page("track", f"track `{prepared['track']}`", 0.30, 50, paths=[prepared["track"]]),
        Page(
            "schedule",
            "a student's schedule (logged in)",
            paths=[prepared["schedule"]],
            cookie=prepared["cookie"],
            marker=prepared["schedule_marker"],
        ),
    ]


# --- Processes --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, cookie: str = "") -> tuple[int, str]:
    headers = {**HEADERS, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - a URL we build
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


class Gunicorn:
    """gunicorn on a port, and the peak memory of its workers read from /proc."""

    def __init__(self, env: dict, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(BIN / "gunicorn"),
                "campus_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--no-control-socket",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
        )
        self.peak_kb = 0
        self.stopping = threading.Event()
        self.monitor = threading.Thread(target=self.watch_memory, daemon=True)

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped at start-up: see its messages above.")
            try:
                if fetch(f"{self.base}/healthz")[0] == 200:
                    self.monitor.start()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"No answer from gunicorn at {self.base}.")

    def workers(self) -> list[int]:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The command name may contain spaces: the fields after ")" are fixed.
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children

    def watch_memory(self) -> None:
        while not self.stopping.wait(0.5):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                if found:
                    self.peak_kb = max(self.peak_kb, int(found.group(1)))

    def stop(self) -> None:
        self.stopping.set()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def flush_cache(env: dict) -> None:
    """Empty the cache database of CACHE_URL (only that one), for a cold start."""
    url = env.get("CACHE_URL", "")
    if url.startswith(("redis://", "rediss://")):
        import redis

        redis.Redis.from_url(url).flushdb()


def prepare(env: dict) -> dict:
    output = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(BENCH / "prepare.py")],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(output.stdout)


def wrk(base: str, page: Page, seconds: float, connections: int) -> Load:
    env = {**os.environ, "BENCH_PATHS": " ".join(page.paths), "BENCH_COOKIE": page.cookie}
    output = subprocess.run(  # noqa: S603 - our own command line
        [
            "/usr/bin/wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(BENCH / "wrk.lua"),
            base,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    found = re.search(r"^BENCH_JSON (.*)$", output, re.M)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{output}")
    data = json.loads(found.group(1))
    return Load(
        rps=data["requests"] / data["seconds"],
        p50=data["p50_ms"],
        p95=data["p95_ms"],
        p99=data["p99_ms"],
        errors=data["errors"],
    )


def locust(base: str, page: Page, rate: float, seconds: int) -> Load:
    """`rate` requests per second, constant, for `seconds`; percentiles from locust's CSV."""
    users = max(10, round(rate / 20))
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "run"
        env = {
            **os.environ,
            "BENCH_PATHS": " ".join(page.paths),
            "BENCH_COOKIE": page.cookie,
            "BENCH_RATE": f"{rate:.2f}",
            "BENCH_USERS": str(users),
        }
        subprocess.run(  # noqa: S603 - our own command line; exits 1 when a request failed
            [
                str(BIN / "locust"),
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--reset-stats",
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--host",
                base,
                "--csv",
                str(prefix),
            ],
            env=env,
            capture_output=True,
            timeout=seconds + 60,
        )
        with open(f"{prefix}_stats.csv", newline="") as stats:
            row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return Load(
        rps=float(row["Requests/s"]),
        p50=float(row["50%"]),
        p95=float(row["95%"]),
        p99=float(row["99%"]),
        errors=int(row["Failure Count"]),
    )


# --- One mode ---------------------------------------------------------------------------


def check(base: str, page: Page) -> None:
    for path in page.paths:
        status, body = fetch(base + path, page.cookie)
        if status != 200 or html.escape(page.marker) not in body:
            raise SystemExit(f"{path}: HTTP {status}, expected 200 with {page.marker!r}.")


def run_mode(mode: str, args, env: dict) -> tuple[dict, list[Page], dict[str, Measured], int]:
    env = {**env, "DJANGO_BENCH_FLOOR": "true"}
    if mode == "cold":
        env["DJANGO_PUBLIC_CACHE_SECONDS"] = "0"
        flush_cache(env)
    prepared = prepare(env)
    targets = pages(prepared)
    server = Gunicorn(env, args.port or free_port())
    results = {page.key: Measured() for page in targets}
    try:
        server.wait_until_up()
        for page in targets:
            check(server.base, page)
        print(f"[{mode}] warming up", flush=True)
        for page in targets:
            wrk(server.base, page, args.warmup, args.connections)
        for round_number in range(1, args.rounds + 1):
            for page in targets:
                load = wrk(server.base, page, args.seconds, args.connections)
                results[page.key].rounds.append(load)
                print(
                    f"[{mode}] round {round_number} {page.key}: {load.rps:.0f} req/s, "
                    f"p95 {load.p95:.1f} ms, {load.errors} errors",
                    flush=True,
                )
        for page in targets[1:]:
            measured = results[page.key]
            measured.half_rate = measured.rps / 2
            measured.half = locust(server.base, page, measured.half_rate, args.half_seconds)
            print(
                f"[{mode}] half load {page.key}: {measured.half.rps:.0f} req/s, "
                f"p95 {measured.half.p95:.0f} ms, {measured.half.errors} errors",
                flush=True,
            )
        for page in targets:  # the session still holds after the load
            check(server.base, page)
    finally:
        server.stop()
    return prepared, targets, results, server.peak_kb


# --- Report -----------------------------------------------------------------------------


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    memory_gb = int(memory.group(1)) / 1024 / 1024 if memory else 0
    return (
        f"{os.cpu_count()} cores ({model.group(1) if model else platform.processor()}), "
        f"{memory_gb:.0f} GB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def versions() -> str:
    def first_line(command: list[str]) -> str:
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        return (result.stdout or result.stderr).strip().splitlines()[0]

    gunicorn = first_line([str(BIN / "gunicorn"), "--version"])
    locust_version = first_line([str(BIN / "locust"), "--version"]).split(" from ")[0]
    wrk_version = first_line(["/usr/bin/wrk", "-v"]).split(" [")[0]
    return f"{gunicorn}, {wrk_version}, {locust_version}"


def verdict(mode: str, page: Page, measured: Measured, floor: float) -> tuple[str, bool]:
    """The targets: no error in any mode; throughput and half-load p95 when cold."""
    wanted, missed = ["no error"], []
    if measured.errors or (measured.half and measured.half.errors):
        missed.append("errors")
    if mode == "cold" and page.min_share is not None:
        wanted.append(f"≥ {page.min_share:.0%} of floor")
        if measured.rps / floor < page.min_share:
            missed.append(f"{measured.rps / floor:.0%} of floor")
    if mode == "cold" and page.max_p95_ms is not None and measured.half:
        wanted.append(f"half-load p95 < {page.max_p95_ms:.0f} ms")
        if measured.half.p95 >= page.max_p95_ms:
            missed.append(f"p95 {measured.half.p95:.0f} ms")
    text = ", ".join(wanted)
    if missed:
        return f"{text}: **missed** ({'; '.join(missed)})", False
    return f"{text}: met", True


def table(mode: str, targets: list[Page], results: dict[str, Measured], peak_kb: int):
    floor = results["floor"].rps
    lines = [
        f"**{mode.capitalize()}** — worker peak memory (VmHWM, the larger of the two): "
        f"{peak_kb / 1024:.0f} MB (target < {MAX_WORKER_KB // 1024} MB)",
        "",
        "| page | req/s (rounds) | × floor | p50 ms | p95 ms | p99 ms | errors "
        "| half load: req/s | p50 ms | p95 ms | p99 ms | errors | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    all_met = True
    for page in targets:
        measured = results[page.key]
        spread = "–".join(f"{r.rps:,.0f}" for r in sorted(measured.rounds, key=lambda r: r.rps))
        cells = [
            page.label,
            f"{measured.rps:,.0f} ({spread})",
            f"{measured.rps / floor:.2f}",
            f"{measured.mean('p50'):.1f}",
            f"{measured.mean('p95'):.1f}",
            f"{measured.mean('p99'):.1f}",
            str(measured.errors),
        ]
        if measured.half:
            half = measured.half
            cells += [
                f"{half.rps:,.0f} (of {measured.half_rate:,.0f})",
                f"{half.p50:.0f}",
                f"{half.p95:.0f}",
                f"{half.p99:.0f}",
                str(half.errors),
            ]
        else:
            cells += ["—"] * 5
        text, met = verdict(mode, page, measured, floor)
        all_met = all_met and met
        lines.append("| " + " | ".join([*cells, text]) + " |")
    return lines, all_met


def report(args, prepared: dict, tables: list[str], started: float, load_before: str) -> str:
    counts = ", ".join(f"{value:,} {name}" for name, value in prepared["counts"].items())
    return "\n".join(
        [
            f"## Pages under load ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            "Written by `bench/run.py` (`make bench`; how it works: `bench/README.md`). Only "
            "ratios measured in one run compare: the load generators share the machine.",
            "",
            f"- Machine: {machine()}; {prepared['database']}; {versions()}.",
            f"- Settings: production (`DJANGO_DEBUG=false`, Redis cache, "
            f"`X-Forwarded-Proto: https`), gunicorn {WORKERS} sync workers "
            f"`--no-control-socket`. Maximum throughput: wrk, 1 thread, {args.connections} "
            f"connections, {args.rounds} rounds of {args.seconds} s per page, pages "
            f"interleaved, after {args.warmup} s of warm-up each; req/s is the mean of the "
            "rounds (each round in brackets), latencies the mean of the rounds' percentiles. "
            f"Half load: locust, constant rate of half the page's req/s for "
            f"{args.half_seconds} s. Cold: `DJANGO_PUBLIC_CACHE_SECONDS=0` and the cache "
            "database emptied first; warm: the settings as they are.",
            f"- Data: {counts}.",
            f"- Run time: {(time.monotonic() - started) / 60:.0f} min. Load average (1, 5, "
            f"15 min) before: {load_before}; after: {load_average()} (other work on the "
            "machine takes CPU from the portal and the load generators).",
            "",
            *tables,
        ]
    )


def write_doc(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{section}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per page and mode")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--half-seconds", type=int, default=15, help="per locust run")
    parser.add_argument("--modes", default="cold,warm")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args()
    # Stopped from outside (make, a terminal), stop gunicorn too: see run_mode's `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    started, load_before = time.monotonic(), load_average()
    tables, all_met = [], True
    prepared = {}
    for mode in args.modes.split(","):
        prepared, targets, results, peak_kb = run_mode(mode, args, dict(os.environ))
        lines, met = table(mode, targets, results, peak_kb)
        tables += [*lines, ""]
        all_met = all_met and met and peak_kb < MAX_WORKER_KB
    section = report(args, prepared, tables, started, load_before)
    print(section)
    if not args.no_doc:
        write_doc(section)
        print(f"\nWritten to {DOC.relative_to(ROOT)}.")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
