"""Forms of the benefits pages: the dashboards' filters and an organisation's benefit priorities.

Choices are handed in as lists by the view, so rendering a form never runs a query.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dashboards import MAX_MONTHS, DashboardFilters, Period, default_period
from .models import Benefit, StakeholderGroup
from .priorities import WEIGHT_MAX, WEIGHT_MIN, rank_key, weight_key

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A month as YYYY-MM (what <input type="month"> sends), cleaned to its first day."""

    widget = MonthInput

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if match:
            year, month = int(match[1]), int(match[2])
            if 1900 <= year <= 9999 and 1 <= month <= 12:
                return datetime.date(year, month, 1)
        raise ValidationError(_("Enter a month as YYYY-MM, for example 2025-04."), code="invalid")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})
        return attrs


Choices = Sequence[tuple[str, str]]


class DashboardFilterForm(forms.Form):
    """Period (from and to, whole months) and what to look at. Everything optional: empty
    means the last twelve whole months, every initiative."""

    def __init__(
        self,
        data=None,
        *,
        areas: Choices = (),
        service_areas: Choices = (),
        types: Choices = (),
        initiatives: Choices = (),
        with_area: bool = True,
        today: datetime.date | None = None,
    ):
        super().__init__(data)
        self.default = default_period(today)
        self.fields["from"] = MonthField(
            label=_("From"), required=False,
            help_text=_("First month, YYYY-MM."),
        )
        self.fields["to"] = MonthField(
            label=_("To"), required=False,
            help_text=_("Last month, YYYY-MM."),
        )
        if with_area:
            self.fields["area"] = forms.ChoiceField(
                label=_("Area"), required=False, choices=[("", _("All areas")), *areas]
            )
        self.fields["service_area"] = forms.ChoiceField(
            label=_("Service area"), required=False,
            choices=[("", _("All service areas")), *service_areas],
        )
        self.fields["type"] = forms.ChoiceField(
            label=_("Co-production type"), required=False,
            choices=[("", _("All types")), *types],
            help_text=_("A type includes its sub-types."),
        )
        self.fields["initiative"] = forms.ChoiceField(
            label=_("Initiative"), required=False,
            choices=[("", _("All initiatives")), *initiatives],
        )
        # Show the default period in the inputs when none was asked for.
        self.fields["from"].initial = self.default.first
        self.fields["to"].initial = self.default.last
        if self.is_bound:
            self.data = self.data.copy()
            for name, month in (("from", self.default.first), ("to", self.default.last)):
                if not self.data.get(name):
                    self.data[name] = month.strftime("%Y-%m")

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("from") or self.default.first
        last = cleaned.get("to") or self.default.last
        if "from" in cleaned and "to" in cleaned:
            if last < first:
                self.add_error("to", _("The last month cannot be before the first."))
            elif Period(first, last).months > MAX_MONTHS:
                self.add_error(
                    "to", _("Choose at most %(count)s months.") % {"count": MAX_MONTHS}
                )
        return cleaned

    def period(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return self.default
        return Period(
            self.cleaned_data.get("from") or self.default.first,
            self.cleaned_data.get("to") or self.default.last,
        )

    def chosen(self, name: str) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


def dashboard_filters(
    form: DashboardFilterForm,
    *,
    areas: dict,
    service_areas: dict,
    types: dict,
    initiatives: dict,
    area=None,
) -> DashboardFilters:
    """The selector's filters from a valid form; the dicts map choice values to objects."""
    return DashboardFilters(
        area=area if area is not None else areas.get(form.chosen("area")),
        service_area=service_areas.get(form.chosen("service_area")),
        coproduction_type=types.get(form.chosen("type")),
        initiative=initiatives.get(form.chosen("initiative")),
    )


class BenefitPrioritiesForm(forms.Form):
    """A rank and a weight for every benefit, grouped by stakeholder group. A blank rank: not a
    priority."""

    def __init__(self, data=None, *, groups: Sequence[StakeholderGroup], current: dict):
        super().__init__(data)
        self.groups = groups
        self.benefits: list[Benefit] = []
        count = len(self.benefits_of(groups))
        for group in groups:
            for benefit in group.benefits.all():
                self.benefits.append(benefit)
                priority = current.get(benefit.pk)
                self.fields[rank_key(benefit)] = forms.IntegerField(
                    label=_("Rank of “%(benefit)s”") % {"benefit": benefit.name},
                    required=False, min_value=1, max_value=count,
                    initial=priority.rank if priority else None,
                )
                self.fields[weight_key(benefit)] = forms.IntegerField(
                    label=_("Weight of “%(benefit)s”") % {"benefit": benefit.name},
                    required=False, min_value=WEIGHT_MIN, max_value=WEIGHT_MAX,
                    initial=priority.weight if priority else None,
                )

    @staticmethod
    def benefits_of(groups: Sequence[StakeholderGroup]) -> list[Benefit]:
        return [b for g in groups for b in g.benefits.all()]

    def clean(self):
        cleaned = super().clean()
        for benefit in self.benefits:
            rank = cleaned.get(rank_key(benefit))
            weight = cleaned.get(weight_key(benefit))
            if rank is None and weight is not None and weight_key(benefit) not in self.errors:
                self.add_error(
                    weight_key(benefit),
                    _("Give this benefit a rank too, or leave its weight blank."),
                )
            if rank is not None and weight is None and weight_key(benefit) not in self.errors:
                self.add_error(weight_key(benefit), _("Give a weight from 0 to 100."))
        return cleaned

    def priorities(self) -> list[tuple[Benefit, int, int]]:
        return [
            (benefit, self.cleaned_data[rank_key(benefit)], self.cleaned_data[weight_key(benefit)])
            for benefit in self.benefits
            if self.cleaned_data.get(rank_key(benefit)) is not None
        ]

    def rows(self) -> list[dict]:
        """For the template: each group with its benefits' bound rank and weight fields."""
        return [
            {
                "group": group,
                "benefits": [
                    {
                        "benefit": benefit,
                        "rank": self[rank_key(benefit)],
                        "weight": self[weight_key(benefit)],
                    }
                    for benefit in group.benefits.all()
                ],
            }
            for group in self.groups
        ]
