"""Values of the benefit indicators that are measured in co-assessment: survey questions and
outcome indicators attached to benefit indicators through IndicatorLink.

Pure reads, for the stakeholder dashboards: for an organisation and a range of whole months, each
linked indicator's value in that period and in the period of the same length just before it.

- A survey question's value is the mean answer over responses given in the period (by the
  response's date): 1–5 for a scale, the number for a number question, the share answering yes
  (as a percentage) for yes/no. Answers to every question linked to the same benefit indicator
  are pooled, so a survey repeated each year (a new question each time) reads as one series.
- An outcome indicator's value covers verified readings whose period ends in the period: the
  sum for a count, the mean reading for a level. Several outcome indicators linked to one
  benefit indicator: their sum when all are counts, otherwise the mean of their values.

The organisation's links: questions of its surveys, and outcome indicators of the initiatives it
leads or partners.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Q, Sum

from assessment.models import Answer, Measure, OutcomeMeasurement, QuestionKind
from assessment.selectors import initiative_ids_of_organisations
from people.models import Organisation

from .models import Indicator, IndicatorLink

ZERO = Decimal("0")
HUNDRED = Decimal("100")
PLACES = Decimal("0.01")


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DateRange:
    first: datetime.date  # first day
    last: datetime.date  # last day, inclusive


def month_ranges(
    month_from: datetime.date, month_to: datetime.date
) -> tuple[DateRange, DateRange]:
    """The current range (whole months month_from … month_to) and the previous one of the same
    length just before it."""
    first = _first_of_month(month_from)
    last_month = _first_of_month(month_to)
    if last_month < first:
        raise ValueError("The period cannot end before it starts.")
    months = (last_month.year - first.year) * 12 + last_month.month - first.month + 1
    current = DateRange(first, _add_months(last_month, 1) - datetime.timedelta(days=1))
    previous = DateRange(_add_months(first, -months), first - datetime.timedelta(days=1))
    return current, previous


@dataclass(frozen=True)
class PeriodValue:
    value: Decimal | None  # two places; None: nothing in the period
    count: int  # answers or readings it is computed from


@dataclass(frozen=True)
class LinkValue:
    link_id: int
    kind: str  # "survey_question" or "outcome_indicator"
    label: str  # the question's text or the outcome's name
    unit: str
    survey_id: int | None
    initiative_id: int | None
    current: PeriodValue
    previous: PeriodValue


@dataclass(frozen=True)
class LinkedIndicatorValue:
    indicator: Indicator
    current: PeriodValue
    previous: PeriodValue
    links: list[LinkValue]
    current_range: DateRange
    previous_range: DateRange

    @property
    def change(self) -> Decimal | None:
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


def _answers_in(question_ids: list[int], dates: DateRange):
    return Answer.objects.filter(
        question_id__in=question_ids,
        response__submitted_on__gte=dates.first,
        response__submitted_on__lte=dates.last,
    )


def _question_value(question_ids: list[int], kinds: set[str], dates: DateRange) -> PeriodValue:
    """The pooled mean answer of these questions over a date range (see the module's note)."""
    answers = _answers_in(question_ids, dates)
    if kinds == {QuestionKind.YES_NO}:
        figures = answers.filter(yes_no_value__isnull=False).aggregate(
            yes=Count("id", filter=Q(yes_no_value=True)), n=Count("id")
        )
        if not figures["n"]:
            return PeriodValue(None, 0)
        return PeriodValue(
            _round(Decimal(figures["yes"]) * HUNDRED / Decimal(figures["n"])), figures["n"]
        )
    figures = answers.aggregate(
        scale_total=Sum("scale_value"),
        scale_n=Count("id", filter=Q(scale_value__isnull=False)),
        number_total=Sum("number_value"),
        number_n=Count("id", filter=Q(number_value__isnull=False)),
    )
    n = figures["scale_n"] + figures["number_n"]
    if not n:
        return PeriodValue(None, 0)
    total = Decimal(figures["scale_total"] or 0) + Decimal(figures["number_total"] or 0)
    return PeriodValue(_round(total / Decimal(n)), n)


def _outcome_value(outcome_indicator, dates: DateRange) -> PeriodValue:
    readings = OutcomeMeasurement.objects.verified().filter(
        indicator=outcome_indicator, period_end__gte=dates.first, period_end__lte=dates.last
    )
    if outcome_indicator.measure == Measure.COUNT:
        figures = readings.aggregate(v=Sum("value"), n=Count("id"))
    else:
        figures = readings.aggregate(v=Avg("value"), n=Count("id"))
    if not figures["n"]:
        return PeriodValue(None, 0)
    return PeriodValue(_round(Decimal(figures["v"])), figures["n"])


def _combine_outcomes(values: list[PeriodValue], all_counts: bool) -> PeriodValue:
    present = [v for v in values if v.value is not None]
    if not present:
        return PeriodValue(None, 0)
    total = sum((v.value for v in present), ZERO)
    count = sum(v.count for v in present)
    if all_counts:
        return PeriodValue(_round(total), count)
    return PeriodValue(_round(total / len(present)), count)


def organisation_indicator_links(organisation: Organisation):
    """The organisation's links: its surveys' questions and its initiatives' outcome indicators."""
    initiative_ids = initiative_ids_of_organisations([organisation.pk])
    return (
        IndicatorLink.objects.select_related(
            "indicator",
            "indicator__benefit",
            "survey_question",
            "survey_question__survey",
            "outcome_indicator",
        )
        .filter(
            Q(survey_question__survey__organisation=organisation)
            | Q(outcome_indicator__initiative_id__in=initiative_ids)
        )
        .order_by("indicator__benefit__group__position", "indicator__benefit__position",
                  "indicator__position", "id")
    )


def linked_indicator_values(
    *, organisation: Organisation, month_from: datetime.date, month_to: datetime.date
) -> list[LinkedIndicatorValue]:
    """Each benefit indicator the organisation has linked a survey question or an outcome
    indicator to, with its value for the months month_from … month_to (whole months, both
    inclusive) and for the same number of months just before; each link's own values beside.
    Indicators without a link are not listed."""
    current_range, previous_range = month_ranges(month_from, month_to)
    grouped: dict[int, list[IndicatorLink]] = {}
    indicators: dict[int, Indicator] = {}
    for link in organisation_indicator_links(organisation):
        grouped.setdefault(link.indicator_id, []).append(link)
        indicators[link.indicator_id] = link.indicator
    results = []
    for indicator_id, links in grouped.items():
        link_values = []
        question_ids, kinds = [], set()
        outcome_links = []
        for link in links:
            if link.survey_question_id is not None:
                question = link.survey_question
                question_ids.append(question.pk)
                kinds.add(question.kind)
                link_values.append(
                    LinkValue(
                        link_id=link.pk,
                        kind="survey_question",
                        label=question.text,
                        unit="%" if question.kind == QuestionKind.YES_NO else (
                            "1–5" if question.kind == QuestionKind.SCALE else ""
                        ),
                        survey_id=question.survey_id,
                        initiative_id=question.survey.initiative_id,
                        current=_question_value([question.pk], {question.kind}, current_range),
                        previous=_question_value([question.pk], {question.kind}, previous_range),
                    )
                )
            else:
                outcome = link.outcome_indicator
                outcome_links.append(outcome)
                link_values.append(
                    LinkValue(
                        link_id=link.pk,
                        kind="outcome_indicator",
                        label=outcome.name,
                        unit=outcome.unit,
                        survey_id=None,
                        initiative_id=outcome.initiative_id,
                        current=_outcome_value(outcome, current_range),
                        previous=_outcome_value(outcome, previous_range),
                    )
                )
        if question_ids:
            current = _question_value(question_ids, kinds, current_range)
            previous = _question_value(question_ids, kinds, previous_range)
        else:
            all_counts = all(o.measure == Measure.COUNT for o in outcome_links)
            current = _combine_outcomes(
                [v.current for v in link_values if v.kind == "outcome_indicator"], all_counts
            )
            previous = _combine_outcomes(
                [v.previous for v in link_values if v.kind == "outcome_indicator"], all_counts
            )
        results.append(
            LinkedIndicatorValue(
                indicator=indicators[indicator_id],
                current=current,
                previous=previous,
                links=link_values,
                current_range=current_range,
                previous_range=previous_range,
            )
        )
    return results


def indicator_link_create(
    *, indicator: Indicator, survey_question=None, outcome_indicator=None, created_by=None
) -> IndicatorLink:
    """Attach a survey question or an outcome indicator to a benefit indicator (exactly one;
    the indicator's source must be survey_question or outcome_measure accordingly). Raises
    ValidationError; an existing identical link is returned as it is."""
    with transaction.atomic():
        existing = IndicatorLink.objects.filter(
            indicator=indicator,
            survey_question=survey_question,
            outcome_indicator=outcome_indicator,
        ).first()
        if existing is not None:
            return existing
        link = IndicatorLink(
            indicator=indicator,
            survey_question=survey_question,
            outcome_indicator=outcome_indicator,
            created_by=created_by,
        )
        link.full_clean()
        link.save()
        return link
