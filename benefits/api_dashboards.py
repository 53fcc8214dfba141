"""API v1 `dashboards/stakeholders/`: per stakeholder group and benefit, the organisation's
priority and each indicator's value, previous value and trend, from the roll-ups.

Scoped like the dashboard pages: the organisation must be one where the caller is an officer,
manager, elected member or partner (a partner reads the initiatives it partners in); any other
organisation is a 404. Filters are validated like the pages' (same form, same messages).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from people.models import Organisation

from . import rules_dashboards
from .dashboards import Reach, dashboard_filter_choices, stakeholder_benefits
from .forms import DashboardFilterForm, dashboard_filters
from .serializers_dashboards import StakeholderBenefitsSerializer

MONTH = {"pattern": r"^\d{4}-\d{2}$"}


def _organisation_for(request: Request) -> tuple[Organisation, str]:
    """The organisation asked for (or the caller's first) and the reach the caller has there."""
    own, partner = rules_dashboards.organisations_with_dashboards(request.user)
    slug = request.query_params.get("organisation", "")
    if not slug:
        if own:
            return own[0], Reach.TAKES_PART
        if partner:
            return partner[0], Reach.PARTNERS_IN
        raise Http404
    for organisations, reach in ((own, Reach.TAKES_PART), (partner, Reach.PARTNERS_IN)):
        found = next((o for o in organisations if o.slug == slug), None)
        if found is not None:
            return found, reach
    if request.user.is_superuser:
        found = Organisation.objects.filter(slug=slug).first()
        if found is not None:
            return found, Reach.TAKES_PART
    raise Http404


class OneObjectSchema(AutoSchema):
    """The router's `list` route answers one object here, not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class StakeholderBenefitsViewSet(viewsets.ViewSet):
    """Each stakeholder group's benefits for an organisation and a period: the organisation's
    priority (rank and weight), and each indicator's value for the period, for the previous
    period of the same length, and its trend. Priorities come first, by rank."""

    permission_classes = [IsAuthenticated]
    schema = OneObjectSchema()

    @extend_schema(
        operation_id="dashboards_stakeholders_retrieve",
        tags=["dashboards"],
        parameters=[
            OpenApiParameter(
                "organisation", OpenApiTypes.STR,
                description=_("An organisation's slug; by default the caller's first "
                              "organisation with a dashboard."),
            ),
            OpenApiParameter(
                "from", OpenApiTypes.STR, pattern=MONTH["pattern"],
                description=_("First month, YYYY-MM; by default twelve months before `to`."),
            ),
            OpenApiParameter(
                "to", OpenApiTypes.STR, pattern=MONTH["pattern"],
                description=_("Last month, YYYY-MM; by default the last whole month."),
            ),
            OpenApiParameter(
                "area", OpenApiTypes.INT,
                description=_("An area's id: initiatives that serve it."),
            ),
            OpenApiParameter(
                "service_area", OpenApiTypes.STR, description=_("A service area's slug.")
            ),
            OpenApiParameter(
                "type", OpenApiTypes.STR,
                description=_("A co-production type's slug; a type includes its sub-types."),
            ),
            OpenApiParameter("initiative", OpenApiTypes.INT, description=_("An initiative's id.")),
        ],
        responses=StakeholderBenefitsSerializer,
    )
    def list(self, request: Request) -> Response:
        organisation, reach = _organisation_for(request)
        choices = dashboard_filter_choices(organisation, reach)
        form = DashboardFilterForm(
            request.query_params,
            areas=choices["area_choices"],
            service_areas=choices["service_area_choices"],
            types=choices["type_choices"],
            initiatives=choices["initiative_choices"],
        )
        if not form.is_valid():
            raise ValidationError(
                {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            )
        figures = stakeholder_benefits(
            organisation=organisation,
            period=form.period(),
            filters=dashboard_filters(
                form,
                areas=choices["areas"],
                service_areas=choices["service_areas"],
                types=choices["types"],
                initiatives=choices["initiatives"],
            ),
            reach=reach,
            cached=True,  # access checked by _organisation_for, filters by the form
        )
        return Response(StakeholderBenefitsSerializer(figures).data)
