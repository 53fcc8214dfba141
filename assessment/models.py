"""Co-assessment and outcomes: outcome indicators and their measurements, ratings, inspections
with recommendations and the organisation's responses, surveys, and maturity self-assessments.

Anonymous surveys: a `Response` and its `Answer`s hold no user, no address and no time finer than
a date. Who has answered a survey (needed to allow one response each) is kept in
`SurveyRespondent`, which has no link to any response, no timestamp and a random primary key,
so nothing in the database orders or pairs respondents with responses. Only a named survey's
responses have a `ResponseAuthor` row, the one link from a response to a person.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.models import Initiative, ServiceArea
from people.models import Organisation

from .maturity import PRINCIPLE_CHOICES, SCORE_MAX, SCORE_MIN

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


def _percent_field(name, help_text) -> models.DecimalField:
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT_VALIDATORS,
        help_text=help_text,
    )


def _score_in_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": SCORE_MIN}) & Q(**{f"{field}__lte": SCORE_MAX}),
        name=name,
    )


# --- outcomes ---------------------------------------------------------------------------------


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Measure(models.TextChoices):
    COUNT = "count", _("Count: units achieved in each period, added up")
    LEVEL = "level", _("Level: a reading; the outcome is the change from the baseline")


class OutcomeIndicator(models.Model):
    """What an initiative measures to show its outcomes, and how one unit of it is valued.

    The financial proxy is per unit, in the currency of the initiative's lead organisation. The
    four adjustments of the SROI guide are percentages (0–100): deadweight (what would have
    happened anyway), displacement (what was moved from elsewhere), attribution (what others
    achieved) and drop-off (the yearly fall after the first year).
    """

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="outcome_indicators",
        verbose_name=_("initiative"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. falls prevented, people"))
    measure = models.CharField(
        _("measure"), max_length=8, choices=Measure.choices, default=Measure.COUNT
    )
    better = models.CharField(
        _("better direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(
        _("baseline date"), help_text=_("No measurement may be dated before it.")
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    financial_proxy = models.DecimalField(
        _("financial proxy"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The value of one unit, in the initiative's currency. Empty: not valued."),
    )
    proxy_source_title = models.CharField(_("proxy source title"), max_length=300, blank=True)
    proxy_source_publisher = models.CharField(
        _("proxy source publisher"), max_length=200, blank=True
    )
    proxy_source_year = models.PositiveSmallIntegerField(
        _("proxy source year"), null=True, blank=True
    )
    deadweight = _percent_field(_("deadweight %"), _("What would have happened anyway."))
    displacement = _percent_field(
        _("displacement %"), _("How much of the outcome was moved from elsewhere.")
    )
    attribution = _percent_field(_("attribution %"), _("How much is owed to others' work."))
    drop_off = _percent_field(
        _("drop-off %"), _("How much the outcome falls each year after the first.")
    )
    duration_years = models.PositiveSmallIntegerField(
        _("duration (years)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many years the outcome lasts, including the first."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["initiative", "position", "id"]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadweight__gte=0, deadweight__lte=100)
                & Q(displacement__gte=0, displacement__lte=100)
                & Q(attribution__gte=0, attribution__lte=100)
                & Q(drop_off__gte=0, drop_off__lte=100),
                name="outcome_indicator_percentages_0_100",
            ),
            models.CheckConstraint(
                condition=Q(duration_years__gte=1), name="outcome_indicator_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(financial_proxy__isnull=True) | Q(financial_proxy__gte=0),
                name="outcome_indicator_proxy_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def proxy_source(self) -> str:
        """Title, publisher and year as one line."""
        year = str(self.proxy_source_year) if self.proxy_source_year else ""
        parts = (self.proxy_source_title, self.proxy_source_publisher, year)
        return ", ".join(part for part in parts if part)

    @property
    def is_valued(self) -> bool:
        return self.financial_proxy is not None


class MeasurementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")


class OutcomeMeasurementQuerySet(models.QuerySet["OutcomeMeasurement"]):
    def verified(self) -> OutcomeMeasurementQuerySet:
        return self.filter(status=MeasurementStatus.VERIFIED)


class OutcomeMeasurement(models.Model):
    """One reading of an outcome indicator for a period. Staff record verified readings; citizens
    monitoring the service submit readings that staff verify."""

    indicator = models.ForeignKey(
        OutcomeIndicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("outcome indicator"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where the figure comes from.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.SUBMITTED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OutcomeMeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_end", "id"]
        verbose_name = _("outcome measurement")
        verbose_name_plural = _("outcome measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="outcome_measurement_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "status", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"


# --- ratings ----------------------------------------------------------------------------------


class Rating(models.Model):
    """A citizen's rating of an initiative's service: one each, editable."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("initiative")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("rated by"),
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    comment_hidden = models.BooleanField(_("comment hidden"), default=False)
    hidden_reason = models.TextField(_("why the comment is hidden"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="rating_one_per_citizen"),
            _score_in_range("score", "rating_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.score}"


# --- inspections ------------------------------------------------------------------------------


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Inspection(models.Model):
    """A team of citizen inspectors inspects a service against stated standards."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="inspections",
        verbose_name=_("initiative"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    inspected_on = models.DateField(_("date of inspection"))
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="inspections",
        verbose_name=_("inspection team"),
        help_text=_("Citizens taking part in the initiative as inspectors."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == InspectionStatus.COMPLETED


class InspectionStandard(models.Model):
    """A stated standard, its score (1–5) and the inspectors' finding."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="standards"
    )
    statement = models.CharField(_("standard"), max_length=500)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    finding = models.TextField(_("finding"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["inspection", "position", "id"]
        verbose_name = _("inspection standard")
        verbose_name_plural = _("inspection standards")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="inspection_standard_score_1_5",
            )
        ]

    def __str__(self) -> str:
        return self.statement


class Recommendation(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("recommendation"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["inspection", "position", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class RecommendationResponse(models.Model):
    """The organisation's answer to one recommendation ("you said, we did")."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    action = models.TextField(
        _("action"), help_text=_("What will be done, or why it is declined.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateField(_("done on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(_("responded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("response to a recommendation")
        verbose_name_plural = _("responses to recommendations")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.action[:60]}"


# --- surveys ----------------------------------------------------------------------------------


class Audience(models.TextChoices):
    COMMUNITY = "community", _("Community (the organisation's citizens)")
    SERVICE_USERS = "service_users", _("Service users")
    STAFF = "staff", _("Staff (officers and managers)")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


class Survey(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("organisation"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("initiative"),
        help_text=_("Optional: a survey about one initiative."),
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Anonymous: nothing stored links a response to the person who gave it."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    template_key = models.CharField(_("made from template"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    required = models.BooleanField(_("required"), default=True)
    key = models.SlugField(
        _("key"),
        max_length=60,
        blank=True,
        help_text=_("A template question's stable key, e.g. job-satisfaction."),
    )

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class SurveyRespondent(models.Model):
    """Who has answered a survey, so nobody answers twice. Deliberately unlinked: no response,
    no time, and a random key, so these rows cannot be ordered or paired with responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("survey respondent")
        verbose_name_plural = _("survey respondents")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_one_response_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} answered {self.survey}"


class Response(models.Model):
    """One set of answers. Holds no user and only the date it was given."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey} — {self.submitted_on}"


class ResponseAuthor(models.Model):
    """Who gave a response to a named (not anonymous) survey. Never written for anonymous ones."""

    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, primary_key=True, related_name="author"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("named response author")
        verbose_name_plural = _("named response authors")

    def __str__(self) -> str:
        return f"{self.user}: {self.response}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    scale_value = models.PositiveSmallIntegerField(
        _("scale value"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    yes_no_value = models.BooleanField(_("yes or no"), null=True, blank=True)
    number_value = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text_value = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale_value__isnull=True)
                | Q(scale_value__gte=SCORE_MIN, scale_value__lte=SCORE_MAX),
                name="answer_scale_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"

    @property
    def value(self):
        return {
            QuestionKind.SCALE: self.scale_value,
            QuestionKind.YES_NO: self.yes_no_value,
            QuestionKind.NUMBER: self.number_value,
            QuestionKind.TEXT: self.text_value,
        }[self.question.kind]


# --- maturity ---------------------------------------------------------------------------------


class MaturityAssessment(models.Model):
    """An organisation's (or one service area's) self-assessment of how systematically it
    co-produces, repeated over time."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="maturity_assessments",
        verbose_name=_("organisation"),
    )
    service_area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
        help_text=_("Empty: the whole organisation."),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-assessed_on", "-id"]
        verbose_name = _("maturity self-assessment")
        verbose_name_plural = _("maturity self-assessments")

    def __str__(self) -> str:
        scope = self.service_area.name if self.service_area_id else self.organisation.name
        return f"{scope} {self.assessed_on}"


class MaturityScore(models.Model):
    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    principle = models.CharField(_("principle"), max_length=40, choices=PRINCIPLE_CHOICES)
    statement = models.CharField(_("statement"), max_length=80)
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("maturity score")
        verbose_name_plural = _("maturity scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="maturity_one_score_per_statement"
            ),
            _score_in_range("score", "maturity_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
