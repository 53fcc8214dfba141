"""API v1 endpoints: the taxonomy, service areas and initiatives (DESIGN §8).

Reads come from selectors (scoped to the caller: anything outside it is a 404), writes go
through services, and who may write is decided by the `rules` permissions.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from people.selectors import staff_organisations

from .filters import InitiativeFilter
from .models import CoproductionType, Initiative, ServiceArea
from .selectors import initiative_detail, initiative_list_for_display, initiative_list_visible_to
from .serializers import (
    CoproductionTypeSerializer,
    InitiativeDetailSerializer,
    InitiativeSerializer,
    InitiativeTransitionSerializer,
    ServiceAreaSerializer,
)
from .services import initiative_create, initiative_transition, initiative_update


class CoproductionTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The co-production taxonomy (DESIGN §3). Slugs are stable."""

    serializer_class = CoproductionTypeSerializer
    queryset = CoproductionType.objects.select_related("parent").order_by("position")
    lookup_field = "slug"
    filter_backends: list = []


class ServiceAreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceAreaSerializer
    queryset = ServiceArea.objects.order_by("name")
    lookup_field = "slug"
    filter_backends: list = []


class InitiativePermission(BasePermission):
    """Maps each action to its `rules` permission. Seeing is settled by the queryset."""

    object_permissions = {
        "partial_update": "initiatives.change_initiative",
        "transition": "initiatives.transition_initiative",
    }

    def has_permission(self, request: Request, view) -> bool:
        if view.action == "create":
            return request.user.has_perm("initiatives.add_initiative")
        return True

    def has_object_permission(self, request: Request, view, obj: Initiative) -> bool:
        if not request.user.has_perm("initiatives.view_initiative", obj):
            raise Http404
        perm = self.object_permissions.get(view.action)
        return perm is None or request.user.has_perm(perm, obj)


class InitiativeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Initiatives the caller may see. Create, partial update and status transitions.

    A new initiative starts `proposed`; its status then changes only through `transition/`.
    """

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter
    permission_classes = [IsAuthenticated, InitiativePermission]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        return initiative_list_for_display(initiative_list_visible_to(self.request.user))

    def get_serializer_class(self):
        if self.action == "list":
            return InitiativeSerializer
        if self.action == "transition":
            return InitiativeTransitionSerializer
        return InitiativeDetailSerializer

    def get_object(self) -> Initiative:
        try:
            initiative = initiative_detail(int(self.kwargs["pk"]), self.request.user)
        except Initiative.DoesNotExist as exc:
            raise Http404 from exc
        self.check_object_permissions(self.request, initiative)
        return initiative

    def _detail_response(self, initiative: Initiative, *, status_code: int = 200) -> Response:
        fresh = initiative_detail(initiative.pk, self.request.user)
        data = InitiativeDetailSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(request=InitiativeSerializer, responses={201: InitiativeDetailSerializer})
    def create(self, request: Request) -> Response:
        serializer = InitiativeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lead = data["lead_organisation"]
        if not staff_organisations(request.user).filter(pk=lead.pk).exists():
            raise ValidationError(
                {
                    "lead_organisation": [
                        _("You may not create initiatives for %(organisation)s: only its "
                          "officers and managers can.") % {"organisation": lead.name}
                    ]
                }
            )
        initiative = initiative_create(created_by=request.user, **data)
        return self._detail_response(initiative, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=InitiativeSerializer, responses=InitiativeDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        initiative = self.get_object()
        serializer = InitiativeSerializer(
            initiative, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if fields.get("lead_organisation") == initiative.lead_organisation:
            del fields["lead_organisation"]  # unchanged; the service refuses to move it
        initiative_update(initiative=initiative, changed_by=request.user, **fields)
        return self._detail_response(initiative)

    @extend_schema(request=InitiativeTransitionSerializer, responses=InitiativeDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        """Move the initiative along its lifecycle; `reason` is required to withdraw it."""
        initiative = self.get_object()
        serializer = InitiativeTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        initiative_transition(
            initiative=initiative,
            to_status=serializer.validated_data["status"],
            reason=serializer.validated_data["reason"],
            changed_by=request.user,
        )
        return self._detail_response(initiative)
