"""After a ledger write that marked buckets stale commits, roll them up without waiting for beat.

Connected in BenefitsConfig.ready(): the ledger only sends `buckets_marked`; it never imports
benefits.
"""

from django.db import transaction


def _enqueue_stale_rollup() -> None:
    from .tasks import rollup_stale_task

    rollup_stale_task.delay()


def enqueue_rollup_on_commit(sender, **kwargs) -> None:
    """Enqueue the stale-bucket roll-up once per transaction, when it commits (a rolled-back
    write enqueues nothing). `robust`: a broker hiccup never fails the write that committed."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _enqueue_stale_rollup for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_stale_rollup, robust=True)


def bump_dashboards_on_write(sender, **kwargs) -> None:
    """Something the dashboards show changed outside the roll-ups: what co-assessment measured
    (a survey response, an outcome measurement or indicator, a link to a benefit indicator), or
    a dimension the pages name or filter by (an organisation, area, initiative, its areas,
    partners or types, a service area, a co-production type, the benefits catalogue), or a
    membership (what a reader may see and do, which kept pages carry). Cached
    figures and pages go stale when the write commits (benefits.cache; a rolled-back write bumps
    nothing). Connected in BenefitsConfig.ready(); those apps never import benefits."""
    from .cache import dashboard_generation_bump

    dashboard_generation_bump()
