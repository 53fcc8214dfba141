"""Demo data of the benefits app for `manage.py seed_demo`: the council's benefit priorities, then
a full roll-up so the dashboards have figures as soon as the demo is loaded.

Run after the people, initiatives and ledger demos. Seeding twice changes nothing: priorities an
organisation already has are left as they are.
"""

from __future__ import annotations

from assessment.models import OutcomeIndicator, Question
from people.demo import COUNCIL, NHS_TRUST
from people.models import Organisation, User

from .assessment_values import indicator_link_create
from .models import (
    Benefit,
    BenefitPriority,
    ContributionRollup,
    Indicator,
    IndicatorLink,
    RollupRun,
)
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
    """The demo organisations' benefit priorities, where none are set yet, and the benefit
    indicators the demo's surveys and outcomes measure."""
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
    seed_indicator_links()


# Benefit indicator slug → (survey template key, question key): survey questions of the demo's
# surveys that measure a benefit indicator (every survey made from the template, each year).
QUESTION_LINKS: list[tuple[str, str, str]] = [
    ("staff-job-satisfaction", "frontline-job-satisfaction", "job-satisfaction"),
    ("citizens-cohesion", "cohesion-reassurance", "cohesion"),
    ("citizens-reassurance", "cohesion-reassurance", "reassurance"),
]
# Benefit indicator slug → outcome indicator name: outcomes of the demo's initiatives.
OUTCOME_LINKS: list[tuple[str, str]] = [
    ("users-outcome-measures", "Falls prevented"),
]


def seed_indicator_links() -> int:
    """Attach the demo's survey questions and outcomes to benefit indicators (after the
    assessment demo), so the stakeholder dashboards show them. Idempotent; answers how many
    links there are."""
    indicators = {i.slug: i for i in Indicator.objects.all()}
    for indicator_slug, template_key, question_key in QUESTION_LINKS:
        indicator = indicators.get(indicator_slug)
        if indicator is None:
            continue
        for question in Question.objects.filter(
            survey__template_key=template_key, key=question_key
        ):
            indicator_link_create(indicator=indicator, survey_question=question)
    for indicator_slug, outcome_name in OUTCOME_LINKS:
        indicator = indicators.get(indicator_slug)
        if indicator is None:
            continue
        for outcome in OutcomeIndicator.objects.filter(name=outcome_name):
            indicator_link_create(indicator=indicator, outcome_indicator=outcome)
    return IndicatorLink.objects.count()


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
        f"Benefit indicators measured by surveys and outcomes: {IndicatorLink.objects.count()}",
        "Dashboards: /dashboards/ (sign in as manager, member or partner)",
    ]
    return lines
