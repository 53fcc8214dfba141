"""Filters of the contribution and public input lists, shared by pages and the API."""

import django_filters

from .models import Contribution, ContributionStatus, Kind, PublicInput, PublicInputKind


class ContributionFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="initiative id")
    status = django_filters.ChoiceFilter(choices=ContributionStatus.choices)
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    # Gives date_after and date_before (both inclusive).
    date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Contribution
        fields = ["initiative", "status", "kind", "date"]


class PublicInputFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="initiative id")
    kind = django_filters.ChoiceFilter(choices=PublicInputKind.choices)
    date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = PublicInput
        fields = ["initiative", "kind", "date"]
