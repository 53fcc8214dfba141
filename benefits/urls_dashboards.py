"""Dashboard pages and the benefit priorities page."""

from django.urls import path

from . import views_dashboards as views

urlpatterns = [
    path("dashboards/", views.dashboard_home, name="dashboard-home"),
    path("dashboards/priorities/", views.benefit_priorities, name="benefit-priorities"),
    path(
        "dashboards/organisation/<slug:slug>/",
        views.dashboard_organisation,
        name="dashboard-organisation",
    ),
    path(
        "dashboards/organisation/<slug:slug>/area/<slug:area_slug>/",
        views.dashboard_area,
        name="dashboard-area",
    ),
    path("dashboards/partner/<slug:slug>/", views.dashboard_partner, name="dashboard-partner"),
]
