"""A dashboard's data tables: shown beside each chart, downloadable as CSV, and drawn as charts.

Each table is built once from a Dashboard: display text for the page, plain values for the CSV
(money as a plain decimal, codes not labels where there are codes), and the numbers a chart
draws. Cells a spreadsheet would run as a formula are quoted (ledger.exports.safe_cell).
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ledger.exports import safe_cell
from ledger.templatetags.ledger_format import format_money, plain_decimal

from .dashboards import Dashboard, Headline, IndicatorFigure, Trend
from .models import IndicatorSource

TABLES = ("headline", "monthly", "by-type", "by-service-area", "benefits")


@dataclass
class Cell:
    text: str  # what the page shows
    value: object = None  # what the CSV holds (text when None)
    numeric: bool = False
    shown: bool = True  # False: a CSV-only column (codes, currency)

    @property
    def csv(self):
        return self.text if self.value is None else self.value


@dataclass
class Table:
    name: str
    caption: str
    columns: list[str]  # column headings; the first column heads the row headers
    csv_columns: list[str]  # the CSV's header row: stable codes
    rows: list[list[Cell]] = field(default_factory=list)
    chart: dict | None = None  # what dashboard-charts.js draws, if this table has a chart

    @property
    def is_empty(self) -> bool:
        return not self.rows


def csv_only(value) -> Cell:
    return Cell("", "" if value is None else value, shown=False)


def _month_label(month: datetime.date) -> str:
    return date_format(month, "M Y")


def period_label(first: datetime.date, last: datetime.date) -> str:
    if first == last:
        return date_format(first, "F Y")
    return _("%(first)s to %(last)s") % {
        "first": date_format(first, "F Y"),
        "last": date_format(last, "F Y"),
    }


def format_figure(value, kind: str, currency: str) -> str:
    """A figure as the page shows it; an absent figure as a dash."""
    if value is None:
        return "—"
    if kind == "money":
        return format_money(value, currency)
    if kind == "percent":
        return f"{plain_decimal(value, min_places=1)}%"
    if kind == "ratio":
        return plain_decimal(value, min_places=3)
    if kind == "hours":
        return grouped(value)
    return f"{value:,}" if isinstance(value, int) else grouped(value)


def grouped(value) -> str:
    """A plain decimal with thousands grouped: 2114.50 → 2,114.5."""
    whole, _dot, fraction = plain_decimal(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def format_change(headline: Headline, currency: str) -> str:
    change = headline.change
    if change is None:
        return "—"
    sign = "+" if change > 0 else ""
    text = f"{sign}{format_figure(change, headline.kind, currency)}"
    if headline.kind == "percent" and change is not None:
        text = _("%(change)s points") % {"change": text.rstrip("%")}
    if headline.change_percent is not None and headline.kind != "percent":
        percent = headline.change_percent
        text += f" ({'+' if percent > 0 else ''}{plain_decimal(percent, min_places=1)}%)"
    return text


def trend_words(trend: str | None, improving: bool | None = None) -> str:
    if trend is None:
        return _("no comparison")
    words = {Trend.UP: _("up"), Trend.DOWN: _("down"), Trend.FLAT: _("no change")}[trend]
    if improving is True:
        return _("%(trend)s, better") % {"trend": words}
    if improving is False:
        return _("%(trend)s, worse") % {"trend": words}
    return words


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _chart_number(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def headline_table(dashboard: Dashboard) -> Table:
    currency = dashboard.currency
    table = Table(
        name="headline",
        caption=_("Headline figures: %(period)s, against the %(count)s months before")
        % {
            "period": period_label(dashboard.period.first, dashboard.period.last),
            "count": dashboard.period.months,
        },
        columns=[_("Figure"), _("This period"), _("Previous period"), _("Change")],
        csv_columns=["figure", "current", "previous", "change", "currency"],
    )
    for headline in dashboard.headlines:
        table.rows.append(
            [
                Cell(headline.label, headline.key),
                Cell(format_figure(headline.current, headline.kind, currency),
                     _plain(headline.current), numeric=True),
                Cell(format_figure(headline.previous, headline.kind, currency),
                     _plain(headline.previous), numeric=True),
                Cell(format_change(headline, currency), _plain(headline.change), numeric=True),
                csv_only(currency if headline.kind == "money" else ""),
            ]
        )
    return table


def monthly_table(dashboard: Dashboard) -> Table:
    currency = dashboard.currency
    table = Table(
        name="monthly",
        caption=_("Citizen and public input value by month (%(currency)s)")
        % {"currency": currency},
        columns=[_("Month"), _("Citizen input value"), _("Public input value")],
        csv_columns=["month", "citizen_input_value", "public_input_value", "currency"],
    )
    for month in dashboard.months:
        table.rows.append(
            [
                Cell(_month_label(month.month), month.month.strftime("%Y-%m")),
                Cell(format_money(month.citizen_input_value, currency),
                     _plain(month.citizen_input_value), numeric=True),
                Cell(format_money(month.public_input_value, currency),
                     _plain(month.public_input_value), numeric=True),
                csv_only(currency),
            ]
        )
    table.chart = {
        "kind": "line",
        "currency": currency,
        "labels": [_month_label(m.month) for m in dashboard.months],
        "series": [
            {"key": "citizen", "label": _("Citizen input value"),
             "data": [_chart_number(m.citizen_input_value) for m in dashboard.months]},
            {"key": "public", "label": _("Public input value"),
             "data": [_chart_number(m.public_input_value) for m in dashboard.months]},
        ],
    }
    return table


def _breakdown_table(name: str, caption: str, heading: str, rows, currency: str) -> Table:
    table = Table(
        name=name,
        caption=caption,
        columns=[heading, _("Initiatives"), _("Citizen input value"), _("Public input value")],
        csv_columns=["slug", "name", "initiatives", "citizen_input_value", "public_input_value",
                     "currency"],
    )
    for row in rows:
        label = f"— {row.name}" if row.parent_slug else row.name
        table.rows.append(
            [
                Cell(label, row.slug),
                csv_only(row.name),
                Cell(str(row.initiatives), row.initiatives, numeric=True),
                Cell(format_money(row.citizen_input_value, currency),
                     _plain(row.citizen_input_value), numeric=True),
                Cell(format_money(row.public_input_value, currency),
                     _plain(row.public_input_value), numeric=True),
                csv_only(currency),
            ]
        )
    table.chart = {
        "kind": "bar",
        "currency": currency,
        "labels": [row.name for row in rows],
        "series": [
            {"key": "citizen", "label": _("Citizen input value"),
             "data": [_chart_number(row.citizen_input_value) for row in rows]},
            {"key": "public", "label": _("Public input value"),
             "data": [_chart_number(row.public_input_value) for row in rows]},
        ],
    }
    return table


def by_type_table(dashboard: Dashboard) -> Table:
    return _breakdown_table(
        "by-type",
        _("Input value by co-production type (%(currency)s). A type includes its sub-types; an "
          "initiative of several types counts under each.") % {"currency": dashboard.currency},
        _("Co-production type"),
        dashboard.by_type,
        dashboard.currency,
    )


def by_service_area_table(dashboard: Dashboard) -> Table:
    return _breakdown_table(
        "by-service-area",
        _("Input value by service area (%(currency)s)") % {"currency": dashboard.currency},
        _("Service area"),
        dashboard.by_service_area,
        dashboard.currency,
    )


def indicator_text(figure: IndicatorFigure, value) -> str:
    if not figure.has_source:
        return _("no data yet")
    if value is None:
        return "—"
    if figure.is_money:
        return format_money(value, figure.unit)
    if figure.is_percent:
        return f"{plain_decimal(value, min_places=1)}%"
    if figure.indicator.source == IndicatorSource.LEVERAGE:
        return plain_decimal(value, min_places=3)
    return plain_decimal(value)


def benefits_table(dashboard: Dashboard) -> Table:
    table = Table(
        name="benefits",
        caption=_("Benefits by stakeholder group, priorities first, with their indicators"),
        columns=[_("Benefit"), _("Stakeholder group"), _("Priority"), _("Indicator"),
                 _("This period"), _("Previous period"), _("Trend")],
        csv_columns=["benefit", "stakeholder_group", "rank", "weight", "indicator", "unit",
                     "value", "previous_value", "trend", "improving"],
    )
    for entry in dashboard.benefits:
        priority = (
            _("%(rank)s (weight %(weight)s)")
            % {"rank": entry.priority.rank, "weight": entry.priority.weight}
            if entry.priority else "—"
        )
        for figure in entry.indicators:
            table.rows.append(
                [
                    Cell(entry.benefit.name, entry.benefit.slug),
                    Cell(entry.group.name, entry.group.slug),
                    Cell(priority, entry.priority.rank if entry.priority else ""),
                    csv_only(entry.priority.weight if entry.priority else ""),
                    Cell(figure.indicator.name, figure.indicator.slug),
                    csv_only(figure.unit),
                    Cell(indicator_text(figure, figure.value), _plain(figure.value),
                         numeric=True),
                    Cell(indicator_text(figure, figure.previous_value),
                         _plain(figure.previous_value), numeric=True),
                    Cell(trend_words(figure.trend, figure.improving), figure.trend or ""),
                    csv_only("" if figure.improving is None else str(figure.improving).lower()),
                ]
            )
    return table


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    return {
        "headline": headline_table(dashboard),
        "monthly": monthly_table(dashboard),
        "by-type": by_type_table(dashboard),
        "by-service-area": by_service_area_table(dashboard),
        "benefits": benefits_table(dashboard),
    }


def write_table_csv(out: IO[str], table: Table) -> None:
    writer = csv.writer(out)
    writer.writerow(table.csv_columns)
    for row in table.rows:
        writer.writerow([safe_cell(cell.csv) for cell in row])


def table_filename(dashboard: Dashboard, table: Table, *, area_slug: str = "") -> str:
    parts = [dashboard.organisation.slug, area_slug, table.name,
             dashboard.period.first.strftime("%Y-%m"), "to",
             dashboard.period.last.strftime("%Y-%m")]
    return "dashboard-" + "-".join(slugify(p) for p in parts if p) + ".csv"


# --- what the page shows besides the tables -------------------------------------------------


def headline_cards(dashboard: Dashboard) -> list[dict]:
    currency = dashboard.currency
    return [
        {
            "key": headline.key,
            "label": headline.label,
            "value": format_figure(headline.current, headline.kind, currency),
            "previous": format_figure(headline.previous, headline.kind, currency),
            "change": format_change(headline, currency),
            "trend": headline.trend,
            "trend_words": trend_words(headline.trend),
        }
        for headline in dashboard.headlines
    ]


def benefit_cards(entries) -> list[dict]:
    return [
        {
            "group": entry.group,
            "benefit": entry.benefit,
            "priority": entry.priority,
            "indicators": [
                {
                    "name": figure.indicator.name,
                    "slug": figure.indicator.slug,
                    "has_source": figure.has_source,
                    "value": indicator_text(figure, figure.value),
                    "previous": indicator_text(figure, figure.previous_value),
                    "trend": figure.trend,
                    "improving": figure.improving,
                    "trend_words": trend_words(figure.trend, figure.improving),
                    "better": figure.indicator.get_better_display(),
                }
                for figure in entry.indicators
            ],
        }
        for entry in entries
    ]
