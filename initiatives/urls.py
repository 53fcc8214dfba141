"""Initiative pages and the co-production map."""

from django.urls import path

from . import views

urlpatterns = [
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/new/", views.initiative_create_page, name="initiative-create"),
    path("initiatives/<int:pk>/", views.initiative_detail_page, name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit_page, name="initiative-edit"),
    path(
        "initiatives/<int:pk>/transition/",
        views.initiative_transition_page,
        name="initiative-transition",
    ),
    path("initiatives/<int:pk>/join/", views.initiative_join, name="initiative-join"),
    path("initiatives/<int:pk>/leave/", views.initiative_leave, name="initiative-leave"),
    path("map/", views.coproduction_map_page, name="coproduction-map"),
]
