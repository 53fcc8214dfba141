"""Benefit indicators measured in co-assessment on the dashboards: a linked survey question's
mean, a linked outcome measure and the public cost per outcome, each with the previous period's
value and trend; a later measurement shows at once (it bumps the roll-up generation)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from assessment import services as assessment_services
from benefits.assessment_values import indicator_link_create
from benefits.models import Indicator
from benefits.services import rollup_stale_buckets
from ledger import services as ledger_services
from tests.assessment.factories import open_survey, record_falls, steady_steps

from .dashboard_data import succeeded_run

pytestmark = pytest.mark.django_db

URL = reverse("api:dashboard-stakeholders-list")
HALF = {"organisation": "northbridge", "from": "2025-07", "to": "2025-12"}  # previous: Jan–Jun


def indicator(body, slug):
    return next(i for b in body["benefits"] for i in b["indicators"] if i["slug"] == slug)


@pytest.fixture
def measured(cast):
    """Steady Steps: falls 1 + 2 in the first half of 2025, 3 + 4 in the second; public input
    £300.00 in February and £600.00 in August; a community survey whose scale question is
    answered 3 in March and 5 in September; the question linked to "citizens-cohesion" and the
    outcome to "users-outcome-measures"."""
    initiative, falls = steady_steps(cast)
    record_falls(cast, falls, per_quarter=(1, 2, 3, 4))
    for day, amount in ((datetime.date(2025, 2, 1), "300.00"), (datetime.date(2025, 8, 1),
                                                                   "600.00")):
        ledger_services.public_input_record(
            recorded_by=cast.officer, initiative=initiative, kind="spend", date=day,
            amount=D(amount), description="Classes",
        )
    rollup_stale_buckets()
    succeeded_run()
    survey = open_survey(
        cast, opens_on=datetime.date(2024, 1, 1),
        questions=[{"text": "I feel part of my neighbourhood.", "kind": "scale"}],
    )
    scale = survey.questions.get(kind="scale")
    for person, score, day in ((cast.citizen, 3, datetime.date(2025, 3, 10)),
                               (cast.citizen2, 5, datetime.date(2025, 9, 10))):
        assessment_services.survey_respond(
            survey=survey, respondent=person, answers={scale.pk: score}, today=day
        )
    indicator_link_create(
        indicator=Indicator.objects.get(slug="citizens-cohesion"), survey_question=scale
    )
    indicator_link_create(
        indicator=Indicator.objects.get(slug="users-outcome-measures"), outcome_indicator=falls
    )
    return initiative, falls


def test_linked_values_appear_with_a_trend(api_as, cast, measured):
    body = api_as(cast.manager).get(URL, HALF).json()
    cohesion = indicator(body, "citizens-cohesion")
    assert (cohesion["value"], cohesion["previous_value"]) == ("5.00", "3.00")
    assert (cohesion["trend"], cohesion["improving"]) == ("up", True)
    outcomes = indicator(body, "users-outcome-measures")
    assert (outcomes["value"], outcomes["previous_value"]) == ("7.00", "3.00")
    assert outcomes["trend"] == "up"
    cost = indicator(body, "managers-cost-per-outcome")
    # £600.00 ÷ 7 falls = 85.71; before: £300.00 ÷ 3 = 100.00; lower is better
    assert (cost["value"], cost["previous_value"], cost["unit"]) == ("85.71", "100.00", "GBP")
    assert (cost["trend"], cost["improving"]) == ("down", True)
    # an indicator with no link still says it has no data
    assert indicator(body, "staff-job-satisfaction")["value"] is None


def test_the_dashboard_page_shows_them(client, cast, measured):
    client.force_login(cast.manager)
    response = client.get(
        reverse("dashboard-organisation", args=["northbridge"]),
        {"from": "2025-07", "to": "2025-12"},
    )
    assert response.status_code == 200
    figures = {
        figure.indicator.slug: figure
        for entry in response.context["dashboard"].benefits
        for figure in entry.indicators
    }
    assert figures["citizens-cohesion"].value == D("5.00")
    assert figures["citizens-cohesion"].has_source is True
    assert figures["users-outcome-measures"].trend == "up"
    assert figures["staff-job-satisfaction"].has_source is False


def test_a_new_measurement_shows_at_once_though_the_figures_are_cached(
    api_as, cast, measured, django_capture_on_commit_callbacks
):
    _initiative, falls = measured
    client = api_as(cast.manager)
    assert indicator(client.get(URL, HALF).json(), "users-outcome-measures")["value"] == "7.00"
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.outcome_measurement_record(
            recorded_by=cast.officer, indicator=falls, value=D("5"),
            period_start=datetime.date(2025, 11, 1), period_end=datetime.date(2025, 11, 30),
        )
    assert indicator(client.get(URL, HALF).json(), "users-outcome-measures")["value"] == "12.00"


def test_scoping_is_unchanged(api_as, cast, measured):
    assert api_as(cast.outsider).get(URL, HALF).status_code == 404
    assert api_as(cast.citizen).get(URL, HALF).status_code == 404
