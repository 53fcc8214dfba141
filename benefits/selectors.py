"""Reads of the roll-ups: an initiative's accounts (ACCOUNTING.md) and how fresh the roll-ups are.

The accounts read the roll-up rows for whole months, and the ledger's source rows only for the
partial months at either end of a period (at most two months of one initiative), so their cost
does not grow with an initiative's history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.fields import CharField
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative
from ledger.models import Contribution, ContributionStatus, Kind, PublicInput, StaleBucket
from ledger.valuation import coproduction_share, leverage_ratio, round_money

from .models import ContributionRollup, ContributorRollup, PublicInputRollup, RollupRun
from .sql import contributor_key

ZERO = Decimal("0")
HOURS_PLACES = Decimal("0.01")
VERIFIED = ContributionStatus.VERIFIED
SUBMITTED = ContributionStatus.SUBMITTED
RECENT_RUNS = 20


class MixedCurrencyError(ValueError):
    """Lines in another currency than the initiative's: never summed, never converted."""


@dataclass(frozen=True)
class Accounts:
    """The figures of ACCOUNTING.md for one initiative and period, in its currency.

    `as_of` is when the roll-up rows behind the figures were computed (the latest computed_at
    among them: a row is rewritten only when its figures change, so this is when the newest
    change reached the roll-ups); figures read wholly from source are as of now. `stale_months`
    counts months of the period whose changes the ledger has marked and the roll-up job has
    not yet picked up: until it does, the figures for those months are as of `as_of`."""

    initiative_id: int
    currency: str
    citizen_input_value: Decimal
    public_input_value: Decimal
    pending_value: Decimal
    leverage: Decimal | None
    coproduction_share: Decimal | None
    hours: Decimal
    contributors: int
    contributions: int
    date_from: datetime.date | None
    date_to: datetime.date | None
    as_of: datetime.datetime
    stale_months: int = 0

    @property
    def has_public_input(self) -> bool:
        return self.public_input_value > 0

    @property
    def coproduction_share_percent(self) -> Decimal | None:
        """The share as a percentage to one place (0.313 → 31.3)."""
        if self.coproduction_share is None:
            return None
        return (self.coproduction_share * 100).quantize(Decimal("0.1"))

    @property
    def is_stale(self) -> bool:
        return self.stale_months > 0


# --- periods --------------------------------------------------------------------------------


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class _Split:
    """A period cut into whole months (from roll-ups) and partial edge months (from source)."""

    whole_from: datetime.date | None  # first whole month, inclusive; None: from the start
    whole_to: datetime.date | None  # first month after the whole months; None: to the end
    edges: tuple[tuple[datetime.date, datetime.date], ...]  # inclusive day ranges
    has_whole: bool


def _split(date_from: datetime.date | None, date_to: datetime.date | None) -> _Split:
    if date_from is not None and date_to is not None and date_from > date_to:
        return _Split(None, None, (), False)
    edges = []
    whole_from = whole_to = None
    if date_from is not None:
        whole_from = date_from if date_from.day == 1 else _next_month(date_from)
        if date_from.day != 1:
            end = _next_month(date_from) - datetime.timedelta(days=1)
            edges.append((date_from, min(end, date_to) if date_to else end))
    if date_to is not None:
        month = date_to.replace(day=1)
        last_day = _next_month(month) - datetime.timedelta(days=1)
        whole_to = _next_month(month) if date_to == last_day else month
        if date_to != last_day:
            start = max(month, date_from) if date_from else month
            if not edges or edges[0] != (start, date_to):
                edges.append((start, date_to))
    has_whole = whole_from is None or whole_to is None or whole_from < whole_to
    return _Split(whole_from, whole_to, tuple(edges), has_whole)


def _months(queryset: QuerySet, split: _Split) -> QuerySet:
    if not split.has_whole:
        return queryset.none()
    if split.whole_from is not None:
        queryset = queryset.filter(month__gte=split.whole_from)
    if split.whole_to is not None:
        queryset = queryset.filter(month__lt=split.whole_to)
    return queryset


def _days(queryset: QuerySet, ranges) -> QuerySet:
    if not ranges:
        return queryset.none()
    within = Q()
    for start, end in ranges:
        within |= Q(date__gte=start, date__lte=end)
    return queryset.filter(within)


def _in_period(queryset: QuerySet, date_from, date_to) -> QuerySet:
    if date_from is not None:
        queryset = queryset.filter(date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(date__lte=date_to)
    return queryset


def _with_contributor_key(contributions: QuerySet[Contribution]) -> QuerySet:
    # The roll-up's own key expression (benefits/sql.py), so both sides count alike.
    return (
        contributions.annotate(
            contributor_key=RawSQL(contributor_key(""), [], output_field=CharField()),  # noqa: S611
        )
        .order_by()
        .values("contributor_key")
    )


def _mixed_currency(currency: str) -> MixedCurrencyError:
    return MixedCurrencyError(
        _("Some lines of this initiative are not in %(currency)s; totals are not mixed.")
        % {"currency": currency}
    )


# --- source figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    citizen: Decimal
    pending: Decimal
    hours: Decimal
    contributions: int
    public: Decimal


def _source_figures(contributions: QuerySet, public_inputs: QuerySet, currency: str) -> _Figures:
    counted = Q(status__in=[VERIFIED, SUBMITTED])
    if contributions.filter(counted).exclude(currency=currency).exists() or (
        public_inputs.exclude(currency=currency).exists()
    ):
        raise _mixed_currency(currency)
    verified = Q(status=VERIFIED)
    figures = contributions.aggregate(
        citizen=Sum("value", filter=verified),
        pending=Sum("value", filter=Q(status=SUBMITTED)),
        hours=Sum("hours", filter=verified & Q(kind=Kind.TIME)),
        count=Count("id", filter=verified),
    )
    return _Figures(
        citizen=figures["citizen"] or ZERO,
        pending=figures["pending"] or ZERO,
        hours=figures["hours"] or ZERO,
        contributions=figures["count"],
        public=public_inputs.aggregate(total=Sum("value"))["total"] or ZERO,
    )


def _accounts(
    *,
    initiative: Initiative,
    currency: str,
    figures: list[_Figures],
    contributors: int,
    date_from,
    date_to,
    as_of: datetime.datetime,
    stale_months: int = 0,
) -> Accounts:
    # Sums of rounded lines are exact; quantizing only restores the scale SQLite drops.
    citizen = round_money(sum((f.citizen for f in figures), ZERO), currency)
    public = round_money(sum((f.public for f in figures), ZERO), currency)
    return Accounts(
        initiative_id=initiative.pk,
        currency=currency,
        citizen_input_value=citizen,
        public_input_value=public,
        pending_value=round_money(sum((f.pending for f in figures), ZERO), currency),
        leverage=leverage_ratio(citizen, public),
        coproduction_share=coproduction_share(citizen, public),
        hours=sum((f.hours for f in figures), ZERO).quantize(HOURS_PLACES),
        contributors=contributors,
        contributions=sum(f.contributions for f in figures),
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        stale_months=stale_months,
    )


def initiative_accounts_from_source(
    *,
    initiative: Initiative,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Accounts:
    """The accounts computed from the ledger's source rows with aggregate SQL (both ends of the
    period inclusive): the truth the roll-ups must equal, used by tests and reconciliation."""
    currency = initiative.lead_organisation.currency
    contributions = _in_period(
        Contribution.objects.filter(initiative=initiative), date_from, date_to
    )
    public_inputs = _in_period(
        PublicInput.objects.filter(initiative=initiative), date_from, date_to
    )
    figures = _source_figures(contributions, public_inputs, currency)
    contributors = _with_contributor_key(contributions.filter(status=VERIFIED)).distinct().count()
    return _accounts(
        initiative=initiative,
        currency=currency,
        figures=[figures],
        contributors=contributors,
        date_from=date_from,
        date_to=date_to,
        as_of=timezone.now(),
    )


def initiative_accounts(
    *,
    initiative: Initiative,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Accounts:
    """Citizen and public input values, their ratios and counts, for a period (both ends
    inclusive): whole months from the roll-ups, partial months at the ends from source.

    Raises MixedCurrencyError where counted lines are in another currency than the
    initiative's (never summed, never converted)."""
    currency = initiative.lead_organisation.currency
    split = _split(date_from, date_to)
    figures: list[_Figures] = []
    computed_at: list[datetime.datetime] = []

    rolled = _months(ContributionRollup.objects.filter(initiative=initiative), split).aggregate(
        citizen=Sum("value", filter=Q(status=VERIFIED)),
        pending=Sum("value", filter=Q(status=SUBMITTED)),
        hours=Sum("hours", filter=Q(status=VERIFIED, kind=Kind.TIME)),
        count=Sum("count", filter=Q(status=VERIFIED)),
        other_currency=Count(
            "id", filter=Q(status__in=[VERIFIED, SUBMITTED]) & ~Q(currency=currency)
        ),
        as_of=Max("computed_at"),
    )
    public = _months(PublicInputRollup.objects.filter(initiative=initiative), split).aggregate(
        value=Sum("value"),
        other_currency=Count("id", filter=~Q(currency=currency)),
        as_of=Max("computed_at"),
    )
    if rolled["other_currency"] or public["other_currency"]:
        raise _mixed_currency(currency)
    figures.append(
        _Figures(
            citizen=rolled["citizen"] or ZERO,
            pending=rolled["pending"] or ZERO,
            hours=rolled["hours"] or ZERO,
            contributions=rolled["count"] or 0,
            public=public["value"] or ZERO,
        )
    )
    computed_at += [when for when in (rolled["as_of"], public["as_of"]) if when is not None]

    keys = (
        _months(ContributorRollup.objects.filter(initiative=initiative), split)
        .order_by()
        .values("contributor_key")
    )
    if split.edges:
        edge_contributions = _days(Contribution.objects.filter(initiative=initiative), split.edges)
        figures.append(
            _source_figures(
                edge_contributions,
                _days(PublicInput.objects.filter(initiative=initiative), split.edges),
                currency,
            )
        )
        edge_keys = _with_contributor_key(edge_contributions.filter(status=VERIFIED))
        # UNION (not UNION ALL) counts a person once across roll-up months and edge days.
        contributors = (
            keys.union(edge_keys).count() if split.has_whole else edge_keys.distinct().count()
        )
    else:
        contributors = keys.distinct().count()

    stale_months = (
        _months(StaleBucket.objects.filter(initiative=initiative), split).count()
        if split.has_whole
        else 0
    )
    if computed_at:
        as_of = max(computed_at)
    elif split.has_whole:
        # Nothing rolled up for these months: as of the last run that could have found some.
        as_of = last_successful_run_finished_at() or timezone.now()
    else:
        as_of = timezone.now()
    return _accounts(
        initiative=initiative,
        currency=currency,
        figures=figures,
        contributors=contributors,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        stale_months=stale_months,
    )


# --- freshness ------------------------------------------------------------------------------


def last_successful_run_finished_at() -> datetime.datetime | None:
    return (
        RollupRun.objects.filter(outcome=RollupRun.Outcome.SUCCEEDED, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Freshness:
    """What the freshness page shows: recent runs, marks waiting, a rebuild in progress."""

    runs: list[RollupRun]
    stale_buckets: int
    oldest_stale_mark: datetime.datetime | None
    running_rebuild: RollupRun | None
    last_success: RollupRun | None
    last_full_success: RollupRun | None


def rollup_freshness(*, limit: int = RECENT_RUNS) -> Freshness:
    runs = list(RollupRun.objects.select_related("requested_by").order_by("-started_at")[:limit])
    waiting = StaleBucket.objects.aggregate(count=Count("id"), oldest=Min("marked_at"))
    succeeded = RollupRun.objects.filter(
        outcome=RollupRun.Outcome.SUCCEEDED, finished_at__isnull=False
    ).order_by("-finished_at")
    return Freshness(
        runs=runs,
        stale_buckets=waiting["count"],
        oldest_stale_mark=waiting["oldest"],
        running_rebuild=rollup_rebuild_in_progress(),
        last_success=succeeded.first(),
        last_full_success=succeeded.filter(kind=RollupRun.Kind.FULL).first(),
    )


def rollup_rebuild_in_progress() -> RollupRun | None:
    """The latest full rebuild still running (or requested and waiting for a worker)."""
    return (
        RollupRun.objects.filter(kind=RollupRun.Kind.FULL, outcome=RollupRun.Outcome.RUNNING)
        .order_by("-started_at")
        .first()
    )
