"""Reads of co-assessment: what a user may see, who is in a survey's audience, rating and survey
results, "you said, we did", outcome quantities and maturity summaries and trends."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from initiatives.models import (
    PUBLIC_STATUSES,
    Initiative,
    Participation,
    ParticipationRole,
)
from initiatives.selectors import initiative_list_visible_to
from people.models import INSIDER_ROLES, STAFF_ROLES, Organisation, Role, User
from people.selectors import has_role_in, organisation_ids_with_roles, user_roles

from .maturity import BAND_NAMES, PRINCIPLE_BY_KEY, PRINCIPLES, band_for
from .models import (
    Answer,
    Audience,
    Inspection,
    InspectionStatus,
    MaturityAssessment,
    Measure,
    MeasurementStatus,
    OutcomeIndicator,
    OutcomeMeasurement,
    Question,
    QuestionKind,
    Rating,
    Recommendation,
    Survey,
    SurveyRespondent,
)

ZERO = Decimal("0")
MEAN_PLACES = Decimal("0.01")
# Participation roles whose holders may record outcome measurements (co-monitoring).
MONITORING_ROLES = frozenset({ParticipationRole.INSPECTOR, ParticipationRole.PARTICIPANT})
RATEABLE_STATUSES = PUBLIC_STATUSES


def _is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _mean(total, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def initiative_ids_of_organisations(organisation_ids: Iterable[int]) -> QuerySet:
    """Ids of initiatives led or partnered by any of these organisations (a subquery)."""
    organisation_ids = set(organisation_ids)
    partnered = Initiative.partner_organisations.through.objects.filter(
        organisation_id__in=organisation_ids
    ).values("initiative_id")
    return Initiative.objects.filter(
        Q(lead_organisation_id__in=organisation_ids) | Q(id__in=partnered)
    ).values("id")


def initiatives_with_role(user: User, roles: Iterable[str]) -> QuerySet:
    """Ids of initiatives led or partnered by an organisation where the user holds these roles."""
    if _is_superuser(user):
        return Initiative.objects.values("id")
    return initiative_ids_of_organisations(organisation_ids_with_roles(user, roles))


def is_staff_of_initiative(user: User, initiative: Initiative) -> bool:
    if _is_superuser(user):
        return True
    roles = user_roles(user)
    return any(roles.get(o, frozenset()) & STAFF_ROLES for o in initiative.organisation_ids())


def is_insider_of_initiative(user: User, initiative: Initiative) -> bool:
    if _is_superuser(user):
        return True
    roles = user_roles(user)
    return any(roles.get(o, frozenset()) & INSIDER_ROLES for o in initiative.organisation_ids())


def current_participation_roles(user: User, initiative: Initiative) -> set[str]:
    if not _is_authenticated(user):
        return set()
    return set(
        Participation.objects.current()
        .filter(user=user, initiative=initiative)
        .values_list("role", flat=True)
    )


def is_co_monitor(user: User, initiative: Initiative) -> bool:
    """A citizen taking part now as an inspector or a participant may record measurements."""
    return bool(current_participation_roles(user, initiative) & MONITORING_ROLES)


# --- outcomes ---------------------------------------------------------------------------------


def outcome_indicator_list_visible_to(user: User) -> QuerySet[OutcomeIndicator]:
    """Outcome indicators of every initiative the user may see (public ones for anyone)."""
    return OutcomeIndicator.objects.select_related(
        "initiative", "initiative__lead_organisation"
    ).filter(initiative__in=initiative_list_visible_to(user))


def outcome_measurement_list_visible_to(user: User) -> QuerySet[OutcomeMeasurement]:
    """Verified measurements of visible initiatives; submitted ones only for the initiative's
    insiders and for whoever recorded them."""
    measurements = OutcomeMeasurement.objects.select_related(
        "indicator", "indicator__initiative", "recorded_by", "verified_by"
    ).filter(indicator__initiative__in=initiative_list_visible_to(user))
    if _is_superuser(user):
        return measurements
    visible = Q(status=MeasurementStatus.VERIFIED)
    if _is_authenticated(user):
        visible |= Q(recorded_by=user)
        visible |= Q(indicator__initiative_id__in=initiatives_with_role(user, INSIDER_ROLES))
    return measurements.filter(visible)


def outcome_measurement_queue(user: User) -> QuerySet[OutcomeMeasurement]:
    """Submitted measurements the user may verify: staff of the initiative's organisations."""
    return (
        OutcomeMeasurement.objects.select_related(
            "indicator", "indicator__initiative", "recorded_by"
        )
        .filter(
            status=MeasurementStatus.SUBMITTED,
            indicator__initiative_id__in=initiatives_with_role(user, STAFF_ROLES),
        )
        .order_by("recorded_at", "id")
    )


def initiatives_user_may_monitor(user: User) -> QuerySet[Initiative]:
    """Initiatives whose outcomes the user may record: as staff, or as a co-monitoring citizen."""
    monitoring = Participation.objects.current().filter(
        user=user, role__in=MONITORING_ROLES
    ).values("initiative_id") if _is_authenticated(user) else Initiative.objects.none()
    return Initiative.objects.filter(
        Q(id__in=initiatives_with_role(user, STAFF_ROLES)) | Q(id__in=monitoring)
    ).order_by("title")


def measurements_in_period(
    indicators: Iterable[OutcomeIndicator] | QuerySet,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[OutcomeMeasurement]:
    """Verified measurements whose period ENDS within [date_from, date_to] (both inclusive).

    Assigning each measurement to the period its own period ends in means consecutive periods
    never count one twice and never miss one."""
    measurements = OutcomeMeasurement.objects.verified().filter(indicator__in=indicators)
    if date_from is not None:
        measurements = measurements.filter(period_end__gte=date_from)
    if date_to is not None:
        measurements = measurements.filter(period_end__lte=date_to)
    return measurements


@dataclass(frozen=True)
class OutcomeQuantity:
    """How many units an outcome indicator achieved in a period, and how it was worked out."""

    indicator_id: int
    quantity: Decimal | None  # None: nothing measured in the period
    measurements: int
    method: str  # "sum" or "change_from_baseline"


def outcome_quantity(
    indicator: OutcomeIndicator,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> OutcomeQuantity:
    """The units achieved in a period, from verified measurements whose period ends in it.

    - count indicators: the sum of the readings (each reading is the units of its period);
    - level indicators: the latest reading's improvement on the baseline, in the better
      direction, never below zero (a level that got worse achieved no units).
    """
    measurements = measurements_in_period([indicator], date_from=date_from, date_to=date_to)
    if indicator.measure == Measure.COUNT:
        figures = measurements.aggregate(total=Sum("value"), count=Count("id"))
        total = figures["total"]
        return OutcomeQuantity(
            indicator_id=indicator.pk,
            quantity=None if total is None else Decimal(total),
            measurements=figures["count"],
            method="sum",
        )
    latest = measurements.order_by("-period_end", "-id").first()
    count = measurements.count()
    if latest is None:
        return OutcomeQuantity(indicator.pk, None, 0, "change_from_baseline")
    change = Decimal(latest.value) - Decimal(indicator.baseline_value)
    if indicator.better == "lower":
        change = -change
    return OutcomeQuantity(indicator.pk, max(change, ZERO), count, "change_from_baseline")


@dataclass(frozen=True)
class OutcomeProgress:
    indicator: OutcomeIndicator
    latest: OutcomeMeasurement | None
    verified_count: int
    pending_count: int
    readings: list[OutcomeMeasurement]


def initiative_outcomes(*, initiative: Initiative, viewer: User) -> list[OutcomeProgress]:
    """An initiative's outcome indicators with their verified readings (oldest first), the latest
    reading, and how many readings wait for verification (counted for insiders only)."""
    indicators = list(
        OutcomeIndicator.objects.filter(initiative=initiative).order_by("position", "id")
    )
    readings: dict[int, list[OutcomeMeasurement]] = {i.pk: [] for i in indicators}
    for measurement in (
        OutcomeMeasurement.objects.verified()
        .filter(indicator__in=indicators)
        .select_related("recorded_by")
        .order_by("period_end", "id")
    ):
        readings[measurement.indicator_id].append(measurement)
    pending: dict[int, int] = {}
    if is_insider_of_initiative(viewer, initiative):
        pending = dict(
            OutcomeMeasurement.objects.filter(
                indicator__in=indicators, status=MeasurementStatus.SUBMITTED
            )
            .values_list("indicator_id")
            .annotate(n=Count("id"))
        )
    return [
        OutcomeProgress(
            indicator=indicator,
            latest=readings[indicator.pk][-1] if readings[indicator.pk] else None,
            verified_count=len(readings[indicator.pk]),
            pending_count=pending.get(indicator.pk, 0),
            readings=readings[indicator.pk],
        )
        for indicator in indicators
    ]


# --- ratings ----------------------------------------------------------------------------------


def rating_list_visible_to(user: User) -> QuerySet[Rating]:
    """A citizen's own ratings; every rating of their initiatives for insiders."""
    ratings = Rating.objects.select_related("initiative", "user", "hidden_by")
    if _is_superuser(user):
        return ratings
    if not _is_authenticated(user):
        return ratings.none()
    return ratings.filter(
        Q(user=user) | Q(initiative_id__in=initiatives_with_role(user, INSIDER_ROLES))
    )


def rating_of(user: User, initiative: Initiative) -> Rating | None:
    if not _is_authenticated(user):
        return None
    return Rating.objects.filter(user=user, initiative=initiative).first()


@dataclass(frozen=True)
class RatingComment:
    rating_id: int
    score: int
    comment: str
    date: datetime.date


@dataclass(frozen=True)
class RatingSummary:
    initiative_id: int
    count: int
    mean: Decimal | None  # two places, half up
    distribution: dict[int, int]  # score → number of ratings, 1..5 all present
    comments: list[RatingComment]  # visible comments, newest first, without names

    @property
    def distribution_rows(self) -> list[tuple[int, int, int]]:
        """(score, count, percent of all ratings) for a chart's data table, 5 first."""
        return [
            (score, n, round(100 * n / self.count) if self.count else 0)
            for score, n in sorted(self.distribution.items(), reverse=True)
        ]


def rating_summary(*, initiative: Initiative, comments: int = 20) -> RatingSummary:
    """Distribution and mean of an initiative's ratings, and its latest visible comments."""
    ratings = Rating.objects.filter(initiative=initiative)
    distribution = dict.fromkeys(range(1, 6), 0)
    for score, n in ratings.values_list("score").annotate(n=Count("id")):
        distribution[score] = n
    count = sum(distribution.values())
    total = sum(score * n for score, n in distribution.items())
    visible = (
        ratings.filter(comment_hidden=False)
        .exclude(comment="")
        .order_by("-updated_at", "-id")
        .values_list("id", "score", "comment", "updated_at")[:comments]
    )
    return RatingSummary(
        initiative_id=initiative.pk,
        count=count,
        mean=_mean(total, count),
        distribution=distribution,
        comments=[
            RatingComment(rating_id=i, score=s, comment=c, date=timezone.localdate(u))
            for i, s, c, u in visible
        ],
    )


# --- inspections ------------------------------------------------------------------------------


def _inspection_prefetch(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return inspections.select_related(
        "initiative", "initiative__lead_organisation", "created_by"
    ).prefetch_related(
        "team",
        "standards",
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("response", "response__responded_by"),
        ),
    )


def inspection_list_visible_to(user: User) -> QuerySet[Inspection]:
    """Completed inspections of initiatives the user may see; drafts for their team and for the
    initiative's insiders."""
    inspections = _inspection_prefetch(Inspection.objects.all())
    if _is_superuser(user):
        return inspections
    visible = Q(
        status=InspectionStatus.COMPLETED,
        initiative__in=initiative_list_visible_to(user),
    )
    if _is_authenticated(user):
        visible |= Q(team=user) | Q(created_by=user)
        visible |= Q(initiative_id__in=initiatives_with_role(user, INSIDER_ROLES))
    ids = Inspection.objects.filter(visible).values("id")
    return inspections.filter(id__in=ids)


def inspectors_of(initiative: Initiative) -> QuerySet[User]:
    """Citizens taking part in the initiative as inspectors now: who may be on its teams."""
    return User.objects.filter(
        participations__initiative=initiative,
        participations__role=ParticipationRole.INSPECTOR,
        participations__left_at__isnull=True,
    ).distinct().order_by("username")


@dataclass(frozen=True)
class YouSaidWeDid:
    inspection: Inspection
    recommendation: Recommendation
    response: object | None  # RecommendationResponse, or None while awaiting one

    @property
    def initiative(self) -> Initiative:
        return self.inspection.initiative


def you_said_we_did(
    *, initiative: Initiative | None = None, organisation: Organisation | None = None
) -> list[YouSaidWeDid]:
    """Every recommendation of the completed inspections of public initiatives (one initiative,
    or every initiative an organisation leads or partners), with the organisation's response,
    newest inspection first. Public: anyone may read it."""
    recommendations = Recommendation.objects.select_related(
        "inspection",
        "inspection__initiative",
        "inspection__initiative__lead_organisation",
        "response",
    ).filter(
        inspection__status=InspectionStatus.COMPLETED,
        inspection__initiative__status__in=PUBLIC_STATUSES,
    )
    if initiative is not None:
        recommendations = recommendations.filter(inspection__initiative=initiative)
    if organisation is not None:
        recommendations = recommendations.filter(
            inspection__initiative_id__in=initiative_ids_of_organisations([organisation.pk])
        )
    rows = []
    for recommendation in recommendations.order_by(
        "-inspection__inspected_on", "inspection_id", "position", "id"
    ):
        response = getattr(recommendation, "response", None)
        rows.append(YouSaidWeDid(recommendation.inspection, recommendation, response))
    return rows


def recommendations_awaiting_response(user: User) -> QuerySet[Recommendation]:
    """Recommendations of completed inspections that the user's organisations have not yet
    answered (staff only)."""
    return (
        Recommendation.objects.select_related("inspection", "inspection__initiative")
        .filter(
            inspection__status=InspectionStatus.COMPLETED,
            inspection__initiative_id__in=initiatives_with_role(user, STAFF_ROLES),
            response__isnull=True,
        )
        .order_by("inspection__inspected_on", "position", "id")
    )


# --- surveys ----------------------------------------------------------------------------------


def _service_user_initiative_ids(user: User) -> set[int]:
    if not _is_authenticated(user):
        return set()
    return set(
        Participation.objects.current()
        .filter(user=user, role=ParticipationRole.SERVICE_USER)
        .values_list("initiative_id", flat=True)
    )


def survey_audience_includes(survey: Survey, user: User) -> bool:
    """Whether the user is in the survey's audience:

    - community: a citizen of the survey's organisation;
    - service users: taking part now as a service user in the survey's initiative, or (a survey
      of no one initiative) in any initiative the organisation leads or partners;
    - staff: an officer or manager of the organisation.
    """
    if not _is_authenticated(user):
        return False
    if survey.audience == Audience.COMMUNITY:
        return has_role_in(user, survey.organisation_id, {Role.CITIZEN})
    if survey.audience == Audience.STAFF:
        return has_role_in(user, survey.organisation_id, STAFF_ROLES)
    if survey.audience == Audience.SERVICE_USERS:
        initiative_ids = _service_user_initiative_ids(user)
        if not initiative_ids:
            return False
        if survey.initiative_id is not None:
            return survey.initiative_id in initiative_ids
        return Initiative.objects.filter(
            id__in=initiative_ids_of_organisations([survey.organisation_id])
        ).filter(id__in=initiative_ids).exists()
    return False


def _audience_q(user: User) -> Q:
    """The surveys whose audience includes the user, as a filter."""
    citizen_of = organisation_ids_with_roles(user, {Role.CITIZEN})
    staff_of = organisation_ids_with_roles(user, STAFF_ROLES)
    q = Q(audience=Audience.COMMUNITY, organisation_id__in=citizen_of) | Q(
        audience=Audience.STAFF, organisation_id__in=staff_of
    )
    service_user_of = _service_user_initiative_ids(user)
    if service_user_of:
        org_ids = set(
            Initiative.objects.filter(id__in=service_user_of).values_list(
                "lead_organisation_id", flat=True
            )
        ) | set(
            Initiative.partner_organisations.through.objects.filter(
                initiative_id__in=service_user_of
            ).values_list("organisation_id", flat=True)
        )
        q |= Q(audience=Audience.SERVICE_USERS, initiative_id__in=service_user_of)
        q |= Q(
            audience=Audience.SERVICE_USERS,
            initiative__isnull=True,
            organisation_id__in=org_ids,
        )
    return q


def survey_list_visible_to(user: User) -> QuerySet[Survey]:
    """Every survey of the organisations the user is an insider of, and the surveys whose
    audience includes them."""
    surveys = Survey.objects.select_related("organisation", "initiative", "created_by")
    if _is_superuser(user):
        return surveys
    if not _is_authenticated(user):
        return surveys.none()
    insider_of = organisation_ids_with_roles(user, INSIDER_ROLES)
    return surveys.filter(Q(organisation_id__in=insider_of) | _audience_q(user))


def surveys_open_to(user: User, *, today: datetime.date | None = None) -> QuerySet[Survey]:
    """Open surveys whose audience includes the user and that they have not answered yet."""
    if not _is_authenticated(user):
        return Survey.objects.none()
    today = today or timezone.localdate()
    answered = SurveyRespondent.objects.filter(user=user).values("survey_id")
    return (
        Survey.objects.select_related("organisation", "initiative")
        .filter(_audience_q(user), opens_on__lte=today, closes_on__gte=today)
        .exclude(id__in=answered)
        .order_by("closes_on", "id")
    )


def survey_has_responded(survey: Survey, user: User) -> bool:
    if not _is_authenticated(user):
        return False
    return SurveyRespondent.objects.filter(survey=survey, user=user).exists()


def survey_detail(survey_id: int, user: User) -> Survey:
    """One survey the user may see, with its questions; DoesNotExist otherwise."""
    return (
        survey_list_visible_to(user)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
        )
        .annotate(response_count=Count("responses", distinct=True))
        .get(pk=survey_id)
    )


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    mean: Decimal | None = None  # scale and number
    distribution: dict[int, int] = field(default_factory=dict)  # scale: 1..5 → count
    yes: int = 0
    no: int = 0
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    texts: list[str] | None = None  # free text: staff only, else None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def distribution_rows(self) -> list[tuple[int, int, int]]:
        """(score, count, percent of answers) for a chart's data table."""
        return [
            (score, n, round(100 * n / self.answered) if self.answered else 0)
            for score, n in sorted(self.distribution.items())
        ]

    @property
    def yes_percent(self) -> int | None:
        return round(100 * self.yes / self.answered) if self.answered else None


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    includes_texts: bool


def survey_results(*, survey: Survey, include_texts: bool) -> SurveyResults:
    """Answers aggregated per question: mean and distribution for a scale, counts of yes and
    no, mean/min/max for a number, and (only when `include_texts`, i.e. for staff) the free
    texts, sorted alphabetically so their order says nothing about who wrote them."""
    questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    results = {q.pk: QuestionResult(question=q) for q in questions}
    answers = Answer.objects.filter(response__survey=survey)
    for question_id, value, n in (
        answers.filter(question__kind=QuestionKind.SCALE, scale_value__isnull=False)
        .values_list("question_id", "scale_value")
        .annotate(n=Count("id"))
    ):
        result = results[question_id]
        result.distribution[value] = n
    for result in results.values():
        if result.kind == QuestionKind.SCALE:
            result.distribution = {s: result.distribution.get(s, 0) for s in range(1, 6)}
            result.answered = sum(result.distribution.values())
            total = sum(s * n for s, n in result.distribution.items())
            result.mean = _mean(total, result.answered)
    for question_id, yes, no in (
        answers.filter(question__kind=QuestionKind.YES_NO)
        .values("question_id")
        .annotate(
            yes=Count("id", filter=Q(yes_no_value=True)),
            no=Count("id", filter=Q(yes_no_value=False)),
        )
        .values_list("question_id", "yes", "no")
    ):
        result = results[question_id]
        result.yes, result.no, result.answered = yes, no, yes + no
    for question_id, n, total, low, high in (
        answers.filter(question__kind=QuestionKind.NUMBER, number_value__isnull=False)
        .values("question_id")
        .annotate(
            n=Count("id"), total=Sum("number_value"), low=Min("number_value"),
            high=Max("number_value"),
        )
        .values_list("question_id", "n", "total", "low", "high")
    ):
        result = results[question_id]
        result.answered = n
        result.mean = _mean(total or ZERO, n)
        result.minimum, result.maximum = Decimal(low), Decimal(high)
    text_counts = dict(
        answers.filter(question__kind=QuestionKind.TEXT)
        .exclude(text_value="")
        .values_list("question_id")
        .annotate(n=Count("id"))
    )
    for question_id, n in text_counts.items():
        results[question_id].answered = n
    if include_texts:
        texts: dict[int, list[str]] = {q.pk: [] for q in questions if q.kind == QuestionKind.TEXT}
        for question_id, text in (
            answers.filter(question__kind=QuestionKind.TEXT)
            .exclude(text_value="")
            .order_by("text_value")
            .values_list("question_id", "text_value")
        ):
            texts[question_id].append(text)
        for question_id, items in texts.items():
            results[question_id].texts = items
    return SurveyResults(
        survey=survey,
        responses=survey.responses.count(),
        questions=[results[q.pk] for q in questions],
        includes_texts=include_texts,
    )


def question_mean(
    question: Question,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> tuple[Decimal | None, int]:
    """The unrounded mean answer to a scale or number question over responses given in a period
    (by the response's date), and how many answers it is over. Yes/no: the share answering yes
    (0–1)."""
    answers = Answer.objects.filter(question=question)
    if date_from is not None:
        answers = answers.filter(response__submitted_on__gte=date_from)
    if date_to is not None:
        answers = answers.filter(response__submitted_on__lte=date_to)
    if question.kind == QuestionKind.SCALE:
        figures = answers.filter(scale_value__isnull=False).aggregate(
            t=Sum("scale_value"), n=Count("id")
        )
    elif question.kind == QuestionKind.NUMBER:
        figures = answers.filter(number_value__isnull=False).aggregate(
            t=Sum("number_value"), n=Count("id")
        )
    elif question.kind == QuestionKind.YES_NO:
        figures = answers.filter(yes_no_value__isnull=False).aggregate(
            t=Count("id", filter=Q(yes_no_value=True)), n=Count("id")
        )
    else:
        return None, 0
    if not figures["n"]:
        return None, 0
    return Decimal(figures["t"] or 0) / Decimal(figures["n"]), figures["n"]


# --- maturity ---------------------------------------------------------------------------------


def maturity_assessment_list_visible_to(user: User) -> QuerySet[MaturityAssessment]:
    """Self-assessments of the organisations the user is an insider of."""
    assessments = MaturityAssessment.objects.select_related(
        "organisation", "service_area", "assessed_by"
    ).prefetch_related("scores")
    if _is_superuser(user):
        return assessments
    return assessments.filter(organisation_id__in=organisation_ids_with_roles(user, INSIDER_ROLES))


@dataclass(frozen=True)
class PrincipleScore:
    key: str
    name: str
    total: int
    statements: int
    mean: Decimal  # two places, half up

    @property
    def maximum(self) -> int:
        return self.statements * 5


@dataclass(frozen=True)
class MaturitySummary:
    assessment: MaturityAssessment
    total: int
    maximum: int
    band: str
    principles: list[PrincipleScore]
    weakest: list[PrincipleScore]  # the principle(s) with the lowest mean

    @property
    def band_name(self) -> str:
        return str(BAND_NAMES[self.band])


def maturity_summary(assessment: MaturityAssessment) -> MaturitySummary:
    """Total, band, the mean per principle, and the weakest principle(s) (ties all named)."""
    scores = list(assessment.scores.all())
    by_principle: dict[str, list[int]] = {p.key: [] for p in PRINCIPLES}
    for score in scores:
        by_principle.setdefault(score.principle, []).append(score.score)
    principles = [
        PrincipleScore(
            key=key,
            name=str(PRINCIPLE_BY_KEY[key].name) if key in PRINCIPLE_BY_KEY else key,
            total=sum(values),
            statements=len(values),
            mean=_mean(sum(values), len(values)) or ZERO,
        )
        for key, values in by_principle.items()
        if values
    ]
    total = sum(s.score for s in scores)
    lowest = min((p.mean for p in principles), default=None)
    return MaturitySummary(
        assessment=assessment,
        total=total,
        maximum=5 * len(scores),
        band=band_for(total, len(scores)),
        principles=principles,
        weakest=[p for p in principles if p.mean == lowest],
    )


@dataclass(frozen=True)
class MaturityTrendPoint:
    assessment_id: int
    assessed_on: datetime.date
    total: int
    maximum: int
    band: str
    principle_means: dict[str, Decimal]
    change: int | None  # total minus the previous assessment's; None for the first


def maturity_trend(
    *, organisation: Organisation, service_area=None, whole_organisation_only: bool = True
) -> list[MaturityTrendPoint]:
    """An organisation's self-assessments oldest first: totals, bands, principle means and the
    change since the previous one. With a service area: that area's assessments; without one:
    the whole-organisation assessments (or every one, if `whole_organisation_only` is False)."""
    assessments = MaturityAssessment.objects.filter(organisation=organisation).prefetch_related(
        "scores"
    )
    if service_area is not None:
        assessments = assessments.filter(service_area=service_area)
    elif whole_organisation_only:
        assessments = assessments.filter(service_area__isnull=True)
    points: list[MaturityTrendPoint] = []
    previous: int | None = None
    for assessment in assessments.order_by("assessed_on", "id"):
        summary = maturity_summary(assessment)
        points.append(
            MaturityTrendPoint(
                assessment_id=assessment.pk,
                assessed_on=assessment.assessed_on,
                total=summary.total,
                maximum=summary.maximum,
                band=summary.band,
                principle_means={p.key: p.mean for p in summary.principles},
                change=None if previous is None else summary.total - previous,
            )
        )
        previous = summary.total
    return points


def maturity_statement_bank() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(principle key, principle name, [(statement key, text)]) in order, for forms."""
    return [
        (p.key, str(p.name), [(s.key, str(s.text)) for s in p.statements]) for p in PRINCIPLES
    ]


