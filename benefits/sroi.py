"""Social return on investment and cost per outcome (ACCOUNTING.md, second worked example).

The arithmetic is pure functions on Decimals: full precision in between, and only the figures
shown are rounded (half up, two places; money to its currency's minor unit). Inputs and outcomes
meet here, in `benefits` (DESIGN §7): `initiative_outcome_figures` composes an initiative's
accounts (citizen and public input values) with its outcome indicators (assessment).

For one outcome over a period:

    quantity    = units achieved in the period (assessment.selectors.outcome_quantity: the sum
                  of verified readings of a count, or a level's improvement on its baseline)
    value in year n = quantity × proxy × (1 − deadweight) × (1 − displacement)
                      × (1 − attribution) × (1 − drop-off)^(n − 1),     n = 1 … duration
    present value   = Σ value_n ÷ (1 + rate)^n          (discounted every year from year 1)

and for the initiative: SROI = Σ present values ÷ (citizen + public inputs); the
public-investment view = Σ present values ÷ public inputs; net present value = Σ present values
− (citizen + public inputs); cost per outcome = public ÷ units and (citizen + public) ÷ units.
The rate is settings.SROI_DISCOUNT_RATE (3.5% unless configured).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.conf import settings

from assessment.models import OutcomeIndicator
from assessment.selectors import outcome_quantity
from initiatives.models import Initiative
from people.models import CURRENCY_MINOR_UNITS

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
RATIO_PLACES = Decimal("0.01")
PRECISION = 40  # digits carried in between; far beyond any figure shown


def discount_rate() -> Decimal:
    """The configured yearly discount rate as a fraction (0.035 = 3.5%)."""
    return Decimal(str(getattr(settings, "SROI_DISCOUNT_RATE", Decimal("0.035"))))


def round_ratio(value: Decimal) -> Decimal:
    """A ratio as shown: two places, half up (2.9355… → 2.94)."""
    return Decimal(value).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def round_money_shown(value: Decimal, currency: str = "GBP") -> Decimal:
    """Money as shown: the currency's minor unit, half up."""
    places = Decimal(1).scaleb(-CURRENCY_MINOR_UNITS.get(currency, 2))
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def _fraction(percent: Decimal) -> Decimal:
    percent = Decimal(percent)
    if not ZERO <= percent <= HUNDRED:
        raise ValueError("A percentage runs from 0 to 100.")
    return percent / HUNDRED


def year_values(
    *,
    quantity: Decimal,
    proxy: Decimal,
    deadweight: Decimal,
    displacement: Decimal,
    attribution: Decimal,
    drop_off: Decimal,
    duration_years: int,
) -> list[Decimal]:
    """The unrounded value of the outcome in each year 1 … duration. The four adjustments are
    percentages (25 = 25%)."""
    if duration_years < 1:
        raise ValueError("An outcome lasts at least one year.")
    with localcontext() as context:
        context.prec = PRECISION
        first = (
            Decimal(quantity)
            * Decimal(proxy)
            * (ONE - _fraction(deadweight))
            * (ONE - _fraction(displacement))
            * (ONE - _fraction(attribution))
        )
        keep = ONE - _fraction(drop_off)
        values = [first]
        for _year in range(2, duration_years + 1):
            values.append(values[-1] * keep)  # (1 − drop-off)^(n − 1), also when it is 0
        return values


def present_value(values: Sequence[Decimal], *, rate: Decimal) -> Decimal:
    """Σ value_n ÷ (1 + rate)^n for n = 1 … len(values), unrounded."""
    if rate < 0:
        raise ValueError("A discount rate cannot be negative.")
    with localcontext() as context:
        context.prec = PRECISION
        factor = ONE + Decimal(rate)
        return sum(
            (Decimal(value) / factor**year for year, value in enumerate(values, start=1)), ZERO
        )


def outcome_present_value(
    *,
    quantity: Decimal,
    proxy: Decimal,
    deadweight: Decimal,
    displacement: Decimal,
    attribution: Decimal,
    drop_off: Decimal,
    duration_years: int,
    rate: Decimal,
) -> Decimal:
    """The unrounded present value of one outcome (year_values, then present_value)."""
    return present_value(
        year_values(
            quantity=quantity,
            proxy=proxy,
            deadweight=deadweight,
            displacement=displacement,
            attribution=attribution,
            drop_off=drop_off,
            duration_years=duration_years,
        ),
        rate=rate,
    )


def sroi_ratio(present: Decimal, inputs: Decimal) -> Decimal | None:
    """Present value ÷ inputs, unrounded; None where no input is recorded (never "free")."""
    if not inputs:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(present) / Decimal(inputs)


def net_present_value(present: Decimal, inputs: Decimal) -> Decimal:
    """Present value − inputs, unrounded."""
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(present) - Decimal(inputs)


def cost_per_outcome(cost: Decimal, units: Decimal | None) -> Decimal | None:
    """Cost ÷ units achieved, unrounded; None where no unit was achieved, or where no input is
    recorded (an outcome is never shown as costing nothing)."""
    if not units or not cost:
        return None
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(cost) / Decimal(units)


# --- composing accounts with outcomes ---------------------------------------------------------


@dataclass(frozen=True)
class OutcomeFigures:
    """One outcome indicator's figures for a period, with every assumption behind them.

    Money and ratios here are rounded for showing; `present_value_exact` carries the unrounded
    value the initiative's totals are computed from."""

    indicator: OutcomeIndicator
    name: str
    unit: str
    currency: str
    quantity: Decimal | None  # units achieved in the period; None: nothing measured
    quantity_method: str  # "sum" (count) or "change_from_baseline" (level)
    measurements: int  # verified readings it is computed from
    financial_proxy: Decimal | None
    proxy_source: str
    deadweight: Decimal  # percentages, as recorded
    displacement: Decimal
    attribution: Decimal
    drop_off: Decimal
    duration_years: int
    discount_rate: Decimal  # a fraction: 0.035 = 3.5%
    year_values: list[Decimal]  # rounded, year 1 first; empty when not valued
    present_value: Decimal | None  # rounded; None when not valued or not measured
    present_value_exact: Decimal | None
    cost_per_outcome_public: Decimal | None  # public inputs ÷ units, rounded
    cost_per_outcome_total: Decimal | None  # (citizen + public) ÷ units, rounded

    @property
    def is_valued(self) -> bool:
        return self.present_value is not None

    @property
    def discount_rate_percent(self) -> Decimal:
        return (self.discount_rate * HUNDRED).normalize()


@dataclass(frozen=True)
class InitiativeOutcomeFigures:
    """An initiative's outcomes beside its inputs: per-outcome figures, and SROI, the
    public-investment view and net present value over every valued outcome."""

    initiative_id: int
    currency: str
    date_from: datetime.date | None
    date_to: datetime.date | None
    discount_rate: Decimal
    citizen_input_value: Decimal
    public_input_value: Decimal
    total_input_value: Decimal
    outcomes: list[OutcomeFigures]
    present_value: Decimal | None  # rounded Σ of the exact present values; None: nothing valued
    sroi: Decimal | None  # PV ÷ (citizen + public), two places
    sroi_public: Decimal | None  # PV ÷ public, two places
    net_present_value: Decimal | None  # PV − (citizen + public), rounded

    @property
    def valued_outcomes(self) -> list[OutcomeFigures]:
        return [o for o in self.outcomes if o.is_valued]

    @property
    def has_outcomes(self) -> bool:
        return bool(self.outcomes)

    @property
    def discount_rate_percent(self) -> Decimal:
        return (self.discount_rate * HUNDRED).normalize()


def _outcome_figures(
    indicator: OutcomeIndicator,
    *,
    currency: str,
    citizen: Decimal,
    public: Decimal,
    rate: Decimal,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> OutcomeFigures:
    measured = outcome_quantity(indicator, date_from=date_from, date_to=date_to)
    quantity = measured.quantity
    values: list[Decimal] = []
    exact: Decimal | None = None
    if indicator.financial_proxy is not None and quantity is not None:
        values = year_values(
            quantity=quantity,
            proxy=indicator.financial_proxy,
            deadweight=indicator.deadweight,
            displacement=indicator.displacement,
            attribution=indicator.attribution,
            drop_off=indicator.drop_off,
            duration_years=indicator.duration_years,
        )
        exact = present_value(values, rate=rate)
    public_cost = cost_per_outcome(public, quantity)
    total_cost = cost_per_outcome(citizen + public, quantity)
    return OutcomeFigures(
        indicator=indicator,
        name=indicator.name,
        unit=indicator.unit,
        currency=currency,
        quantity=quantity,
        quantity_method=measured.method,
        measurements=measured.measurements,
        financial_proxy=indicator.financial_proxy,
        proxy_source=indicator.proxy_source,
        deadweight=indicator.deadweight,
        displacement=indicator.displacement,
        attribution=indicator.attribution,
        drop_off=indicator.drop_off,
        duration_years=indicator.duration_years,
        discount_rate=rate,
        year_values=[round_money_shown(v, currency) for v in values],
        present_value=None if exact is None else round_money_shown(exact, currency),
        present_value_exact=exact,
        cost_per_outcome_public=(
            None if public_cost is None else round_money_shown(public_cost, currency)
        ),
        cost_per_outcome_total=(
            None if total_cost is None else round_money_shown(total_cost, currency)
        ),
    )


def initiative_outcome_figures(
    *,
    initiative: Initiative,
    accounts,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    rate: Decimal | None = None,
) -> InitiativeOutcomeFigures:
    """Outcomes, cost per outcome and SROI of an initiative for a period (both ends inclusive;
    a reading counts in the period its own period ends in).

    `accounts` is any object with `citizen_input_value` and `public_input_value` (Decimals in
    the initiative's currency) and optionally `currency`, e.g. benefits.selectors.Accounts for
    the same period. `rate` defaults to settings.SROI_DISCOUNT_RATE. Outcomes without a proxy still
    get cost per outcome; SROI counts only valued outcomes and is None where none is valued or
    no input is recorded."""
    currency = getattr(accounts, "currency", None) or initiative.lead_organisation.currency
    rate = discount_rate() if rate is None else Decimal(rate)
    citizen = Decimal(accounts.citizen_input_value)
    public = Decimal(accounts.public_input_value)
    total_inputs = citizen + public
    outcomes = [
        _outcome_figures(
            indicator,
            currency=currency,
            citizen=citizen,
            public=public,
            rate=rate,
            date_from=date_from,
            date_to=date_to,
        )
        for indicator in OutcomeIndicator.objects.filter(initiative=initiative).order_by(
            "position", "id"
        )
    ]
    valued = [o.present_value_exact for o in outcomes if o.present_value_exact is not None]
    with localcontext() as context:
        context.prec = PRECISION
        exact_total = sum(valued, ZERO) if valued else None
    sroi = sroi_public = npv = None
    if exact_total is not None:
        total_ratio = sroi_ratio(exact_total, total_inputs)
        public_ratio = sroi_ratio(exact_total, public)
        sroi = None if total_ratio is None else round_ratio(total_ratio)
        sroi_public = None if public_ratio is None else round_ratio(public_ratio)
        npv = round_money_shown(net_present_value(exact_total, total_inputs), currency)
    return InitiativeOutcomeFigures(
        initiative_id=initiative.pk,
        currency=currency,
        date_from=date_from,
        date_to=date_to,
        discount_rate=rate,
        citizen_input_value=citizen,
        public_input_value=public,
        total_input_value=total_inputs,
        outcomes=outcomes,
        present_value=None if exact_total is None else round_money_shown(exact_total, currency),
        sroi=sroi,
        sroi_public=sroi_public,
        net_present_value=npv,
    )
