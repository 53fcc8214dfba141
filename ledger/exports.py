"""The ledger of an initiative as CSV: one row per line, so a finance officer can add up the
verified contribution rows and the public input rows and find the totals on the accounts page.

Money is a plain decimal ("239.00"); codes, not labels, name kinds, statuses and methods.
Cells that a spreadsheet would run as a formula are prefixed with a single quote.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives.models import Initiative

from .models import Contribution, PublicInput, StaffCostRate
from .templatetags.ledger_format import plain_decimal

COLUMNS = [
    "line_type",
    "id",
    "date",
    "kind",
    "activity",
    "contributor",
    "hours",
    "amount",
    "currency",
    "status",
    "method",
    "rate",
    "rate_source",
    "value",
]
CONTRIBUTION, PUBLIC_INPUT = "contribution", "public_input"
PUBLIC_INPUT_STATUS = "recorded"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except (InvalidOperation, ValueError):
        return False


def safe_cell(value) -> str:
    """The cell as text; text a spreadsheet would read as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return f"'{text}"
    return text


def _money(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def staff_cost_source(rate: StaffCostRate | None) -> str:
    """Where a staff-time line's hourly cost comes from: the grade's cost and its loadings."""
    if rate is None:
        return ""
    return _(
        "%(organisation)s staff cost, grade %(grade)s, from %(date)s: %(hourly)s an hour "
        "+ %(oncost)s%% on-costs + %(overhead)s%% overhead"
    ) % {
        "organisation": rate.organisation.name,
        "grade": rate.grade,
        "date": rate.effective_from.isoformat(),
        "hourly": plain_decimal(rate.hourly_rate, min_places=2),
        "oncost": plain_decimal(rate.oncost_percent),
        "overhead": plain_decimal(rate.overhead_percent),
    }


def _contributor(contribution: Contribution) -> str:
    """A pseudonymous reference: the user id, or the submitting organisation's own reference."""
    if contribution.contributor_id is not None:
        return f"user:{contribution.contributor_id}"
    if contribution.submitted_by_organisation_id is not None:
        return f"{contribution.submitted_by_organisation.slug}:{contribution.volunteer_ref}"
    return ""


def contribution_row(contribution: Contribution) -> list:
    return [
        CONTRIBUTION,
        contribution.pk,
        contribution.date.isoformat(),
        contribution.kind,
        contribution.activity,
        _contributor(contribution),
        plain_decimal(contribution.hours) if contribution.hours is not None else "",
        _money(contribution.amount),
        contribution.currency,
        contribution.status,
        contribution.method,
        _money(contribution.rate),
        contribution.rate_source,
        _money(contribution.value),
    ]


def public_input_row(public_input: PublicInput) -> list:
    return [
        PUBLIC_INPUT,
        public_input.pk,
        public_input.date.isoformat(),
        public_input.kind,
        public_input.grade,
        public_input.organisation.slug,
        plain_decimal(public_input.hours) if public_input.hours is not None else "",
        _money(public_input.amount),
        public_input.currency,
        PUBLIC_INPUT_STATUS,
        public_input.method,
        plain_decimal(public_input.rate, min_places=2) if public_input.rate is not None else "",
        staff_cost_source(public_input.rate_used),
        _money(public_input.value),
    ]


def write_ledger_csv(
    out: IO[str],
    *,
    contributions: Iterable[Contribution],
    public_inputs: Iterable[PublicInput],
) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for contribution in _iterate(contributions):
        writer.writerow([safe_cell(cell) for cell in contribution_row(contribution)])
    for public_input in _iterate(public_inputs):
        writer.writerow([safe_cell(cell) for cell in public_input_row(public_input)])


def _iterate(lines):
    # Stream a long ledger in chunks rather than holding every row at once.
    return lines.iterator(chunk_size=2000) if hasattr(lines, "iterator") else lines


def accounts_filename(
    initiative: Initiative,
    *,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    today: datetime.date,
) -> str:
    start = date_from.isoformat() if date_from else "start"
    end = (date_to or today).isoformat()
    return f"accounts-{slugify(initiative.slug or initiative.title)}-{start}-to-{end}.csv"
