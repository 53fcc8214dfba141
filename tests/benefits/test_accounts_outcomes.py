"""What the inputs bought, beside the accounts: cost per outcome both ways and SROI (ACCOUNTING.md,
second worked example "Steady Steps") on GET /api/v1/initiatives/{id}/accounts/ and on the accounts
page, read after the roll-up, with every assumption shown beside the figures."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from benefits.services import rollup_stale_buckets
from ledger import services as ledger_services
from tests.assessment.factories import record_falls, steady_steps
from tests.ledger.factories import take_part as volunteer

pytestmark = pytest.mark.django_db

YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def steady(cast):
    """Steady Steps with citizen £2,400.00 and public £6,000.00 in 2025 and 12 falls prevented,
    rolled up."""
    initiative, indicator = steady_steps(cast)
    volunteer(cast.citizen, initiative)
    money = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money",
        date=datetime.date(2025, 5, 1), amount=D("2400.00"),
    )
    ledger_services.contribution_verify(contribution=money, verified_by=cast.officer)
    ledger_services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend",
        date=datetime.date(2025, 5, 1), amount=D("6000.00"), description="Falls clinic",
    )
    record_falls(cast, indicator)  # 3 + 3 + 3 + 3 = 12 in 2025
    rollup_stale_buckets()
    return initiative


def api_url(initiative):
    return f"/api/v1/initiatives/{initiative.pk}/accounts/"


def test_the_second_worked_example_to_the_penny_through_the_api(api_as, cast, steady):
    response = api_as(cast.officer).get(api_url(steady), YEAR)
    assert response.status_code == 200, response.content
    body = response.json()
    # the accounts as before
    assert (body["citizen_input_value"], body["public_input_value"]) == ("2400.00", "6000.00")
    assert body["stale_months"] == 0
    # cost per outcome both ways
    assert body["cost_per_outcome"] == [
        {"outcome": "Falls prevented", "unit": "falls", "quantity": "12.00",
         "public": "500.00", "total": "700.00"},
    ]
    sroi = body["sroi"]
    assert (sroi["present_value"], sroi["ratio"], sroi["public_ratio"]) == (
        "24658.83", "2.94", "4.11"
    )
    assert sroi["net_present_value"] == "16258.83"
    assert sroi["discount_rate"] == "0.035"
    [falls] = sroi["outcomes"]
    assert falls == {
        "name": "Falls prevented",
        "quantity": "12.00",
        "financial_proxy": "1500.00",
        "proxy_source": "Unit Costs of Health and Social Care (illustrative), PSSRU, 2024",
        "deadweight": "25.00",
        "displacement": "10.00",
        "attribution": "20.00",
        "drop_off": "10.00",
        "duration_years": 3,
        "year_values": ["9720.00", "8748.00", "7873.20"],
        "present_value": "24658.83",
    }


def test_without_outcomes_the_fields_are_empty_and_null(api_as, cast):
    from tests.ledger.factories import befriending

    initiative = befriending(cast)
    body = api_as(cast.officer).get(api_url(initiative)).json()
    assert body["cost_per_outcome"] == []
    assert body["sroi"] is None


def test_an_outcome_without_a_proxy_has_cost_per_outcome_but_no_sroi(api_as, cast, steady):
    steady.outcome_indicators.update(financial_proxy=None, proxy_source_title="")
    body = api_as(cast.officer).get(api_url(steady), YEAR).json()
    assert body["cost_per_outcome"][0]["public"] == "500.00"
    assert body["sroi"] is None


def test_outsiders_get_a_404(api_as, cast, steady):
    assert api_as(cast.outsider).get(api_url(steady), YEAR).status_code == 404


def test_the_page_shows_the_figures_with_every_assumption(client, cast, steady):
    client.force_login(cast.officer)
    response = client.get(reverse("initiative-accounts", args=[steady.pk]), YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "What the inputs bought" in page
    for text in (
        "24,658.83", "2.94", "4.11", "16,258.83", "500.00", "700.00",  # the figures
        "1,500.00", "Unit Costs of Health and Social Care (illustrative), PSSRU, 2024",
        "25%", "10%", "20%", "3 years", "9,720.00", "8,748.00", "7,873.20", "3.5% a year",
    ):
        assert text in page, text
    figures = response.context["outcomes"]
    assert figures.present_value == D("24658.83")


def test_the_page_says_when_no_outcomes_are_recorded(client, cast):
    from tests.ledger.factories import befriending

    initiative = befriending(cast)
    client.force_login(cast.officer)
    page = client.get(reverse("initiative-accounts", args=[initiative.pk])).content.decode()
    assert "No outcomes recorded" in page


def test_outsiders_get_a_404_for_the_page(client, cast, steady):
    client.force_login(cast.outsider)
    assert client.get(reverse("initiative-accounts", args=[steady.pk])).status_code == 404
