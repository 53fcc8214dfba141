"""The one DRF router of API v1, and the error handler that turns service errors into 400s."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import routers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from assessment.api import (
    InspectionViewSet,
    MaturityAssessmentViewSet,
    OutcomeIndicatorViewSet,
    OutcomeMeasurementViewSet,
    RatingViewSet,
    SurveyViewSet,
)
from benefits.api_dashboards import StakeholderBenefitsViewSet
from initiatives.api import (
    CoproductionTypeViewSet,
    InitiativeViewSet,
    ServiceAreaViewSet,
)
from ledger.api import ContributionViewSet, PublicInputViewSet
from people.api import MeView, OrganisationViewSet

router = routers.DefaultRouter()
router.register("me", MeView, basename="me")
router.register("coproduction-types", CoproductionTypeViewSet, basename="coproduction-type")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("service-areas", ServiceAreaViewSet, basename="service-area")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("public-inputs", PublicInputViewSet, basename="public-input")
router.register("outcome-indicators", OutcomeIndicatorViewSet, basename="outcome-indicator")
router.register(
    "outcome-measurements", OutcomeMeasurementViewSet, basename="outcome-measurement"
)
router.register("ratings", RatingViewSet, basename="rating")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("surveys", SurveyViewSet, basename="survey")
router.register(
    "maturity-assessments", MaturityAssessmentViewSet, basename="maturity-assessment"
)
router.register(
    "dashboards/stakeholders", StakeholderBenefitsViewSet, basename="dashboard-stakeholders"
)


def _api_field_name(field: str) -> str:
    """Django's model-wide errors ("__all__") under DRF's name for them."""
    return api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field


def exception_handler(exc, context):
    """Services raise Django's ValidationError; the API answers it as DRF's field errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {
                    _api_field_name(field): [str(m) for e in errors for m in e.messages]
                    for field, errors in exc.error_dict.items()
                }
            )
        else:
            exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
    return drf_exception_handler(exc, context)
