"""Roll-up jobs: stale buckets, full rebuild with drift, run records, abandonment, signals."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from benefits import services
from benefits.models import ContributionRollup, ContributorRollup, PublicInputRollup, RollupRun
from benefits.services import (
    rollup_rebuild_all,
    rollup_rebuild_request,
    rollup_stale_buckets,
)
from benefits.sql import RollupSQL, ScopeRange
from ledger import services as ledger
from ledger.models import StaleBucket

from ..ledger.factories import GRADE, befriending
from .rollup_helpers import actual_rollups, expected_rollups

pytestmark = pytest.mark.django_db

Outcome = RollupRun.Outcome


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def worked_example(cast, initiative):
    """ACCOUNTING.md's worked example: four verified lines, one pending, two public inputs."""
    lines = [
        {"kind": "time", "activity": "co-performing", "date": datetime.date(2025, 6, 30),
         "hours": D("3.5")},
        {"kind": "time", "activity": "co-performing", "date": datetime.date(2025, 7, 1),
         "hours": D("2")},
        {"kind": "in_kind", "date": datetime.date(2025, 7, 1), "amount": D("40.00"),
         "description": "Minibus hire"},
        {"kind": "money", "date": datetime.date(2025, 7, 1), "amount": D("120.00")},
    ]
    contributions = [
        ledger.contribution_submit(submitted_by=cast.citizen, initiative=initiative, **line)
        for line in lines
    ]
    for contribution in contributions:
        ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
    pending = ledger.contribution_submit(
        submitted_by=cast.citizen2, initiative=initiative, kind="time",
        activity="co-performing", date=datetime.date(2025, 7, 2), hours=D("1"),
    )
    ledger.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time",
        date=datetime.date(2025, 7, 1), hours=D("10"), grade=GRADE,
    )
    ledger.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend",
        date=datetime.date(2025, 7, 1), amount=D("200.00"), description="Room hire",
    )
    return contributions, pending


def test_stale_buckets_roll_up_to_exactly_the_source(cast, initiative):
    worked_example(cast, initiative)
    assert set(StaleBucket.objects.values_list("month", flat=True)) == {
        datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)
    }

    run = rollup_stale_buckets()

    assert run.pk is not None
    assert (run.kind, run.outcome) == (RollupRun.Kind.INCREMENTAL, Outcome.SUCCEEDED)
    assert run.buckets_total == run.buckets_done == 2
    assert run.finished_at >= run.started_at
    assert not StaleBucket.objects.exists()
    assert actual_rollups() == expected_rollups()
    july = ContributionRollup.objects.get(
        initiative=initiative, month=datetime.date(2025, 7, 1), kind="time", status="verified"
    )
    assert (july.currency, july.hours, july.value, july.count) == ("GBP", D("2.00"), D("30.00"), 1)
    assert july.computed_at >= run.started_at
    assert set(
        ContributorRollup.objects.filter(initiative=initiative).values_list(
            "month", "contributor_key", "value"
        )
    ) == {
        (datetime.date(2025, 6, 1), f"u:{cast.citizen.pk}", D("49.00")),
        (datetime.date(2025, 7, 1), f"u:{cast.citizen.pk}", D("190.00")),
    }
    staff = PublicInputRollup.objects.get(initiative=initiative, kind="staff_time")
    assert (staff.hours, staff.value, staff.count) == (D("10.00"), D("325.00"), 1)


def test_nothing_waiting_records_nothing_and_a_second_run_changes_nothing(cast, initiative):
    worked_example(cast, initiative)
    rollup_stale_buckets()
    before = actual_rollups()
    computed = set(ContributionRollup.objects.values_list("pk", "computed_at"))

    again = rollup_stale_buckets()
    full = rollup_rebuild_all()
    full_again = rollup_rebuild_all()

    assert again.pk is None and again.outcome == Outcome.SUCCEEDED
    assert RollupRun.objects.filter(kind=RollupRun.Kind.INCREMENTAL).count() == 1
    assert (full.outcome, full.drift_corrected, full_again.drift_corrected) == (
        Outcome.SUCCEEDED, 0, 0
    )
    assert actual_rollups() == before
    # Unchanged rows are not rewritten: their computed_at still says when they were computed.
    assert set(ContributionRollup.objects.values_list("pk", "computed_at")) == computed


def test_edits_verifications_and_rejections_replace_the_buckets(cast, initiative):
    contributions, pending = worked_example(cast, initiative)
    rollup_stale_buckets()
    ledger.contribution_update(
        contribution=contributions[0], changed_by=cast.citizen, date=datetime.date(2025, 8, 4)
    )
    ledger.contribution_reject(contribution=pending, rejected_by=cast.officer, reason="Twice")

    rollup_stale_buckets()

    assert actual_rollups() == expected_rollups()
    # June lost its only line: its rows are gone, not left at zero.
    assert not ContributionRollup.objects.filter(month=datetime.date(2025, 6, 1)).exists()
    assert not ContributorRollup.objects.filter(month=datetime.date(2025, 6, 1)).exists()


def test_full_rebuild_corrects_drift_and_reports_it(cast, initiative):
    worked_example(cast, initiative)
    rollup_stale_buckets()
    expected = expected_rollups()
    ContributionRollup.objects.filter(kind="money").update(value=D("1.00"))  # changed
    ContributorRollup.objects.filter(month=datetime.date(2025, 6, 1)).delete()  # missing
    PublicInputRollup.objects.create(  # no source
        initiative=initiative, month=datetime.date(2020, 1, 1), kind="spend", currency="GBP",
        hours=0, value=D("9.99"), count=1, computed_at=timezone.now(),
    )

    run = rollup_rebuild_all()

    assert run.drift_corrected == 3
    assert run.buckets_total == run.buckets_done == 1
    assert "3" in run.message
    assert actual_rollups() == expected


def test_recompute_counts_the_rows_it_corrects_inside_and_outside_marked_buckets(
    cast, initiative
):
    """RollupSQL.recompute, on whichever database runs the suite (one statement on
    PostgreSQL, temporary tables on SQLite): replaced, missing and sourceless rows are each
    one correction, counted by whether their bucket carries a stale mark."""
    worked_example(cast, initiative)
    rollup_stale_buckets()
    expected = expected_rollups()
    june, july = datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)
    ContributionRollup.objects.filter(month=july, kind="money").update(value=D("1.00"))
    ContributorRollup.objects.filter(month=june).delete()
    PublicInputRollup.objects.create(
        initiative=initiative, month=july, kind="equipment", currency="GBP",
        hours=0, value=D("9.99"), count=1, computed_at=timezone.now(),
    )
    StaleBucket.objects.create(initiative=initiative, month=june, marked_at=timezone.now())
    scope = [
        ScopeRange(initiative.pk, month, services._next_month(month)) for month in (june, july)
    ]
    sql = RollupSQL(connection)

    with transaction.atomic():
        split = sql.recompute(scope, computed_at=timezone.now(), split_marked=True)
    with transaction.atomic():
        again = sql.recompute(scope, computed_at=timezone.now())

    # July (unmarked): the money row replaced, the sourceless row deleted; June (marked):
    # the contributor row restored.
    assert split == (2, 1)
    assert again == (0, 0)
    assert actual_rollups() == expected


def test_full_rebuild_does_not_count_marked_buckets_as_drift(cast, initiative, settings):
    settings.ROLLUP_CHUNK_INITIATIVES = 1
    other = befriending_like(cast)
    worked_example(cast, initiative)

    run = rollup_rebuild_all()

    assert run.drift_corrected == 0
    assert run.buckets_total == run.buckets_done == 2  # two initiatives, one a chunk
    assert not StaleBucket.objects.exists()
    assert actual_rollups() == expected_rollups()
    assert other.pk != initiative.pk


def befriending_like(cast):
    from ..factories import InitiativeFactory

    return InitiativeFactory(lead_organisation=cast.council)


def test_a_rolled_back_write_leaves_no_mark_and_no_change(cast, initiative):
    worked_example(cast, initiative)
    rollup_stale_buckets()
    before = actual_rollups()

    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.contribution_submit(
            submitted_by=cast.citizen, initiative=initiative, kind="money",
            date=datetime.date(2025, 9, 1), amount=D("5.00"),
        )
        assert StaleBucket.objects.filter(month=datetime.date(2025, 9, 1)).exists()
        raise RuntimeError("the request failed after the write")

    assert not StaleBucket.objects.exists()
    assert rollup_stale_buckets().pk is None
    assert actual_rollups() == before


def test_a_committed_write_enqueues_one_roll_up_which_runs_eagerly(
    cast, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        worked_example(cast, initiative)

    # Eleven writes marked buckets in one transaction; one roll-up was enqueued (and the run
    # it made then bumped the dashboards' cache generation).
    assert [c.__name__ for c in callbacks] == ["_enqueue_stale_rollup", "_bump"]
    assert not StaleBucket.objects.exists()
    assert actual_rollups() == expected_rollups()


def test_a_failed_run_is_recorded_and_keeps_the_marks(cast, initiative, monkeypatch):
    worked_example(cast, initiative)

    def broken(self, scope, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.RollupSQL, "recompute", broken)
    with pytest.raises(RuntimeError):
        rollup_stale_buckets()

    run = RollupRun.objects.get()
    assert run.outcome == Outcome.FAILED
    assert "disk full" in run.message
    assert run.finished_at is not None
    assert StaleBucket.objects.count() == 2
    assert not ContributionRollup.objects.exists()


def test_a_run_left_running_by_a_dead_worker_is_marked_abandoned(cast, initiative):
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    dead = RollupRun.objects.create(
        kind=RollupRun.Kind.FULL, started_at=long_ago, buckets_total=5, buckets_done=2
    )
    queued = RollupRun.objects.create(kind=RollupRun.Kind.FULL, started_at=timezone.now())

    run = rollup_rebuild_all()

    dead.refresh_from_db()
    queued.refresh_from_db()
    assert dead.outcome == Outcome.ABANDONED
    assert dead.finished_at is not None
    assert queued.outcome == Outcome.RUNNING  # requested, waiting for a worker: not dead
    assert run.outcome == Outcome.SUCCEEDED


def test_rebuild_now_queues_one_run_that_the_task_claims_once(cast, initiative, monkeypatch):
    worked_example(cast, initiative)
    queued: list[int] = []
    monkeypatch.setattr(
        "benefits.tasks.rollup_rebuild_task.delay", lambda run_id: queued.append(run_id)
    )

    run, created = rollup_rebuild_request(requested_by=cast.manager)
    same, created_again = rollup_rebuild_request(requested_by=cast.manager)

    assert created and not created_again and same.pk == run.pk
    assert (run.outcome, run.buckets_total, run.requested_by) == (
        Outcome.RUNNING, 0, cast.manager
    )
    from benefits.tasks import rollup_rebuild_task

    assert rollup_rebuild_task.run(run.pk) == run.pk
    run.refresh_from_db()
    assert run.outcome == Outcome.SUCCEEDED and run.buckets_done == 1
    # A duplicate delivery of the same message does nothing more.
    finished_at = run.finished_at
    assert rollup_rebuild_task.run(run.pk) == run.pk
    run.refresh_from_db()
    assert run.finished_at == finished_at
    assert RollupRun.objects.filter(kind=RollupRun.Kind.FULL).count() == 1
    assert actual_rollups() == expected_rollups()


def test_the_rollup_command(cast, initiative, capsys):
    worked_example(cast, initiative)
    call_command("rollup")
    assert "2 of 2 buckets" in capsys.readouterr().out
    call_command("rollup")
    assert "No stale buckets" in capsys.readouterr().out
    call_command("rollup", "--full")
    assert "1 of 1 initiatives" in capsys.readouterr().out
    assert actual_rollups() == expected_rollups()
