from rest_framework import viewsets


class MeView(viewsets.ViewSet):
    pass


class OrganisationViewSet(viewsets.ViewSet):
    pass
