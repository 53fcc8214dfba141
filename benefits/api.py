"""API v1 endpoints of benefits.

InitiativeAccountsView: `initiatives/{id}/accounts/`, an initiative's accounts read from the
roll-ups. (The dashboards' endpoints are in api_dashboards.py.)
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ledger.selectors import initiatives_with_accounts_visible_to

from .selectors import MixedCurrencyError, initiative_accounts
from .serializers import AccountsQuerySerializer, AccountsWithOutcomesSerializer
from .sroi import initiative_outcome_figures


class InitiativeAccountsView(APIView):
    """An initiative's accounts (ACCOUNTING.md) for a period: citizen and public input values,
    leverage, co-production share, hours, contributors and contributions, with pending value
    beside the totals, as of when they were rolled up; and what the inputs bought: cost per
    outcome both ways and SROI with every assumption (benefits.sroi). Readable by staff,
    elected members and partners of its organisations; anyone else gets a 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="initiatives_accounts_retrieve",
        tags=["initiatives"],
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            OpenApiParameter("from", OpenApiTypes.DATE, description=_("First day, inclusive.")),
            OpenApiParameter("to", OpenApiTypes.DATE, description=_("Last day, inclusive.")),
        ],
        responses=AccountsWithOutcomesSerializer,
    )
    def get(self, request: Request, id: int) -> Response:  # noqa: A002 - the path's name
        initiative = (
            initiatives_with_accounts_visible_to(request.user)
            .select_related("lead_organisation")
            .filter(pk=id)
            .first()
        )
        if initiative is None:
            raise Http404
        query = AccountsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        date_from = query.validated_data.get("from")
        date_to = query.validated_data.get("to")
        try:
            accounts = initiative_accounts(
                initiative=initiative, date_from=date_from, date_to=date_to
            )
        except MixedCurrencyError as exc:
            raise ValidationError({"currency": [str(exc)]}) from exc
        outcomes = initiative_outcome_figures(
            initiative=initiative, accounts=accounts, date_from=date_from, date_to=date_to
        )
        return Response(
            AccountsWithOutcomesSerializer(accounts, context={"outcomes": outcomes}).data
        )
