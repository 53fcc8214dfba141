"""The arithmetic of ACCOUNTING.md, as pure functions on Decimals: no queries, no floats.

A line's value is rounded half up to its currency's minor unit when it is valued; totals are
sums of rounded lines; ratios are rounded only when shown (three places here).
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from people.models import CURRENCY_MINOR_UNITS

from .models import (
    GENERALIST_ACTIVITY,
    ActivityRate,
    ContributionMethod,
    Kind,
    PublicInputKind,
    PublicInputMethod,
    StaffCostRate,
)

RATIO_PLACES = Decimal("0.001")


def minor_unit(currency: str) -> Decimal:
    """The smallest unit of a currency as a Decimal exponent: GBP → 0.01, JPY → 1."""
    return Decimal(1).scaleb(-CURRENCY_MINOR_UNITS[currency])


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (2.345 GBP → 2.35)."""
    return Decimal(amount).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def decimal_places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class RateChoice:
    """The rate in force for a line, and whether it is the activity's own or the fallback."""

    rate: ActivityRate
    method: str

    @property
    def hourly_rate(self) -> Decimal:
        return self.rate.hourly_rate


class RateBook:
    """Every rate version of some scopes, indexed for the look-up a line needs.

    Look-up order for an activity on a date: the organisation's own rate for the activity, the
    platform default for the activity, the organisation's generalist rate, the platform
    generalist rate. Within a scope the rate in force is the latest with effective_from ≤ date.
    """

    def __init__(self, rates: Iterable[ActivityRate]) -> None:
        grouped: dict[tuple[int | None, str, str], list[ActivityRate]] = {}
        for rate in rates:
            grouped.setdefault((rate.organisation_id, rate.activity, rate.currency), []).append(
                rate
            )
        self._scopes: dict[
            tuple[int | None, str, str], tuple[list[datetime.date], list[ActivityRate]]
        ] = {}
        for key, versions in grouped.items():
            versions.sort(key=lambda r: r.effective_from)
            self._scopes[key] = ([r.effective_from for r in versions], versions)

    def in_force(
        self, *, organisation_id: int | None, activity: str, currency: str, on: datetime.date
    ) -> ActivityRate | None:
        scope = self._scopes.get((organisation_id, activity, currency))
        if scope is None:
            return None
        dates, versions = scope
        position = bisect_right(dates, on)
        return versions[position - 1] if position else None

    def choose(
        self, *, organisation_id: int | None, activity: str, currency: str, on: datetime.date
    ) -> RateChoice | None:
        candidates = [
            (organisation_id, activity, ContributionMethod.REPLACEMENT_COST_SPECIALIST),
            (None, activity, ContributionMethod.REPLACEMENT_COST_SPECIALIST),
            (organisation_id, GENERALIST_ACTIVITY, ContributionMethod.REPLACEMENT_COST_GENERALIST),
            (None, GENERALIST_ACTIVITY, ContributionMethod.REPLACEMENT_COST_GENERALIST),
        ]
        for scope_organisation, scope_activity, method in candidates:
            rate = self.in_force(
                organisation_id=scope_organisation,
                activity=scope_activity,
                currency=currency,
                on=on,
            )
            if rate is not None:
                return RateChoice(rate=rate, method=method)
        return None


@dataclass(frozen=True)
class Valuation:
    value: Decimal
    rate: Decimal | None
    method: str
    activity_rate: ActivityRate | None = None
    staff_cost_rate: StaffCostRate | None = None


def value_time(hours: Decimal, hourly_rate: Decimal, currency: str) -> Decimal:
    return round_money(hours * hourly_rate, currency)


def value_contribution(
    *,
    kind: str,
    currency: str,
    hours: Decimal | None = None,
    amount: Decimal | None = None,
    choice: RateChoice | None = None,
) -> Valuation:
    """Value one contribution line. Time needs a rate choice; the other kinds need an amount."""
    if kind == Kind.TIME:
        if choice is None or hours is None:
            raise ValueError("A time contribution is valued from hours and a rate.")
        return Valuation(
            value=value_time(hours, choice.hourly_rate, currency),
            rate=choice.hourly_rate,
            method=choice.method,
            activity_rate=choice.rate,
        )
    if amount is None:
        raise ValueError("This kind of contribution is valued from its amount.")
    method = (
        ContributionMethod.DECLARED_VALUE if kind == Kind.IN_KIND else ContributionMethod.FACE_VALUE
    )
    return Valuation(value=round_money(amount, currency), rate=None, method=method)


def value_public_input(
    *,
    kind: str,
    currency: str,
    hours: Decimal | None = None,
    amount: Decimal | None = None,
    staff_cost_rate: StaffCostRate | None = None,
) -> Valuation:
    """Staff time at the grade's fully loaded cost; spend at face value; in kind at market value."""
    if kind == PublicInputKind.STAFF_TIME:
        if staff_cost_rate is None or hours is None:
            raise ValueError("Staff time is valued from hours and a staff cost rate.")
        loaded = staff_cost_rate.loaded_hourly_cost
        return Valuation(
            value=round_money(hours * loaded, currency),
            rate=loaded,
            method=PublicInputMethod.LOADED_STAFF_COST,
            staff_cost_rate=staff_cost_rate,
        )
    if amount is None:
        raise ValueError("Spend and public in-kind inputs are valued from their amount.")
    method = (
        PublicInputMethod.FACE_VALUE
        if kind == PublicInputKind.SPEND
        else PublicInputMethod.MARKET_VALUE
    )
    return Valuation(value=round_money(amount, currency), rate=None, method=method)


def leverage_ratio(citizen: Decimal, public: Decimal) -> Decimal | None:
    """Citizen ÷ public inputs to three places; absent where there is no public input."""
    if not public:
        return None
    return (Decimal(citizen) / Decimal(public)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def coproduction_share(citizen: Decimal, public: Decimal) -> Decimal | None:
    """Citizen ÷ (citizen + public) as a fraction to three places (0.313 = 31.3%)."""
    total = Decimal(citizen) + Decimal(public)
    if not total:
        return None
    return (Decimal(citizen) / total).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
