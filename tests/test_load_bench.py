"""The load benchmark's reading of wrk's report (the benchmark itself runs on demand:
`manage.py bench load`, see docs/operations.md)."""
from events.bench.load import _environment, parse_wrk

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:40000/map/blocks/3/1/0.json
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.30ms   30.11ms 301.50ms   89.70%
  Latency Distribution
     50%   17.61ms
     75%   25.00ms
     90%   40.00ms
     99%  157.84ms
  5552 requests in 8.00s, 3.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    694.10
Transfer/sec:    396.80KB
"""


def test_it_reads_rate_latencies_transfer_and_every_kind_of_error():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures == {"requests_per_s": 694.1, "transfer_mb_per_s": 0.39, "p50_ms": 17.61, "p99_ms": 157.84,
                       "errors": 7}


def test_latencies_in_microseconds_and_seconds_become_milliseconds():
    figures = parse_wrk("     50%  850.00us\n     99%    1.20s\nRequests/sec: 10.0\n")
    assert figures["p50_ms"] == 0.85 and figures["p99_ms"] == 1200.0 and figures["errors"] == 0


def test_redis_is_given_to_gunicorn_only_when_asked_and_under_a_prefix_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://elsewhere:6379/0")
    without = _environment("postgres://x/y", tmp_path)
    assert "REDIS_URL" not in without and without["DEBUG"] == "0"
    one, two = (_environment("postgres://x/y", tmp_path, "redis://127.0.0.1:6379/8") for _ in range(2))
    assert one["REDIS_URL"] == "redis://127.0.0.1:6379/8"
    assert one["CACHE_KEY_PREFIX"].startswith("bench-load-") and one["CACHE_KEY_PREFIX"] != two["CACHE_KEY_PREFIX"]
