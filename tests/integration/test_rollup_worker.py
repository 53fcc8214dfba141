"""Roll-ups in real workers on Redis and PostgreSQL: written through the API, killed half way,
run twice at once. Every time, the roll-ups end equal to the source rows exactly."""

import contextlib
import datetime
import os
import random
import signal
import subprocess
import time
import uuid
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from benefits.models import ContributionRollup, ContributorRollup, PublicInputRollup, RollupRun
from benefits.tasks import rollup_rebuild_task
from initiatives.models import Initiative, Participation
from ledger import services as ledger
from ledger.models import ActivityRate, Contribution, PublicInput, StaffCostRate, StaleBucket
from people.models import Membership, Organisation, Role, User

from ..benefits.rollup_helpers import actual_rollups, expected_rollups
from ..factories import InitiativeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"
WORKER_TIMEOUT_SECONDS = 180
TODAY = datetime.date.today()


def wait_for(condition, *, timeout=WORKER_TIMEOUT_SECONDS, every=0.1, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def source_aggregate(initiative_id: int) -> dict:
    """The accounts' figures straight from the source rows, in SQL, independent of the app."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COALESCE(SUM(value) FILTER (WHERE status = 'verified'), 0),
                   COALESCE(SUM(value) FILTER (WHERE status = 'submitted'), 0),
                   COALESCE(SUM(hours) FILTER (WHERE status = 'verified' AND kind = 'time'), 0),
                   COUNT(*) FILTER (WHERE status = 'verified'),
                   COUNT(DISTINCT CASE WHEN status = 'verified' THEN
                       COALESCE('u' || contributor_id::text,
                                'v' || submitted_by_organisation_id::text || ':' || volunteer_ref)
                   END)
            FROM ledger_contribution WHERE initiative_id = %s
            """,
            [initiative_id],
        )
        citizen, pending, hours, count, contributors = cursor.fetchone()
        cursor.execute(
            "SELECT COALESCE(SUM(value), 0) FROM ledger_publicinput WHERE initiative_id = %s",
            [initiative_id],
        )
        (public,) = cursor.fetchone()
    return {
        "citizen_input_value": f"{D(citizen):.2f}",
        "pending_value": f"{D(pending):.2f}",
        "public_input_value": f"{D(public):.2f}",
        "hours": f"{D(hours):.2f}",
        "contributions": count,
        "contributors": contributors,
    }


@pytest.fixture
def scheme():
    """A council's initiative with a partner charity, rates, and the people who act in it."""
    council = Organisation.objects.create(
        slug="rollup-council", name="Rollup Council", kind=Organisation.Kind.PUBLIC_AGENCY
    )
    charity = Organisation.objects.create(
        slug="rollup-charity", name="Rollup Charity", kind=Organisation.Kind.THIRD_SECTOR
    )
    initiative = InitiativeFactory(
        lead_organisation=council,
        partner_organisations=[charity],
        start_date=TODAY - datetime.timedelta(days=400),
    )
    ActivityRate.objects.create(
        activity="co-performing", hourly_rate=D("14.37"), currency="GBP",
        effective_from=TODAY - datetime.timedelta(days=500), source_title="Test rate",
    )
    StaffCostRate.objects.create(
        organisation=council, grade="officer", hourly_rate=D("31.13"),
        oncost_percent=D("27.5"), effective_from=TODAY - datetime.timedelta(days=500),
    )
    people = {}
    for name, organisation, role in [
        ("rollup-officer", council, Role.OFFICER),
        ("rollup-manager", council, Role.MANAGER),
        ("rollup-partner", charity, Role.PARTNER),
        ("rollup-citizen", council, Role.CITIZEN),
    ]:
        people[name] = User.objects.create(username=name)
        Membership.objects.create(user=people[name], organisation=organisation, role=role)
    Participation.objects.create(user=people["rollup-citizen"], initiative=initiative)
    return initiative, charity, people


def api_as(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_api_writes_reach_the_accounts_through_the_worker_to_the_penny(scheme):
    initiative, charity, people = scheme
    rng = random.Random(4)
    rows = []
    for index in range(300):
        day = TODAY - datetime.timedelta(days=rng.randrange(1, 360))
        row = {
            "initiative": initiative.pk,
            "volunteer_ref": f"V-{rng.randrange(40)}",
            "external_ref": f"EXT-{index}",
            "date": day.isoformat(),
        }
        if index % 3:
            row |= {"kind": "time", "activity": "co-performing",
                    "hours": f"{rng.randrange(25, 400) / 100:.2f}"}
        else:
            row |= {"kind": "money", "amount": f"{rng.randrange(1, 9000) / 100:.2f}"}
        rows.append(row)
    partner = api_as(people["rollup-partner"])
    for start in range(0, len(rows), 100):
        response = partner.post(
            "/api/v1/contributions/bulk/",
            {"organisation": charity.pk, "contributions": rows[start : start + 100]},
            format="json",
        )
        assert response.status_code == 201, response.content
    ids = list(Contribution.objects.filter(initiative=initiative).values_list("pk", flat=True))
    ledger.contributions_verify_many(
        contribution_ids=ids[:200], verified_by=people["rollup-officer"]
    )
    ledger.contributions_reject_many(
        contribution_ids=ids[200:230], rejected_by=people["rollup-officer"], reason="Twice"
    )
    for days in (3, 40, 200):
        ledger.public_input_record(
            recorded_by=people["rollup-officer"], initiative=initiative, kind="staff_time",
            date=TODAY - datetime.timedelta(days=days), hours=D("7.25"), grade="officer",
        )

    # Each committed write enqueued the stale-bucket roll-up on the worker; nothing here ran it.
    wait_for(lambda: not StaleBucket.objects.filter(initiative=initiative).exists(),
             what="the stale buckets to be rolled up")
    assert RollupRun.objects.filter(
        kind=RollupRun.Kind.INCREMENTAL, outcome=RollupRun.Outcome.SUCCEEDED
    ).exists()

    figures = api_as(people["rollup-manager"]).get(
        f"/api/v1/initiatives/{initiative.pk}/accounts/"
    ).json()
    truth = source_aggregate(initiative.pk)
    assert {key: figures[key] for key in truth} == truth
    assert D(figures["citizen_input_value"]) > 0 and D(figures["pending_value"]) > 0
    assert figures["stale_months"] == 0
    # A period with partial months at both ends agrees with the source too.
    start, end = TODAY - datetime.timedelta(days=200), TODAY - datetime.timedelta(days=20)
    period = api_as(people["rollup-manager"]).get(
        f"/api/v1/initiatives/{initiative.pk}/accounts/?from={start}&to={end}"
    ).json()
    verified = Contribution.objects.filter(
        initiative=initiative, status="verified", date__gte=start, date__lte=end
    )
    assert D(period["citizen_input_value"]) == sum((c.value for c in verified), D("0"))
    assert actual_rollups() == expected_rollups()


def many_initiatives(count: int, per_initiative: int) -> None:
    """Committed source rows for `count` initiatives, inserted in bulk (the roll-ups' input)."""
    council = Organisation.objects.create(
        slug="bulk-council", name="Bulk Council", kind=Organisation.Kind.PUBLIC_AGENCY
    )
    template = InitiativeFactory(lead_organisation=council)
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                slug=f"bulk-{index}", title=f"Bulk {index}", summary="Many rows",
                lead_organisation=council, service_area=template.service_area,
                start_date=TODAY - datetime.timedelta(days=800), status=template.status,
                mode=template.mode,
            )
            for index in range(count)
        ]
    )
    rng = random.Random(7)
    now = timezone.now()
    contributions = []
    for initiative in initiatives:
        for index in range(per_initiative):
            kind = rng.choice(["time", "time", "money", "in_kind"])
            value = D(rng.randrange(100, 20000)) / 100
            contributions.append(
                Contribution(
                    initiative=initiative, submitted_by_organisation=council,
                    volunteer_ref=f"p{rng.randrange(30)}", kind=kind,
                    date=TODAY - datetime.timedelta(days=rng.randrange(1, 700)),
                    hours=D(rng.randrange(50, 800)) / 100 if kind == "time" else None,
                    amount=None if kind == "time" else value, currency="GBP",
                    status=rng.choice(["verified", "verified", "submitted", "rejected"]),
                    value=value, method="face_value", created_at=now, updated_at=now,
                    description=f"line {index}",
                )
            )
    Contribution.objects.bulk_create(contributions, batch_size=2000)
    PublicInput.objects.bulk_create(
        [
            PublicInput(
                initiative=initiative, organisation=council, kind="spend",
                date=TODAY - datetime.timedelta(days=rng.randrange(1, 700)),
                amount=D("125.50"), currency="GBP", value=D("125.50"), method="face_value",
                created_at=now, updated_at=now,
            )
            for initiative in initiatives
            for _ in range(3)
        ]
    )


def start_own_worker(queue: str, **env) -> subprocess.Popen:
    """A worker of this test's own, in its own process group, on a queue no one else uses."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "coproduction.settings", **env}
    worker = subprocess.Popen(
        [str(CELERY), "-A", "coproduction", "worker", "-Q", queue, "--concurrency=1",
         "--pool=prefork", "--without-gossip", "--without-mingle", "--loglevel=WARNING",
         f"--hostname={queue}@%h"],
        cwd=ROOT, env=environment, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return worker


def kill_group(worker: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def test_a_worker_killed_mid_rebuild_then_a_rerun_equals_source_exactly():
    many_initiatives(250, 24)
    queue = f"rollup-kill-{uuid.uuid4().hex[:8]}"
    worker = start_own_worker(queue, ROLLUP_CHUNK_INITIATIVES="1")
    try:
        run = RollupRun.objects.create(kind=RollupRun.Kind.FULL, started_at=timezone.now())
        rollup_rebuild_task.apply_async(args=[run.pk], queue=queue)
        wait_for(
            lambda: RollupRun.objects.filter(pk=run.pk, buckets_done__gt=0).exists(),
            every=0.02, what="the rebuild to start applying",
        )
        kill_group(worker)
    finally:
        if worker.poll() is None:
            kill_group(worker)
    run.refresh_from_db()
    assert run.outcome == RollupRun.Outcome.RUNNING
    assert 0 < run.buckets_done < run.buckets_total == 251
    assert actual_rollups() != expected_rollups()  # killed half way: partly rolled up

    rerun_id = rollup_rebuild_task.delay().get(timeout=WORKER_TIMEOUT_SECONDS)

    rerun = RollupRun.objects.get(pk=rerun_id)
    assert rerun.outcome == RollupRun.Outcome.SUCCEEDED
    assert rerun.buckets_done == rerun.buckets_total == 251
    run.refresh_from_db()
    assert run.outcome == RollupRun.Outcome.ABANDONED
    assert run.finished_at is not None
    assert actual_rollups() == expected_rollups()
    assert not StaleBucket.objects.exists()


def test_two_rebuilds_at_once_with_writes_between_equal_source_exactly(scheme):
    initiative, charity, people = scheme
    many_initiatives(120, 20)
    # Roll-ups that disagree with source every way: changed, missing and without source.
    rollup_rebuild_task.delay().get(timeout=WORKER_TIMEOUT_SECONDS)
    ContributionRollup.objects.filter(kind="money").update(value=D("0.01"))
    ContributorRollup.objects.filter(pk__in=ContributorRollup.objects.values("pk")[:50]).delete()
    PublicInputRollup.objects.create(
        initiative=initiative, month=datetime.date(2001, 1, 1), kind="spend", currency="GBP",
        hours=0, value=D("1.00"), count=1, computed_at=timezone.now(),
    )

    first = rollup_rebuild_task.delay()
    second = rollup_rebuild_task.delay()
    for day in range(1, 6):  # writes while they run; each enqueues the stale roll-up
        contribution = ledger.contribution_submit(
            submitted_by=people["rollup-partner"], submitted_by_organisation=charity,
            initiative=initiative, kind="money", amount=D("12.34"), volunteer_ref=f"W{day}",
            date=TODAY - datetime.timedelta(days=day),
        )
        ledger.contribution_verify(contribution=contribution, verified_by=people["rollup-officer"])
    runs = [first.get(timeout=WORKER_TIMEOUT_SECONDS), second.get(timeout=WORKER_TIMEOUT_SECONDS)]

    assert len(set(runs)) == 2
    finished = RollupRun.objects.filter(pk__in=runs)
    assert {run.outcome for run in finished} == {RollupRun.Outcome.SUCCEEDED}
    # The first to run found the damage; the other found none left (or only what the writes
    # were still changing).
    assert max(run.drift_corrected for run in finished) >= 3
    wait_for(lambda: not StaleBucket.objects.exists(), what="the writes to be rolled up")
    assert actual_rollups() == expected_rollups()
    figures = api_as(people["rollup-manager"]).get(
        f"/api/v1/initiatives/{initiative.pk}/accounts/"
    ).json()
    truth = source_aggregate(initiative.pk)
    assert {key: figures[key] for key in truth} == truth
    assert truth["citizen_input_value"] == "61.70"


def test_an_incremental_run_split_over_two_connections_equals_source_exactly(settings):
    """On PostgreSQL a large incremental run recomputes its buckets on two connections at
    once, split by initiative; whatever each lane wrote, the roll-ups end equal to source."""
    from benefits.services import rollup_stale_buckets, stale_lanes
    from benefits.sql import RollupSQL

    many_initiatives(40, 30)
    rollup_rebuild_task.delay().get(timeout=WORKER_TIMEOUT_SECONDS)
    # Damage every way, then mark every bucket stale, as writes would have.
    ContributionRollup.objects.filter(kind="money").update(value=D("0.01"))
    ContributorRollup.objects.filter(pk__in=ContributorRollup.objects.values("pk")[:40]).delete()
    Contribution.objects.filter(pk__in=Contribution.objects.values("pk")[:25]).update(
        status="rejected"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_stalebucket (initiative_id, month, marked_at) "
            "SELECT DISTINCT initiative_id, CAST(date_trunc('month', date) AS date), now() "
            "FROM ledger_contribution"
        )
    marks = StaleBucket.objects.count()
    settings.ROLLUP_PARALLEL_MIN_BUCKETS = 10
    lanes = stale_lanes(snapshot=timezone.now(), total=marks, sql=RollupSQL(connection))
    assert len(lanes) == 2
    (first_from, first_to), (second_from, second_to) = lanes
    assert first_to <= second_from  # disjoint ranges of initiatives

    run = rollup_stale_buckets()

    assert run.outcome == RollupRun.Outcome.SUCCEEDED
    assert run.buckets_done == marks
    assert not StaleBucket.objects.exists()
    assert actual_rollups() == expected_rollups()
