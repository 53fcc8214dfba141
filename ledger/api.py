"""API v1 endpoints: contributions (with verify, reject and bulk) and public inputs.

An initiative's accounts (`initiatives/{id}/accounts/`) read the roll-ups: benefits/api.py.

Lists come from selectors scoped to the caller (anything outside is a 404, not a 403); writes go
through services, which hold every rule; who may verify is decided by the `rules` permissions.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .filters import ContributionFilter, PublicInputFilter
from .models import Contribution, PublicInput
from .selectors import (
    contribution_list_visible_to,
    public_input_list_visible_to,
    submitting_organisation_for,
)
from .serializers import (
    BulkErrorSerializer,
    ContributionBulkRequestSerializer,
    ContributionBulkResponseSerializer,
    ContributionBulkResultSerializer,
    ContributionRejectSerializer,
    ContributionSerializer,
    ContributionUpdateSerializer,
    PublicInputSerializer,
)
from .services import (
    BulkValidationError,
    contribution_reject,
    contribution_submit,
    contribution_update,
    contribution_verify,
    contributions_bulk_submit,
    public_input_record,
)


def _submitting_organisation(request: Request, organisation_id, *, field: str):
    """The organisation a partner submits for, named or inferred; a 400 if it is unclear."""
    if organisation_id not in (None, ""):
        try:
            organisation_id = int(organisation_id)
        except (TypeError, ValueError) as exc:
            raise ValidationError({field: [_("Enter an organisation id.")]}) from exc
    else:
        organisation_id = None
    organisation = submitting_organisation_for(request.user, organisation_id=organisation_id)
    if organisation is None:
        if organisation_id is not None:
            raise ValidationError({field: [_("You do not act for this organisation.")]})
        raise ValidationError({field: [_("Say which organisation you submit for: give its id.")]})
    return organisation


class ContributionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Citizen contributions. Citizens see their own, staff their organisations' initiatives',
    partners their own organisation's submissions. `value`, `rate` and `method` are computed."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contribution.objects.none()
        return contribution_list_visible_to(self.request.user).order_by("-date", "-id")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return ContributionUpdateSerializer
        return ContributionSerializer

    def _check(self, perm: str, contribution: Contribution) -> None:
        if not self.request.user.has_perm(perm, contribution):
            raise PermissionDenied(
                _(
                    "Only staff of the initiative's organisations can do this, and not on their "
                    "own contributions."
                )
            )

    def _respond(self, contribution: Contribution, status_code: int = status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=contribution.pk)
        return Response(ContributionSerializer(fresh).data, status=status_code)

    @extend_schema(
        request=ContributionSerializer,
        responses={
            201: ContributionSerializer,
            200: OpenApiResponse(
                ContributionSerializer,
                description=_("The external_ref was stored before: the stored row."),
            ),
        },
    )
    def create(self, request: Request) -> Response:
        serializer = ContributionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = data.pop("submitted_by_organisation", None)
        if organisation is None and (data.get("volunteer_ref") or data.get("external_ref")):
            organisation = _submitting_organisation(
                request, None, field="submitted_by_organisation"
            )
        contribution = contribution_submit(
            submitted_by=request.user, submitted_by_organisation=organisation, **data
        )
        return Response(
            ContributionSerializer(contribution).data,
            status=status.HTTP_200_OK if contribution.is_duplicate else status.HTTP_201_CREATED,
        )

    @extend_schema(request=ContributionUpdateSerializer, responses=ContributionSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a contribution; it is revalued and, if it was verified, returns to submitted."""
        contribution = self.get_object()
        self._check("ledger.change_contribution", contribution)
        serializer = ContributionUpdateSerializer(contribution, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        contribution_update(
            contribution=contribution, changed_by=request.user, **serializer.validated_data
        )
        return self._respond(contribution)

    @extend_schema(request=None, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """Verify a submitted contribution: professionals of the initiative's organisations."""
        contribution = self.get_object()
        self._check("ledger.verify_contribution", contribution)
        contribution_verify(contribution=contribution, verified_by=request.user)
        return self._respond(contribution)

    @extend_schema(request=ContributionRejectSerializer, responses=ContributionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """Reject a submitted contribution with a reason (required)."""
        contribution = self.get_object()
        self._check("ledger.reject_contribution", contribution)
        serializer = ContributionRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contribution_reject(
            contribution=contribution,
            rejected_by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return self._respond(contribution)

    @extend_schema(
        request=ContributionBulkRequestSerializer,
        responses={201: ContributionBulkResponseSerializer, 400: BulkErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Submit up to 1,000 contributions for your organisation's volunteers, all or nothing.

        Send `{"contributions": [...]}` (optionally with `"organisation": id`) or a bare list.
        A row whose `external_ref` your organisation stored before is answered with the stored
        row (`"outcome": "duplicate"`) and nothing is created for it. Any bad row: 400 with
        `{"errors": [{"index": i, "errors": {field: [message]}}]}` and nothing stored.
        """
        payload = request.data
        organisation_id = None
        if isinstance(payload, dict):
            organisation_id = payload.get("organisation")
            rows = payload.get("contributions")
        else:
            rows = payload
        if not isinstance(rows, list):
            raise ValidationError({"contributions": [_("Send a list of contributions.")]})
        if organisation_id is None:
            named = {
                row.get("submitted_by_organisation")
                for row in rows
                if isinstance(row, dict) and row.get("submitted_by_organisation") is not None
            }
            if len(named) == 1:
                organisation_id = named.pop()
        organisation = _submitting_organisation(request, organisation_id, field="organisation")
        try:
            result = contributions_bulk_submit(
                submitted_by=request.user, organisation=organisation, rows=rows
            )
        except BulkValidationError as exc:
            return Response({"errors": exc.row_errors}, status=status.HTTP_400_BAD_REQUEST)
        contributions = []
        for row in result.rows:
            row.contribution.outcome = row.outcome
            contributions.append(row.contribution)
        return Response(
            {
                "created": result.created,
                "duplicates": result.duplicates,
                "contributions": ContributionBulkResultSerializer(contributions, many=True).data,
            },
            status=status.HTTP_201_CREATED,
        )


class PublicInputViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Public inputs: staff time (hours × the grade's fully loaded cost), spend, public in kind.
    Visible to staff, elected members and partners of the initiative's organisations; recorded by
    its staff."""

    serializer_class = PublicInputSerializer
    filterset_class = PublicInputFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PublicInput.objects.none()
        return public_input_list_visible_to(self.request.user).order_by("-date", "-id")

    @extend_schema(request=PublicInputSerializer, responses={201: PublicInputSerializer})
    def create(self, request: Request) -> Response:
        serializer = PublicInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        public_input = public_input_record(recorded_by=request.user, **serializer.validated_data)
        fresh = self.get_queryset().get(pk=public_input.pk)
        return Response(PublicInputSerializer(fresh).data, status=status.HTTP_201_CREATED)
