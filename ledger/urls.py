"""Ledger pages: contributions, the verification queue, public inputs and the ledger CSV.

The accounts page (`initiative-accounts`) is in benefits/urls.py.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("contributions/new/", views.contribution_create, name="contribution-create"),
    path("contributions/mine/", views.my_contributions, name="my-contributions"),
    path("contributions/queue/", views.verification_queue, name="verification-queue"),
    path("contributions/<int:pk>/", views.contribution_detail, name="contribution-detail"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution-edit"),
    path(
        "contributions/<int:pk>/verify/",
        views.contribution_verify_page,
        name="contribution-verify",
    ),
    path(
        "contributions/<int:pk>/reject/",
        views.contribution_reject_page,
        name="contribution-reject",
    ),
    path("impact/", views.my_impact, name="my-impact"),
    path(
        "initiatives/<int:pk>/contributions/new/",
        views.contribution_create_for,
        name="contribution-create-for",
    ),
    path(
        "initiatives/<int:pk>/public-inputs/new/",
        views.public_input_create,
        name="public-input-create",
    ),
    path(
        "initiatives/<int:pk>/accounts.csv",
        views.initiative_accounts_csv,
        name="initiative-accounts-csv",
    ),
]
