"""URL wiring: pages of each app, the admin, the health check and API v1."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from benefits.api import InitiativeAccountsView

from . import health
from .api import router

api_v1 = [
    path(
        "initiatives/<int:id>/accounts/",
        InitiativeAccountsView.as_view(),
        name="initiative-accounts",
    ),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("", include("people.urls")),
    path("", include("initiatives.urls")),
    path("", include("ledger.urls")),
    path("", include("assessment.urls")),
    path("", include("benefits.urls_dashboards")),
    path("", include("benefits.urls")),
]
