"""/api/v1/outcome-indicators/ and /api/v1/outcome-measurements/: scoping, writes through the
services, the verify action, and bad input answered 400 naming the field with nothing stored."""

import datetime
from decimal import Decimal as D

import pytest

from assessment import services
from assessment.models import MeasurementStatus, OutcomeIndicator, OutcomeMeasurement
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory
from .factories import BASELINE, steady_steps, take_part

pytestmark = pytest.mark.django_db

INDICATORS = "/api/v1/outcome-indicators/"
MEASUREMENTS = "/api/v1/outcome-measurements/"


@pytest.fixture
def falls(cast):
    _initiative, indicator = steady_steps(cast)
    return indicator


def indicator_body(initiative, **extra):
    return {
        "initiative": initiative.pk,
        "name": "People back in work",
        "unit": "people",
        "baseline_value": "0",
        "baseline_date": "2025-01-01",
        "financial_proxy": "2500.00",
        "proxy_source_title": "Illustrative",
        "deadweight": "30",
        **extra,
    }


def reading(indicator, **extra):
    return {
        "indicator": indicator.pk,
        "value": "3",
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "evidence": "Clinic log",
        **extra,
    }


def test_an_officer_adds_an_indicator_and_everyone_who_sees_the_initiative_reads_it(
    cast, api_as, falls
):
    response = api_as(cast.officer).post(INDICATORS, indicator_body(falls.initiative),
                                         format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["currency"] == "GBP" and body["financial_proxy"] == "2500.00"
    assert body["deadweight"] == "30.00" and body["duration_years"] == 1
    listed = api_as(cast.citizen2).get(INDICATORS, {"initiative": falls.initiative.pk}).json()
    assert listed["count"] == 2
    detail = api_as(cast.outsider).get(f"{INDICATORS}{falls.pk}/").json()
    assert detail["proxy_source"].startswith("Unit Costs")
    assert (detail["deadweight"], detail["displacement"], detail["attribution"],
            detail["drop_off"]) == ("25.00", "10.00", "20.00", "10.00")


def test_indicators_of_an_unpublished_initiative_are_404_to_outsiders(cast, api_as):
    initiative = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="X", unit="people",
        baseline_value=D("0"), baseline_date=BASELINE,
    )
    assert api_as(cast.member).get(f"{INDICATORS}{indicator.pk}/").status_code == 200
    for who in ("citizen", "outsider", "nobody"):
        assert api_as(getattr(cast, who)).get(f"{INDICATORS}{indicator.pk}/").status_code == 404
    assert api_as(cast.outsider).get(INDICATORS).json()["count"] == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"deadweight": "101"}, "deadweight"), ({"drop_off": "-5"}, "drop_off"),
     ({"attribution": "100.5"}, "attribution"), ({"displacement": "250"}, "displacement"),
     ({"duration_years": 0}, "duration_years")],
)
def test_bad_valuation_is_400_naming_the_field(cast, api_as, falls, extra, field):
    before = OutcomeIndicator.objects.count()
    response = api_as(cast.officer).post(
        INDICATORS, indicator_body(falls.initiative, **extra), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert OutcomeIndicator.objects.count() == before


def test_non_staff_cannot_add_or_change_indicators(cast, api_as, falls):
    body = indicator_body(falls.initiative)
    assert api_as(cast.citizen).post(INDICATORS, body, format="json").status_code == 403
    assert api_as(cast.outsider).post(INDICATORS, body, format="json").status_code == 403
    patch = api_as(cast.citizen).patch(f"{INDICATORS}{falls.pk}/", {"name": "Mine"},
                                       format="json")
    assert patch.status_code == 403
    ok = api_as(cast.manager).patch(f"{INDICATORS}{falls.pk}/", {"attribution": "15"},
                                    format="json")
    assert ok.status_code == 200 and ok.json()["attribution"] == "15.00"
    assert ok.json()["initiative"] == falls.initiative_id


def test_an_unseen_initiative_reads_as_missing(cast, api_as):
    hidden = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    response = api_as(cast.outsider).post(INDICATORS, indicator_body(hidden), format="json")
    assert response.status_code == 400 and set(response.json()) == {"initiative"}


def test_staff_record_verified_readings(cast, api_as, falls):
    response = api_as(cast.officer).post(MEASUREMENTS, reading(falls), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "verified" and body["recorded_by"] == cast.officer.pk
    assert body["initiative"] == falls.initiative_id
    public = api_as(cast.citizen2).get(f"{MEASUREMENTS}{body['id']}/").json()
    assert public["recorded_by"] is None  # who recorded is for insiders


def test_a_co_monitor_submits_and_an_officer_verifies(cast, api_as, falls):
    take_part(cast.citizen, falls.initiative, ParticipationRole.INSPECTOR)
    created = api_as(cast.citizen).post(MEASUREMENTS, reading(falls), format="json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    pk = created.json()["id"]
    assert api_as(cast.citizen).get(f"{MEASUREMENTS}{pk}/").json()["recorded_by"] == (
        cast.citizen.pk
    )
    assert api_as(cast.citizen2).get(f"{MEASUREMENTS}{pk}/").status_code == 404  # pending
    assert api_as(cast.citizen).post(f"{MEASUREMENTS}{pk}/verify/").status_code == 403
    assert api_as(cast.outsider).post(f"{MEASUREMENTS}{pk}/verify/").status_code == 404
    verified = api_as(cast.manager).post(f"{MEASUREMENTS}{pk}/verify/")
    assert verified.status_code == 200
    assert verified.json()["status"] == "verified"
    assert verified.json()["verified_by"] == cast.manager.pk
    assert api_as(cast.citizen2).get(f"{MEASUREMENTS}{pk}/").status_code == 200
    again = api_as(cast.officer).post(f"{MEASUREMENTS}{pk}/verify/")
    assert again.status_code == 403  # no longer submitted


def test_citizens_not_monitoring_are_refused(cast, api_as, falls):
    response = api_as(cast.citizen).post(MEASUREMENTS, reading(falls), format="json")
    assert response.status_code == 403
    assert not OutcomeMeasurement.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"period_start": "2024-12-01"}, "period_start"),
     ({"period_start": "2025-03-01", "period_end": "2025-02-01"}, "period_end"),
     ({"value": "-2"}, "value")],
)
def test_bad_readings_are_400_naming_the_field(cast, api_as, falls, extra, field):
    response = api_as(cast.officer).post(MEASUREMENTS, reading(falls, **extra), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert not OutcomeMeasurement.objects.exists()


def test_filters_edit_and_delete(cast, api_as, falls):
    client = api_as(cast.officer)
    for start, end in (("2025-01-01", "2025-03-31"), ("2025-04-01", "2025-06-30")):
        client.post(MEASUREMENTS, reading(falls, period_start=start, period_end=end),
                    format="json")
    listed = client.get(MEASUREMENTS, {"period_end_after": "2025-04-01",
                                       "indicator": falls.pk}).json()
    assert listed["count"] == 1
    pk = listed["results"][0]["id"]
    assert client.get(MEASUREMENTS, {"status": "submitted"}).json()["count"] == 0
    patched = client.patch(f"{MEASUREMENTS}{pk}/", {"value": "5"}, format="json")
    assert patched.status_code == 200 and patched.json()["value"] == "5.00"
    assert patched.json()["status"] == MeasurementStatus.VERIFIED
    assert api_as(cast.citizen).delete(f"{MEASUREMENTS}{pk}/").status_code == 403
    assert api_as(cast.officer).delete(f"{MEASUREMENTS}{pk}/").status_code == 204
    assert OutcomeMeasurement.objects.count() == 1
    assert datetime.date(2025, 1, 1) == OutcomeMeasurement.objects.get().period_start
