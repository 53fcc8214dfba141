"""Co-assessment pages: outcomes, ratings, inspections, "You said, we did", surveys, maturity."""

from django.urls import path

from . import views

urlpatterns = [
    # Outcomes and their measurements
    path(
        "initiatives/<int:pk>/outcomes/",
        views.initiative_outcomes_page,
        name="assessment-outcomes",
    ),
    path(
        "initiatives/<int:pk>/outcomes/new/",
        views.indicator_create,
        name="assessment-indicator-create",
    ),
    path("outcomes/<int:pk>/edit/", views.indicator_edit, name="assessment-indicator-edit"),
    path(
        "outcomes/<int:pk>/measurements/new/",
        views.measurement_create,
        name="assessment-measurement-create",
    ),
    path(
        "outcomes/measurements/queue/",
        views.measurement_queue,
        name="assessment-measurement-queue",
    ),
    path(
        "outcomes/measurements/<int:pk>/verify/",
        views.measurement_verify,
        name="assessment-measurement-verify",
    ),
    path(
        "outcomes/measurements/<int:pk>/remove/",
        views.measurement_remove,
        name="assessment-measurement-remove",
    ),
    # Ratings
    path("initiatives/<int:pk>/rate/", views.rate_initiative, name="assessment-rate"),
    path("initiatives/<int:pk>/ratings/", views.rating_summary_page, name="assessment-ratings"),
    path("ratings/<int:pk>/hide/", views.rating_hide, name="assessment-rating-hide"),
    path("ratings/<int:pk>/show/", views.rating_show, name="assessment-rating-show"),
    # Inspections
    path(
        "initiatives/<int:pk>/inspections/",
        views.inspection_list,
        name="assessment-inspections",
    ),
    path(
        "initiatives/<int:pk>/inspections/new/",
        views.inspection_create_page,
        name="assessment-inspection-create",
    ),
    path(
        "inspections/awaiting-response/",
        views.recommendations_awaiting,
        name="assessment-recommendations-awaiting",
    ),
    path("inspections/<int:pk>/", views.inspection_detail, name="assessment-inspection-detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="assessment-inspection-edit"),
    path(
        "inspections/<int:pk>/complete/",
        views.inspection_complete_page,
        name="assessment-inspection-complete",
    ),
    path(
        "recommendations/<int:pk>/respond/",
        views.recommendation_respond_page,
        name="assessment-recommendation-respond",
    ),
    # You said, we did (public)
    path(
        "initiatives/<int:pk>/you-said-we-did/",
        views.you_said_we_did_initiative,
        name="assessment-you-said-we-did",
    ),
    path(
        "organisations/<slug:slug>/you-said-we-did/",
        views.you_said_we_did_organisation,
        name="assessment-you-said-we-did-organisation",
    ),
    # Surveys
    path("surveys/", views.survey_list, name="assessment-surveys"),
    path("surveys/new/", views.survey_create_page, name="assessment-survey-create"),
    path(
        "surveys/new/<slug:key>/",
        views.survey_create_from_template_page,
        name="assessment-survey-create-from-template",
    ),
    path("surveys/<int:pk>/", views.survey_answer, name="assessment-survey-answer"),
    path(
        "surveys/<int:pk>/results/",
        views.survey_results_page,
        name="assessment-survey-results",
    ),
    # Co-production maturity
    path("maturity/", views.maturity_home, name="assessment-maturity-home"),
    path("maturity/<int:pk>/", views.maturity_detail, name="assessment-maturity-detail"),
    path(
        "organisations/<slug:slug>/maturity/",
        views.maturity_page,
        name="assessment-maturity",
    ),
    path(
        "organisations/<slug:slug>/maturity/new/",
        views.maturity_create,
        name="assessment-maturity-create",
    ),
]
