"""Background jobs for the roll-ups: thin tasks that take ids and call services.

Both are idempotent (recompute from source and replace), so acks_late redelivery after a lost
worker, or two copies at once, never double-counts.
"""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .models import RollupRun
from .services import dashboards_warm, rollup_rebuild_all, rollup_stale_buckets


def _warm_after(run: RollupRun) -> None:
    """A run that changed roll-up rows moved the dashboards' generation: compute the default
    dashboards anew, in a task of their own."""
    if settings.DASHBOARD_WARM and run.pk and run.buckets_done:
        # After the generation's bump, which waits for the same commit.
        transaction.on_commit(dashboards_warm_task.delay, robust=True)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def rollup_stale_task() -> int | None:
    """Every minute, and after every ledger write commits: recompute the stale buckets.
    Returns the run's id, or None when nothing was waiting."""
    run = rollup_stale_buckets()
    _warm_after(run)
    return run.pk


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def dashboards_warm_task() -> int:
    """Compute every organisation's default dashboards for the current roll-up generation
    (idempotent: a generation already warmed is left alone). Returns how many views."""
    return dashboards_warm()


@shared_task(
    acks_late=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def rollup_rebuild_task(run_id: int | None = None) -> int:
    """Nightly, or when a manager asks: rebuild every roll-up and report drift. `run_id` is a
    requested run (RollupRun) to claim. Returns the id of the run that did the work."""
    run = RollupRun.objects.filter(pk=run_id).first() if run_id is not None else None
    finished = rollup_rebuild_all(run=run)
    _warm_after(finished)
    return finished.pk
