"""Roll-up jobs: recompute the stale buckets the ledger marked, rebuild everything and report
drift, and record every run (RollupRun) for the freshness page.

The work happens in the database (benefits/sql.py); Python only walks the marks and chunks of
initiatives, one transaction per chunk. Running twice, two at once, or killed half way never
double-counts:

- recomputation replaces roll-up rows (upsert of recomputed figures where they differ,
  deletion of rows left without a source); it never adds to them;
- an incremental run locks the marks it consumes (`FOR UPDATE SKIP LOCKED`), so a write that
  re-marks a bucket meanwhile waits and keeps its mark; on PostgreSQL it also takes a
  transaction lock per initiative, so two incremental runs never interleave on one;
- a full rebuild on PostgreSQL aggregates all source rows once (parallel scans) after
  capturing the marks, then applies the result chunk by chunk and deletes only the captured
  marks no write has touched since (compare-and-set on marked_at); it holds a lock that makes a
  second rebuild wait and incremental runs stay away, and rolls up what they left when it
  ends. SQLite, one writer at a time, recomputes each chunk from source in its transaction;
- runs are claimed and finished by compare-and-set (`filter(pk=…, outcome=running).update(…)`);
  a live run holds a session lock on PostgreSQL that its worker's death releases, which is how
  the next run marks it abandoned.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import Area, Initiative
from ledger.models import StaleBucket
from people.models import Organisation, User

from .cache import dashboard_generation_bump, keep, kept
from .models import RollupRun
from .sql import ALL_TIME_END, ALL_TIME_START, RollupSQL, ScopeRange

log = logging.getLogger(__name__)
T = TypeVar("T")

# Stale buckets recomputed per transaction by the incremental run.
INCREMENTAL_CHUNK_BUCKETS = 5000
# A requested rebuild that no worker has started after this long is given up.
QUEUED_RUN_TIMEOUT = datetime.timedelta(days=1)
# Incremental runs are kept this long; full rebuilds are kept.
KEEP_INCREMENTAL_RUNS = datetime.timedelta(days=30)

Outcome = RollupRun.Outcome


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _is_queued(run: RollupRun) -> bool:
    """A requested full rebuild that no worker has claimed yet."""
    return run.kind == RollupRun.Kind.FULL and run.buckets_total == 0 and run.buckets_done == 0


def _abandon_dead_runs(*, sql: RollupSQL, except_id: int | None = None) -> int:
    """Mark abandoned the runs still `running` whose worker has gone. How many.

    On PostgreSQL a live run holds its session lock, released when its connection ends (a
    killed worker's does); on SQLite a run cannot outlive the task's hard time limit."""
    now = timezone.now()
    hard_limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    abandoned = 0
    for run in RollupRun.objects.filter(outcome=Outcome.RUNNING).exclude(pk=except_id):
        if _is_queued(run):
            dead = run.started_at < now - QUEUED_RUN_TIMEOUT
        else:
            alive = sql.run_is_alive(run.pk)
            dead = (not alive) if alive is not None else run.started_at < now - hard_limit
        if dead:
            abandoned += RollupRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).update(
                outcome=Outcome.ABANDONED,
                finished_at=now,
                message=_("The worker stopped before the run finished; a later run took over."),
            )
            log.warning("roll-up run %s was abandoned by its worker", run.pk)
    return abandoned


def _start_run(
    *, sql: RollupSQL, kind: str, total: int, requested_by: User | None, message: str = ""
) -> RollupRun:
    # The run's lock is taken before the row commits, so no one sees it unlocked.
    with transaction.atomic():
        run = RollupRun.objects.create(
            kind=kind,
            started_at=timezone.now(),
            buckets_total=total,
            requested_by=requested_by,
            message=message,
        )
        sql.hold_run(run.pk)
    return run


def _claim_requested_run(*, sql: RollupSQL, run: RollupRun, total: int) -> bool:
    """Compare-and-set: only one worker starts a requested rebuild."""
    sql.hold_run(run.pk)
    claimed = (
        RollupRun.objects.filter(
            pk=run.pk,
            kind=RollupRun.Kind.FULL,
            outcome=Outcome.RUNNING,
            buckets_total=0,
            buckets_done=0,
        ).update(buckets_total=total, started_at=timezone.now())
        == 1
    )
    if not claimed:
        sql.release_run(run.pk)
    return claimed


def _finish_run(run: RollupRun, *, done: int, drift: int = 0, message: str = "") -> RollupRun:
    updated = RollupRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).update(
        outcome=Outcome.SUCCEEDED,
        finished_at=timezone.now(),
        buckets_done=done,
        drift_corrected=drift,
        message=message,
    )
    if not updated:
        log.warning("roll-up run %s finished after another run had marked it", run.pk)
    if done:
        # Roll-up rows may have changed: cached dashboard figures are stale.
        dashboard_generation_bump()
    run.refresh_from_db()
    return run


def _fail_run(run: RollupRun, exc: BaseException) -> None:
    RollupRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).update(
        outcome=Outcome.FAILED,
        finished_at=timezone.now(),
        message=f"{type(exc).__name__}: {exc}"[:2000],
    )
    # Chunks committed before the failure may have changed roll-up rows.
    dashboard_generation_bump()
    log.exception("roll-up run %s failed", run.pk)


def _take_write_lock(run: RollupRun, done: int) -> None:
    """The chunk's first statement writes (its progress), so SQLite takes its one write lock
    before the chunk reads anything; on PostgreSQL it is just the progress bar moving."""
    RollupRun.objects.filter(pk=run.pk).update(buckets_done=done)


# --- incremental: the stale buckets --------------------------------------------------------


def rollup_stale_buckets(*, requested_by: User | None = None) -> RollupRun:
    """Recompute the roll-ups of every bucket the ledger marked stale before now.

    Nothing waiting: nothing is recorded and the returned run is not saved. Buckets another
    run is working on are left marked for the next run."""
    snapshot = timezone.now()
    total = StaleBucket.objects.filter(marked_at__lte=snapshot).count()
    if not total:
        return RollupRun(
            kind=RollupRun.Kind.INCREMENTAL,
            outcome=Outcome.SUCCEEDED,
            started_at=snapshot,
            finished_at=snapshot,
            requested_by=requested_by,
        )
    sql = RollupSQL(connection)
    if not sql.try_share_rebuild():
        # A full rebuild is applying its snapshot; it rolls up what waits when it ends.
        return RollupRun(
            kind=RollupRun.Kind.INCREMENTAL,
            outcome=Outcome.SUCCEEDED,
            started_at=snapshot,
            finished_at=snapshot,
            requested_by=requested_by,
            message=_("A full rebuild is running; the stale buckets wait for it."),
        )
    try:
        return _roll_up_stale(sql=sql, snapshot=snapshot, total=total, requested_by=requested_by)
    finally:
        sql.release_shared_rebuild()


def _roll_up_stale(
    *, sql: RollupSQL, snapshot: datetime.datetime, total: int, requested_by: User | None
) -> RollupRun:
    run = _start_run(
        sql=sql, kind=RollupRun.Kind.INCREMENTAL, total=total, requested_by=requested_by
    )
    try:
        _abandon_dead_runs(sql=sql, except_id=run.pk)
        lanes = stale_lanes(snapshot=snapshot, total=total, sql=sql)
        if len(lanes) == 1:
            done = _roll_up_lane(run, snapshot, lanes[0], serial=True)
        else:
            done = _roll_up_lanes_at_once(run, snapshot, lanes)
        # Finished before the run's lock goes: a run seen unlocked is a dead one.
        return _finish_run(run, done=done)
    except BaseException as exc:
        _fail_run(run, exc)
        raise
    finally:
        sql.release_run(run.pk)


Lane = tuple[int, int] | None  # initiative ids from (inclusive) to (exclusive); None: all


def stale_lanes(*, snapshot: datetime.datetime, total: int, sql: RollupSQL) -> list[Lane]:
    """How an incremental run splits its stale buckets: ranges of initiative ids with about as
    many marks each, one connection each. One lane (all) on SQLite, for a small run, or inside
    a transaction (other connections would not see its writes)."""
    wanted = settings.ROLLUP_PARALLEL_CONNECTIONS
    if (
        wanted < 2
        or not sql.postgres
        or total < settings.ROLLUP_PARALLEL_MIN_BUCKETS
        or sql.connection.in_atomic_block
    ):
        return [None]
    per_initiative = list(
        StaleBucket.objects.filter(marked_at__lte=snapshot)
        .values_list("initiative_id")
        .annotate(marks=Count("pk"))
        .order_by("initiative_id")
    )
    lanes: list[Lane] = []
    share = sum(marks for _i, marks in per_initiative) / wanted
    start, counted = None, 0
    for initiative_id, marks in per_initiative:
        if start is None:
            start = initiative_id
        counted += marks
        if counted >= share and len(lanes) < wanted - 1:
            lanes.append((start, initiative_id + 1))
            start, counted = None, 0
    if start is not None:
        lanes.append((start, per_initiative[-1][0] + 1))
    return lanes or [None]


def _at_once(work: list[Callable[[], T]]) -> list[T]:
    """Run each callable on a thread of its own, and so on a database connection of its own
    (closed when it is done); wait for all and re-raise the first failure. The callables
    must touch disjoint initiatives, so that their transactions never wait for each other."""
    results: list[T] = []
    failures: list[BaseException] = []

    def run(item: Callable[[], T]) -> None:
        try:
            results.append(item())
        except BaseException as exc:  # noqa: BLE001 - re-raised by the calling thread
            failures.append(exc)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=run, args=(item,)) for item in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


def _roll_up_lanes_at_once(run: RollupRun, snapshot: datetime.datetime, lanes: list[Lane]) -> int:
    return sum(
        _at_once([partial(_roll_up_lane, run, snapshot, lane, serial=False) for lane in lanes])
    )


def _roll_up_lane(run: RollupRun, snapshot: datetime.datetime, lane: Lane, *, serial: bool) -> int:
    """Recompute the lane's stale buckets marked before `snapshot`, chunk by chunk, one
    transaction each, on this thread's connection. How many buckets it recomputed."""
    sql = RollupSQL(connection)
    marked = StaleBucket.objects.filter(marked_at__lte=snapshot)
    if lane is not None:
        marked = marked.filter(initiative_id__gte=lane[0], initiative_id__lt=lane[1])
    done = 0
    last_id = 0
    while True:
        with transaction.atomic():
            if serial:
                _take_write_lock(run, done)
            candidates = list(
                marked.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", "initiative_id")[:INCREMENTAL_CHUNK_BUCKETS]
            )
            if not candidates:
                break
            last_id = candidates[-1][0]
            # Another incremental run working on the same initiatives finishes its chunk
            # first (ascending order: no deadlock); the marks it consumed are gone by then.
            sql.lock_initiatives([i for _pk, i in candidates])
            # A mark a write still holds is skipped: that write's commit enqueues a run.
            marks = list(
                StaleBucket.objects.select_for_update(skip_locked=True)
                .filter(pk__in=[pk for pk, _i in candidates])
                .values_list("pk", "initiative_id", "month")
            )
            sql.recompute(
                [ScopeRange(i, month, _next_month(month)) for _pk, i, month in marks],
                computed_at=timezone.now(),
            )
            StaleBucket.objects.filter(pk__in=[pk for pk, _i, _m in marks]).delete()
            done += len(marks)
            if serial:
                RollupRun.objects.filter(pk=run.pk).update(buckets_done=done)
        if not serial:
            # Outside the chunk's transaction, so lanes never wait on the run's row.
            RollupRun.objects.filter(pk=run.pk).update(
                buckets_done=F("buckets_done") + len(marks)
            )
    return done


# --- full rebuild --------------------------------------------------------------------------


def rollup_rebuild_all(
    *, requested_by: User | None = None, run: RollupRun | None = None
) -> RollupRun:
    """Recompute every roll-up row from source, chunk by chunk of initiatives, and report the
    rows it found different from source (`drift_corrected`) — other than those of buckets the
    ledger had marked stale, which were expected to differ.

    `run` is a requested rebuild (see rollup_rebuild_request) to claim; if another worker
    already claimed it the call returns it untouched, unless that worker died, in which case
    the run is marked abandoned and this call rebuilds under a new run."""
    sql = RollupSQL(connection)
    initiative_ids = list(Initiative.objects.order_by("pk").values_list("pk", flat=True))
    total = len(initiative_ids)
    if run is not None and not _claim_requested_run(sql=sql, run=run, total=total):
        _abandon_dead_runs(sql=sql)
        run.refresh_from_db()
        if run.outcome != Outcome.ABANDONED:
            return run
        previous = run.pk
        run = _start_run(
            sql=sql,
            kind=RollupRun.Kind.FULL,
            total=total,
            requested_by=requested_by or run.requested_by,
            message=_("Rerun of run %(id)d, whose worker stopped.") % {"id": previous},
        )
    elif run is None:
        run = _start_run(
            sql=sql, kind=RollupRun.Kind.FULL, total=total, requested_by=requested_by
        )
    else:
        run.refresh_from_db()

    chunk_size = settings.ROLLUP_CHUNK_INITIATIVES
    done = drift = 0
    try:
        _abandon_dead_runs(sql=sql, except_id=run.pk)
        if sql.postgres:
            # One parallel aggregation per source table, then applied chunk by chunk.
            sql.hold_rebuild()
            try:
                # Whoever held the lock before is done now; if it died, say so.
                _abandon_dead_runs(sql=sql, except_id=run.pk)
                sql.snapshot_build()
                chunks = [
                    initiative_ids[start : start + chunk_size]
                    for start in range(0, total, chunk_size)
                ]
                done, drift = _apply_snapshot(run, sql, chunks)
            finally:
                sql.snapshot_drop()
                sql.release_rebuild()
        else:
            for start in range(0, total, chunk_size):
                chunk = initiative_ids[start : start + chunk_size]
                with transaction.atomic():
                    _take_write_lock(run, done + len(chunk))
                    marks = list(
                        StaleBucket.objects.filter(initiative_id__in=chunk).values_list(
                            "pk", flat=True
                        )
                    )
                    unexpected, _expected = sql.recompute(
                        [ScopeRange(i, ALL_TIME_START, ALL_TIME_END) for i in chunk],
                        computed_at=timezone.now(),
                        split_marked=True,
                    )
                    StaleBucket.objects.filter(pk__in=marks).delete()
                done += len(chunk)
                drift += unexpected
        if drift:
            log.warning(
                "full roll-up rebuild %s corrected %d rows that differed from source",
                run.pk,
                drift,
            )
        else:
            log.info("full roll-up rebuild %s: roll-ups matched source", run.pk)
        message = (
            _("Corrected %(count)d roll-up rows that differed from source.") % {"count": drift}
            if drift
            else _("Roll-ups matched source.")
        )
        # Finished before the run's lock goes: a run seen unlocked is a dead one.
        finished = _finish_run(run, done=done, drift=drift, message=message)
    except BaseException as exc:
        _fail_run(run, exc)
        raise
    finally:
        sql.release_run(run.pk)
    RollupRun.objects.filter(
        kind=RollupRun.Kind.INCREMENTAL, started_at__lt=timezone.now() - KEEP_INCREMENTAL_RUNS
    ).delete()
    if StaleBucket.objects.exists():
        # Writes that arrived while the rebuild ran (incremental runs stayed away).
        rollup_stale_buckets(requested_by=requested_by)
    return finished


def _apply_snapshot(run: RollupRun, sql: RollupSQL, chunks: list[list[int]]) -> tuple[int, int]:
    """Apply a rebuild's snapshot chunk by chunk, one transaction each, on as many
    connections at once as ROLLUP_PARALLEL_CONNECTIONS says (chunks are disjoint sets of
    initiatives). Only the calling connection inside a transaction, where other connections
    could not see the snapshot. Returns (initiatives done, rows corrected outside marked
    buckets)."""
    lanes = settings.ROLLUP_PARALLEL_CONNECTIONS
    if lanes < 2 or len(chunks) < 2 or sql.connection.in_atomic_block:
        return _apply_chunks(run, chunks, serial=True)
    results = _at_once(
        [partial(_apply_chunks, run, chunks[lane::lanes], serial=False) for lane in range(lanes)]
    )
    return sum(done for done, _ in results), sum(drift for _, drift in results)


def _apply_chunks(run: RollupRun, chunks: list[list[int]], *, serial: bool) -> tuple[int, int]:
    """Apply these chunks of a rebuild's snapshot on this thread's connection. Returns
    (initiatives done, rows corrected outside marked buckets)."""
    sql = RollupSQL(connection)
    done = drift = 0
    for chunk in chunks:
        with transaction.atomic():
            if serial:
                _take_write_lock(run, done + len(chunk))
            unexpected, _expected = sql.snapshot_apply(chunk, computed_at=timezone.now())
        done += len(chunk)
        drift += unexpected
        if not serial:
            # Outside the chunk's transaction, so lanes never wait on the run's row.
            RollupRun.objects.filter(pk=run.pk).update(buckets_done=F("buckets_done") + len(chunk))
    return done, drift


def rollup_rebuild_request(*, requested_by: User | None) -> tuple[RollupRun, bool]:
    """"Rebuild now": record a requested full rebuild and start it once this transaction
    commits. A rebuild already queued or running is returned instead (created = False)."""
    _abandon_dead_runs(sql=RollupSQL(connection))
    current = (
        RollupRun.objects.filter(kind=RollupRun.Kind.FULL, outcome=Outcome.RUNNING)
        .order_by("-started_at")
        .first()
    )
    if current is not None:
        return current, False
    with transaction.atomic():
        run = RollupRun.objects.create(
            kind=RollupRun.Kind.FULL, started_at=timezone.now(), requested_by=requested_by
        )

        def enqueue() -> None:
            from .tasks import rollup_rebuild_task

            rollup_rebuild_task.delay(run.pk)

        transaction.on_commit(enqueue, robust=True)
    return run, True


# --- dashboards computed ahead of their readers -------------------------------------------------


def dashboards_warm() -> int:
    """Compute and cache the figures of every organisation's default dashboards (benefits.cache),
    as the pages and the API read them: the organisation's, each of its wards', the partner
    view, and the stakeholders API, over the default period with no filter. Run by the worker
    after a roll-up run that changed something; nothing to do if this generation was warmed
    already. Returns how many views it computed."""
    from .dashboards import (
        DashboardFilters,
        Reach,
        default_period,
        organisation_dashboard,
        stakeholder_benefits,
    )

    done_key = ("dashboards-warmed",)
    if kept(done_key):
        return 0
    period = default_period()
    leads = Initiative.objects.values("lead_organisation_id")
    partners = Initiative.partner_organisations.through.objects.values("organisation_id")
    partner_ids = set(partners.values_list("organisation_id", flat=True))
    views = 0
    with translation.override(settings.LANGUAGE_CODE):
        for organisation in Organisation.objects.filter(
            Q(pk__in=leads) | Q(pk__in=partners)
        ).order_by("pk"):
            organisation_dashboard(organisation=organisation, period=period, cached=True)
            stakeholder_benefits(organisation=organisation, period=period, cached=True)
            views += 2
            for area in Area.objects.filter(organisation=organisation).order_by("pk"):
                organisation_dashboard(
                    organisation=organisation,
                    period=period,
                    filters=DashboardFilters(area=area),
                    cached=True,
                )
                views += 1
            if organisation.pk in partner_ids:
                # What a partner's people read: its page and the stakeholders API.
                organisation_dashboard(
                    organisation=organisation,
                    period=period,
                    reach=Reach.PARTNERS_IN,
                    cached=True,
                )
                stakeholder_benefits(
                    organisation=organisation,
                    period=period,
                    reach=Reach.PARTNERS_IN,
                    cached=True,
                )
                views += 2
    keep(done_key, True)
    return views
