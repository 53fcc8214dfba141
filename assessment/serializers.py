"""API v1 shapes for outcomes, ratings, inspections, surveys and maturity self-assessments.

Serializers check shapes only (types, lengths, that an id exists and is visible to the caller);
every rule lives in the services. What a viewer may see of a person (who recorded, who rated, who
inspected) is decided here from the `rules` permissions, never more than the pages show.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from initiatives.models import ServiceArea
from initiatives.selectors import initiative_list_visible_to
from people.models import Organisation, User
from people.selectors import organisation_list_visible_to

from .maturity import BAND_NAMES
from .models import (
    Audience,
    Decision,
    Inspection,
    InspectionStandard,
    MaturityAssessment,
    OutcomeIndicator,
    OutcomeMeasurement,
    Question,
    QuestionKind,
    Rating,
    Recommendation,
    RecommendationResponse,
    Survey,
)
from .selectors import is_insider_of_initiative, is_staff_of_initiative, maturity_summary


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id among the objects the caller may see (others read as "does not exist")."""

    def __init__(self, *, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        user = _user(self.parent) if self.parent is not None else None
        if user is None:
            return self.visible(None).none()
        return self.visible(user)


def _visible_initiatives(user):
    from initiatives.models import Initiative

    if user is None:
        return Initiative.objects.none()
    return initiative_list_visible_to(user)


def _visible_indicators(user):
    from .selectors import outcome_indicator_list_visible_to

    if user is None:
        return OutcomeIndicator.objects.none()
    return outcome_indicator_list_visible_to(user)


def _visible_organisations(user):
    if user is None:
        return Organisation.objects.none()
    return organisation_list_visible_to(user)


def _percent(label):
    # Wide enough that any mistyped percentage reaches the service's own "0 to 100" message.
    return serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, help_text=label
    )


# --- outcomes ---------------------------------------------------------------------------------


class OutcomeIndicatorSerializer(serializers.ModelSerializer):
    initiative = VisiblePrimaryKeyField(visible=_visible_initiatives)
    currency = serializers.SerializerMethodField(
        help_text=_("The currency of the financial proxy: the initiative's.")
    )
    proxy_source = serializers.CharField(read_only=True)
    deadweight = _percent(_("Percent, 0–100: what would have happened anyway."))
    displacement = _percent(_("Percent, 0–100: what was moved from elsewhere."))
    attribution = _percent(_("Percent, 0–100: what others' work achieved."))
    drop_off = _percent(_("Percent, 0–100: the yearly fall after the first year."))
    duration_years = serializers.IntegerField(
        required=False, help_text=_("Years the outcome lasts, 1 or more.")
    )
    financial_proxy = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True,
        help_text=_("The value of one unit, in the initiative's currency."),
    )

    class Meta:
        model = OutcomeIndicator
        fields = [
            "id",
            "initiative",
            "name",
            "description",
            "unit",
            "measure",
            "better",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "financial_proxy",
            "currency",
            "proxy_source_title",
            "proxy_source_publisher",
            "proxy_source_year",
            "proxy_source",
            "deadweight",
            "displacement",
            "attribution",
            "drop_off",
            "duration_years",
            "position",
        ]
        read_only_fields = ["id", "currency", "proxy_source"]

    def get_currency(self, indicator: OutcomeIndicator) -> str:
        return indicator.initiative.lead_organisation.currency


class OutcomeIndicatorUpdateSerializer(OutcomeIndicatorSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)


class OutcomeMeasurementSerializer(serializers.ModelSerializer):
    indicator = VisiblePrimaryKeyField(visible=_visible_indicators)
    initiative = serializers.IntegerField(source="indicator.initiative_id", read_only=True)
    recorded_by = serializers.SerializerMethodField(
        help_text=_("Who recorded it: shown to the initiative's insiders and to that person.")
    )

    class Meta:
        model = OutcomeMeasurement
        fields = [
            "id",
            "indicator",
            "initiative",
            "value",
            "period_start",
            "period_end",
            "evidence",
            "status",
            "recorded_by",
            "recorded_at",
            "verified_by",
            "verified_at",
        ]
        read_only_fields = [
            "id", "initiative", "status", "recorded_by", "recorded_at", "verified_by",
            "verified_at",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def get_recorded_by(self, measurement: OutcomeMeasurement) -> int | None:
        user = _user(self)
        if user is None:
            return None
        if measurement.recorded_by_id == user.pk or is_insider_of_initiative(
            user, measurement.indicator.initiative
        ):
            return measurement.recorded_by_id
        return None


class OutcomeMeasurementUpdateSerializer(OutcomeMeasurementSerializer):
    indicator = serializers.PrimaryKeyRelatedField(read_only=True)


# --- ratings ----------------------------------------------------------------------------------


class RatingSerializer(serializers.ModelSerializer):
    initiative = VisiblePrimaryKeyField(visible=_visible_initiatives)
    score = serializers.IntegerField(help_text=_("1 (poor) to 5 (excellent)."))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    class Meta:
        model = Rating
        fields = [
            "id",
            "initiative",
            "user",
            "score",
            "comment",
            "comment_hidden",
            "hidden_reason",
            "hidden_by",
            "hidden_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id", "user", "comment_hidden", "hidden_reason", "hidden_by", "hidden_at",
            "created_at", "updated_at",
        ]

    def to_representation(self, rating: Rating) -> dict:
        data = super().to_representation(rating)
        user = _user(self)
        may_see_hidden = user is not None and (
            rating.user_id == user.pk or is_staff_of_initiative(user, rating.initiative)
        )
        if rating.comment_hidden and not may_see_hidden:
            data["comment"] = ""
            data["hidden_reason"] = ""
            data["hidden_by"] = None
        return data


class RatingUpdateSerializer(RatingSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    score = serializers.IntegerField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Required: why it is hidden."))


class RatingCountSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    count = serializers.IntegerField()


class RatingCommentSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField()
    date = serializers.DateField()


class RatingSummarySerializer(serializers.Serializer):
    initiative = serializers.IntegerField(source="initiative_id")
    count = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    distribution = serializers.SerializerMethodField()
    comments = RatingCommentSerializer(many=True, help_text=_("Visible comments, no names."))

    @extend_schema_field(RatingCountSerializer(many=True))
    def get_distribution(self, summary) -> list[dict]:
        return [{"score": s, "count": n} for s, n in sorted(summary.distribution.items())]


# --- inspections ------------------------------------------------------------------------------


class InspectionStandardSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("1–5; may be empty while a draft.")
    )
    finding = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = InspectionStandard
        fields = ["id", "statement", "score", "finding", "position"]
        read_only_fields = ["id", "position"]


class RecommendationResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationResponse
        fields = ["decision", "action", "due_date", "done_at", "responded_by", "responded_at"]
        read_only_fields = fields


class RecommendationSerializer(serializers.ModelSerializer):
    response = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "text", "position", "response"]
        read_only_fields = ["id", "position", "response"]

    @extend_schema_field(RecommendationResponseSerializer(allow_null=True))
    def get_response(self, recommendation: Recommendation) -> dict | None:
        response = getattr(recommendation, "response", None)
        return None if response is None else RecommendationResponseSerializer(response).data


class RecommendationInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class InspectionSerializer(serializers.ModelSerializer):
    initiative = VisiblePrimaryKeyField(visible=_visible_initiatives)
    team = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, allow_empty=True,
        help_text=_(
            "User ids of citizens taking part as inspectors. Shown to the initiative's insiders "
            "and the team; others see team_size."
        ),
    )
    team_size = serializers.SerializerMethodField()
    standards = InspectionStandardSerializer(many=True, required=False)
    recommendations = RecommendationSerializer(many=True, read_only=True)
    recommendation_texts = serializers.ListField(
        child=serializers.CharField(allow_blank=True), write_only=True, required=False,
        help_text=_("On create and update of a draft: the recommendations, in order."),
    )
    summary = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "initiative",
            "title",
            "summary",
            "inspected_on",
            "status",
            "team",
            "team_size",
            "standards",
            "recommendations",
            "recommendation_texts",
            "created_by",
            "completed_at",
        ]
        read_only_fields = ["id", "status", "team_size", "created_by", "completed_at"]

    def get_team_size(self, inspection: Inspection) -> int:
        return len(inspection.team.all())

    def to_representation(self, inspection: Inspection) -> dict:
        data = super().to_representation(inspection)
        user = _user(self)
        on_team = user is not None and any(m.pk == user.pk for m in inspection.team.all())
        if not (on_team or (user and is_insider_of_initiative(user, inspection.initiative))):
            data["team"] = []
            data["created_by"] = None
        return data


class InspectionUpdateSerializer(InspectionSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    team = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, allow_empty=True, required=False
    )
    title = serializers.CharField(required=False)
    inspected_on = serializers.DateField(required=False)


class RespondSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(help_text=_("A recommendation of this inspection."))
    decision = serializers.ChoiceField(choices=Decision.choices)
    action = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    done_at = serializers.DateField(required=False, allow_null=True)


class YouSaidWeDidSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(source="inspection.initiative_id")
    initiative_title = serializers.CharField(source="inspection.initiative.title")
    inspection = serializers.IntegerField(source="inspection.id")
    inspected_on = serializers.DateField(source="inspection.inspected_on")
    recommendation = serializers.CharField(source="recommendation.text")
    response = serializers.SerializerMethodField()

    @extend_schema_field(RecommendationResponseSerializer(allow_null=True))
    def get_response(self, row) -> dict | None:
        if row.response is None:
            return None
        data = RecommendationResponseSerializer(row.response).data
        data.pop("responded_by", None)
        return data


# --- surveys ----------------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    required = serializers.BooleanField(required=False, default=True)
    help_text = serializers.CharField(required=False, allow_blank=True, max_length=300)
    key = serializers.CharField(required=False, allow_blank=True, max_length=60)

    class Meta:
        model = Question
        fields = ["id", "text", "help_text", "kind", "position", "required", "key"]
        read_only_fields = ["id", "position"]


class SurveySerializer(serializers.ModelSerializer):
    organisation = VisiblePrimaryKeyField(visible=_visible_organisations)
    initiative = VisiblePrimaryKeyField(
        visible=_visible_initiatives, required=False, allow_null=True
    )
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    introduction = serializers.CharField(required=False, allow_blank=True)
    anonymous = serializers.BooleanField(required=False, allow_null=True, default=None)
    questions = QuestionSerializer(many=True, required=False)
    template_key = serializers.CharField(
        required=False, allow_blank=True,
        help_text=_(
            "On create: start from a ready-made template (see surveys/templates/); its "
            "questions are used and title, audience and anonymity default to its own."
        ),
    )
    is_open = serializers.SerializerMethodField()
    has_responded = serializers.SerializerMethodField(
        help_text=_("Whether the caller has answered it.")
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "organisation",
            "initiative",
            "title",
            "introduction",
            "audience",
            "anonymous",
            "opens_on",
            "closes_on",
            "is_open",
            "has_responded",
            "template_key",
            "questions",
        ]
        read_only_fields = ["id", "is_open", "has_responded"]

    def get_is_open(self, survey: Survey) -> bool:
        from django.utils import timezone

        return survey.is_open_on(timezone.localdate())

    def get_has_responded(self, survey: Survey) -> bool:
        responded = self.context.get("responded_survey_ids")
        if responded is not None:
            return survey.pk in responded
        from .selectors import survey_has_responded

        user = _user(self)
        return bool(user) and survey_has_responded(survey, user)


class SurveyUpdateSerializer(SurveySerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    template_key = serializers.CharField(read_only=True)
    opens_on = serializers.DateField(required=False)
    closes_on = serializers.DateField(required=False)


class SurveyAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text=_(
            'Question id → answer: 1–5 for scale, true/false (or "yes"/"no") for yes_no, a '
            "number for number, text for text."
        ),
    )


class SurveyReceiptSerializer(serializers.Serializer):
    """What answering returns: no response id, so nothing the caller receives ties them to it."""

    survey = serializers.IntegerField(source="survey_id")
    submitted_on = serializers.DateField()
    anonymous = serializers.BooleanField(source="survey.anonymous")


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.id")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField()
    answered = serializers.IntegerField()
    mean = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text=_("Scale and number.")
    )
    distribution = serializers.SerializerMethodField(help_text=_("Scale: count per score."))
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    minimum = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    maximum = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    texts = serializers.ListField(
        child=serializers.CharField(), allow_null=True,
        help_text=_("Free text answers, sorted; staff of the organisation only, else null."),
    )

    @extend_schema_field(RatingCountSerializer(many=True))
    def get_distribution(self, result) -> list[dict]:
        return [{"score": s, "count": n} for s, n in sorted(result.distribution.items())]


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey.id")
    responses = serializers.IntegerField()
    questions = QuestionResultSerializer(many=True)


class TemplateQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.BooleanField()


class SurveyTemplateSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    introduction = serializers.CharField()
    audience = serializers.CharField()
    anonymous = serializers.BooleanField()
    questions = TemplateQuestionSerializer(many=True)


# --- maturity ---------------------------------------------------------------------------------


class PrincipleScoreSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=4, decimal_places=2)


class MaturityScoreSerializer(serializers.Serializer):
    principle = serializers.CharField()
    statement = serializers.CharField()
    score = serializers.IntegerField()


class MaturityAssessmentSerializer(serializers.ModelSerializer):
    organisation = VisiblePrimaryKeyField(visible=_visible_organisations)
    service_area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ServiceArea.objects.all(), required=False, allow_null=True
    )
    scores = serializers.DictField(
        child=serializers.IntegerField(), write_only=True,
        help_text=_("Statement key → score 1–5, for every statement (maturity-assessments/"
                    "statements/)."),
    )
    score_list = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    maximum = serializers.SerializerMethodField()
    band = serializers.SerializerMethodField(
        help_text=_("emerging (mean < 2), developing (< 3), established (< 4), leading (≥ 4).")
    )
    band_name = serializers.SerializerMethodField()
    principles = serializers.SerializerMethodField()
    weakest = serializers.SerializerMethodField(help_text=_("The lowest-scoring principle(s)."))
    notes = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = MaturityAssessment
        fields = [
            "id",
            "organisation",
            "service_area",
            "assessed_on",
            "assessed_by",
            "notes",
            "scores",
            "score_list",
            "total",
            "maximum",
            "band",
            "band_name",
            "principles",
            "weakest",
        ]
        read_only_fields = ["id", "assessed_by"]

    def _summary(self, assessment):
        cache = self.context.setdefault("_maturity_summaries", {})
        if assessment.pk not in cache:
            cache[assessment.pk] = maturity_summary(assessment)
        return cache[assessment.pk]

    @extend_schema_field(MaturityScoreSerializer(many=True))
    def get_score_list(self, assessment) -> list[dict]:
        return [
            {"principle": s.principle, "statement": s.statement, "score": s.score}
            for s in assessment.scores.all()
        ]

    def get_total(self, assessment) -> int:
        return self._summary(assessment).total

    def get_maximum(self, assessment) -> int:
        return self._summary(assessment).maximum

    def get_band(self, assessment) -> str:
        return self._summary(assessment).band

    def get_band_name(self, assessment) -> str:
        return str(BAND_NAMES[self._summary(assessment).band])

    @extend_schema_field(PrincipleScoreSerializer(many=True))
    def get_principles(self, assessment) -> list[dict]:
        return PrincipleScoreSerializer(self._summary(assessment).principles, many=True).data

    def get_weakest(self, assessment) -> list[str]:
        return [p.key for p in self._summary(assessment).weakest]


class StatementSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class PrincipleSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    statements = StatementSerializer(many=True)


class MaturityTrendPointSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(source="assessment_id")
    assessed_on = serializers.DateField()
    total = serializers.IntegerField()
    maximum = serializers.IntegerField()
    band = serializers.CharField()
    change = serializers.IntegerField(allow_null=True)
    principle_means = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=2)
    )
