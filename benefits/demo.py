"""Demo data of the benefits app for `manage.py seed_demo`: the council's benefit priorities, then
a full roll-up so the dashboards have figures as soon as the demo is loaded.

Run after the people, initiatives and ledger demos. Seeding twice changes nothing: priorities an
organisation already has are left as they are.
"""

from __future__ import annotations

from people.demo import COUNCIL, NHS_TRUST
from people.models import Organisation, User

from .models import Benefit, BenefitPriority, ContributionRollup, RollupRun
from .priorities import benefit_priorities_set
from .services import rollup_rebuild_all

# Organisation slug → (benefit slug, rank, weight): what each has agreed are its priorities.
PRIORITIES: dict[str, list[tuple[str, int, int]]] = {
    COUNCIL: [
        ("efficiency", 1, 40),
        ("social-capital", 2, 35),
        ("satisfied-users", 3, 25),
    ],
    NHS_TRUST: [
        ("improved-outcomes", 1, 60),
        ("limiting-demand", 2, 40),
    ],
}
# Who set them: the organisation's demo manager.
SET_BY = {COUNCIL: "manager", NHS_TRUST: "nhs-manager"}


def seed() -> None:
    """The demo organisations' benefit priorities, where none are set yet."""
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=PRIORITIES)}
    benefits = {b.slug: b for b in Benefit.objects.all()}
    managers = {u.username: u for u in User.objects.filter(username__in=SET_BY.values())}
    for slug, priorities in PRIORITIES.items():
        organisation = organisations.get(slug)
        if organisation is None or BenefitPriority.objects.filter(
            organisation=organisation
        ).exists():
            continue
        benefit_priorities_set(
            organisation=organisation,
            priorities=[(benefits[b], rank, weight) for b, rank, weight in priorities],
            set_by=managers.get(SET_BY[slug]),
        )


def rebuild_rollups() -> RollupRun:
    """Roll every initiative's accounts up, so the dashboards show the demo's figures."""
    return rollup_rebuild_all()


def summary_lines() -> list[str]:
    council = Organisation.objects.filter(slug=COUNCIL).first()
    ranked = (
        list(
            BenefitPriority.objects.filter(organisation=council)
            .order_by("rank")
            .values_list("rank", "benefit__name")
        )
        if council
        else []
    )
    last = (
        RollupRun.objects.filter(outcome=RollupRun.Outcome.SUCCEEDED)
        .order_by("-finished_at")
        .first()
    )
    lines = [
        "Benefit priorities of the council: "
        + ("; ".join(f"{rank}. {name}" for rank, name in ranked) or "none"),
        f"Roll-up rows: {ContributionRollup.objects.count()} contribution buckets"
        + (f", rolled up {last.finished_at:%Y-%m-%d %H:%M}" if last and last.finished_at else ""),
        "Dashboards: /dashboards/ (sign in as manager, member or partner)",
    ]
    return lines
