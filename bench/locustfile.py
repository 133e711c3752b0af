"""A constant request rate for bench/run.py: BENCH_RATE requests per second in all, spread
evenly over the users locust starts, each on a random path of BENCH_PATHS (separated by
spaces)."""

import itertools
import os
import random
import time

import gevent
from locust import task
from locust.contrib.fasthttp import FastHttpUser

PATHS = os.environ["BENCH_PATHS"].split()
RATE = float(os.environ["BENCH_RATE"])
USERS = int(os.environ["BENCH_USERS"])
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "campus-portal-bench"}
if os.environ.get("BENCH_COOKIE"):
    HEADERS["Cookie"] = os.environ["BENCH_COOKIE"]
NUMBERS = itertools.count()


class Visitor(FastHttpUser):
    """Each user requests every USERS / RATE seconds, the n-th user n / RATE seconds after
    the first: one request every 1 / RATE seconds in all.

    locust's `constant_throughput` keeps the same pace per user, but counted from the
    moment each user was started: users started together send their requests together,
    in bursts of USERS, and the queue of each burst shows in the latency.
    """

    def on_start(self):
        number = next(NUMBERS)
        self.random = random.Random(number)  # noqa: S311 - picking a page, not a secret
        self.due = time.perf_counter() + number / RATE
        gevent.sleep(number / RATE)

    def wait_time(self) -> float:
        self.due += USERS / RATE
        return max(0.0, self.due - time.perf_counter())

    @task
    def page(self):
        path = self.random.choice(PATHS)
        # One name for all paths: the stats of the page, not of each query string.
        with self.client.get(path, headers=HEADERS, name="page", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
