"""Where a page's time goes: SQL (queries and time), template rendering, the rest.

Runs the portal in this process (Django's test client, the settings of the environment,
as `bench/run.py` uses them) and requests each path N times after two warm-ups:

    .venv/bin/python bench/profile_page.py /fr/jobs/?q=electricien /fr/tracks/cuisinier/
    .venv/bin/python bench/profile_page.py --student /fr/me/events/123/schedule/
    .venv/bin/python bench/profile_page.py --top 25 /fr/companies/bench-1/

`--student` logs in as the student of that registration (the schedule page's owner).
`--top N` adds cProfile's N costliest functions (own time) over all requests.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campus_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402


class Clock:
    """SQL time and count, and the time of the outermost template renders, per request."""

    def __init__(self):
        self.sql_ms = self.render_ms = self.sql_in_render_ms = 0.0
        self.queries = 0
        self.depth = 0

    def sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.sql_ms += elapsed
            self.queries += 1
            if self.depth:
                self.sql_in_render_ms += elapsed


@contextmanager
def timed_rendering(clock: Clock):
    original = template_base.Template.render

    def render(self, context):
        clock.depth += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            clock.depth -= 1
            if not clock.depth:
                clock.render_ms += (time.perf_counter() - started) * 1000

    template_base.Template.render = render
    try:
        yield
    finally:
        template_base.Template.render = original


def student_client(path: str) -> Client:
    from events.models import Registration

    found = re.search(r"/events/(\d+)/schedule/", path)
    if not found:
        raise SystemExit("--student needs a schedule path (/fr/me/events/<pk>/schedule/).")
    client = Client(HTTP_HOST="localhost")
    client.force_login(Registration.objects.get(pk=found.group(1)).student.user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-n", "--requests", type=int, default=20)
    parser.add_argument("--student", action="store_true")
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()
    profiler = cProfile.Profile()
    print(
        "| path | ms / request | SQL queries | SQL ms | rendering ms (without its SQL) | rest ms |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for path in args.paths:
        client = student_client(path) if args.student else Client(HTTP_HOST="localhost")
        get = lambda: client.get(path, headers={"X-Forwarded-Proto": "https"})  # noqa: B023, E731
        for _ in range(2):
            response = get()
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        totals, clocks = [], []
        for _ in range(args.requests):
            clock = Clock()
            with connection.execute_wrapper(clock.sql), timed_rendering(clock):
                started = time.perf_counter()
                get()
                totals.append((time.perf_counter() - started) * 1000)
            clocks.append(clock)
        # Apart from the timed requests: cProfile doubles the time of Python code.
        for _ in range(args.requests if args.top else 0):
            profiler.enable()
            get()
            profiler.disable()
        total = statistics.median(totals)
        sql = statistics.median(c.sql_ms for c in clocks)
        render = statistics.median(c.render_ms - c.sql_in_render_ms for c in clocks)
        queries = statistics.median(c.queries for c in clocks)
        print(
            f"| `{path}` | {total:.1f} | {queries:.0f} | {sql:.1f} | {render:.1f} "
            f"| {total - sql - render:.1f} |"
        )
    if args.top:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
