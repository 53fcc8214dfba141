"""Admin screens for co-assessment. Outcome indicators and measurements keep their history.

Survey responses are read-only here, and the admin offers no way from a response to a person:
`SurveyRespondent` (who answered) is listed without any response, and an anonymous survey's
responses have no author.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Answer,
    Inspection,
    InspectionStandard,
    MaturityAssessment,
    MaturityScore,
    OutcomeIndicator,
    OutcomeMeasurement,
    Question,
    Rating,
    Recommendation,
    RecommendationResponse,
    Response,
    Survey,
    SurveyRespondent,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "name", "initiative", "unit", "measure", "financial_proxy", "deadweight", "displacement",
        "attribution", "drop_off", "duration_years",
    ]
    list_filter = ["measure", "better"]
    search_fields = ["name", "initiative__title", "proxy_source_title"]
    list_select_related = ["initiative"]
    autocomplete_fields = ["initiative"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(OutcomeMeasurement)
class OutcomeMeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "value", "period_start", "period_end", "status", "recorded_by"]
    list_filter = ["status"]
    search_fields = ["indicator__name", "indicator__initiative__title"]
    list_select_related = ["indicator", "recorded_by"]
    raw_id_fields = ["indicator"]
    readonly_fields = ["recorded_by", "recorded_at", "verified_by", "verified_at"]
    date_hierarchy = "period_end"


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["initiative", "user", "score", "comment_hidden", "updated_at"]
    list_filter = ["score", "comment_hidden"]
    search_fields = ["initiative__title", "comment"]
    list_select_related = ["initiative", "user"]
    raw_id_fields = ["initiative", "user"]
    readonly_fields = ["hidden_by", "hidden_at", "created_at", "updated_at"]


class InspectionStandardInline(admin.TabularInline):
    model = InspectionStandard
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "inspected_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "initiative__title"]
    list_select_related = ["initiative"]
    raw_id_fields = ["initiative", "team"]
    readonly_fields = ["status", "created_by", "created_at", "completed_at"]
    inlines = [InspectionStandardInline, RecommendationInline]


@admin.register(RecommendationResponse)
class RecommendationResponseAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "decision", "due_date", "done_at", "responded_by"]
    list_filter = ["decision"]
    list_select_related = ["recommendation", "responded_by"]
    raw_id_fields = ["recommendation"]
    readonly_fields = ["responded_by", "responded_at", "updated_at"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "audience", "anonymous", "opens_on", "closes_on"]
    list_filter = ["audience", "anonymous"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["initiative"]
    readonly_fields = ["created_by", "created_at", "template_key"]
    inlines = [QuestionInline]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "scale_value", "yes_no_value", "number_value", "text_value"]
    readonly_fields = fields


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "submitted_on"]
    list_filter = ["submitted_on"]
    list_select_related = ["survey"]
    readonly_fields = ["survey", "submitted_on"]
    inlines = [AnswerInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyRespondent)
class SurveyRespondentAdmin(admin.ModelAdmin):
    """Who has answered which survey; deliberately nothing about what they answered."""

    list_display = ["survey", "user"]
    list_select_related = ["survey", "user"]
    readonly_fields = ["survey", "user"]
    ordering = ["survey", "user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MaturityScoreInline(ReadOnlyInline):
    model = MaturityScore
    fields = ["principle", "statement", "score"]
    readonly_fields = fields


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "service_area", "assessed_on", "assessed_by"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "service_area", "assessed_by"]
    readonly_fields = ["assessed_by", "created_at"]
    inlines = [MaturityScoreInline]
