"""Filters of the co-assessment lists, shared by pages and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Audience,
    Inspection,
    InspectionStatus,
    MaturityAssessment,
    MeasurementStatus,
    OutcomeIndicator,
    OutcomeMeasurement,
    Rating,
    Survey,
)


class OutcomeIndicatorFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("initiative id"))
    valued = django_filters.BooleanFilter(
        field_name="financial_proxy", lookup_expr="isnull", exclude=True,
        label=_("has a financial proxy"),
    )

    class Meta:
        model = OutcomeIndicator
        fields = ["initiative", "measure", "valued"]


class OutcomeMeasurementFilter(django_filters.FilterSet):
    indicator = django_filters.NumberFilter(field_name="indicator_id", label=_("indicator id"))
    initiative = django_filters.NumberFilter(
        field_name="indicator__initiative_id", label=_("initiative id")
    )
    status = django_filters.ChoiceFilter(choices=MeasurementStatus.choices)
    # period_end_after / period_end_before, both inclusive
    period_end = django_filters.DateFromToRangeFilter()

    class Meta:
        model = OutcomeMeasurement
        fields = ["indicator", "initiative", "status", "period_end"]


class RatingFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("initiative id"))
    score = django_filters.NumberFilter()

    class Meta:
        model = Rating
        fields = ["initiative", "score"]


class InspectionFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("initiative id"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices)

    class Meta:
        model = Inspection
        fields = ["initiative", "status"]


class SurveyFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label=_("organisation id")
    )
    initiative = django_filters.NumberFilter(field_name="initiative_id", label=_("initiative id"))
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    is_open = django_filters.BooleanFilter(method="filter_is_open", label=_("open today"))

    class Meta:
        model = Survey
        fields = ["organisation", "initiative", "audience", "is_open"]

    def filter_is_open(self, queryset, name, value):
        today = timezone.localdate()
        open_today = {"opens_on__lte": today, "closes_on__gte": today}
        return queryset.filter(**open_today) if value else queryset.exclude(**open_today)


class MaturityAssessmentFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", label=_("organisation id")
    )
    service_area = django_filters.CharFilter(
        field_name="service_area__slug", label=_("service area slug")
    )

    class Meta:
        model = MaturityAssessment
        fields = ["organisation", "service_area"]
