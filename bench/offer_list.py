"""Time the searched and filtered offer list of a running portal (see bench/README.md).

Starts nothing: point it at a portal that runs with production settings on a database
seeded by `manage.py seed_bench`. Each query is requested N times, one request at a time,
after two warm-up requests; the table gives the median and 95th percentile in ms.
"""

import argparse
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

# (label, query string of /fr/jobs/)
QUERIES = [
    ("word without accent: q=electricien", {"q": "electricien"}),
    ("word with accent: q=Menuisière", {"q": "Menuisière"}),
    ("track: track=cuisinier", {"track": "cuisinier"}),
    ("commune + kind: ixelles, cdi", {"commune": "ixelles", "kind": "cdi"}),
    ("search + shortage: q=serveur", {"q": "serveur", "shortage": "on"}),
    ("page 3 of a filter: sector=construction", {"sector": "construction", "page": "3"}),
    ("closing soon, q=plombier", {"q": "plombier", "order": "closing"}),
    ("whole list, no filter", {}),
]
# Production settings sit behind a TLS proxy: say the request came over HTTPS.
HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "campus-portal-bench"}
# "N offres", or "Plus de 1 000 offres" where the list stops counting.
COUNT = re.compile(r"(Plus de )?(\d[\d\s\u202f\xa0.,]*\d|\d) offres?\b")


def fetch(url: str) -> tuple[float, str]:
    request = urllib.request.Request(url, headers=HEADERS)  # noqa: S310 - a URL we build
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        body = response.read().decode()
        status = response.status
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}")
    return elapsed, body


def wait_until_up(base_url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(f"{base_url}/healthz")
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise SystemExit(f"No portal answers at {base_url}.") from None
            time.sleep(0.3)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("-n", "--requests", type=int, default=30, help="requests per query")
    parser.add_argument(
        "--wait", type=float, default=0, help="seconds to wait for the portal to answer"
    )
    parser.add_argument("--language", default="fr")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    if args.wait:
        wait_until_up(base, args.wait)

    rows, everything = [], []
    for label, params in QUERIES:
        url = f"{base}/{args.language}/jobs/" + (f"?{urlencode(params)}" if params else "")
        for _ in range(2):
            _elapsed, body = fetch(url)
        found = COUNT.search(body)
        shown = "?"
        if found:
            shown = (">" if found.group(1) else "") + re.sub(r"\D", "", found.group(2))
        samples = [fetch(url)[0] for _ in range(args.requests)]
        everything += samples
        rows.append(
            (
                label,
                shown,
                statistics.median(samples),
                p95(samples),
            )
        )

    width = max(len(row[0]) for row in rows)
    print(f"{'query':<{width}}  {'offers':>8}  {'median ms':>9}  {'p95 ms':>7}")
    for label, found, median, high in rows:
        print(f"{label:<{width}}  {found:>8}  {median:9.1f}  {high:7.1f}")
    median, high = statistics.median(everything), p95(everything)
    print(f"{'all requests':<{width}}  {'':>8}  {median:9.1f}  {high:7.1f}")
    print(f"({args.requests} requests per query, one at a time, after 2 warm-up requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
