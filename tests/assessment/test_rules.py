"""Who may do what in co-assessment (assessment/rules.py), persona by persona, and the list
selectors that express the same scope."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from assessment import selectors, services
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory
from .factories import BASELINE, all_scores, open_survey, take_part

pytestmark = pytest.mark.django_db

PERSONAS = ["officer", "manager", "member", "citizen", "citizen2", "partner", "outsider", "nobody"]
STAFF = {"officer", "manager"}
INSIDERS = STAFF | {"member"}
EVERYONE = set(PERSONAS)


def allowed(cast, perm, obj=None):
    return {name for name in PERSONAS if getattr(cast, name).has_perm(perm, obj)}


@pytest.fixture
def world(cast):
    initiative = InitiativeFactory(lead_organisation=cast.council)
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="Falls", unit="falls",
        baseline_value=D("0"), baseline_date=BASELINE,
    )
    hidden_indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=proposed, name="Hidden", unit="x",
        baseline_value=D("0"), baseline_date=BASELINE,
    )
    submitted = services.outcome_measurement_record(
        recorded_by=cast.citizen, indicator=indicator, value=D("1"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 1, 31),
    )
    verified = services.outcome_measurement_record(
        recorded_by=cast.officer, indicator=indicator, value=D("2"),
        period_start=datetime.date(2025, 2, 1), period_end=datetime.date(2025, 2, 28),
    )
    rating = services.rating_create(user=cast.citizen2, initiative=initiative, score=4)
    inspection = services.inspection_create(
        created_by=cast.citizen, initiative=initiative, title="T",
        inspected_on=datetime.date(2025, 3, 1), team=[cast.citizen],
        standards=[{"statement": "S", "score": 3}], recommendations=["R"],
    )
    survey = open_survey(cast)
    staff_survey = open_survey(cast, audience="staff")
    assessment = services.maturity_assessment_create(
        assessed_by=cast.officer, organisation=cast.council, assessed_on=BASELINE,
        scores=all_scores(),
    )
    return locals()


def test_outcome_permissions(cast, world):
    indicator, hidden = world["indicator"], world["hidden_indicator"]
    assert allowed(cast, "assessment.view_outcome_indicator", indicator) == EVERYONE
    assert allowed(cast, "assessment.view_outcome_indicator", hidden) == INSIDERS
    assert allowed(cast, "assessment.manage_outcomes", world["initiative"]) == STAFF
    assert allowed(cast, "assessment.change_outcome_indicator", indicator) == STAFF
    assert allowed(cast, "assessment.record_measurement", indicator) == STAFF | {"citizen"}
    submitted, verified = world["submitted"], world["verified"]
    assert allowed(cast, "assessment.view_measurement", verified) == EVERYONE
    assert allowed(cast, "assessment.view_measurement", submitted) == INSIDERS | {"citizen"}
    assert allowed(cast, "assessment.change_measurement", submitted) == STAFF | {"citizen"}
    assert allowed(cast, "assessment.change_measurement", verified) == STAFF
    assert allowed(cast, "assessment.verify_measurement", submitted) == STAFF
    assert allowed(cast, "assessment.verify_measurement", verified) == set()
    assert allowed(cast, "assessment.delete_measurement", verified) == STAFF


def test_outcome_selectors_match_the_rules(cast, world):
    for name in PERSONAS:
        user = getattr(cast, name)
        visible = set(selectors.outcome_measurement_list_visible_to(user))
        expected = {m for m in (world["submitted"], world["verified"])
                    if user.has_perm("assessment.view_measurement", m)}
        assert visible == expected, name
        indicators = set(selectors.outcome_indicator_list_visible_to(user))
        assert indicators == {i for i in (world["indicator"], world["hidden_indicator"])
                              if user.has_perm("assessment.view_outcome_indicator", i)}, name
    assert list(selectors.outcome_measurement_queue(cast.officer)) == [world["submitted"]]
    assert list(selectors.outcome_measurement_queue(cast.citizen)) == []


def test_rating_permissions(cast, world):
    initiative, rating = world["initiative"], world["rating"]
    # citizens (and anyone taking part) rate; staff of the initiative and non-citizens do not
    assert allowed(cast, "assessment.rate_initiative", initiative) == {"citizen", "citizen2"}
    assert allowed(cast, "assessment.rate_initiative", world["proposed"]) == set()
    assert allowed(cast, "assessment.view_rating", rating) == INSIDERS | {"citizen2"}
    assert allowed(cast, "assessment.change_rating", rating) == {"citizen2"}
    assert allowed(cast, "assessment.hide_rating_comment", rating) == STAFF
    assert allowed(cast, "assessment.view_rating_summary", initiative) == EVERYONE
    for name in PERSONAS:
        user = getattr(cast, name)
        assert (rating in set(selectors.rating_list_visible_to(user))) == user.has_perm(
            "assessment.view_rating", rating
        ), name


def test_inspection_permissions(cast, world):
    inspection, initiative = world["inspection"], world["initiative"]
    assert allowed(cast, "assessment.add_inspection", initiative) == STAFF | {"citizen"}
    assert allowed(cast, "assessment.view_inspection", inspection) == INSIDERS | {"citizen"}
    assert allowed(cast, "assessment.change_inspection", inspection) == STAFF | {"citizen"}
    assert allowed(cast, "assessment.respond_to_recommendation", inspection) == set()  # draft
    services.inspection_complete(inspection=inspection, completed_by=cast.citizen)
    inspection.refresh_from_db()
    assert allowed(cast, "assessment.view_inspection", inspection) == EVERYONE
    assert allowed(cast, "assessment.change_inspection", inspection) == set()
    assert allowed(cast, "assessment.respond_to_recommendation", inspection) == STAFF
    assert allowed(cast, "assessment.view_you_said_we_did") == EVERYONE
    for name in PERSONAS:
        user = getattr(cast, name)
        assert (inspection in set(selectors.inspection_list_visible_to(user))) == (
            user.has_perm("assessment.view_inspection", inspection)
        ), name


def test_survey_permissions(cast, world):
    survey, staff_survey = world["survey"], world["staff_survey"]
    assert allowed(cast, "assessment.add_survey", cast.council) == STAFF
    assert allowed(cast, "assessment.view_survey", survey) == INSIDERS | {"citizen", "citizen2"}
    assert allowed(cast, "assessment.view_survey", staff_survey) == INSIDERS
    assert allowed(cast, "assessment.change_survey", survey) == STAFF
    assert allowed(cast, "assessment.answer_survey", survey) == {"citizen", "citizen2"}
    assert allowed(cast, "assessment.answer_survey", staff_survey) == STAFF
    assert allowed(cast, "assessment.view_survey_results", survey) == INSIDERS
    assert allowed(cast, "assessment.view_survey_texts", survey) == STAFF
    for name in PERSONAS:
        user = getattr(cast, name)
        visible = set(selectors.survey_list_visible_to(user))
        assert visible == {s for s in (survey, staff_survey)
                           if user.has_perm("assessment.view_survey", s)}, name
    services.survey_respond(survey=survey, respondent=cast.citizen, answers={
        q.pk: 3 for q in survey.questions.filter(kind="scale")
    } | {q.pk: "yes" for q in survey.questions.filter(kind="yes_no")})
    assert allowed(cast, "assessment.answer_survey", survey) == {"citizen2"}
    assert list(selectors.surveys_open_to(cast.citizen)) == []
    assert list(selectors.surveys_open_to(cast.citizen2)) == [survey]


def test_a_closed_survey_cannot_be_answered(cast, world):
    today = timezone.localdate()
    closed = open_survey(cast, opens_on=today - datetime.timedelta(days=5),
                         closes_on=today - datetime.timedelta(days=1))
    assert allowed(cast, "assessment.answer_survey", closed) == set()


def test_maturity_permissions(cast, world):
    assessment = world["assessment"]
    assert allowed(cast, "assessment.add_maturity_assessment", cast.council) == STAFF
    assert allowed(cast, "assessment.view_maturity", assessment) == INSIDERS
    assert allowed(cast, "assessment.view_maturity", cast.council) == INSIDERS
    for name in PERSONAS:
        user = getattr(cast, name)
        assert (assessment in set(selectors.maturity_assessment_list_visible_to(user))) == (
            user.has_perm("assessment.view_maturity", assessment)
        ), name
