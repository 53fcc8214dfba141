"""Benchmarks (`make bench SCALE=N`): one `target NAME: VALUE (goal GOAL) PASS|FAIL` line per
DESIGN §9 target, each ratio measured within this one run.

Runs against a fresh PostgreSQL database that it creates and drops (BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432, a superuser), never against your data, with the
product under gunicorn (2 workers, DEBUG off) on a free loopback port, and a Celery worker on
Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14) on a queue of its own.

The run: build the county (2,000 initiatives, 100,000 citizens, five years) with 100,000
contributions, roll up, measure dashboard and accounts latency; grow the history to N, time
PostgreSQL's bare GROUP BY and the full roll-up rebuild, roll up, measure latency again and
throughput against /healthz; ingest through the bulk API; time the incremental roll-up of
10,000 new contributions; measure a real worker's memory through a full rebuild.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import secrets
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import client, data, writes  # noqa: E402
from bench.database import BenchDatabase, product_environment  # noqa: E402
from bench.report import Target, tally  # noqa: E402
from bench.server import (  # noqa: E402
    WORKERS,
    Gunicorn,
    api_token,
    collect_static,
    session_cookie,
)
from bench.worker import CeleryWorker  # noqa: E402

BASELINE = 100_000
INCREMENTAL_ROWS = 10_000
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
# The single GROUP BY of the ledger that earlier runs used as the floor; printed for reference.
LEDGER_GROUP_BY = (
    "SELECT initiative_id, date_trunc('month', date), kind, status, sum(hours), sum(value), "
    "count(*) FROM ledger_contribution GROUP BY 1, 2, 3, 4"
)
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/13"


def say(message: str = "") -> None:
    print(message, flush=True)


def load() -> str:
    """The machine's load average: other work on it shows up in every figure."""
    with open("/proc/loadavg") as loadavg:
        return "load average " + " ".join(loadavg.read().split()[:3])


def machine() -> str:
    with open("/proc/meminfo") as meminfo:
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            names = (line.split(":", 1)[1] for line in cpuinfo if line.startswith("model name"))
            cpu = next(names, "").strip()
    except FileNotFoundError:
        pass
    return (
        f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, {kb / 1024 / 1024:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1_000_000,
                        help="contributions in the county's history (at least 100,000)")
    parser.add_argument("--bulk-rows", type=int, default=20_000,
                        help="contributions for the bulk-ingest target, in 1,000-row batches")
    parser.add_argument("--samples", type=int, default=200,
                        help="requests per latency measurement (after 20 to warm up)")
    parser.add_argument("--latency-seconds", type=float, default=60.0,
                        help="time limit of each latency measurement (at least 20 requests)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="length of each throughput measurement")
    args = parser.parse_args()
    if args.scale < BASELINE:
        parser.error(f"--scale must be at least {BASELINE:,}: p95 growth is measured against it")

    run_started = time.perf_counter()
    tag = secrets.token_hex(4)
    db = BenchDatabase(name=f"coproduction_bench_{tag}")
    broker = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    worker_queue = f"bench-{tag}-worker"
    cache_url = os.environ.get("BENCH_REDIS_CACHE_URL", DEFAULT_CACHE_URL)
    environments = _environments(db.url, broker, worker_queue, cache_url, tag)
    # This process writes like the ingest server: tasks go to an in-memory broker nobody reads.
    os.environ.update(environments["ingest"])
    warnings.filterwarnings("ignore", message="No directory at")

    say(f"benchmark {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC: "
        f"{args.scale:,} contributions, baseline {BASELINE:,}")
    say(f"machine: {machine()}; PostgreSQL {db.server_version()}; {load()}")
    say(f"database {db.name} (created now, dropped at the end)")
    db.create()
    targets: list[Target] = []
    try:
        targets = Bench(db, args, environments, broker, worker_queue).run()
    finally:
        from django.db import connections

        connections.close_all()
        db.drop()
        _forget_queues(broker, tag)
        _forget_queues(cache_url, tag)
    say()
    for target in targets:
        say(target.line())
    say(tally(targets))
    say(f"total run time: {time.perf_counter() - run_started:,.0f} s")
    return 0


def _environments(
    database_url: str, broker: str, worker_queue: str, cache_url: str, tag: str
) -> dict[str, dict]:
    """The settings each process runs with; all production-like (DEBUG off, a random key).

    - cached: the server measured for the targets, as deployed: the dashboards' cache on
      (Redis), whose default views the roll-up's warm-up has computed (this process calls
      benefits.services.dashboards_warm() after each roll-up, as the worker's task does). No
      broker (tasks would run eagerly; reads enqueue none, and /healthz, the trivial view,
      pings no broker).
    - computed: the same with DASHBOARD_CACHE_SECONDS=0, so every dashboard request computes
      its figures from the roll-ups, as a view nobody has asked for since the last roll-up
      run does (printed for reference).
    - ingest: the bulk-ingest server and this process. The broker is in memory, so the
      roll-up tasks that ledger writes enqueue wait there and never run: each measurement
      decides when roll-ups run.
    - worker: the Celery worker, on Redis, reading a queue of its own.
    """
    cached = {
        **product_environment(database_url, secrets.token_urlsafe(50)),
        # One cache shared by this process (which warms the dashboards, as the worker does
        # after a roll-up run), the servers and the worker, under this run's own prefix.
        "REDIS_CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": f"bench-{tag}-cache",
    }
    return {
        "cached": cached,
        "computed": {**cached, "DASHBOARD_CACHE_SECONDS": "0"},
        "ingest": {**cached, "CELERY_BROKER_URL": "memory://localhost/"},
        "worker": {**cached, "CELERY_BROKER_URL": broker,
                   "CELERY_TASK_DEFAULT_QUEUE": worker_queue},
    }


def _forget_queues(broker: str, tag: str) -> None:
    """Delete this run's queues (and their bindings) from Redis; nothing else is touched."""
    try:
        import redis

        connection = redis.Redis.from_url(broker)
        keys = list(connection.scan_iter(match=f"*bench-{tag}-*"))
        if keys:
            connection.delete(*keys)
    except Exception as exc:  # noqa: BLE001 - cleanup must not hide the figures
        say(f"(could not remove this run's Redis queues: {exc})")


class Bench:
    def __init__(self, db, args, environments, broker, worker_queue) -> None:
        self.db = db
        self.args = args
        self.environments = environments
        self.broker = broker
        self.worker_queue = worker_queue
        self.targets = {
            "dashboard_p95": Target("dashboard_p95", 50, "ms", places=1),
            "accounts_p95": Target("accounts_p95", 50, "ms", places=1),
            "p95_growth": Target("p95_growth", 1.5),
            "dashboard_throughput": Target(
                "dashboard_throughput", 0.5, at_most=False, places=3
            ),
            "full_rebuild": Target("full_rebuild", 2),
            "incremental_rollup": Target("incremental_rollup", 2, "s"),
            "bulk_ingest": Target(
                "bulk_ingest", 2000, "contributions/s", at_most=False, places=0
            ),
            "worker_peak_rss": Target("worker_peak_rss", 500, "MB", places=0),
        }

    # --- the run ---------------------------------------------------------------------------

    def run(self) -> list[Target]:
        import django

        django.setup()
        from django.core.management import call_command

        say("setting up")
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        problem = collect_static()
        say(f"  migrate and collectstatic ... {time.perf_counter() - started:,.1f} s")
        if problem:
            say(f"  WARNING: collectstatic fails with the product's settings ({problem}); "
                "collected with source-map references ignored")
        county = data.build_county(self.db)
        data.load_public_inputs(self.db, county)
        say(f"history at the baseline: {BASELINE:,} contributions")
        data.load_contributions(self.db, county, BASELINE)
        data.vacuum_analyze(self.db)
        self.county = county
        self.cookie = session_cookie(county.manager_id)
        self.manager_token = api_token(county.manager_id)
        self.partner_token = api_token(county.partner_user_id)
        self.rollups = _rollup_api()
        self.dashboard = _dashboard_path(county.dashboard_slug)

        self.rebuild("roll up the baseline")
        baseline = self.read_phase("at the baseline", throughput=False)

        say(f"history grows to {self.args.scale:,} contributions")
        data.load_contributions(self.db, county, self.args.scale - BASELINE)
        data.vacuum_analyze(self.db)
        self.full_rebuild_ratio()
        at_scale = self.read_phase(f"at {self.args.scale:,}", throughput=True)
        self.latency_targets(baseline, at_scale)

        with Gunicorn(self.environments["ingest"], label="ingest") as server:
            self.bulk_ingest(server)
        self.incremental()
        self.worker_memory()
        return list(self.targets.values())

    # --- roll-ups ----------------------------------------------------------------------------

    def rebuild(self, label: str) -> float | None:
        if self.rollups is None:
            return None
        started = time.perf_counter()
        run = self.rollups.rollup_rebuild_all()
        seconds = time.perf_counter() - started
        _require_success(run, label)
        _analyze_rollups()
        say(f"  {label}: full rebuild in {seconds:,.1f} s ({run.buckets_done:,} buckets)")
        started = time.perf_counter()
        views = self.rollups.dashboards_warm()
        say(f"  the worker's warm-up after it: {views:,} default dashboards computed in "
            f"{time.perf_counter() - started:,.1f} s")
        return seconds

    def full_rebuild_ratio(self) -> None:
        target = self.targets["full_rebuild"]
        if self.rollups is None:
            for name in ("full_rebuild", "incremental_rollup", "worker_peak_rss"):
                self.targets[name].not_measured("no roll-up services yet")
            return
        say("full rebuild against PostgreSQL's own SELECT … GROUP BY of the same roll-ups")
        floor = 0.0
        for table, statement in _floor_statements():
            best, workers = min(
                (_floor_seconds(self.db, statement) for _ in range(2)), key=lambda p: p[0]
            )
            floor += best
            say(f"  bare GROUP BY for {table}: {best:,.2f} s (best of 2; {workers} parallel "
                "workers launched)")
        say(f"  the floor: {floor:,.2f} s (their sum, at the work_mem the rebuild uses)")
        ledger_only, _ = _floor_seconds(self.db, LEDGER_GROUP_BY)
        say(f"  for reference, the ledger's GROUP BY initiative, month, kind, status alone: "
            f"{ledger_only:,.2f} s")
        seconds = self.rebuild("roll up the full history")
        target.measured(seconds / floor)
        say(f"  {_compare_with_source()}")

    def incremental(self) -> None:
        target = self.targets["incremental_rollup"]
        if self.rollups is None:
            return
        from ledger.models import StaleBucket

        # The ingest left marks; clear them so only the new contributions are timed.
        _require_success(self.rollups.rollup_stale_buckets(), "stale buckets after the ingest")
        say(f"incremental roll-up of {INCREMENTAL_ROWS:,} new contributions")
        started = time.perf_counter()
        stored = writes.submit_through_services(self.county, INCREMENTAL_ROWS)
        marks = StaleBucket.objects.count()
        say(f"  {stored:,} contributions through ledger.services in "
            f"{time.perf_counter() - started:,.1f} s, {marks:,} buckets marked stale")
        started = time.perf_counter()
        run = self.rollups.rollup_stale_buckets()
        seconds = time.perf_counter() - started
        _require_success(run, "incremental roll-up")
        left = StaleBucket.objects.count()
        say(f"  rollup_stale_buckets(): {seconds:,.2f} s, {run.buckets_done:,} buckets, "
            f"{left:,} marks left")
        target.measured(seconds)

    def worker_memory(self) -> None:
        target = self.targets["worker_peak_rss"]
        if self.rollups is None:
            return
        from benefits.models import RollupRun

        say("full rebuild in a real Celery worker (concurrency 1)")
        worker = CeleryWorker(self.environments["worker"], queue=self.worker_queue)
        worker.start()
        try:
            before = RollupRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

            def started() -> bool:
                return RollupRun.objects.filter(pk__gt=before, kind=RollupRun.Kind.FULL).exists()

            worker.send_until_started(
                self.broker, "benefits.tasks.rollup_rebuild_task", started=started
            )

            def running() -> bool:
                return not RollupRun.objects.filter(
                    pk__gt=before, kind=RollupRun.Kind.FULL
                ).exclude(outcome=RollupRun.Outcome.RUNNING).exists()

            peak = worker.peak_while(running, timeout=3600)
        finally:
            worker.stop()
        Path(worker.log.name).unlink(missing_ok=True)
        run = RollupRun.objects.filter(pk__gt=before, kind=RollupRun.Kind.FULL).latest("pk")
        _require_success(run, "the worker's rebuild")
        say(f"  {peak.seconds:,.1f} s, {peak.samples:,} samples; peak RSS {peak.total_mb:,.0f} MB "
            f"(worker and pool together), largest single process {peak.largest_process_mb:,.0f} MB")
        target.measured(peak.total_mb)

    # --- HTTP ----------------------------------------------------------------------------------

    def _accounts_requests(self, port: int) -> list[client.Request]:
        ids = [
            self.county.initiative_base + idx
            for idx in range(0, data.INITIATIVES, 7)
            if data.lead_index(idx) == 0
        ][:100]
        headers = {"Authorization": self.manager_token, "Accept": "application/json"}
        return [
            client.build(port, f"/api/v1/initiatives/{pk}/accounts/", headers=headers,
                         label="accounts API")
            for pk in ids
        ]

    def _dashboard_requests(self, port: int) -> list[client.Request]:
        # As a browser sends it: its cookies, and the encodings it accepts.
        headers = {"Cookie": self.cookie, "Accept-Encoding": "gzip, deflate, br"}
        return [client.build(port, self.dashboard, headers=headers,
                             label="organisation dashboard")]

    def read_phase(self, label: str, *, throughput: bool) -> dict[str, float]:
        """p95 latencies (and, at scale, throughput) on the server as deployed, then the
        dashboard again on a server that computes its figures on every request."""
        figures: dict[str, float] = {}
        with Gunicorn(self.environments["cached"], label="cached") as server:
            say(f"gunicorn ({WORKERS} workers, port {server.port}), as deployed: dashboards "
                "cached until the next roll-up run, their default views warmed after it")
            if self.dashboard:
                figures["dashboard"] = self.p95(server, "dashboard", label,
                                                self._dashboard_requests(server.port))
            figures["accounts"] = self.p95(server, "accounts", label,
                                           self._accounts_requests(server.port))
            if throughput and self.dashboard:
                self.targets["dashboard_throughput"].measured(self.throughput(server))
            elif throughput:
                self.targets["dashboard_throughput"].not_measured("no dashboard page yet")
        if self.dashboard:
            with Gunicorn(self.environments["computed"], label="computed") as server:
                say(f"gunicorn ({WORKERS} workers, port {server.port}), dashboard figures "
                    "computed on every request (for reference: a view nobody has opened since "
                    "the last roll-up run)")
                figures["dashboard computed"] = self.p95(server, "dashboard", label,
                                                         self._dashboard_requests(server.port))
                if throughput:
                    self.throughput(server)
        return figures

    def p95(self, server: Gunicorn, name: str, label: str, requests) -> float:
        first, _ = client.timed(server.port, requests[0])
        say(f"  {name} {label}: first request {first * 1000:,.1f} ms")
        times = client.latencies(
            server.port, requests, samples=self.args.samples, warmup=20,
            seconds=self.args.latency_seconds,
        )
        p50, p95 = client.percentile(times, 0.5), client.percentile(times, 0.95)
        say(f"  {name} {label}: p50 {p50 * 1000:,.1f} ms, p95 {p95 * 1000:,.1f} ms, "
            f"max {max(times) * 1000:,.1f} ms ({len(times)} requests, one at a time; {load()})")
        return p95

    def latency_targets(self, baseline: dict[str, float], at_scale: dict[str, float]) -> None:
        if "dashboard" in at_scale:
            self.targets["dashboard_p95"].measured(at_scale["dashboard"] * 1000)
        else:
            self.targets["dashboard_p95"].not_measured("no dashboard-organisation URL yet")
        self.targets["accounts_p95"].measured(at_scale["accounts"] * 1000)
        ratios = {name: at_scale[name] / baseline[name] for name in at_scale}
        say("p95 at scale / p95 at the baseline: "
            + ", ".join(f"{name} {ratio:,.2f}" for name, ratio in ratios.items()))
        self.targets["p95_growth"].measured(
            max(ratio for name, ratio in ratios.items() if name != "dashboard computed")
        )

    def throughput(self, server: Gunicorn) -> float:
        """Dashboard requests/s ÷ /healthz requests/s (measured before and after), same
        concurrency, same server."""
        concurrency, seconds = 2 * WORKERS, self.args.seconds
        trivial = [client.build(server.port, "/healthz", label="/healthz")]
        dashboard = self._dashboard_requests(server.port)
        before = client.throughput(server.port, trivial, concurrency=concurrency, seconds=seconds)
        pages = client.throughput(server.port, dashboard, concurrency=concurrency, seconds=seconds)
        after = client.throughput(server.port, trivial, concurrency=concurrency, seconds=seconds)
        ratio = pages / ((before + after) / 2)
        say(f"  throughput, {concurrency} concurrent clients, {seconds:,.0f} s each: /healthz "
            f"{before:,.0f} and {after:,.0f} requests/s, dashboard {pages:,.1f} requests/s, "
            f"ratio {ratio:,.3f} ({load()})")
        return ratio

    def bulk_ingest(self, server: Gunicorn) -> None:
        target = self.targets["bulk_ingest"]
        batches = writes.partner_batches(self.county, self.args.bulk_rows)
        total = sum(len(batch) for batch in batches)
        say(f"bulk ingest through gunicorn: {total:,} contributions in {len(batches)} batches")
        headers = {"Authorization": self.partner_token}
        progress = data.Progress("bulk API", total, "rows")
        elapsed = 0.0
        for batch in batches:
            request = client.post_json(
                server.port, "/api/v1/contributions/bulk/",
                {"organisation": self.county.partner_organisation_id, "contributions": batch},
                headers=headers,
            )
            seconds, _ = client.timed(server.port, request, expected=201)
            elapsed += seconds
            progress.advance(len(batch))
        from ledger.models import Contribution

        stored = Contribution.objects.filter(external_ref__startswith="bulk-").count()
        if stored != total:
            raise SystemExit(f"expected {total:,} stored bulk contributions, found {stored:,}")
        target.measured(total / elapsed)


def _rollup_api():
    try:
        from benefits import services
    except ImportError:
        return None
    if hasattr(services, "rollup_rebuild_all") and hasattr(services, "rollup_stale_buckets"):
        return services
    return None


def _dashboard_path(slug: str) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("dashboard-organisation", args=[slug])
    except NoReverseMatch:
        return None


def _require_success(run, label: str) -> None:
    outcome = getattr(run, "outcome", "succeeded")
    if outcome != "succeeded":
        raise SystemExit(f"{label}: the roll-up run ended {outcome}: {getattr(run, 'message', '')}")


def _analyze_rollups() -> None:
    """VACUUM (ANALYZE) the roll-up tables just rewritten, after the rebuild was timed: fresh
    statistics and visibility maps, so no autovacuum of their millions of new rows starts in
    the middle of a later measurement (as after each load of the ledger)."""
    from django.db import connection

    from benefits.models import ContributionRollup, ContributorRollup, PublicInputRollup

    with connection.cursor() as cursor:
        for model in (ContributionRollup, PublicInputRollup, ContributorRollup):
            cursor.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')


def _compare_with_source() -> str:
    """Whether the contribution roll-ups add up to the ledger (count, hours, value by kind and
    status): a rebuild that was fast because it skipped work would show here."""
    from django.db import connection

    totals = []
    with connection.cursor() as cursor:
        for statement in (
            "SELECT kind, status, count(*), coalesce(sum(hours), 0), sum(value) "
            "FROM ledger_contribution GROUP BY 1, 2",
            'SELECT kind, status, sum("count"), sum(hours), sum(value) '
            "FROM benefits_contributionrollup GROUP BY 1, 2",
        ):
            cursor.execute(statement)
            totals.append({(k, s): tuple(rest) for k, s, *rest in cursor.fetchall()})
    if totals[0] == totals[1]:
        return "roll-up totals equal the ledger's (count, hours and value by kind and status)"
    differ = sorted(key for key in totals[0].keys() | totals[1].keys()
                    if totals[0].get(key) != totals[1].get(key))
    return f"WARNING: roll-up totals differ from the ledger's for {differ}"


def _floor_statements() -> list[tuple[str, str]]:
    """The bare SELECT … GROUP BY of each roll-up table over all source rows: the aggregation
    a full rebuild computes (benefits.sql), without writing anything."""
    from django.db import connection

    from benefits.sql import RollupSQL

    return RollupSQL(connection).full_aggregates()


def _floor_seconds(db, statement: str, *, parallel: bool = True) -> tuple[float, int]:
    """PostgreSQL's execution time of a bare statement (EXPLAIN ANALYZE with per-node timing
    off, so neither the instrumentation nor shipping the result rows to a client counts), with
    the work_mem the roll-ups set for themselves."""
    from benefits.sql import ROLLUP_WORK_MEM

    connection = db.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET work_mem = '{ROLLUP_WORK_MEM}'")
            if not parallel:
                cursor.execute("SET max_parallel_workers_per_gather = 0")
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) {statement}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
    finally:
        connection.close()
    seconds = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)) / 1000
    workers = sum(int(n) for n in re.findall(r"Workers Launched: (\d+)", plan))
    return seconds, workers


if __name__ == "__main__":
    raise SystemExit(main())
