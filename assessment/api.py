"""API v1 endpoints of co-assessment: outcome indicators and measurements, ratings, inspections
(with recommendations and responses), surveys (with questions, responses and results) and
maturity self-assessments.

Lists come from selectors scoped to the caller (anything outside is a 404, not a 403); writes go
through services, which hold every rule; who may do what is decided by the `rules` permissions.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from initiatives.models import ServiceArea
from initiatives.selectors import initiative_list_visible_to
from people.models import Organisation

from .filters import (
    InspectionFilter,
    MaturityAssessmentFilter,
    OutcomeIndicatorFilter,
    OutcomeMeasurementFilter,
    RatingFilter,
    SurveyFilter,
)
from .maturity import PRINCIPLES
from .models import (
    Inspection,
    MaturityAssessment,
    OutcomeIndicator,
    OutcomeMeasurement,
    Rating,
    Recommendation,
    Survey,
    SurveyRespondent,
)
from .selectors import (
    inspection_list_visible_to,
    maturity_assessment_list_visible_to,
    maturity_trend,
    outcome_indicator_list_visible_to,
    outcome_measurement_list_visible_to,
    rating_list_visible_to,
    rating_summary,
    survey_list_visible_to,
    survey_results,
    you_said_we_did,
)
from .serializers import (
    InspectionSerializer,
    InspectionUpdateSerializer,
    MaturityAssessmentSerializer,
    MaturityTrendPointSerializer,
    OutcomeIndicatorSerializer,
    OutcomeIndicatorUpdateSerializer,
    OutcomeMeasurementSerializer,
    OutcomeMeasurementUpdateSerializer,
    PrincipleSerializer,
    RatingSerializer,
    RatingSummarySerializer,
    RatingUpdateSerializer,
    ReasonSerializer,
    RespondSerializer,
    SurveyAnswersSerializer,
    SurveyReceiptSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
    SurveyTemplateSerializer,
    SurveyUpdateSerializer,
    YouSaidWeDidSerializer,
)
from .services import (
    inspection_complete,
    inspection_create,
    inspection_update,
    maturity_assessment_create,
    outcome_indicator_create,
    outcome_indicator_update,
    outcome_measurement_delete,
    outcome_measurement_record,
    outcome_measurement_update,
    outcome_measurement_verify,
    rating_comment_hide,
    rating_comment_show,
    rating_create,
    rating_update,
    recommendation_respond,
    survey_create,
    survey_create_from_template,
    survey_respond,
    survey_update,
)
from .survey_templates import TEMPLATES


def _id_param(request: Request, name: str, *, required: bool = True) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        if required:
            raise ValidationError({name: [_("This query parameter is required.")]})
        return None
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError({name: [_("Enter a whole number.")]}) from exc


class ScopedViewSet(viewsets.GenericViewSet):
    """Objects come from the caller's scope (a 404 outside it); an action's `rules` permission
    on the object, where it has one, answers 403 with the reason."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    object_permissions: dict[str, str] = {}
    denied_message = ""

    def check_object_permissions(self, request: Request, obj) -> None:
        super().check_object_permissions(request, obj)
        perm = self.object_permissions.get(self.action)
        if perm and not request.user.has_perm(perm, obj):
            raise PermissionDenied(self.denied_message or None)

    def _fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def _answer(self, obj, serializer_class=None, status_code=status.HTTP_200_OK) -> Response:
        serializer_class = serializer_class or self.serializer_class
        data = serializer_class(self._fresh(obj), context=self.get_serializer_context()).data
        return Response(data, status=status_code)


# --- outcomes ---------------------------------------------------------------------------------


class OutcomeIndicatorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Outcome indicators of the initiatives the caller may see, with how a unit is valued: the
    financial proxy and its source, deadweight, displacement, attribution and drop-off (percent,
    0–100) and duration. Added and changed by staff of the initiative's organisations."""

    serializer_class = OutcomeIndicatorSerializer
    filterset_class = OutcomeIndicatorFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    object_permissions = {"partial_update": "assessment.change_outcome_indicator"}
    denied_message = _("Only staff of the initiative's organisations can change its outcomes.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OutcomeIndicator.objects.none()
        return outcome_indicator_list_visible_to(self.request.user).order_by(
            "initiative_id", "position", "id"
        )

    @extend_schema(request=OutcomeIndicatorSerializer,
                   responses={201: OutcomeIndicatorSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = outcome_indicator_create(created_by=request.user, **serializer.validated_data)
        return self._answer(indicator, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=OutcomeIndicatorUpdateSerializer, responses=OutcomeIndicatorSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        indicator = self.get_object()
        serializer = OutcomeIndicatorUpdateSerializer(
            indicator, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        outcome_indicator_update(
            indicator=indicator, changed_by=request.user, **serializer.validated_data
        )
        return self._answer(indicator)


class OutcomeMeasurementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Readings of outcome indicators over time. Staff record verified readings; citizens taking
    part as inspectors or participants submit readings that staff verify (`verify/`). Verified
    readings are visible with their initiative; submitted ones to its insiders and the recorder."""

    serializer_class = OutcomeMeasurementSerializer
    filterset_class = OutcomeMeasurementFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    object_permissions = {
        "partial_update": "assessment.change_measurement",
        "destroy": "assessment.delete_measurement",
        "verify": "assessment.verify_measurement",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OutcomeMeasurement.objects.none()
        return (
            outcome_measurement_list_visible_to(self.request.user)
            .select_related("indicator__initiative__lead_organisation")
            .prefetch_related("indicator__initiative__partner_organisations")
            .order_by("indicator_id", "period_end", "id")
        )

    @extend_schema(request=OutcomeMeasurementSerializer,
                   responses={201: OutcomeMeasurementSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measurement = outcome_measurement_record(
            recorded_by=request.user, **serializer.validated_data
        )
        return self._answer(measurement, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=OutcomeMeasurementUpdateSerializer,
                   responses=OutcomeMeasurementSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        measurement = self.get_object()
        serializer = OutcomeMeasurementUpdateSerializer(
            measurement, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        outcome_measurement_update(
            measurement=measurement, changed_by=request.user, **serializer.validated_data
        )
        return self._answer(measurement)

    def destroy(self, request: Request, pk: str) -> Response:
        """Remove a reading (staff of the initiative's organisations)."""
        measurement = self.get_object()
        outcome_measurement_delete(measurement=measurement, deleted_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=OutcomeMeasurementSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """Verify a citizen's submitted reading: staff of the initiative's organisations."""
        measurement = self.get_object()
        outcome_measurement_verify(measurement=measurement, verified_by=request.user)
        return self._answer(measurement)


# --- ratings ----------------------------------------------------------------------------------


class RatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Citizens' ratings of initiatives' services, 1–5 with an optional comment: one each,
    editable. A citizen sees their own; the initiative's insiders see all. The distribution and
    mean of any initiative the caller may see: `summary/?initiative=<id>`."""

    serializer_class = RatingSerializer
    filterset_class = RatingFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    object_permissions = {
        "partial_update": "assessment.change_rating",
        "hide_comment": "assessment.hide_rating_comment",
        "show_comment": "assessment.hide_rating_comment",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Rating.objects.none()
        return (
            rating_list_visible_to(self.request.user)
            .select_related("initiative__lead_organisation")
            .prefetch_related("initiative__partner_organisations")
            .order_by("-updated_at", "-id")
        )

    @extend_schema(request=RatingSerializer, responses={201: RatingSerializer})
    def create(self, request: Request) -> Response:
        """Rate an initiative; a second rating of the same initiative is refused (PATCH yours)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rating_create(user=request.user, **serializer.validated_data)
        return self._answer(rating, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=RatingUpdateSerializer, responses=RatingSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change your own rating."""
        rating = self.get_object()
        serializer = RatingUpdateSerializer(
            rating, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        rating_update(rating=rating, user=request.user, **serializer.validated_data)
        return self._answer(rating)

    @extend_schema(request=ReasonSerializer, responses=RatingSerializer)
    @action(detail=True, methods=["post"], url_path="hide-comment")
    def hide_comment(self, request: Request, pk: str) -> Response:
        """Hide the comment (staff of the initiative's organisations), with a reason."""
        rating = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating_comment_hide(
            rating=rating, hidden_by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._answer(rating)

    @extend_schema(request=None, responses=RatingSerializer)
    @action(detail=True, methods=["post"], url_path="show-comment")
    def show_comment(self, request: Request, pk: str) -> Response:
        """Show a hidden comment again."""
        rating = self.get_object()
        rating_comment_show(rating=rating, shown_by=request.user)
        return self._answer(rating)

    @extend_schema(
        parameters=[OpenApiParameter("initiative", OpenApiTypes.INT, required=True)],
        responses=RatingSummarySerializer,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request: Request) -> Response:
        """Count, mean (two places) and distribution of an initiative's ratings, and its latest
        visible comments without names."""
        initiative_id = _id_param(request, "initiative")
        initiative = initiative_list_visible_to(request.user).filter(pk=initiative_id).first()
        if initiative is None:
            raise Http404
        return Response(RatingSummarySerializer(rating_summary(initiative=initiative)).data)


# --- inspections ------------------------------------------------------------------------------


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Inspections of a service by a team of citizen inspectors: standards scored 1–5 with
    findings, recommendations and the organisation's response to each. Completed inspections of
    public initiatives are public; drafts are seen by the team and the initiative's insiders."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    object_permissions = {
        "partial_update": "assessment.change_inspection",
        "complete": "assessment.change_inspection",
        "respond": "assessment.respond_to_recommendation",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Inspection.objects.none()
        return (
            inspection_list_visible_to(self.request.user)
            .prefetch_related("initiative__partner_organisations")
            .order_by("-inspected_on", "-id")
        )

    @staticmethod
    def _service_fields(data: dict) -> dict:
        fields = dict(data)
        if "standards" in fields:
            fields["standards"] = [dict(item) for item in fields["standards"]]
        if "recommendation_texts" in fields:
            fields["recommendations"] = fields.pop("recommendation_texts")
        return fields

    @extend_schema(request=InspectionSerializer, responses={201: InspectionSerializer})
    def create(self, request: Request) -> Response:
        """Start a draft inspection (staff, or a citizen inspecting the initiative)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        inspection = inspection_create(
            created_by=request.user, **self._service_fields(serializer.validated_data)
        )
        return self._answer(inspection, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionUpdateSerializer, responses=InspectionSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a draft: lists sent (standards, recommendation_texts, team) replace the old."""
        inspection = self.get_object()
        serializer = InspectionUpdateSerializer(
            inspection, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        inspection_update(
            inspection=inspection,
            changed_by=request.user,
            **self._service_fields(serializer.validated_data),
        )
        return self._answer(inspection)

    @extend_schema(request=None, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str) -> Response:
        """Complete the inspection: every standard scored. It is final afterwards."""
        inspection = self.get_object()
        inspection_complete(inspection=inspection, completed_by=request.user)
        return self._answer(inspection)

    @extend_schema(request=RespondSerializer, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        """The organisation's response to one recommendation of a completed inspection: staff
        of the inspected initiative's organisations. Responding again updates the response."""
        inspection = self.get_object()
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        recommendation = Recommendation.objects.filter(
            pk=data.pop("recommendation"), inspection=inspection
        ).first()
        if recommendation is None:
            raise ValidationError(
                {"recommendation": [_("Not a recommendation of this inspection.")]}
            )
        recommendation_respond(recommendation=recommendation, responded_by=request.user, **data)
        return self._answer(inspection)

    @extend_schema(
        parameters=[
            OpenApiParameter("initiative", OpenApiTypes.INT),
            OpenApiParameter("organisation", OpenApiTypes.INT),
        ],
        responses=YouSaidWeDidSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="you-said-we-did", filter_backends=[],
            pagination_class=None)
    def you_said_we_did(self, request: Request) -> Response:
        """"You said, we did": the recommendations of completed inspections of public
        initiatives and the responses, for one initiative or one organisation (lead or
        partner)."""
        initiative_id = _id_param(request, "initiative", required=False)
        organisation_id = _id_param(request, "organisation", required=False)
        if initiative_id is None and organisation_id is None:
            raise ValidationError({"initiative": [_("Give an initiative or an organisation.")]})
        initiative = organisation = None
        if initiative_id is not None:
            initiative = initiative_list_visible_to(request.user).filter(pk=initiative_id).first()
            if initiative is None:
                raise Http404
        if organisation_id is not None:
            organisation = Organisation.objects.filter(pk=organisation_id).first()
            if organisation is None:
                raise Http404
        rows = you_said_we_did(initiative=initiative, organisation=organisation)
        return Response(YouSaidWeDidSerializer(rows, many=True).data)


# --- surveys ----------------------------------------------------------------------------------


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Surveys with their questions: the organisation's insiders see all of its surveys, others
    those whose audience includes them. Answer with POST `responses/`; aggregated results with GET
    `results/` (the organisation's insiders; free texts for its staff only). Anonymous surveys
    keep nothing that links a response to a person, and nothing here returns one."""

    serializer_class = SurveySerializer
    filterset_class = SurveyFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    object_permissions = {
        "partial_update": "assessment.change_survey",
        "results": "assessment.view_survey_results",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        return survey_list_visible_to(self.request.user).prefetch_related(
            "questions"
        ).order_by("-opens_on", "-id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            context["responded_survey_ids"] = set(
                SurveyRespondent.objects.filter(user=self.request.user).values_list(
                    "survey_id", flat=True
                )
            )
        return context

    @extend_schema(request=SurveySerializer, responses={201: SurveySerializer})
    def create(self, request: Request) -> Response:
        """Create a survey with its questions, or from a template (`template_key`)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        template_key = data.pop("template_key", "")
        questions = [dict(q) for q in data.pop("questions", [])]
        for name in ("opens_on", "closes_on"):
            if name not in data:
                raise ValidationError({name: [_("This field is required.")]})
        if template_key:
            survey = survey_create_from_template(
                template_key=template_key,
                created_by=request.user,
                organisation=data["organisation"],
                initiative=data.get("initiative"),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                title=data.get("title") or None,
                audience=data.get("audience"),
                anonymous=data.get("anonymous"),
                introduction=data.get("introduction") or None,
            )
        else:
            anonymous = data.pop("anonymous", None)
            survey = survey_create(
                created_by=request.user,
                questions=questions,
                anonymous=True if anonymous is None else anonymous,
                title=data.pop("title", ""),
                audience=data.pop("audience", ""),
                **data,
            )
        return self._answer(survey, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=SurveyUpdateSerializer, responses=SurveySerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a survey; once answered only its title, introduction and dates may change."""
        survey = self.get_object()
        serializer = SurveyUpdateSerializer(
            survey, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        if "questions" in fields:
            fields["questions"] = [dict(q) for q in fields["questions"]]
        if fields.get("anonymous", True) is None:
            del fields["anonymous"]
        survey_update(survey=survey, changed_by=request.user, **fields)
        return self._answer(survey)

    @extend_schema(request=SurveyAnswersSerializer, responses={201: SurveyReceiptSerializer})
    @action(detail=True, methods=["post"])
    def responses(self, request: Request, pk: str) -> Response:
        """Answer the survey, once. Refused when it is not open today, when its audience does
        not include you (403), or when you answered before. The answer carries no response id."""
        survey = self.get_object()
        serializer = SurveyAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = survey_respond(
            survey=survey, respondent=request.user, answers=serializer.validated_data["answers"]
        )
        return Response(SurveyReceiptSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SurveyResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str) -> Response:
        """Answers aggregated per question: mean and distribution of a scale, counts of yes and
        no, mean/min/max of a number; free texts for the organisation's staff only."""
        survey = self.get_object()
        include_texts = request.user.has_perm("assessment.view_survey_texts", survey)
        results = survey_results(survey=survey, include_texts=include_texts)
        return Response(SurveyResultsSerializer(results).data)

    @extend_schema(responses=SurveyTemplateSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def templates(self, request: Request) -> Response:
        """The ready-made surveys an officer can start from (`template_key` on create)."""
        data = [
            {
                "key": t.key,
                "title": str(t.title),
                "introduction": str(t.introduction),
                "audience": t.audience,
                "anonymous": t.anonymous,
                "questions": [
                    {"key": q.key, "text": str(q.text), "kind": q.kind, "required": q.required}
                    for q in t.questions
                ],
            }
            for t in TEMPLATES
        ]
        return Response(SurveyTemplateSerializer(data, many=True).data)


# --- maturity ---------------------------------------------------------------------------------


class MaturityAssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Co-production maturity self-assessments of the caller's organisations (insiders): every
    statement of the bank scored 1–5, the total and its band, the principles' means and the
    weakest. The bank: `statements/`; the trend over assessments: `trend/?organisation=<id>`."""

    serializer_class = MaturityAssessmentSerializer
    filterset_class = MaturityAssessmentFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MaturityAssessment.objects.none()
        return maturity_assessment_list_visible_to(self.request.user).order_by(
            "organisation_id", "-assessed_on", "-id"
        )

    @extend_schema(request=MaturityAssessmentSerializer,
                   responses={201: MaturityAssessmentSerializer})
    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = maturity_assessment_create(
            assessed_by=request.user, **serializer.validated_data
        )
        return self._answer(assessment, status_code=status.HTTP_201_CREATED)

    @extend_schema(responses=PrincipleSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statements(self, request: Request) -> Response:
        """The statement bank: six principles, three statements each."""
        data = [
            {
                "key": p.key,
                "name": str(p.name),
                "statements": [{"key": s.key, "text": str(s.text)} for s in p.statements],
            }
            for p in PRINCIPLES
        ]
        return Response(PrincipleSerializer(data, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.INT, required=True),
            OpenApiParameter("service_area", OpenApiTypes.STR,
                             description=_("A service area slug; empty: the whole organisation.")),
        ],
        responses=MaturityTrendPointSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def trend(self, request: Request) -> Response:
        """An organisation's assessments oldest first: total, band, principle means, change."""
        organisation = Organisation.objects.filter(
            pk=_id_param(request, "organisation")
        ).first()
        if organisation is None or not request.user.has_perm(
            "assessment.view_maturity", organisation
        ):
            raise Http404
        service_area = None
        slug = request.query_params.get("service_area")
        if slug:
            service_area = ServiceArea.objects.filter(slug=slug).first()
            if service_area is None:
                raise ValidationError({"service_area": [_("No such service area.")]})
        points = maturity_trend(organisation=organisation, service_area=service_area)
        return Response(MaturityTrendPointSerializer(points, many=True).data)


__all__ = [
    "InspectionViewSet",
    "MaturityAssessmentViewSet",
    "OutcomeIndicatorViewSet",
    "OutcomeMeasurementViewSet",
    "RatingViewSet",
    "SurveyViewSet",
]
