"""Benefits pages: the roll-ups' freshness page and an initiative's accounts."""

from django.urls import path

from . import views

urlpatterns = [
    path("dashboards/freshness/", views.rollup_freshness_page, name="rollup-freshness"),
    path(
        "dashboards/freshness/status.json",
        views.rollup_freshness_status,
        name="rollup-freshness-status",
    ),
    path("dashboards/freshness/rebuild/", views.rollup_rebuild_now, name="rollup-rebuild"),
    path(
        "initiatives/<int:pk>/accounts/",
        views.initiative_accounts_page,
        name="initiative-accounts",
    ),
]
