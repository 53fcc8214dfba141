"""Reads of the ledger: what a user may see, the queue to verify, the lines behind the accounts.

The accounts figures themselves read the roll-ups, in benefits (benefits/selectors.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from initiatives.models import CoproductionType, Initiative, Participation
from people.models import INSIDER_ROLES, STAFF_ROLES, Organisation, Role, User
from people.selectors import organisation_ids_with_roles

from .models import (
    GENERALIST_ACTIVITY,
    Activity,
    ActivityRate,
    Contribution,
    ContributionStatus,
    Kind,
    PublicInput,
)
from .valuation import RateBook, round_money

ZERO = Decimal("0")
HOURS_PLACES = Decimal("0.01")
# Roles through which a person acts for an organisation's own submissions.
SUBMITTING_ROLES = frozenset({Role.PARTNER, Role.OFFICER, Role.MANAGER})


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _initiative_ids_of(organisation_ids: set[int]) -> QuerySet:
    partnered = Initiative.partner_organisations.through.objects.filter(
        organisation_id__in=organisation_ids
    ).values("initiative_id")
    return Initiative.objects.filter(
        Q(lead_organisation_id__in=organisation_ids) | Q(id__in=partnered)
    ).values("id")


# --- visibility -------------------------------------------------------------------------------


def contribution_list_visible_to(user: User) -> QuerySet[Contribution]:
    """A citizen's own; staff: their organisations' initiatives'; partners: their submissions."""
    contributions = Contribution.objects.select_related(
        "initiative", "rate_used", "contributor", "submitted_by_organisation", "verified_by"
    )
    if _is_superuser(user):
        return contributions
    if not getattr(user, "is_authenticated", False):
        return contributions.none()
    visible = Q(contributor=user)
    staff_of = organisation_ids_with_roles(user, STAFF_ROLES)
    if staff_of:
        visible |= Q(initiative_id__in=_initiative_ids_of(staff_of))
    submitting_for = organisation_ids_with_roles(user, SUBMITTING_ROLES)
    if submitting_for:
        visible |= Q(submitted_by_organisation_id__in=submitting_for)
    return contributions.filter(visible)


def public_input_list_visible_to(user: User) -> QuerySet[PublicInput]:
    """Staff, elected members and partners of the initiative's organisations (members and
    partners read only)."""
    public_inputs = PublicInput.objects.select_related(
        "initiative", "organisation", "rate_used", "recorded_by"
    )
    if _is_superuser(user):
        return public_inputs
    insider_of = organisation_ids_with_roles(user, INSIDER_ROLES)
    if not insider_of:
        return public_inputs.none()
    return public_inputs.filter(initiative_id__in=_initiative_ids_of(insider_of))


def initiatives_with_accounts_visible_to(user: User) -> QuerySet[Initiative]:
    """Initiatives whose accounts the user may read: insiders of their organisations."""
    if _is_superuser(user):
        return Initiative.objects.all()
    insider_of = organisation_ids_with_roles(user, INSIDER_ROLES)
    return Initiative.objects.filter(id__in=_initiative_ids_of(insider_of))


def initiatives_open_for_contribution(user: User) -> QuerySet[Initiative]:
    """Initiatives a citizen may log their own contributions to: where they take part now."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    taking_part = Participation.objects.current().filter(user=user).values("initiative_id")
    return Initiative.objects.filter(id__in=taking_part).order_by("title")


def initiatives_staffed_by(user: User) -> QuerySet[Initiative]:
    """Initiatives whose contributions the user may verify and whose public inputs they record."""
    if _is_superuser(user):
        return Initiative.objects.order_by("title")
    staff_of = organisation_ids_with_roles(user, STAFF_ROLES)
    return Initiative.objects.filter(id__in=_initiative_ids_of(staff_of)).order_by("title")


def contribution_verification_queue(
    user: User, *, initiative: Initiative | None = None
) -> QuerySet[Contribution]:
    """Submitted contributions the user may verify or reject, oldest first."""
    queue = Contribution.objects.select_related(
        "initiative", "contributor", "submitted_by_organisation", "rate_used"
    ).filter(status=ContributionStatus.SUBMITTED, initiative__in=initiatives_staffed_by(user))
    if not _is_superuser(user):
        queue = queue.exclude(contributor=user)
    if initiative is not None:
        queue = queue.filter(initiative=initiative)
    return queue.order_by("date", "id")


# --- activities and rates ---------------------------------------------------------------------


def coproduction_type_slugs() -> set[str]:
    return set(CoproductionType.objects.values_list("slug", flat=True))


def activity_keys_for(organisation_ids: Iterable[int]) -> dict[int, set[str]]:
    """Organisation id → the keys of the activities it defines."""
    keys: dict[int, set[str]] = {}
    for organisation_id, key in Activity.objects.filter(
        organisation_id__in=list(organisation_ids)
    ).values_list("organisation_id", "key"):
        keys.setdefault(organisation_id, set()).add(key)
    return keys


def activity_choices_for(initiative: Initiative) -> list[tuple[str, str]]:
    """(key, name) of every activity a contribution to this initiative may name."""
    choices = [(t.slug, t.name) for t in CoproductionType.objects.order_by("position")]
    own = Activity.objects.filter(organisation_id__in=initiative.organisation_ids()).order_by(
        "name"
    )
    return choices + [(a.key, a.name) for a in own if a.key not in dict(choices)]


def rate_book_for(
    *,
    organisation_ids: Iterable[int | None],
    currencies: Iterable[str],
    activities: Iterable[str] | None = None,
) -> RateBook:
    """Every rate version these lines could use: the organisations' and the platform's."""
    organisation_ids = {o for o in organisation_ids if o is not None}
    rates = ActivityRate.objects.filter(currency__in=set(currencies)).filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids)
    )
    if activities is not None:
        rates = rates.filter(activity__in=set(activities) | {GENERALIST_ACTIVITY})
    return RateBook(rates)


# --- the lines behind the accounts ---------------------------------------------------------


def _in_period(queryset: QuerySet, date_from: datetime.date | None, date_to: datetime.date | None):
    if date_from is not None:
        queryset = queryset.filter(date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(date__lte=date_to)
    return queryset


def initiative_ledger_lines(
    *,
    initiative: Initiative,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> tuple[QuerySet[Contribution], QuerySet[PublicInput]]:
    """The lines behind the accounts, with method, rate and rate version, oldest first."""
    contributions = _in_period(
        Contribution.objects.filter(initiative=initiative).select_related(
            "rate_used", "contributor", "submitted_by_organisation", "verified_by"
        ),
        date_from,
        date_to,
    ).order_by("date", "id")
    public_inputs = _in_period(
        PublicInput.objects.filter(initiative=initiative).select_related(
            "rate_used", "organisation", "recorded_by"
        ),
        date_from,
        date_to,
    ).order_by("date", "id")
    return contributions, public_inputs


# --- a citizen's own impact -------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactMonth:
    month: datetime.date
    hours: Decimal
    value_by_currency: dict[str, Decimal]


@dataclass(frozen=True)
class Impact:
    """What one citizen has put in: verified figures, with pending beside them, never mixed.

    Money is per currency (a citizen may give to initiatives that keep accounts in different
    currencies; they are never converted)."""

    hours: Decimal
    value_by_currency: dict[str, Decimal]
    pending_by_currency: dict[str, Decimal]
    initiatives: int
    contributions: int
    months: list[ImpactMonth]


def _by_currency(queryset: QuerySet[Contribution]) -> dict[str, Decimal]:
    return {
        row["currency"]: round_money(row["total"], row["currency"])
        for row in queryset.values("currency").annotate(total=Sum("value")).order_by("currency")
    }


def contributor_impact(*, user: User) -> Impact:
    """A citizen's own verified hours and value, by month, with pending value beside."""
    own = Contribution.objects.filter(contributor=user)
    verified = own.filter(status=ContributionStatus.VERIFIED)
    totals = verified.aggregate(
        hours=Sum("hours", filter=Q(kind=Kind.TIME)),
        initiatives=Count("initiative", distinct=True),
        count=Count("id"),
    )
    months: dict[datetime.date, dict] = {}
    for row in (
        verified.annotate(month=TruncMonth("date"))
        .values("month", "currency")
        .annotate(hours=Sum("hours", filter=Q(kind=Kind.TIME)), value=Sum("value"))
        .order_by("month", "currency")
    ):
        month = months.setdefault(row["month"], {"hours": ZERO, "values": {}})
        month["hours"] += row["hours"] or ZERO
        month["values"][row["currency"]] = round_money(row["value"] or ZERO, row["currency"])
    return Impact(
        hours=(totals["hours"] or ZERO).quantize(HOURS_PLACES),
        value_by_currency=_by_currency(verified),
        pending_by_currency=_by_currency(own.filter(status=ContributionStatus.SUBMITTED)),
        initiatives=totals["initiatives"],
        contributions=totals["count"],
        months=[
            ImpactMonth(
                month=month,
                hours=figures["hours"].quantize(HOURS_PLACES),
                value_by_currency=figures["values"],
            )
            for month, figures in sorted(months.items())
        ],
    )


def submitting_organisation_for(
    user: User, *, organisation_id: int | None = None
) -> Organisation | None:
    """The organisation a user submits a batch for: the one named if they act for it, else
    their only partner organisation (or only organisation they act for). None if unclear."""
    if organisation_id is not None:
        if _is_superuser(user) or organisation_id in organisation_ids_with_roles(
            user, SUBMITTING_ROLES
        ):
            return Organisation.objects.filter(pk=organisation_id).first()
        return None
    partner_of = organisation_ids_with_roles(user, {Role.PARTNER})
    acting_for = partner_of or organisation_ids_with_roles(user, SUBMITTING_ROLES)
    if len(acting_for) == 1:
        return Organisation.objects.get(pk=next(iter(acting_for)))
    return None
