-- wrk script of bench/run.py: each request takes one of the paths in BENCH_PATHS (separated
-- by spaces), at random; requests say they came over HTTPS, as behind the TLS proxy, and
-- carry BENCH_COOKIE when set. done() prints one JSON line with the percentiles that
-- Debian's wrk 4.1 does not print (p95).

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  paths[#paths + 1] = path
end
local cookie = os.getenv("BENCH_COOKIE")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  -- Each thread its own sequence of paths, the same from one run to the next.
  math.randomseed(7919 * id)
  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["User-Agent"] = "campus-portal-bench"
  if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "errors": %d, "non_2xx_3xx": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    errors.status))
end
