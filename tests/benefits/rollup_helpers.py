"""What the roll-up tables should hold, computed in Python from the source rows (independently
of benefits/sql.py), and what they do hold."""

from collections import defaultdict
from decimal import Decimal

from benefits.models import ContributionRollup, ContributorRollup, PublicInputRollup
from ledger.models import Contribution, PublicInput

ZERO = Decimal("0")


def _key(contribution) -> str:
    if contribution.contributor_id is not None:
        return f"u:{contribution.contributor_id}"
    return f"v:{contribution.submitted_by_organisation_id or ''}:{contribution.volunteer_ref}"


def expected_rollups() -> dict[str, dict]:
    contributions: dict = defaultdict(lambda: [ZERO, ZERO, 0])
    contributors: dict = defaultdict(lambda: [ZERO, ZERO, 0])
    public: dict = defaultdict(lambda: [ZERO, ZERO, 0])
    for c in Contribution.objects.all():
        month = c.date.replace(day=1)
        row = contributions[(c.initiative_id, month, c.kind, c.status)]
        row[0] += c.hours or ZERO
        row[1] += c.value
        row[2] += 1
        if c.status == "verified":
            person = contributors[(c.initiative_id, month, _key(c))]
            person[0] += (c.hours or ZERO) if c.kind == "time" else ZERO
            person[1] += c.value
            person[2] += 1
    for p in PublicInput.objects.all():
        row = public[(p.initiative_id, p.date.replace(day=1), p.kind)]
        row[0] += p.hours or ZERO
        row[1] += p.value
        row[2] += 1
    return {
        "contributions": {k: tuple(v) for k, v in contributions.items()},
        "contributors": {k: tuple(v) for k, v in contributors.items()},
        "public": {k: tuple(v) for k, v in public.items()},
    }


def actual_rollups() -> dict[str, dict]:
    return {
        "contributions": {
            (r.initiative_id, r.month, r.kind, r.status): (r.hours, r.value, r.count)
            for r in ContributionRollup.objects.all()
        },
        "contributors": {
            (r.initiative_id, r.month, r.contributor_key): (r.hours, r.value, r.count)
            for r in ContributorRollup.objects.all()
        },
        "public": {
            (r.initiative_id, r.month, r.kind): (r.hours, r.value, r.count)
            for r in PublicInputRollup.objects.all()
        },
    }
