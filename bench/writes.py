"""New contributions as the product receives them: bulk API batches and the ledger's services.

Both go through the ledger's own path (validation, valuation, history, StaleBucket marks in
the same transaction), dated in the last 90 days as a quarter's returns would be.
"""

from __future__ import annotations

import datetime

from . import data

RECENT_DAYS = 90
BATCH = 1_000


def _recent(county: data.County, n: int) -> str:
    return (county.today - datetime.timedelta(days=(n * 7919) % RECENT_DAYS)).isoformat()


def partner_batches(county: data.County, rows: int) -> list[list[dict]]:
    """A partner's uploads for its own volunteers across every initiative it partners in."""
    own = [
        idx for idx in range(data.INITIATIVES)
        if data.partner_index(idx) == 0
    ]
    lines = []
    for n in range(rows):
        idx = own[n % len(own)]
        line = {
            "initiative": county.initiative_base + idx,
            "volunteer_ref": f"BULK{n % 5000:05d}",
            "external_ref": f"bulk-{n:08d}",
            "date": _recent(county, n),
        }
        if n % 10 == 9:
            line.update(kind="expenses", amount="12.40", description="Bus fares")
        else:
            line.update(kind="time", activity=data.PRIMARY_TYPES[idx % 8][0], hours="1.50")
        lines.append(line)
    return [lines[i : i + BATCH] for i in range(0, len(lines), BATCH)]


def submit_through_services(county: data.County, count: int) -> int:
    """`count` contributions logged by each council's officer for citizens of every initiative,
    through ledger.services.contributions_bulk_submit in 1,000-row calls. Returns rows stored."""
    from ledger.services import contributions_bulk_submit
    from people.models import Organisation, User

    by_council: dict[int, list[dict]] = {}
    for n in range(count):
        idx = n % data.INITIATIVES
        council = data.lead_index(idx)
        cohort_member = (n // data.INITIATIVES) % data.COHORT
        by_council.setdefault(council, []).append({
            "initiative": county.initiative_base + idx,
            "contributor": county.citizen_base + idx + data.INITIATIVES * cohort_member,
            "kind": "time",
            "activity": data.PRIMARY_TYPES[idx % 8][0],
            "date": _recent(county, n),
            "hours": "1.25",
        })
    stored = 0
    for council, rows in by_council.items():
        slug = data.COUNCILS[council][0]
        organisation = Organisation.objects.get(pk=county.organisation_ids[slug])
        officer = User.objects.get(pk=county.staff_ids[slug][0])
        for start in range(0, len(rows), BATCH):
            result = contributions_bulk_submit(
                submitted_by=officer, organisation=organisation, rows=rows[start : start + BATCH]
            )
            stored += result.created
    return stored
