from rest_framework import viewsets


class CoproductionTypeViewSet(viewsets.ViewSet):
    pass


class ServiceAreaViewSet(viewsets.ViewSet):
    pass


class InitiativeViewSet(viewsets.ViewSet):
    pass
