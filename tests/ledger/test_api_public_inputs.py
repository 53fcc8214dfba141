"""/api/v1/public-inputs/: staff time at the loaded cost, spend, public in kind; who sees them."""

import datetime
from decimal import Decimal as D

import pytest

from ledger import services
from ledger.models import PublicInput, StaleBucket

from .factories import GRADE, StaffCostRateFactory, befriending

pytestmark = pytest.mark.django_db

URL = "/api/v1/public-inputs/"
DESIGN_FIELDS = {
    "id",
    "initiative",
    "kind",
    "date",
    "hours",
    "grade",
    "amount",
    "currency",
    "description",
    "value",
}


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def record(cast, initiative, **extra):
    fields = {"kind": "spend", "date": datetime.date(2025, 6, 30), "amount": D("20"), **extra}
    return services.public_input_record(recorded_by=cast.officer, initiative=initiative, **fields)


def test_an_officer_records_staff_time_at_the_grades_fully_loaded_cost(cast, initiative, api_as):
    StaffCostRateFactory(
        organisation=cast.council,
        grade="senior-officer",
        hourly_rate=D("32.50"),
        oncost_percent=D("20"),
        overhead_percent=D("15"),
    )
    response = api_as(cast.officer).post(
        URL,
        {
            "initiative": initiative.pk,
            "kind": "staff_time",
            "date": "2025-06-30",
            "hours": "2.5",
            "grade": "senior-officer",
            "description": "Volunteer supervision",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= DESIGN_FIELDS
    assert (body["value"], body["rate"], body["method"]) == ("112.13", "44.85", "loaded_staff_cost")
    assert body["organisation"] == cast.council.pk and body["currency"] == "GBP"
    assert "32.50" in body["rate_source"] and "20.00% on-costs" in body["rate_source"]
    assert StaleBucket.objects.filter(initiative=initiative).count() == 1


def test_spend_and_public_in_kind(cast, initiative, api_as):
    client = api_as(cast.manager)
    spend = client.post(
        URL,
        {"initiative": initiative.pk, "kind": "spend", "date": "2025-06-30", "amount": "200"},
        format="json",
    ).json()
    premises = client.post(
        URL,
        {
            "initiative": initiative.pk,
            "kind": "in_kind",
            "date": "2025-06-30",
            "amount": "80.00",
            "description": "Community room, two sessions",
        },
        format="json",
    ).json()
    assert (spend["value"], spend["method"], spend["rate"]) == ("200.00", "face_value", None)
    assert (premises["value"], premises["method"]) == ("80.00", "market_value")


@pytest.mark.parametrize(
    ("who", "change", "field"),
    [
        ("citizen", {}, "initiative"),
        ("member", {}, "initiative"),  # elected members read, never record
        ("partner", {}, "initiative"),
        ("outsider", {}, "initiative"),
        ("officer", {"amount": "0"}, "amount"),
        ("officer", {"amount": "-5"}, "amount"),
        (
            "officer",
            {"kind": "staff_time", "amount": None, "hours": "2", "grade": "unknown"},
            "grade",
        ),
        ("officer", {"kind": "in_kind"}, "description"),
        ("officer", {"currency": "EUR"}, "currency"),
        ("officer", {"date": "2099-01-01"}, "date"),
    ],
)
def test_bad_public_inputs_are_field_errors_and_store_nothing(
    cast, initiative, api_as, who, change, field
):
    row = {
        "initiative": initiative.pk,
        "kind": "spend",
        "date": "2025-06-30",
        "amount": "20",
        **change,
    }
    row = {k: v for k, v in row.items() if v is not None}
    response = api_as(getattr(cast, who)).post(URL, row, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert PublicInput.objects.count() == 0 and StaleBucket.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", True),
        ("manager", True),
        ("member", True),
        ("partner", True),
        ("citizen", False),
        ("outsider", False),
        ("nobody", False),
    ],
)
def test_public_inputs_are_seen_by_insiders_of_the_initiatives_organisations(
    cast, initiative, api_as, who, sees
):
    line = record(cast, initiative)
    client = api_as(getattr(cast, who))
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert (line.pk in listed) is sees
    assert client.get(f"{URL}{line.pk}/").status_code == (200 if sees else 404)


def test_filters_and_no_update_or_delete(cast, initiative, api_as):
    june = record(cast, initiative)
    july = record(
        cast,
        initiative,
        kind="staff_time",
        amount=None,
        hours=D("1"),
        grade=GRADE,
        date=datetime.date(2025, 7, 1),
    )
    client = api_as(cast.officer)

    def ids(query):
        return {row["id"] for row in client.get(f"{URL}?{query}").json()["results"]}

    assert ids("kind=staff_time") == {july.pk}
    assert ids("date_after=2025-07-01") == {july.pk}
    assert ids("date_before=2025-06-30") == {june.pk}
    assert ids(f"initiative={initiative.pk}") == {june.pk, july.pk}
    assert client.patch(f"{URL}{june.pk}/", {"amount": "1"}, format="json").status_code == 405
    assert client.delete(f"{URL}{june.pk}/").status_code == 405
