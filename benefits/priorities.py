"""An organisation's benefit priorities: the one write that sets them, and the reads that list them.

Managers rank (1 = first) and weight (0–100) the benefits that are their organisation's current
priorities; dashboards lead with them. The whole set is replaced at once, so ranks always run
1..n without gaps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from people.models import Organisation, User

from .cache import dashboard_generation_bump
from .models import Benefit, BenefitPriority, Indicator, StakeholderGroup

WEIGHT_MIN, WEIGHT_MAX = 0, 100


def rank_key(benefit: Benefit) -> str:
    """The error key (and form field name) of a benefit's rank."""
    return f"rank_{benefit.slug}"


def weight_key(benefit: Benefit) -> str:
    """The error key (and form field name) of a benefit's weight."""
    return f"weight_{benefit.slug}"


@transaction.atomic
def benefit_priorities_set(
    *,
    organisation: Organisation,
    priorities: Sequence[tuple[Benefit, int, int]],
    set_by: User | None,
) -> list[BenefitPriority]:
    """Replace the organisation's priorities with these (benefit, rank, weight) triples.

    Ranks must be unique and run 1..n without gaps; weights 0–100; a benefit at most once.
    On any error nothing is stored and a ValidationError names each faulty rank or weight
    under `rank_<benefit slug>` / `weight_<benefit slug>` (gaps under the form-wide key).
    """
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    seen: set[int] = set()
    for benefit, rank, weight in priorities:
        if benefit.pk in seen:
            add(rank_key(benefit), _("This benefit is listed twice."))
        seen.add(benefit.pk)
        if not isinstance(rank, int) or rank < 1:
            add(rank_key(benefit), _("A rank is a whole number from 1."))
        if not isinstance(weight, int) or not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            add(
                weight_key(benefit),
                _("A weight is a whole number from %(low)s to %(high)s.")
                % {"low": WEIGHT_MIN, "high": WEIGHT_MAX},
            )
    ranks = [rank for _benefit, rank, _weight in priorities if isinstance(rank, int)]
    counts = Counter(ranks)
    for benefit, rank, _weight in priorities:
        if counts.get(rank, 0) > 1:
            add(
                rank_key(benefit),
                _("Rank %(rank)s is given to more than one benefit; each rank once.")
                % {"rank": rank},
            )
    if not errors:
        missing = sorted(set(range(1, len(priorities) + 1)) - set(ranks))
        if missing:
            add(
                NON_FIELD_ERRORS,
                _(
                    "Ranks run from 1 to the number of priorities (%(count)s) without gaps: "
                    "rank %(missing)s is missing."
                )
                % {"count": len(priorities), "missing": ", ".join(str(m) for m in missing)},
            )
    if errors:
        raise ValidationError(errors)

    # Replacing the whole set avoids transient clashes of the unique rank while ranks swap.
    BenefitPriority.objects.filter(organisation=organisation).delete()
    dashboard_generation_bump()  # once this commits, cached dashboards are recomputed
    return BenefitPriority.objects.bulk_create(
        [
            BenefitPriority(
                organisation=organisation, benefit=benefit, rank=rank, weight=weight, set_by=set_by
            )
            for benefit, rank, weight in sorted(priorities, key=lambda p: p[1])
        ]
    )


def benefit_priorities_of(organisation: Organisation) -> dict[int, BenefitPriority]:
    """Benefit id → the organisation's priority for it."""
    return {
        priority.benefit_id: priority
        for priority in BenefitPriority.objects.filter(organisation=organisation)
    }


def stakeholder_groups_with_benefits() -> list[StakeholderGroup]:
    """Every group with its benefits (and their indicators) prefetched, in catalogue order."""
    return list(
        StakeholderGroup.objects.order_by("position").prefetch_related(
            Prefetch("benefits", queryset=Benefit.objects.order_by("position")),
            Prefetch("benefits__indicators", queryset=Indicator.objects.order_by("position")),
        )
    )


def benefits_in_order(groups: Iterable[StakeholderGroup]) -> list[Benefit]:
    return [benefit for group in groups for benefit in group.benefits.all()]
