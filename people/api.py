"""API v1 endpoints about people: the caller (`me/`) and the organisations directory."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from .models import Organisation
from .selectors import membership_list_for, organisation_list_visible_to
from .serializers import MeSerializer, OrganisationSerializer


class MeView(viewsets.GenericViewSet):
    """The caller and the roles they hold. One object, so neither paginated nor filtered."""

    serializer_class = MeSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def list(self, request: Request) -> Response:
        user = request.user
        me = {
            "id": user.pk,
            "username": user.get_username(),
            "memberships": list(membership_list_for(user)),
        }
        return Response(self.get_serializer(me).data)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations the caller can see."""

    serializer_class = OrganisationSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return organisation_list_visible_to(self.request.user)
