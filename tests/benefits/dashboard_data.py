"""Roll-up rows for dashboard tests, written directly (as the roll-up jobs would leave them).

Months are the first of the month. Periods used by the tests: the "current" twelve months
2025-01..2025-12 and the "previous" twelve 2024-01..2024-12.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from benefits.models import ContributionRollup, ContributorRollup, PublicInputRollup, RollupRun

COMPUTED_AT = timezone.make_aware(datetime.datetime(2026, 1, 5, 3, 0))
CURRENT_FIRST, CURRENT_LAST = datetime.date(2025, 1, 1), datetime.date(2025, 12, 1)
PREVIOUS_FIRST, PREVIOUS_LAST = datetime.date(2024, 1, 1), datetime.date(2024, 12, 1)


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)


def contribution_row(
    initiative,
    on: datetime.date,
    *,
    value: str,
    hours: str = "0",
    count: int = 1,
    kind: str = "time",
    status: str = "verified",
    currency: str = "GBP",
    computed_at: datetime.datetime = COMPUTED_AT,
) -> ContributionRollup:
    return ContributionRollup.objects.create(
        initiative=initiative, month=on, kind=kind, status=status, currency=currency,
        hours=Decimal(hours), value=Decimal(value), count=count, computed_at=computed_at,
    )


def public_row(
    initiative,
    on: datetime.date,
    *,
    value: str,
    hours: str = "0",
    count: int = 1,
    kind: str = "spend",
    currency: str = "GBP",
    computed_at: datetime.datetime = COMPUTED_AT,
) -> PublicInputRollup:
    return PublicInputRollup.objects.create(
        initiative=initiative, month=on, kind=kind, currency=currency,
        hours=Decimal(hours), value=Decimal(value), count=count, computed_at=computed_at,
    )


def contributor_row(
    initiative,
    on: datetime.date,
    key: str,
    *,
    hours: str = "1",
    value: str = "10",
    count: int = 1,
    computed_at: datetime.datetime = COMPUTED_AT,
) -> ContributorRollup:
    return ContributorRollup.objects.create(
        initiative=initiative, month=on, contributor_key=key, hours=Decimal(hours),
        value=Decimal(value), count=count, computed_at=computed_at,
    )


def succeeded_run(finished_at: datetime.datetime = COMPUTED_AT) -> RollupRun:
    return RollupRun.objects.create(
        kind=RollupRun.Kind.FULL, outcome=RollupRun.Outcome.SUCCEEDED,
        started_at=finished_at - datetime.timedelta(minutes=1), finished_at=finished_at,
    )


def two_periods(initiative) -> None:
    """A small history in both periods: the figures tests pin.

    current (2025): verified £300.00 (10 h) + £50.00 money, pending £15.00, public £400.00;
                    contributors u:1, u:2, v:9:a (three).
    previous (2024): verified £100.00 (4 h), public £200.00; contributor u:1 (one).
    """
    contribution_row(initiative, month(2025, 3), value="200.00", hours="6.5", count=2)
    contribution_row(initiative, month(2025, 11), value="100.00", hours="3.5", count=1)
    contribution_row(initiative, month(2025, 11), value="50.00", kind="money", count=1)
    contribution_row(initiative, month(2025, 11), value="15.00", hours="1", status="submitted")
    contribution_row(initiative, month(2025, 6), value="99.00", hours="2", status="rejected")
    public_row(initiative, month(2025, 3), value="300.00", kind="staff_time", hours="10")
    public_row(initiative, month(2025, 11), value="100.00")
    contributor_row(initiative, month(2025, 3), "u:1")
    contributor_row(initiative, month(2025, 11), "u:1")
    contributor_row(initiative, month(2025, 11), "u:2")
    contributor_row(initiative, month(2025, 11), "v:9:a")
    contribution_row(initiative, month(2024, 5), value="100.00", hours="4", count=3)
    public_row(initiative, month(2024, 5), value="200.00")
    contributor_row(initiative, month(2024, 5), "u:1")
