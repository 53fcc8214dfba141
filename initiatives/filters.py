"""The initiative filters, shared by the list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from people.models import Organisation

from .models import Area, CoproductionType, Initiative, ServiceArea, Status


class InitiativeFilter(django_filters.FilterSet):
    type = django_filters.ModelChoiceFilter(
        label=_("Co-production type"),
        queryset=CoproductionType.objects.order_by("position"),
        to_field_name="slug",
        method="filter_type",
        help_text=_("A type includes its sub-types."),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    service_area = django_filters.ModelChoiceFilter(
        label=_("Service area"),
        queryset=ServiceArea.objects.order_by("name"),
        to_field_name="slug",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        method="filter_organisation",
        help_text=_("Lead or partner."),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.select_related("organisation").order_by("name"),
        method="filter_area",
    )
    search = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=200
    )

    class Meta:
        model = Initiative
        fields = ["type", "status", "service_area", "organisation", "area", "search"]

    @extend_schema_field(OpenApiTypes.STR)  # a type's slug
    def filter_type(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            id__in=Initiative.objects.of_type(value.slug).values("id")
        )

    @extend_schema_field(OpenApiTypes.STR)  # an organisation's slug
    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        partnered = Initiative.partner_organisations.through.objects.filter(
            organisation=value
        ).values("initiative_id")
        return queryset.filter(Q(lead_organisation=value) | Q(id__in=partnered))

    @extend_schema_field(OpenApiTypes.INT)  # an area's id
    def filter_area(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(id__in=Initiative.areas.through.objects.filter(area=value).values(
            "initiative_id"
        ))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
        )
