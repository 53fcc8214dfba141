"""Dashboard figures: what co-production put in over a period, and what it bought for whom.

Every figure comes from the roll-up tables (ContributionRollup, PublicInputRollup,
ContributorRollup) and small dimension tables, never from the ledger's source rows, in a fixed
number of queries whatever the size of the history. Each selector takes an organisation, a
period of whole months and filters, and answers the same period and the one before it (the same
length, just before), so every figure can show its change.

Indicators of the benefits panel are computed from the figures by their `source`:
INDICATOR_SOURCES is the one place a new source is added. Survey questions and outcome measures
linked to benefit indicators (benefits.IndicatorLink) and the outcome units behind cost per
outcome are read from assessment with the roll-ups and cached with them (assessment writes bump
the roll-up generation, see benefits.signals).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessment.models import Measure, OutcomeMeasurement
from initiatives.models import Area, CoproductionType, Initiative, ServiceArea
from ledger.models import ContributionStatus, Kind
from ledger.valuation import coproduction_share, leverage_ratio, round_money
from people.models import Organisation

from .assessment_values import linked_indicator_values
from .cache import cached_figures
from .models import (
    Benefit,
    BenefitPriority,
    ContributionRollup,
    ContributorRollup,
    Direction,
    Indicator,
    IndicatorSource,
    PublicInputRollup,
    RollupRun,
    StakeholderGroup,
)
from .priorities import stakeholder_groups_with_benefits

ZERO = Decimal("0")
HOURS_PLACES = Decimal("0.01")
PERCENT_PLACES = Decimal("0.1")
DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years: a longer period is a mistake, not a question


# --- periods ----------------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole months from `first` to `last` inclusive (both the first day of their month)."""

    first: datetime.date
    last: datetime.date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise ValueError("A period runs over whole months: give the first of each month.")
        if self.last < self.first:
            raise ValueError("A period cannot end before it starts.")

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def month_list(self) -> list[datetime.date]:
        return [add_months(self.first, n) for n in range(self.months)]

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(add_months(self.first, -self.months), add_months(self.first, -1))

    def contains(self, month: datetime.date) -> bool:
        return self.first <= month <= self.last

    @property
    def end_date(self) -> datetime.date:
        """The last day of the period."""
        return add_months(self.last, 1) - datetime.timedelta(days=1)


def default_period(today: datetime.date | None = None) -> Period:
    """The last twelve whole months before this one."""
    today = today or timezone.localdate()
    last = add_months(month_start(today), -1)
    return Period(add_months(last, -(DEFAULT_MONTHS - 1)), last)


# --- scope and filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    area: Area | None = None
    service_area: ServiceArea | None = None
    coproduction_type: CoproductionType | None = None
    initiative: Initiative | None = None

    def is_empty(self) -> bool:
        return not (self.area or self.service_area or self.coproduction_type or self.initiative)


class Reach:
    """Which initiatives of an organisation a dashboard covers."""

    TAKES_PART = "takes_part"  # the ones it leads or partners in (organisation dashboards)
    PARTNERS_IN = "partners_in"  # the ones it partners in (partner dashboards)


def initiatives_in_reach(organisation: Organisation, reach: str = Reach.TAKES_PART):
    """The initiatives a dashboard of this organisation covers, before any filter."""
    partnered = Initiative.partner_organisations.through.objects.filter(
        organisation_id=organisation.pk
    ).values("initiative_id")
    if reach == Reach.PARTNERS_IN:
        return Initiative.objects.filter(id__in=partnered)
    return Initiative.objects.filter(Q(lead_organisation_id=organisation.pk) | Q(id__in=partnered))


def _filtered(initiatives, filters: DashboardFilters):
    if filters.area is not None:
        initiatives = initiatives.filter(
            id__in=Initiative.areas.through.objects.filter(area_id=filters.area.pk).values(
                "initiative_id"
            )
        )
    if filters.service_area is not None:
        initiatives = initiatives.filter(service_area_id=filters.service_area.pk)
    if filters.coproduction_type is not None:
        # A parent type includes its children.
        initiatives = initiatives.filter(
            id__in=Initiative.objects.of_type(filters.coproduction_type.slug).values("id")
        )
    if filters.initiative is not None:
        initiatives = initiatives.filter(pk=filters.initiative.pk)
    return initiatives


COUNTED_STATUSES = (ContributionStatus.VERIFIED, ContributionStatus.SUBMITTED)


def _has_inputs(period: Period) -> Q:
    """An initiative with a (verified or pending) contribution or a public input in the period."""
    contributions = ContributionRollup.objects.filter(
        initiative_id=OuterRef("pk"),
        month__gte=period.first,
        month__lte=period.last,
        status__in=COUNTED_STATUSES,
    )
    public_inputs = PublicInputRollup.objects.filter(
        initiative_id=OuterRef("pk"), month__gte=period.first, month__lte=period.last
    )
    return Q(Exists(contributions)) | Q(Exists(public_inputs))


@dataclass(frozen=True)
class ScopedInitiative:
    id: int
    service_area_id: int
    active: bool  # inputs in the period
    active_before: bool  # inputs in the previous period


def _scoped_initiatives(
    organisation: Organisation, reach: str, filters: DashboardFilters, period: Period
) -> list[ScopedInitiative]:
    """One query: the initiatives covered, with whether each had inputs in each period."""
    rows = (
        _filtered(initiatives_in_reach(organisation, reach), filters)
        .annotate(active=_has_inputs(period), active_before=_has_inputs(period.previous()))
        .values_list("id", "service_area_id", "active", "active_before")
        .order_by("id")
    )
    return [ScopedInitiative(*row) for row in rows]


# --- figures of one period --------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """The accounts' figures (ACCOUNTING.md) over a set of initiatives and one period."""

    currency: str
    citizen_input_value: Decimal = ZERO
    public_input_value: Decimal = ZERO
    pending_value: Decimal = ZERO
    hours: Decimal = ZERO
    contributors: int = 0
    contributions: int = 0
    active_initiatives: int = 0
    # Measured in co-assessment (assessment): the linked benefit indicators' values, as
    # (indicator id, value or None) pairs, and the outcome units achieved in the period.
    linked_values: tuple[tuple[int, Decimal | None], ...] = ()
    outcome_units: Decimal | None = None

    def is_linked(self, indicator_id: int) -> bool:
        return any(key == indicator_id for key, _value in self.linked_values)

    def linked_value(self, indicator_id: int) -> Decimal | None:
        return dict(self.linked_values).get(indicator_id)

    @property
    def cost_per_outcome(self) -> Decimal | None:
        """Public input value ÷ outcome units (ACCOUNTING.md); absent where no unit was
        achieved or no public input recorded (an outcome never costs nothing)."""
        if not self.outcome_units or not self.public_input_value:
            return None
        return round_money(self.public_input_value / self.outcome_units, self.currency)

    @property
    def leverage(self) -> Decimal | None:
        return leverage_ratio(self.citizen_input_value, self.public_input_value)

    @property
    def coproduction_share(self) -> Decimal | None:
        """A fraction to three places, absent where nothing was put in by the public side."""
        if not self.public_input_value:
            return None
        return coproduction_share(self.citizen_input_value, self.public_input_value)

    @property
    def coproduction_share_percent(self) -> Decimal | None:
        share = self.coproduction_share
        return None if share is None else (share * 100).quantize(PERCENT_PLACES)

    @property
    def hours_per_contributor(self) -> Decimal | None:
        if not self.contributors:
            return None
        return (self.hours / self.contributors).quantize(HOURS_PLACES, rounding=ROUND_HALF_UP)

    @property
    def public_input_per_initiative(self) -> Decimal | None:
        if not self.active_initiatives:
            return None
        return round_money(self.public_input_value / self.active_initiatives, self.currency)


# --- indicators -------------------------------------------------------------------------------

# How each source's value is computed from a period's figures; None means "no data yet".
# To add a source: compute what it needs into PeriodFigures, then add one line here.
IndicatorValue = Callable[[PeriodFigures, Indicator], Decimal | None]
INDICATOR_SOURCES: dict[str, IndicatorValue] = {
    IndicatorSource.LEVERAGE: lambda figures, _indicator: figures.leverage,
    IndicatorSource.COPRODUCTION_SHARE: lambda figures, _indicator: (
        figures.coproduction_share_percent
    ),
    IndicatorSource.HOURS_PER_CONTRIBUTOR: lambda figures, _indicator: (
        figures.hours_per_contributor
    ),
    IndicatorSource.DISTINCT_CONTRIBUTORS: lambda figures, _indicator: Decimal(
        figures.contributors
    ),
    IndicatorSource.CITIZEN_INPUT_VALUE: lambda figures, _indicator: figures.citizen_input_value,
    IndicatorSource.PUBLIC_INPUT_PER_INITIATIVE: lambda figures, _indicator: (
        figures.public_input_per_initiative
    ),
    IndicatorSource.COST_PER_OUTCOME: lambda figures, _indicator: figures.cost_per_outcome,
    IndicatorSource.SURVEY_QUESTION: lambda figures, indicator: figures.linked_value(
        indicator.pk
    ),
    IndicatorSource.OUTCOME_MEASURE: lambda figures, indicator: figures.linked_value(
        indicator.pk
    ),
}
# Sources with data only where the organisation has linked a survey question or an outcome
# indicator to the benefit indicator (benefits.IndicatorLink); unlinked ones say "no data yet",
# as cost per outcome does where no outcome was measured in either period.
LINKED_SOURCES = frozenset({IndicatorSource.SURVEY_QUESTION, IndicatorSource.OUTCOME_MEASURE})
# Sources whose values are money in the organisation's currency (the unit shown is the currency).
MONEY_SOURCES = frozenset(
    {
        IndicatorSource.CITIZEN_INPUT_VALUE,
        IndicatorSource.PUBLIC_INPUT_PER_INITIATIVE,
        IndicatorSource.COST_PER_OUTCOME,
    }
)
PERCENT_SOURCES = frozenset({IndicatorSource.COPRODUCTION_SHARE})


class Trend:
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


def trend_between(current: Decimal | None, previous: Decimal | None) -> str | None:
    if current is None or previous is None:
        return None
    if current > previous:
        return Trend.UP
    if current < previous:
        return Trend.DOWN
    return Trend.FLAT


def is_improving(trend: str | None, better: str) -> bool | None:
    """Up is better where higher is better, down where lower is; flat or unknown says nothing."""
    if trend not in (Trend.UP, Trend.DOWN):
        return None
    return (trend == Trend.UP) == (better == Direction.HIGHER)


@dataclass(frozen=True)
class IndicatorFigure:
    indicator: Indicator
    unit: str
    value: Decimal | None
    previous_value: Decimal | None
    has_source: bool  # False: the source has no data in the product yet

    @property
    def trend(self) -> str | None:
        return trend_between(self.value, self.previous_value)

    @property
    def improving(self) -> bool | None:
        return is_improving(self.trend, self.indicator.better)

    @property
    def is_money(self) -> bool:
        return self.indicator.source in MONEY_SOURCES

    @property
    def is_percent(self) -> bool:
        return self.indicator.source in PERCENT_SOURCES


def indicator_figure(
    indicator: Indicator, current: PeriodFigures, previous: PeriodFigures
) -> IndicatorFigure:
    compute = INDICATOR_SOURCES.get(indicator.source)
    unit = current.currency if indicator.source in MONEY_SOURCES else indicator.unit
    if (
        compute is None
        or (indicator.source in LINKED_SOURCES and not current.is_linked(indicator.pk))
        or (
            indicator.source == IndicatorSource.COST_PER_OUTCOME
            and current.outcome_units is None
            and previous.outcome_units is None
        )
    ):
        return IndicatorFigure(indicator, unit, None, None, has_source=False)
    return IndicatorFigure(
        indicator, unit, compute(current, indicator), compute(previous, indicator), has_source=True
    )


@dataclass(frozen=True)
class BenefitEntry:
    """One benefit of one stakeholder group, with the organisation's priority for it."""

    group: StakeholderGroup
    benefit: Benefit
    priority: BenefitPriority | None
    indicators: list[IndicatorFigure]

    @property
    def is_priority(self) -> bool:
        return self.priority is not None


def benefits_panel(
    organisation: Organisation, current: PeriodFigures, previous: PeriodFigures
) -> list[BenefitEntry]:
    """Every benefit with its indicators: the organisation's priorities first, by rank, then the
    rest in catalogue order (stakeholder group, then benefit)."""
    priorities = {
        p.benefit_id: p for p in BenefitPriority.objects.filter(organisation=organisation)
    }
    entries = [
        BenefitEntry(
            group=group,
            benefit=benefit,
            priority=priorities.get(benefit.pk),
            indicators=[
                indicator_figure(indicator, current, previous)
                for indicator in benefit.indicators.all()
            ],
        )
        for group in stakeholder_groups_with_benefits()
        for benefit in group.benefits.all()
    ]
    prioritised = sorted((e for e in entries if e.priority), key=lambda e: e.priority.rank)
    return prioritised + [e for e in entries if not e.priority]


# --- the roll-up reads ------------------------------------------------------------------------


@dataclass
class _Totals:
    citizen: Decimal = ZERO
    pending: Decimal = ZERO
    hours: Decimal = ZERO
    contributions: int = 0
    public: Decimal = ZERO


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    citizen_input_value: Decimal
    public_input_value: Decimal


@dataclass(frozen=True)
class BreakdownRow:
    """Citizen and public input value of the initiatives of one type or service area."""

    slug: str
    name: str
    citizen_input_value: Decimal
    public_input_value: Decimal
    initiatives: int
    parent_slug: str = ""  # for a sub-type, its parent

    @property
    def total(self) -> Decimal:
        return self.citizen_input_value + self.public_input_value


@dataclass
class _RollupReads:
    current: PeriodFigures
    previous: PeriodFigures
    months: list[MonthFigures]
    rows_computed_at: datetime.datetime | None
    other_currency: bool


def _read_rollups(
    ids: list[int], scoped: list[ScopedInitiative], currency: str, period: Period
) -> _RollupReads:
    """Headline figures of both periods and the month-by-month series: three queries."""
    previous = period.previous()
    span = Q(initiative_id__in=ids, month__gte=previous.first, month__lte=period.last)
    totals = {True: _Totals(), False: _Totals()}  # in the period → its totals
    months = {month: [ZERO, ZERO] for month in period.month_list()}
    computed_at: list[datetime.datetime] = []
    other_currency = False

    for row in (
        ContributionRollup.objects.filter(span)
        .filter(status__in=COUNTED_STATUSES)
        .values("month", "status", "currency")
        .annotate(
            value=Sum("value"),
            hours=Sum("hours", filter=Q(kind=Kind.TIME)),
            count=Sum("count"),
            as_of=Max("computed_at"),
        )
        .order_by()
    ):
        computed_at.append(row["as_of"])
        if row["currency"] != currency:
            other_currency = True
            continue
        bucket = totals[period.contains(row["month"])]
        if row["status"] == ContributionStatus.VERIFIED:
            bucket.citizen += row["value"] or ZERO
            bucket.hours += row["hours"] or ZERO
            bucket.contributions += row["count"] or 0
            if row["month"] in months:
                months[row["month"]][0] += row["value"] or ZERO
        else:
            bucket.pending += row["value"] or ZERO

    for row in (
        PublicInputRollup.objects.filter(span)
        .values("month", "currency")
        .annotate(value=Sum("value"), as_of=Max("computed_at"))
        .order_by()
    ):
        computed_at.append(row["as_of"])
        if row["currency"] != currency:
            other_currency = True
            continue
        totals[period.contains(row["month"])].public += row["value"] or ZERO
        if row["month"] in months:
            months[row["month"]][1] += row["value"] or ZERO

    # Distinct counts do not add up across months: count DISTINCT over the period's rows.
    contributors = ContributorRollup.objects.filter(span).aggregate(
        current=Count(
            "contributor_key", distinct=True, filter=Q(month__gte=period.first)
        ),
        previous=Count("contributor_key", distinct=True, filter=Q(month__lt=period.first)),
        as_of=Max("computed_at"),
    )
    if contributors["as_of"]:
        computed_at.append(contributors["as_of"])

    def figures(in_period: bool, contributor_count: int) -> PeriodFigures:
        t = totals[in_period]
        return PeriodFigures(
            currency=currency,
            citizen_input_value=round_money(t.citizen, currency),
            public_input_value=round_money(t.public, currency),
            pending_value=round_money(t.pending, currency),
            hours=t.hours.quantize(HOURS_PLACES),
            contributors=contributor_count,
            contributions=t.contributions,
            active_initiatives=sum(
                1 for s in scoped if (s.active if in_period else s.active_before)
            ),
        )

    return _RollupReads(
        current=figures(True, contributors["current"]),
        previous=figures(False, contributors["previous"]),
        months=[
            MonthFigures(month, round_money(c, currency), round_money(p, currency))
            for month, (c, p) in sorted(months.items())
        ],
        rows_computed_at=max(computed_at) if computed_at else None,
        other_currency=other_currency,
    )


def _per_initiative(ids: list[int], currency: str, period: Period) -> dict[int, list[Decimal]]:
    """Initiative id → [citizen, public] input value in the period: two queries."""
    values: dict[int, list[Decimal]] = {}
    window = Q(initiative_id__in=ids, month__gte=period.first, month__lte=period.last)
    for initiative_id, value in (
        ContributionRollup.objects.filter(window, status=ContributionStatus.VERIFIED)
        .filter(currency=currency)
        .values("initiative_id")
        .annotate(value=Sum("value"))
        .values_list("initiative_id", "value")
        .order_by()
    ):
        values.setdefault(initiative_id, [ZERO, ZERO])[0] += value or ZERO
    for initiative_id, value in (
        PublicInputRollup.objects.filter(window, currency=currency)
        .values("initiative_id")
        .annotate(value=Sum("value"))
        .values_list("initiative_id", "value")
        .order_by()
    ):
        values.setdefault(initiative_id, [ZERO, ZERO])[1] += value or ZERO
    return values


def _breakdown(
    members: dict[int, set[int]],
    per_initiative: dict[int, list[Decimal]],
    names: Iterable[tuple[int, str, str, str]],
    currency: str,
) -> list[BreakdownRow]:
    """Sum each group's initiatives once (an initiative of two sub-types counts once in their
    parent); rows in the order of `names` (id, slug, name, parent slug)."""
    rows = []
    for key, slug, name, parent_slug in names:
        initiative_ids = members.get(key, set())
        citizen = sum((per_initiative.get(i, [ZERO, ZERO])[0] for i in initiative_ids), ZERO)
        public = sum((per_initiative.get(i, [ZERO, ZERO])[1] for i in initiative_ids), ZERO)
        rows.append(
            BreakdownRow(
                slug=slug,
                name=name,
                citizen_input_value=round_money(citizen, currency),
                public_input_value=round_money(public, currency),
                initiatives=len(initiative_ids),
                parent_slug=parent_slug,
            )
        )
    return rows


def _last_successful_run() -> datetime.datetime | None:
    return (
        RollupRun.objects.filter(outcome=RollupRun.Outcome.SUCCEEDED, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def _as_of(rows_computed_at: datetime.datetime | None) -> datetime.datetime | None:
    """When the figures were rolled up: the last successful run, or the newest roll-up row used
    if a stale bucket was recomputed since."""
    moments = [m for m in (_last_successful_run(), rows_computed_at) if m is not None]
    return max(moments) if moments else None


# --- the filters' choices ------------------------------------------------------------------


def dashboard_filter_choices(organisation: Organisation, reach: str) -> dict:
    """Every choice a dashboard's filters offer (value → label lists, and value → object maps):
    the initiatives in reach, the areas they serve (and the organisation's own), every service
    area and co-production type. Four small queries."""
    initiatives = list(
        initiatives_in_reach(organisation, reach).order_by("title").only("id", "title", "slug")
    )
    served = Initiative.areas.through.objects.filter(
        initiative_id__in=[i.pk for i in initiatives]
    ).values("area_id")
    areas = list(
        Area.objects.filter(Q(organisation=organisation) | Q(id__in=served))
        .select_related("organisation")
        .order_by("name")
    )
    service_areas = list(ServiceArea.objects.order_by("name"))
    types = list(CoproductionType.objects.order_by("position"))
    return {
        "areas": {str(a.pk): a for a in areas},
        "area_choices": [
            (str(a.pk), a.name if a.organisation_id == organisation.pk
             else f"{a.name} ({a.organisation.name})")
            for a in areas
        ],
        "service_areas": {s.slug: s for s in service_areas},
        "service_area_choices": [(s.slug, s.name) for s in service_areas],
        "types": {t.slug: t for t in types},
        "type_choices": [(t.slug, f"— {t.name}" if t.parent_id else t.name) for t in types],
        "initiatives": {str(i.pk): i for i in initiatives},
        "initiative_choices": [(str(i.pk), i.title) for i in initiatives],
    }


# --- the selectors ----------------------------------------------------------------------------


HEADLINE_LABELS = {
    "citizen_input_value": gettext_lazy("Citizen input value"),
    "public_input_value": gettext_lazy("Public input value"),
    "pending_value": gettext_lazy("Pending value"),
    "leverage": gettext_lazy("Leverage"),
    "coproduction_share": gettext_lazy("Co-production share"),
    "hours": gettext_lazy("Hours"),
    "contributors": gettext_lazy("Distinct contributors"),
    "contributions": gettext_lazy("Contributions"),
    "active_initiatives": gettext_lazy("Active initiatives"),
}


@dataclass(frozen=True)
class Headline:
    """One headline figure for the period, with the previous period's and the change."""

    key: str
    kind: str  # money, ratio, percent, hours or count: how to show it
    current: Decimal | int | None
    previous: Decimal | int | None

    @property
    def label(self) -> str:
        return str(HEADLINE_LABELS[self.key])

    @property
    def change(self) -> Decimal | int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if self.current is None or not self.previous:
            return None
        return (
            (Decimal(self.current) - Decimal(self.previous)) * 100 / abs(Decimal(self.previous))
        ).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)

    @property
    def trend(self) -> str | None:
        return trend_between(
            None if self.current is None else Decimal(self.current),
            None if self.previous is None else Decimal(self.previous),
        )


def _headlines(current: PeriodFigures, previous: PeriodFigures) -> list[Headline]:
    def both(attribute: str) -> tuple:
        return getattr(current, attribute), getattr(previous, attribute)

    return [
        Headline("citizen_input_value", "money", *both("citizen_input_value")),
        Headline("public_input_value", "money", *both("public_input_value")),
        Headline("pending_value", "money", *both("pending_value")),
        Headline("leverage", "ratio", *both("leverage")),
        Headline("coproduction_share", "percent", *both("coproduction_share_percent")),
        Headline("hours", "hours", *both("hours")),
        Headline("contributors", "count", *both("contributors")),
        Headline("contributions", "count", *both("contributions")),
        Headline("active_initiatives", "count", *both("active_initiatives")),
    ]


@dataclass(frozen=True)
class StakeholderBenefits:
    """The benefits panel on its own (the `dashboards/stakeholders/` API)."""

    organisation: Organisation
    currency: str
    period: Period
    filters: DashboardFilters
    current: PeriodFigures
    previous: PeriodFigures
    benefits: list[BenefitEntry]
    as_of: datetime.datetime | None
    other_currency: bool

    @property
    def previous_period(self) -> Period:
        return self.period.previous()

    @property
    def has_rollups(self) -> bool:
        return self.as_of is not None


@dataclass(frozen=True)
class Dashboard(StakeholderBenefits):
    """Everything an organisation's dashboard shows."""

    reach: str = Reach.TAKES_PART
    initiatives: int = 0  # initiatives covered (after the filters)
    headlines: list[Headline] = field(default_factory=list)
    months: list[MonthFigures] = field(default_factory=list)
    by_type: list[BreakdownRow] = field(default_factory=list)
    by_service_area: list[BreakdownRow] = field(default_factory=list)

    @property
    def has_inputs(self) -> bool:
        return any(
            (self.current.citizen_input_value, self.current.public_input_value,
             self.current.pending_value, self.current.contributions)
        )


@dataclass(frozen=True)
class RollupFigures:
    """What a dashboard reads from the roll-ups: plain values only (no model instances), so it
    can be kept in the cache (benefits.cache) under the roll-up generation."""

    current: PeriodFigures
    previous: PeriodFigures
    as_of: datetime.datetime | None
    other_currency: bool
    initiatives: int = 0
    months: list[MonthFigures] = field(default_factory=list)
    by_type: list[BreakdownRow] = field(default_factory=list)
    by_service_area: list[BreakdownRow] = field(default_factory=list)


# --- what co-assessment measured (assessment) -------------------------------------------------


def _outcome_units(
    ids: list[int], period: Period
) -> tuple[Decimal | None, Decimal | None]:
    """Outcome units achieved by these initiatives in the period and in the one before (one
    query), as assessment.selectors.outcome_quantity counts them: a count indicator's verified
    readings whose period ends in the period, summed; a level indicator's latest such reading's
    improvement on its baseline, in the better direction, never below zero. None: no reading."""
    previous = period.previous()
    rows = (
        OutcomeMeasurement.objects.verified()
        .filter(
            indicator__initiative_id__in=ids,
            period_end__gte=previous.first,
            period_end__lte=period.end_date,
        )
        .values_list(
            "indicator_id",
            "indicator__measure",
            "indicator__better",
            "indicator__baseline_value",
            "value",
            "period_end",
            "id",
        )
        .order_by("period_end", "id")
    )
    sums: dict[bool, Decimal | None] = {True: None, False: None}
    latest: dict[tuple[bool, int], tuple[str, Decimal, Decimal]] = {}
    for indicator_id, measure, better, baseline, value, period_end, _id in rows:
        in_period = period_end >= period.first
        if measure == Measure.COUNT:
            sums[in_period] = (sums[in_period] or ZERO) + Decimal(value)
        else:  # ordered oldest first: the last one seen is the latest
            latest[(in_period, indicator_id)] = (better, Decimal(baseline), Decimal(value))
    for (in_period, _indicator_id), (better, baseline, value) in latest.items():
        change = value - baseline if better == Direction.HIGHER else baseline - value
        sums[in_period] = (sums[in_period] or ZERO) + max(change, ZERO)
    return sums[True], sums[False]


def _with_assessment(
    organisation: Organisation,
    ids: list[int],
    period: Period,
    current: PeriodFigures,
    previous: PeriodFigures,
) -> tuple[PeriodFigures, PeriodFigures]:
    """The period figures with what co-assessment measured: the organisation's linked benefit
    indicators (benefits.assessment_values) and the outcome units of these initiatives. Kept in
    the cache with the roll-up figures: assessment writes bump the roll-up generation
    (benefits.signals)."""
    linked = linked_indicator_values(
        organisation=organisation, month_from=period.first, month_to=period.last
    )
    units_now, units_before = _outcome_units(ids, period)
    return (
        replace(
            current,
            linked_values=tuple((v.indicator.pk, v.current.value) for v in linked),
            outcome_units=units_now,
        ),
        replace(
            previous,
            linked_values=tuple((v.indicator.pk, v.previous.value) for v in linked),
            outcome_units=units_before,
        ),
    )


def _benefits_figures(
    organisation: Organisation, period: Period, filters: DashboardFilters, reach: str
) -> RollupFigures:
    scoped = _scoped_initiatives(organisation, reach, filters, period)
    ids = [s.id for s in scoped]
    reads = _read_rollups(ids, scoped, organisation.currency, period)
    current, previous = _with_assessment(organisation, ids, period, reads.current, reads.previous)
    return RollupFigures(
        current=current,
        previous=previous,
        as_of=_as_of(reads.rows_computed_at),
        other_currency=reads.other_currency,
        initiatives=len(scoped),
    )


def _dashboard_figures(
    organisation: Organisation, period: Period, filters: DashboardFilters, reach: str
) -> RollupFigures:
    currency = organisation.currency
    scoped = _scoped_initiatives(organisation, reach, filters, period)
    ids = [s.id for s in scoped]
    reads = _read_rollups(ids, scoped, currency, period)
    per_initiative = _per_initiative(ids, currency, period)

    types = list(
        CoproductionType.objects.select_related("parent").order_by("position")
    )
    type_members: dict[int, set[int]] = {}
    for initiative_id, type_id, parent_id in Initiative.coproduction_types.through.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "coproductiontype_id", "coproductiontype__parent_id"):
        type_members.setdefault(type_id, set()).add(initiative_id)
        if parent_id:
            type_members.setdefault(parent_id, set()).add(initiative_id)
    by_type = [
        row
        for row in _breakdown(
            type_members,
            per_initiative,
            ((t.pk, t.slug, t.name, t.parent.slug if t.parent else "") for t in types),
            currency,
        )
        if row.initiatives
    ]

    area_members: dict[int, set[int]] = {}
    for s in scoped:
        area_members.setdefault(s.service_area_id, set()).add(s.id)
    service_areas = ServiceArea.objects.filter(id__in=area_members).order_by("name")
    by_service_area = sorted(
        _breakdown(
            area_members,
            per_initiative,
            ((a.pk, a.slug, a.name, "") for a in service_areas),
            currency,
        ),
        key=lambda row: (-row.total, row.name),
    )
    current, previous = _with_assessment(organisation, ids, period, reads.current, reads.previous)
    return RollupFigures(
        current=current,
        previous=previous,
        as_of=_as_of(reads.rows_computed_at),
        other_currency=reads.other_currency,
        initiatives=len(scoped),
        months=reads.months,
        by_type=by_type,
        by_service_area=by_service_area,
    )


def _figures(
    what: str,
    compute: Callable[[Organisation, Period, DashboardFilters, str], RollupFigures],
    organisation: Organisation,
    period: Period,
    filters: DashboardFilters,
    reach: str,
    cached: bool,
) -> RollupFigures:
    if not cached:
        return compute(organisation, period, filters, reach)
    key_parts = (
        what,
        organisation.pk,
        organisation.currency,
        reach,
        period.first.isoformat(),
        period.last.isoformat(),
        *(
            getattr(value, "pk", None)
            for value in (
                filters.area,
                filters.service_area,
                filters.coproduction_type,
                filters.initiative,
            )
        ),
    )
    return cached_figures(
        key_parts, lambda: compute(organisation, period, filters, reach)
    )


def stakeholder_benefits(
    *,
    organisation: Organisation,
    period: Period,
    filters: DashboardFilters | None = None,
    reach: str = Reach.TAKES_PART,
    cached: bool = False,
) -> StakeholderBenefits:
    """Each stakeholder group's benefits with the organisation's priorities first, and each
    indicator's value for the period and the one before it. With `cached`, the roll-up figures
    come from the cache while the roll-up generation stands (see benefits.cache); check access
    before calling."""
    filters = filters or DashboardFilters()
    figures = _figures(
        "stakeholders", _benefits_figures, organisation, period, filters, reach, cached
    )
    return StakeholderBenefits(
        organisation=organisation,
        currency=organisation.currency,
        period=period,
        filters=filters,
        current=figures.current,
        previous=figures.previous,
        benefits=benefits_panel(organisation, figures.current, figures.previous),
        as_of=figures.as_of,
        other_currency=figures.other_currency,
    )


def organisation_dashboard(
    *,
    organisation: Organisation,
    period: Period,
    filters: DashboardFilters | None = None,
    reach: str = Reach.TAKES_PART,
    cached: bool = False,
) -> Dashboard:
    """The dashboard of an organisation (or, with reach PARTNERS_IN, of what a partner takes
    part in): headline figures with their change, the monthly series, value by co-production
    type and by service area, and the benefits panel. A fixed number of queries. With
    `cached`, the roll-up figures come from the cache while the roll-up generation stands (see
    benefits.cache); check access before calling."""
    filters = filters or DashboardFilters()
    figures = _figures(
        "dashboard", _dashboard_figures, organisation, period, filters, reach, cached
    )
    return Dashboard(
        organisation=organisation,
        currency=organisation.currency,
        period=period,
        filters=filters,
        current=figures.current,
        previous=figures.previous,
        benefits=benefits_panel(organisation, figures.current, figures.previous),
        as_of=figures.as_of,
        other_currency=figures.other_currency,
        reach=reach,
        initiatives=figures.initiatives,
        headlines=_headlines(figures.current, figures.previous),
        months=figures.months,
        by_type=figures.by_type,
        by_service_area=figures.by_service_area,
    )
