"""Properties of the roll-ups (hypothesis): whatever the history of writes — submissions, edits,
verifications, rejections, rate changes with earlier effective dates, public inputs — and
wherever roll-up runs fall in it, the roll-up tables end equal to the source, a full rebuild
then finds no drift, and the accounts read from them equal the accounts from source for any
period, partial months included."""

import datetime
from contextlib import contextmanager
from dataclasses import asdict
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benefits.selectors import initiative_accounts, initiative_accounts_from_source
from benefits.services import rollup_rebuild_all, rollup_stale_buckets
from ledger import services as ledger
from ledger.models import ActivityRate, Contribution, ContributionStatus

from ..ledger.factories import GRADE, befriending
from .rollup_helpers import actual_rollups, expected_rollups

pytestmark = pytest.mark.django_db

DB_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIRST_MONTH = datetime.date(2025, 1, 1)


def day_in(month_index: int, day: int) -> datetime.date:
    return datetime.date(2025, 1 + month_index, day)


dates = st.builds(day_in, st.integers(0, 4), st.integers(1, 28))
money = st.decimals(min_value=D("0.01"), max_value=D("900"), places=2)
hours = st.decimals(min_value=D("0.25"), max_value=D("6"), places=2)
people = st.sampled_from(["citizen", "citizen2", "volunteer-a", "volunteer-b"])
index = st.integers(0, 30)

decision = st.sampled_from(["verified", "verified", "submitted", "rejected"])
submission = st.one_of(
    st.tuples(st.just("time"), people, hours, dates, decision),
    st.tuples(st.sampled_from(["in_kind", "money", "expenses"]), people, money, dates, decision),
)
operations = st.lists(
    st.one_of(
        submission,
        submission,
        submission,
        st.tuples(st.just("verify"), index),
        st.tuples(st.just("reject"), index),
        st.tuples(st.just("move"), index, dates),
        st.tuples(st.just("retime"), index, hours),
        st.tuples(st.just("rate"), dates, st.decimals(min_value=D("9"), max_value=D("30"),
                                                       places=2)),
        st.tuples(st.just("staff_time"), hours, dates),
        st.tuples(st.just("spend"), money, dates),
        st.tuples(st.just("rollup")),
    ),
    min_size=3,
    max_size=30,
)


@pytest.fixture
def initiative(cast):
    return befriending(cast)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def apply(cast, initiative, operation) -> None:
    """One write through the ledger's services; a write they refuse changes nothing."""
    name = operation[0]
    stored = list(Contribution.objects.filter(initiative=initiative).order_by("pk"))
    pick = stored[operation[1] % len(stored)] if stored and name in {
        "verify", "reject", "move", "retime"
    } else None
    try:
        if name in {"time", "in_kind", "money", "expenses"}:
            _kind, person, quantity, date, decided = operation
            fields = (
                {"hours": quantity, "activity": "co-performing"}
                if name == "time"
                else {"amount": quantity, "description": "Lent for the day"}
            )
            if person.startswith("volunteer"):
                fields |= {
                    "submitted_by": cast.partner,
                    "submitted_by_organisation": cast.charity,
                    "volunteer_ref": person,
                }
            else:
                fields["submitted_by"] = getattr(cast, person)
            contribution = ledger.contribution_submit(
                initiative=initiative, kind=name, date=date, **fields
            )
            if decided == "verified":
                ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
            elif decided == "rejected":
                ledger.contribution_reject(
                    contribution=contribution, rejected_by=cast.officer, reason="Not ours"
                )
        elif name == "verify" and pick and pick.status == ContributionStatus.SUBMITTED:
            ledger.contribution_verify(contribution=pick, verified_by=cast.officer)
        elif name == "reject" and pick and pick.status == ContributionStatus.SUBMITTED:
            ledger.contribution_reject(contribution=pick, rejected_by=cast.officer, reason="No")
        elif name == "move" and pick:
            ledger.contribution_update(contribution=pick, changed_by=cast.officer,
                                       date=operation[2])
        elif name == "retime" and pick and pick.kind == "time":
            ledger.contribution_update(contribution=pick, changed_by=cast.officer,
                                       hours=operation[2])
        elif name == "rate":
            # A new rate version, often effective before lines already valued: they revalue.
            ledger.activity_rate_save(
                rate=ActivityRate(
                    activity="co-performing", hourly_rate=operation[2], currency="GBP",
                    effective_from=operation[1], source_title="Test rate",
                )
            )
        elif name == "staff_time":
            ledger.public_input_record(recorded_by=cast.officer, initiative=initiative,
                                       kind="staff_time", hours=operation[1], grade=GRADE,
                                       date=operation[2])
        elif name == "spend":
            ledger.public_input_record(recorded_by=cast.officer, initiative=initiative,
                                       kind="spend", amount=operation[1], date=operation[2],
                                       description="Room hire")
        elif name == "rollup":
            rollup_stale_buckets()
    except ValidationError:
        pass


def figures(accounts) -> dict:
    shown = asdict(accounts)
    del shown["as_of"], shown["stale_months"]
    return shown


@DB_SETTINGS
@given(history=operations)
def test_roll_ups_equal_source_after_any_history(cast, initiative, history):
    with rolled_back():
        for operation in history:
            apply(cast, initiative, operation)

        rollup_stale_buckets()
        assert actual_rollups() == expected_rollups()
        assert rollup_stale_buckets().pk is None  # nothing left: a second run does nothing

        full = rollup_rebuild_all()
        assert full.drift_corrected == 0
        assert actual_rollups() == expected_rollups()


@DB_SETTINGS
@given(history=operations)
def test_a_full_rebuild_alone_equals_source(cast, initiative, history):
    """The nightly job, with marks waiting and nothing rolled up before: it consumes the marks
    and finds no drift (marked buckets are expected to change)."""
    with rolled_back():
        for operation in history:
            if operation[0] != "rollup":
                apply(cast, initiative, operation)
        full = rollup_rebuild_all()
        assert full.drift_corrected == 0
        assert actual_rollups() == expected_rollups()
        assert rollup_stale_buckets().pk is None


periods = st.lists(
    st.tuples(st.one_of(st.none(), dates), st.one_of(st.none(), dates)), min_size=1, max_size=4
)


@DB_SETTINGS
@given(history=operations, periods=periods)
def test_accounts_from_roll_ups_equal_accounts_from_source(cast, initiative, history, periods):
    with rolled_back():
        # The same people again and again in the months the fixed periods cut through, so a
        # distinct count that adds across months or days would show.
        for month, day in [(1, 12), (1, 20), (2, 1), (2, 3), (3, 25), (0, 2), (0, 28)]:
            for person in ("citizen", "volunteer-a"):
                apply(cast, initiative, ("money", person, D("3.00"), day_in(month, day),
                                         "verified"))
        for operation in history:
            apply(cast, initiative, operation)
        rollup_stale_buckets()
        edges_only = (day_in(1, 10), day_in(2, 5))  # two partial months, no whole one
        both = (day_in(0, 2), day_in(3, 20))  # partial months around whole ones
        for date_from, date_to in [(None, None), edges_only, both, *periods]:
            kwargs = {"initiative": initiative, "date_from": date_from, "date_to": date_to}
            assert figures(initiative_accounts(**kwargs)) == figures(
                initiative_accounts_from_source(**kwargs)
            )
