"""Every write of co-assessment (assessment/services.py) and the reads behind its figures.

Each bad input of issue 5 gets a clear error naming the field, and leaves every assessment table
as it was (`nothing_stored`)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment import selectors, services
from assessment.maturity import STATEMENTS, band_for
from assessment.models import (
    Answer,
    InspectionStatus,
    MeasurementStatus,
    OutcomeIndicator,
    Rating,
    RecommendationResponse,
    Response,
    ResponseAuthor,
    SurveyRespondent,
)
from assessment.survey_templates import TEMPLATES
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory, MembershipFactory
from .factories import (
    BASELINE,
    OutcomeIndicatorFactory,
    all_scores,
    answers_for,
    nothing_stored,
    open_survey,
    record_falls,
    steady_steps,
    take_part,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def fields_of(info) -> set[str]:
    return set(info.value.message_dict)


@pytest.fixture
def initiative(cast):
    return InitiativeFactory(
        title="Steady Steps", lead_organisation=cast.council, partner_organisations=[cast.charity]
    )


@pytest.fixture
def indicator(cast, initiative):
    return services.outcome_indicator_create(
        created_by=cast.officer,
        initiative=initiative,
        name="Falls prevented",
        unit="falls",
        baseline_value=D("0"),
        baseline_date=BASELINE,
    )


# --- outcome indicators -----------------------------------------------------------------------


def test_staff_add_an_outcome_indicator_with_its_valuation(cast):
    _initiative, indicator = steady_steps(cast)
    indicator.refresh_from_db()
    assert indicator.financial_proxy == D("1500.00")
    assert (indicator.deadweight, indicator.displacement, indicator.attribution) == (25, 10, 20)
    assert indicator.drop_off == 10 and indicator.duration_years == 3
    assert indicator.proxy_source == (
        "Unit Costs of Health and Social Care (illustrative), PSSRU, 2024"
    )
    assert indicator.history.count() == 1


@pytest.mark.parametrize("who", ["citizen", "member", "partner", "outsider", "nobody"])
def test_only_staff_of_the_initiative_add_outcome_indicators(cast, initiative, who):
    with pytest.raises(PermissionDenied), nothing_stored():
        services.outcome_indicator_create(
            created_by=getattr(cast, who), initiative=initiative, name="X", unit="people",
            baseline_value=D("0"), baseline_date=BASELINE,
        )


@pytest.mark.parametrize("field", ["deadweight", "displacement", "attribution", "drop_off"])
@pytest.mark.parametrize("value", ["-0.01", "100.01", "150"])
def test_a_percentage_outside_0_to_100_is_refused(cast, initiative, field, value):
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_create(
            created_by=cast.officer, initiative=initiative, name="X", unit="people",
            baseline_value=D("0"), baseline_date=BASELINE, **{field: D(value)},
        )
    assert fields_of(info) == {field}
    assert "0 to 100" in info.value.message_dict[field][0]


@pytest.mark.parametrize("value", ["0", "100"])
def test_percentages_of_0_and_100_are_accepted(cast, initiative, value):
    indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="X", unit="people",
        baseline_value=D("0"), baseline_date=BASELINE, deadweight=D(value), drop_off=D(value),
    )
    assert indicator.deadweight == D(value)


def test_a_duration_of_0_years_is_refused(cast, initiative):
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_create(
            created_by=cast.officer, initiative=initiative, name="X", unit="people",
            baseline_value=D("0"), baseline_date=BASELINE, duration_years=0,
        )
    assert fields_of(info) == {"duration_years"}


def test_a_proxy_needs_its_source_and_a_target_date_its_value(cast, initiative):
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_create(
            created_by=cast.officer, initiative=initiative, name="X", unit="people",
            baseline_value=D("0"), baseline_date=BASELINE, financial_proxy=D("10"),
            target_date=datetime.date(2024, 1, 1),
        )
    assert fields_of(info) == {"proxy_source_title", "target_date", "target_value"}


def test_required_fields_are_named(cast, initiative):
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_create(
            created_by=cast.officer, initiative=initiative, name="", unit="",
            baseline_value=None, baseline_date=None,
        )
    assert fields_of(info) >= {"name", "unit", "baseline_value", "baseline_date"}


def test_updating_an_indicator_checks_the_same_rules(cast, indicator):
    services.outcome_indicator_update(
        indicator=indicator, changed_by=cast.manager, attribution=D("30"), duration_years=2
    )
    indicator.refresh_from_db()
    assert indicator.attribution == 30 and indicator.duration_years == 2
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_update(
            indicator=indicator, changed_by=cast.officer, attribution=D("101")
        )
    assert fields_of(info) == {"attribution"}
    with pytest.raises(PermissionDenied):
        services.outcome_indicator_update(indicator=indicator, changed_by=cast.citizen, name="Y")


def test_the_baseline_cannot_move_after_a_measurement(cast, indicator):
    services.outcome_measurement_record(
        recorded_by=cast.officer, indicator=indicator, value=D("2"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 1, 31),
    )
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.outcome_indicator_update(
            indicator=indicator, changed_by=cast.officer, baseline_date=datetime.date(2025, 2, 1)
        )
    assert fields_of(info) == {"baseline_date"}


# --- outcome measurements ---------------------------------------------------------------------


def measure(user, indicator, value="3", start=datetime.date(2025, 1, 1),
            end=datetime.date(2025, 3, 31)):
    return services.outcome_measurement_record(
        recorded_by=user, indicator=indicator, value=D(value), period_start=start, period_end=end,
        evidence="Clinic log",
    )


def test_staff_record_verified_measurements(cast, indicator):
    measurement = measure(cast.officer, indicator)
    assert measurement.status == MeasurementStatus.VERIFIED
    assert measurement.verified_by == cast.officer and measurement.verified_at is not None
    assert measurement.recorded_by == cast.officer


@pytest.mark.parametrize("role", [ParticipationRole.INSPECTOR, ParticipationRole.PARTICIPANT])
def test_co_monitoring_citizens_submit_measurements_that_staff_verify(cast, indicator, role):
    take_part(cast.citizen, indicator.initiative, role)
    measurement = measure(cast.citizen, indicator)
    assert measurement.status == MeasurementStatus.SUBMITTED and measurement.verified_by is None
    services.outcome_measurement_verify(measurement=measurement, verified_by=cast.manager)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.VERIFIED
    assert measurement.verified_by == cast.manager
    with pytest.raises(ValidationError) as info:
        services.outcome_measurement_verify(measurement=measurement, verified_by=cast.officer)
    assert fields_of(info) == {"status"}


def test_citizens_not_monitoring_cannot_record(cast, indicator):
    take_part(cast.citizen, indicator.initiative, ParticipationRole.VOLUNTEER)
    for user in (cast.citizen, cast.citizen2, cast.partner, cast.outsider, cast.nobody):
        with pytest.raises(PermissionDenied), nothing_stored():
            measure(user, indicator)


def test_only_other_staff_verify_a_submission(cast, indicator):
    take_part(cast.citizen, indicator.initiative)
    measurement = measure(cast.citizen, indicator)
    for user in (cast.citizen, cast.citizen2, cast.member, cast.outsider):
        with pytest.raises(PermissionDenied), nothing_stored():
            services.outcome_measurement_verify(measurement=measurement, verified_by=user)


def test_a_measurement_dated_before_the_baseline_is_refused(cast, indicator):
    with pytest.raises(ValidationError) as info, nothing_stored():
        measure(cast.officer, indicator, start=datetime.date(2024, 12, 1),
                end=datetime.date(2025, 1, 31))
    assert fields_of(info) == {"period_start"}
    assert "2025-01-01" in info.value.message_dict["period_start"][0]


def test_a_period_ending_before_it_starts_is_refused(cast, indicator):
    with pytest.raises(ValidationError) as info, nothing_stored():
        measure(cast.officer, indicator, start=datetime.date(2025, 3, 1),
                end=datetime.date(2025, 2, 1))
    assert fields_of(info) == {"period_end"}


def test_a_future_period_and_a_negative_count_are_refused(cast, indicator):
    with pytest.raises(ValidationError) as info, nothing_stored():
        measure(cast.officer, indicator, value="-1", start=TODAY + datetime.timedelta(days=1),
                end=TODAY + datetime.timedelta(days=30))
    assert fields_of(info) == {"period_start", "value"}


def test_a_citizen_corrects_their_submission_until_it_is_verified(cast, indicator):
    take_part(cast.citizen, indicator.initiative)
    measurement = measure(cast.citizen, indicator)
    services.outcome_measurement_update(measurement=measurement, changed_by=cast.citizen,
                                        value=D("4"))
    measurement.refresh_from_db()
    assert measurement.value == 4 and measurement.status == MeasurementStatus.SUBMITTED
    services.outcome_measurement_verify(measurement=measurement, verified_by=cast.officer)
    with pytest.raises(PermissionDenied):
        services.outcome_measurement_update(measurement=measurement, changed_by=cast.citizen,
                                            value=D("5"))
    services.outcome_measurement_delete(measurement=measurement, deleted_by=cast.officer)
    assert not indicator.measurements.exists()


def test_the_quantity_of_a_count_is_the_sum_of_verified_readings_ending_in_the_period(cast):
    _initiative, indicator = steady_steps(cast)
    record_falls(cast, indicator)  # 3 a quarter in 2025
    take_part(cast.citizen, indicator.initiative)
    measure(cast.citizen, indicator, value="50")  # submitted: never counted
    whole_year = selectors.outcome_quantity(
        indicator, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
    )
    assert (whole_year.quantity, whole_year.measurements, whole_year.method) == (12, 4, "sum")
    first_half = selectors.outcome_quantity(
        indicator, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 6, 30)
    )
    assert first_half.quantity == 6
    nothing = selectors.outcome_quantity(indicator, date_from=datetime.date(2026, 1, 1))
    assert nothing.quantity is None and nothing.measurements == 0


@pytest.mark.parametrize(("better", "expected"), [("higher", "7"), ("lower", "0")])
def test_the_quantity_of_a_level_is_its_improvement_on_the_baseline(cast, initiative, better,
                                                                     expected):
    indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="People in stable housing",
        unit="people", measure="level", better=better, baseline_value=D("30"),
        baseline_date=BASELINE,
    )
    measure(cast.officer, indicator, value="35", end=datetime.date(2025, 3, 31))
    measure(cast.officer, indicator, value="37", start=datetime.date(2025, 4, 1),
            end=datetime.date(2025, 6, 30))
    quantity = selectors.outcome_quantity(indicator)
    assert quantity.quantity == D(expected) and quantity.method == "change_from_baseline"


def test_initiative_outcomes_lists_readings_and_pending_for_insiders(cast, indicator):
    measure(cast.officer, indicator)
    take_part(cast.citizen, indicator.initiative)
    measure(cast.citizen, indicator, value="1")
    progress = selectors.initiative_outcomes(initiative=indicator.initiative, viewer=cast.officer)
    assert progress[0].verified_count == 1 and progress[0].pending_count == 1
    assert progress[0].latest.value == 3
    public = selectors.initiative_outcomes(initiative=indicator.initiative, viewer=cast.citizen2)
    assert public[0].pending_count == 0


# --- ratings ----------------------------------------------------------------------------------


def test_a_citizen_rates_once_and_edits_their_rating(cast, initiative):
    rating = services.rating_create(user=cast.citizen, initiative=initiative, score=4,
                                    comment="Friendly")
    assert (rating.score, rating.comment) == (4, "Friendly")
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.rating_create(user=cast.citizen, initiative=initiative, score=5)
    assert fields_of(info) == {"initiative"}
    services.rating_save(user=cast.citizen, initiative=initiative, score=2, comment="Late")
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == (2, "Late")
    assert Rating.objects.filter(initiative=initiative).count() == 1


@pytest.mark.parametrize("score", [0, 6, -1, "3.5", "x", None, True])
def test_a_rating_outside_1_to_5_is_refused(cast, initiative, score):
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.rating_create(user=cast.citizen, initiative=initiative, score=score)
    assert fields_of(info) == {"score"}


def test_an_edit_to_a_bad_score_is_refused(cast, initiative):
    rating = services.rating_create(user=cast.citizen, initiative=initiative, score=4)
    with pytest.raises(ValidationError), nothing_stored():
        services.rating_update(rating=rating, user=cast.citizen, score=0)
    with pytest.raises(PermissionDenied), nothing_stored():
        services.rating_update(rating=rating, user=cast.citizen2, score=1)


@pytest.mark.parametrize("status", [Status.PROPOSED, Status.WITHDRAWN])
def test_only_active_paused_or_completed_initiatives_are_rated(cast, status):
    initiative = InitiativeFactory(lead_organisation=cast.council, status=status)
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.rating_create(user=cast.citizen, initiative=initiative, score=3)
    assert fields_of(info) == {"initiative"}


@pytest.mark.parametrize("who", ["officer", "manager", "outsider", "nobody"])
def test_staff_and_non_citizens_do_not_rate(cast, initiative, who):
    with pytest.raises(PermissionDenied), nothing_stored():
        services.rating_create(user=getattr(cast, who), initiative=initiative, score=3)


def test_someone_taking_part_rates_without_a_citizen_membership(cast, initiative):
    take_part(cast.nobody, initiative, ParticipationRole.SERVICE_USER)
    assert services.rating_create(user=cast.nobody, initiative=initiative, score=5).score == 5


def test_staff_hide_a_comment_with_a_reason(cast, initiative):
    rating = services.rating_create(user=cast.citizen, initiative=initiative, score=1,
                                    comment="Rude words")
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.rating_comment_hide(rating=rating, hidden_by=cast.officer, reason=" ")
    assert fields_of(info) == {"reason"}
    for who in ("citizen", "citizen2", "member", "outsider"):
        with pytest.raises(PermissionDenied), nothing_stored():
            services.rating_comment_hide(rating=rating, hidden_by=getattr(cast, who), reason="x")
    services.rating_comment_hide(rating=rating, hidden_by=cast.officer, reason="Offensive")
    rating.refresh_from_db()
    assert rating.comment_hidden and rating.hidden_by == cast.officer
    assert rating.hidden_reason == "Offensive" and rating.hidden_at is not None
    services.rating_comment_show(rating=rating, shown_by=cast.manager)
    rating.refresh_from_db()
    assert not rating.comment_hidden and rating.hidden_by is None


def test_rating_summary_gives_distribution_mean_and_visible_comments(cast, initiative):
    raters = [cast.citizen, cast.citizen2] + [
        MembershipFactory(organisation=cast.council, role="citizen").user for _ in range(3)
    ]
    scores = [5, 4, 4, 2, 1]
    for user, score in zip(raters, scores, strict=True):
        services.rating_create(user=user, initiative=initiative, score=score,
                               comment=f"Comment {score}")
    hidden = Rating.objects.get(user=cast.citizen2)
    services.rating_comment_hide(rating=hidden, hidden_by=cast.officer, reason="Personal data")
    summary = selectors.rating_summary(initiative=initiative)
    assert summary.count == 5
    assert summary.mean == D("3.20")
    assert summary.distribution == {1: 1, 2: 1, 3: 0, 4: 2, 5: 1}
    assert summary.distribution_rows[0] == (5, 1, 20)
    assert len(summary.comments) == 4
    assert "Comment 4" in {c.comment for c in summary.comments}  # the other citizen's 4
    assert hidden.pk not in {c.rating_id for c in summary.comments}
    empty = selectors.rating_summary(initiative=InitiativeFactory())
    assert empty.count == 0 and empty.mean is None


# --- inspections ------------------------------------------------------------------------------


@pytest.fixture
def inspectors(cast, initiative):
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    take_part(cast.citizen2, initiative, ParticipationRole.INSPECTOR)
    return [cast.citizen, cast.citizen2]


STANDARDS = [
    {"statement": "People are greeted within five minutes", "score": 4, "finding": "Mostly"},
    {"statement": "Information is in plain English", "score": 2, "finding": "Leaflets dense"},
]


def inspect(cast, initiative, team, by=None, **extra):
    return services.inspection_create(
        created_by=by or cast.officer,
        initiative=initiative,
        title=extra.pop("title", "Spring inspection"),
        inspected_on=datetime.date(2025, 4, 2),
        team=team,
        standards=extra.pop("standards", STANDARDS),
        recommendations=extra.pop("recommendations", ["Rewrite the leaflets", "Add a ramp"]),
        **extra,
    )


def test_an_inspection_by_a_team_of_inspectors_is_completed_and_answered(cast, initiative,
                                                                          inspectors):
    inspection = inspect(cast, initiative, inspectors)
    assert inspection.status == InspectionStatus.DRAFT
    assert set(inspection.team.all()) == set(inspectors)
    assert [s.score for s in inspection.standards.all()] == [4, 2]
    services.inspection_complete(inspection=inspection, completed_by=cast.citizen)
    inspection.refresh_from_db()
    assert inspection.is_completed and inspection.completed_at is not None
    first, second = inspection.recommendations.all()
    services.recommendation_respond(
        recommendation=first, responded_by=cast.officer, decision="accepted",
        action="Plain English rewrite", due_date=datetime.date(2025, 6, 30),
        done_at=datetime.date(2025, 6, 1),
    )
    services.recommendation_respond(
        recommendation=second, responded_by=cast.manager, decision="declined",
        action="The building is listed; a portable ramp is kept at reception instead",
    )
    rows = selectors.you_said_we_did(initiative=initiative)
    assert [(r.recommendation.text, r.response.decision) for r in rows] == [
        ("Rewrite the leaflets", "accepted"), ("Add a ramp", "declined")
    ]
    assert len(selectors.you_said_we_did(organisation=cast.charity)) == 2  # partner
    assert selectors.you_said_we_did(organisation=cast.other_council) == []


def test_a_citizen_inspector_starts_an_inspection_and_joins_its_team(cast, initiative,
                                                                      inspectors):
    inspection = inspect(cast, initiative, [cast.citizen2], by=cast.citizen)
    assert set(inspection.team.all()) == {cast.citizen, cast.citizen2}


def test_the_team_must_be_current_inspectors(cast, initiative, inspectors):
    take_part(cast.nobody, initiative, ParticipationRole.VOLUNTEER)
    with pytest.raises(ValidationError) as info, nothing_stored():
        inspect(cast, initiative, [cast.citizen, cast.nobody])
    assert fields_of(info) == {"team"}
    assert "nobody" in info.value.message_dict["team"][0]
    with pytest.raises(ValidationError) as info, nothing_stored():
        inspect(cast, initiative, [])
    assert fields_of(info) == {"team"}


def test_only_staff_and_inspectors_record_inspections(cast, initiative, inspectors):
    take_part(cast.nobody, initiative, ParticipationRole.VOLUNTEER)
    for user in (cast.nobody, cast.member, cast.partner, cast.outsider):
        with pytest.raises(PermissionDenied), nothing_stored():
            inspect(cast, initiative, inspectors, by=user)


def test_bad_standards_and_recommendations_are_named(cast, initiative, inspectors):
    with pytest.raises(ValidationError) as info, nothing_stored():
        inspect(cast, initiative, inspectors, title=None,
                standards=[{"statement": "", "score": 7}], recommendations=[" "])
    assert fields_of(info) == {"title", "standards", "recommendations"}


def test_completing_needs_every_standard_scored_and_then_it_is_final(cast, initiative,
                                                                      inspectors):
    inspection = inspect(cast, initiative, inspectors,
                         standards=[{"statement": "Clean", "score": None}])
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    assert fields_of(info) == {"standards"}
    services.inspection_update(inspection=inspection, changed_by=cast.citizen,
                               standards=[{"statement": "Clean", "score": 5}])
    services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.inspection_update(inspection=inspection, changed_by=cast.officer, title="New")
    assert fields_of(info) == {"status"}


def test_a_response_to_a_recommendation_of_another_organisation_is_refused(cast, initiative,
                                                                            inspectors):
    inspection = inspect(cast, initiative, inspectors)
    recommendation = inspection.recommendations.first()
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.recommendation_respond(
            recommendation=recommendation, responded_by=cast.officer, decision="accepted",
            action="Do it", due_date=datetime.date(2025, 6, 1),
        )
    assert fields_of(info) == {"recommendation"}  # still a draft
    services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    for user in (cast.outsider, cast.citizen, cast.member, cast.partner):
        with pytest.raises(PermissionDenied) as denied, nothing_stored():
            services.recommendation_respond(
                recommendation=recommendation, responded_by=user, decision="accepted",
                action="Do it", due_date=datetime.date(2025, 6, 1),
            )
    assert "another organisation" in str(denied.value)
    assert not RecommendationResponse.objects.exists()


def test_partner_staff_respond_and_a_second_response_updates_the_first(cast, initiative,
                                                                        inspectors):
    inspection = inspect(cast, initiative, inspectors)
    services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    recommendation = inspection.recommendations.first()
    charity_officer = MembershipFactory(organisation=cast.charity, role="officer").user
    services.recommendation_respond(
        recommendation=recommendation, responded_by=charity_officer, decision="accepted",
        action="Rewrite", due_date=datetime.date(2025, 9, 1),
    )
    services.recommendation_respond(
        recommendation=recommendation, responded_by=cast.officer, decision="accepted",
        action="Rewrite", due_date=datetime.date(2025, 9, 1), done_at=datetime.date(2025, 8, 1),
    )
    response = RecommendationResponse.objects.get()
    assert response.done_at == datetime.date(2025, 8, 1) and response.responded_by == cast.officer


def test_bad_responses_are_named(cast, initiative, inspectors):
    inspection = inspect(cast, initiative, inspectors)
    services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    recommendation = inspection.recommendations.first()
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.recommendation_respond(
            recommendation=recommendation, responded_by=cast.officer, decision="maybe",
            action="",
        )
    assert fields_of(info) == {"decision", "action"}
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.recommendation_respond(
            recommendation=recommendation, responded_by=cast.officer, decision="accepted",
            action="Soon",
        )
    assert fields_of(info) == {"due_date"}
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.recommendation_respond(
            recommendation=recommendation, responded_by=cast.officer, decision="declined",
            action="No", done_at=TODAY + datetime.timedelta(days=2),
        )
    assert fields_of(info) == {"done_at"}


def test_you_said_we_did_lists_only_completed_inspections_of_public_initiatives(cast, initiative,
                                                                                 inspectors):
    inspect(cast, initiative, inspectors)  # a draft
    assert selectors.you_said_we_did(initiative=initiative) == []
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    take_part(cast.citizen, proposed, ParticipationRole.INSPECTOR)
    hidden = inspect(cast, proposed, [cast.citizen])
    services.inspection_complete(inspection=hidden, completed_by=cast.officer)
    assert selectors.you_said_we_did(organisation=cast.council) == []


# --- surveys ----------------------------------------------------------------------------------


def test_staff_create_surveys_with_questions(cast):
    survey = open_survey(cast)
    assert [q.kind for q in survey.questions.all()] == ["scale", "yes_no", "number", "text"]
    for who in ("citizen", "member", "partner", "outsider"):
        with pytest.raises(PermissionDenied), nothing_stored():
            open_survey(cast, created_by=getattr(cast, who))


def test_bad_surveys_are_named(cast):
    foreign = InitiativeFactory(lead_organisation=cast.other_council)
    with pytest.raises(ValidationError) as info, nothing_stored():
        open_survey(cast, title=" ", audience="everyone", initiative=foreign,
                    opens_on=datetime.date(2025, 5, 1), closes_on=datetime.date(2025, 4, 1),
                    questions=[])
    assert fields_of(info) == {"title", "audience", "initiative", "closes_on", "questions"}
    with pytest.raises(ValidationError) as info, nothing_stored():
        open_survey(cast, questions=[{"text": "", "kind": "essay"}])
    assert fields_of(info) == {"questions"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_every_template_starts_a_survey(cast, template):
    survey = services.survey_create_from_template(
        template_key=template.key, organisation=cast.council, created_by=cast.manager,
        opens_on=TODAY, closes_on=TODAY + datetime.timedelta(days=30),
    )
    assert survey.template_key == template.key and survey.audience == template.audience
    assert [q.key for q in survey.questions.all()] == [q.key for q in template.questions]


def test_the_four_ready_made_templates(cast):
    keys = {t.key: {q.key for q in t.questions} for t in TEMPLATES}
    assert {"already-coproduces", "would-do-more", "how-involved"} <= keys[
        "community-coproduction"]
    assert {"collaborates-now", "willingness", "barriers"} <= keys["staff-coproduction"]
    assert "job-satisfaction" in keys["frontline-job-satisfaction"]
    assert {"cohesion", "reassurance"} <= keys["cohesion-reassurance"]
    with pytest.raises(ValidationError) as info:
        services.survey_create_from_template(
            template_key="nope", organisation=cast.council, created_by=cast.officer,
            opens_on=TODAY, closes_on=TODAY,
        )
    assert fields_of(info) == {"template_key"}


def test_a_citizen_answers_an_anonymous_community_survey_once(cast):
    survey = open_survey(cast)
    response = services.survey_respond(survey=survey, respondent=cast.citizen,
                                       answers=answers_for(survey, text="More benches"))
    assert response.submitted_on == TODAY
    assert response.answers.count() == 4
    assert not ResponseAuthor.objects.exists()
    assert SurveyRespondent.objects.filter(survey=survey, user=cast.citizen).exists()
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.survey_respond(survey=survey, respondent=cast.citizen,
                                answers=answers_for(survey))
    assert fields_of(info) == {"survey"}
    assert "already answered" in info.value.message_dict["survey"][0]


def test_a_named_survey_records_who_answered(cast):
    survey = open_survey(cast, anonymous=False)
    response = services.survey_respond(survey=survey, respondent=cast.citizen,
                                       answers=answers_for(survey))
    assert ResponseAuthor.objects.get(response=response).user == cast.citizen


@pytest.mark.parametrize(
    ("opens", "closes", "word"),
    [(TODAY + datetime.timedelta(days=1), TODAY + datetime.timedelta(days=9), "opens"),
     (TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=1), "closed")],
)
def test_a_response_to_a_closed_survey_is_refused(cast, opens, closes, word):
    survey = open_survey(cast, opens_on=opens, closes_on=closes)
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.survey_respond(survey=survey, respondent=cast.citizen,
                                answers=answers_for(survey))
    assert fields_of(info) == {"survey"} and word in info.value.message_dict["survey"][0]


def test_the_open_and_close_days_are_inclusive(cast):
    survey = open_survey(cast, opens_on=TODAY, closes_on=TODAY)
    services.survey_respond(survey=survey, respondent=cast.citizen, answers=answers_for(survey))


@pytest.mark.parametrize(
    ("audience", "excluded"),
    [("community", ["officer", "member", "partner", "outsider", "nobody"]),
     ("staff", ["citizen", "member", "partner", "outsider", "nobody"]),
     ("service_users", ["citizen", "officer", "outsider", "nobody"])],
)
def test_a_response_from_outside_the_audience_is_refused(cast, audience, excluded):
    survey = open_survey(cast, audience=audience)
    for who in excluded:
        with pytest.raises(PermissionDenied) as info, nothing_stored():
            services.survey_respond(survey=survey, respondent=getattr(cast, who),
                                    answers=answers_for(survey))
        assert "audience" in str(info.value)


def test_the_staff_audience_is_the_organisations_officers_and_managers(cast):
    survey = open_survey(cast, audience="staff")
    for who in ("officer", "manager"):
        services.survey_respond(survey=survey, respondent=getattr(cast, who),
                                answers=answers_for(survey))
    assert survey.responses.count() == 2


def test_service_users_of_the_initiative_or_of_any_of_the_organisations(cast, initiative):
    other = InitiativeFactory(lead_organisation=cast.council)
    take_part(cast.citizen, initiative, ParticipationRole.SERVICE_USER)
    take_part(cast.citizen2, other, ParticipationRole.SERVICE_USER)
    about_one = open_survey(cast, audience="service_users", initiative=initiative)
    assert selectors.survey_audience_includes(about_one, cast.citizen)
    assert not selectors.survey_audience_includes(about_one, cast.citizen2)
    about_all = open_survey(cast, audience="service_users")
    assert selectors.survey_audience_includes(about_all, cast.citizen)
    assert selectors.survey_audience_includes(about_all, cast.citizen2)
    # a partner's survey reaches the service users of the initiatives it partners in
    charity_survey = services.survey_create(
        created_by=MembershipFactory(organisation=cast.charity, role="manager").user,
        organisation=cast.charity, title="Charity", audience="service_users",
        opens_on=TODAY, closes_on=TODAY, questions=[{"text": "Good?", "kind": "yes_no"}],
    )
    assert selectors.survey_audience_includes(charity_survey, cast.citizen)
    assert not selectors.survey_audience_includes(charity_survey, cast.citizen2)
    assert list(selectors.surveys_open_to(cast.citizen2)) == [about_all]


@pytest.mark.parametrize(
    ("kind", "value"),
    [("scale", 0), ("scale", 6), ("scale", "2.5"), ("scale", "good"), ("yes_no", "maybe"),
     ("number", "many"), ("number", "1.234"), ("number", "1e15"), ("text", "x" * 2001)],
)
def test_answers_are_checked_by_kind(cast, kind, value):
    survey = open_survey(cast)
    question = survey.questions.get(kind=kind)
    answers = answers_for(survey)
    answers[question.pk] = value
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.survey_respond(survey=survey, respondent=cast.citizen, answers=answers)
    assert fields_of(info) == {f"question_{question.pk}"}


def test_required_answers_and_foreign_questions(cast):
    survey = open_survey(cast)
    other = open_survey(cast, title="Other")
    scale = survey.questions.get(kind="scale")
    answers = answers_for(survey)
    del answers[scale.pk]
    answers[other.questions.first().pk] = 3
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.survey_respond(survey=survey, respondent=cast.citizen, answers=answers)
    assert fields_of(info) == {f"question_{scale.pk}", "answers"}


def test_optional_questions_may_be_left_blank_and_keys_may_be_strings(cast):
    survey = open_survey(cast)
    scale = survey.questions.get(kind="scale")
    yes_no = survey.questions.get(kind="yes_no")
    response = services.survey_respond(
        survey=survey, respondent=cast.citizen,
        answers={f"question_{scale.pk}": "5", str(yes_no.pk): "no"},
    )
    assert {a.question.kind: a.value for a in response.answers.all()} == {
        "scale": 5, "yes_no": False
    }


def test_a_survey_with_responses_keeps_its_questions_and_audience(cast):
    survey = open_survey(cast)
    services.survey_update(survey=survey, changed_by=cast.officer, audience="staff",
                           questions=[{"text": "Only one", "kind": "yes_no"}])
    assert survey.questions.count() == 1
    survey.refresh_from_db()
    services.survey_update(survey=survey, changed_by=cast.officer, audience="community")
    services.survey_respond(survey=survey, respondent=cast.citizen, answers=answers_for(survey))
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.survey_update(survey=survey, changed_by=cast.officer, anonymous=False,
                               questions=[{"text": "New", "kind": "text"}])
    assert fields_of(info) == {"anonymous", "questions"}
    services.survey_update(survey=survey, changed_by=cast.officer, title="Renamed",
                           closes_on=TODAY + datetime.timedelta(days=3))
    survey.refresh_from_db()
    assert survey.title == "Renamed"
    with pytest.raises(PermissionDenied):
        services.survey_update(survey=survey, changed_by=cast.outsider, title="Mine")


def test_results_aggregate_per_question_with_texts_for_staff_only(cast):
    survey = open_survey(cast)
    people = [cast.citizen, cast.citizen2] + [
        MembershipFactory(organisation=cast.council, role="citizen").user for _ in range(2)
    ]
    for person, scale, yes, number, text in zip(
        people, [5, 4, 4, 1], [True, True, False, True], ["2", "10", "", "4.5"],
        ["Zebra crossing", "", "Apples", "More benches"], strict=True,
    ):
        services.survey_respond(survey=survey, respondent=person,
                                answers=answers_for(survey, scale, yes, number, text))
    results = selectors.survey_results(survey=survey, include_texts=True)
    assert results.responses == 4
    scale, yes_no, number, text = results.questions
    assert (scale.answered, scale.mean) == (4, D("3.50"))
    assert scale.distribution == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    assert (yes_no.yes, yes_no.no, yes_no.yes_percent) == (3, 1, 75)
    assert (number.answered, number.mean, number.minimum, number.maximum) == (
        3, D("5.50"), D("2"), D("10")
    )
    assert text.answered == 3
    assert text.texts == ["Apples", "More benches", "Zebra crossing"]  # sorted, not by time
    public = selectors.survey_results(survey=survey, include_texts=False)
    assert public.questions[3].texts is None and public.questions[3].answered == 3


def test_question_mean_over_a_period(cast):
    survey = open_survey(cast)
    scale = survey.questions.get(kind="scale")
    services.survey_respond(survey=survey, respondent=cast.citizen,
                            answers=answers_for(survey, scale=5), today=datetime.date(2025, 3, 1))
    services.survey_respond(survey=survey, respondent=cast.citizen2,
                            answers=answers_for(survey, scale=2), today=datetime.date(2025, 5, 1))
    assert selectors.question_mean(scale) == (D("3.5"), 2)
    assert selectors.question_mean(scale, date_to=datetime.date(2025, 3, 31)) == (D(5), 1)
    assert selectors.question_mean(survey.questions.get(kind="yes_no")) == (D(1), 2)


# --- maturity ---------------------------------------------------------------------------------


def test_a_maturity_self_assessment_with_total_band_and_weakest_principles(cast):
    scores = all_scores(4)
    scores.update(dict.fromkeys([k for k in STATEMENTS if k.startswith("reciprocity")], 2))
    scores.update(dict.fromkeys([k for k in STATEMENTS if k.startswith("networks")], 2))
    assessment = services.maturity_assessment_create(
        assessed_by=cast.manager, organisation=cast.council,
        assessed_on=datetime.date(2025, 3, 1), scores=scores,
    )
    summary = selectors.maturity_summary(assessment)
    assert summary.total == 12 * 4 + 6 * 2 == 60
    assert summary.maximum == 90
    assert summary.band == "established"
    assert [p.key for p in summary.weakest] == ["reciprocity", "networks"]
    assert len(summary.principles) == 6


def test_maturity_trend_over_assessments_a_year_apart(cast):
    for day, value in ((datetime.date(2024, 3, 1), 2), (datetime.date(2025, 3, 1), 3)):
        services.maturity_assessment_create(
            assessed_by=cast.officer, organisation=cast.council, assessed_on=day,
            scores=all_scores(value),
        )
    trend = selectors.maturity_trend(organisation=cast.council)
    assert [(p.total, p.band, p.change) for p in trend] == [
        (36, "developing", None), (54, "established", 18)
    ]
    assert trend[1].principle_means["catalysts"] == D("3.00")


@pytest.mark.parametrize(
    ("total", "band"),
    [(18, "emerging"), (35, "emerging"), (36, "developing"), (53, "developing"),
     (54, "established"), (71, "established"), (72, "leading"), (90, "leading")],
)
def test_band_thresholds(total, band):
    assert band_for(total, 18) == band


def test_bad_maturity_scores_are_named(cast):
    first = next(iter(STATEMENTS))
    scores = all_scores(3)
    scores[first] = 6
    del scores["catalysts-training"]
    scores["made-up"] = 3
    with pytest.raises(ValidationError) as info, nothing_stored():
        services.maturity_assessment_create(
            assessed_by=cast.manager, organisation=cast.council,
            assessed_on=TODAY + datetime.timedelta(days=1), scores=scores,
        )
    assert fields_of(info) == {first, "catalysts-training", "scores", "assessed_on"}
    for who in ("citizen", "member", "outsider"):
        with pytest.raises(PermissionDenied), nothing_stored():
            services.maturity_assessment_create(
                assessed_by=getattr(cast, who), organisation=cast.council, assessed_on=TODAY,
                scores=all_scores(),
            )


def test_untouched_tables_after_the_bad_inputs():
    # A guard for the guard: nothing_stored really compares rows.
    with pytest.raises(AssertionError, match="something was stored"), nothing_stored():
        OutcomeIndicatorFactory()
        raise RuntimeError
    assert OutcomeIndicator.objects.count() == 1
    assert not Response.objects.exists() and not Answer.objects.exists()
