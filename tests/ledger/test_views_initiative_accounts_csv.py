"""The CSV export of an initiative's ledger lines (the accounts page links it): ACCOUNTING.md's
first worked example, line by line."""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger import services
from ledger.exports import COLUMNS, safe_cell

from .factories import GRADE, StaffCostRateFactory, befriending

pytestmark = pytest.mark.django_db

JUNE_30, JULY_1, JULY_2 = (datetime.date(2025, 6, 30), datetime.date(2025, 7, 1),
                           datetime.date(2025, 7, 2))


def url(initiative, name="initiative-accounts-csv"):
    return reverse(name, args=[initiative.pk])


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def submit(cast, initiative, **fields):
    return services.contribution_submit(
        submitted_by=fields.pop("by", cast.citizen), initiative=initiative, **fields
    )


@pytest.fixture
def worked_example(cast, initiative):
    """A 3.5 h on 30 June, B 2 h on 1 July, C in kind £40.00, D money £120.00, all verified;
    public: 10 h at £32.50 and £200.00 spend; E 1 h submitted, not verified."""
    lines = [
        submit(cast, initiative, kind="time", activity="co-performing", date=JUNE_30, hours="3.5"),
        submit(
            cast, initiative, by=cast.citizen2, kind="time", activity="co-performing",
            date=JULY_1, hours="2",
        ),
        submit(cast, initiative, kind="in_kind", date=JULY_1, amount="40.00",
               description="Minibus hire"),
        submit(cast, initiative, kind="money", date=JULY_1, amount="120.00"),
    ]
    services.contributions_verify_many(
        contribution_ids=[c.pk for c in lines], verified_by=cast.officer
    )
    services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time", date=JULY_1,
        hours="10", grade=GRADE,
    )
    services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend", date=JULY_1,
        amount="200.00", description="Venue hire",
    )
    pending = submit(
        cast, initiative, by=cast.citizen2, kind="time", activity="co-performing", date=JULY_2,
        hours="1",
    )
    return lines, pending


@pytest.mark.parametrize("persona", ["officer", "manager", "member", "partner"])
def test_insiders_download_the_ledger(client, cast, initiative, worked_example, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative, "initiative-accounts-csv")).status_code == 200


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "outsider", "nobody"])
def test_outside_the_initiative_the_ledger_does_not_exist(
    client, cast, initiative, worked_example, persona
):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative, "initiative-accounts-csv")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, initiative):
    response = client.get(url(initiative, "initiative-accounts-csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- CSV --------------------------------------------------------------------------------------


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_rows_add_up_to_the_totals(client, cast, initiative, worked_example):
    client.force_login(cast.officer)

    response = client.get(url(initiative, "initiative-accounts-csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="accounts-befriending-older-neighbours-start-to-' in (
        response["Content-Disposition"]
    )
    rows = read_csv(response)
    assert list(rows[0].keys()) == COLUMNS
    verified = [r for r in rows if r["line_type"] == "contribution" and r["status"] == "verified"]
    pending = [r for r in rows if r["line_type"] == "contribution" and r["status"] == "submitted"]
    public = [r for r in rows if r["line_type"] == "public_input"]
    assert sum(D(r["value"]) for r in verified) == D("239.00")
    assert sum(D(r["value"]) for r in pending) == D("15.00")
    assert sum(D(r["value"]) for r in public) == D("525.00")
    assert sum(D(r["hours"]) for r in verified if r["hours"]) == D("5.5")
    first = rows[0]
    assert first == {
        **first,
        "date": "2025-06-30",
        "kind": "time",
        "activity": "co-performing",
        "contributor": f"user:{cast.citizen.pk}",
        "hours": "3.5",
        "currency": "GBP",
        "method": "replacement_cost_specialist",
        "rate": "14.00",
        "rate_source": "Illustrative demo rate, Co-production platform, 2025",
        "value": "49.00",
    }
    staff = next(r for r in public if r["kind"] == "staff_time")
    assert staff["activity"] == GRADE and staff["rate"] == "32.50" and staff["value"] == "325.00"
    assert staff["contributor"] == cast.council.slug


def test_csv_for_a_period_names_it(client, cast, initiative, worked_example):
    client.force_login(cast.officer)

    response = client.get(
        url(initiative, "initiative-accounts-csv"), {"from": "2025-07-01", "to": "2025-07-31"}
    )

    assert "start" not in response["Content-Disposition"]
    assert "2025-07-01-to-2025-07-31.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert {r["date"] for r in rows} == {"2025-07-01", "2025-07-02"}
    bad = client.get(
        url(initiative, "initiative-accounts-csv"), {"from": "2025-08-01", "to": "2025-07-31"}
    )
    assert bad.status_code == 400


def test_csv_cells_are_safe_from_formula_injection(client, cast, initiative):
    StaffCostRateFactory(organisation=cast.council, grade="=SUM(A1)", hourly_rate=D("20"))
    services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time", date=JULY_1,
        hours="1", grade="=SUM(A1)",
    )
    services.contribution_submit(
        submitted_by=cast.partner, submitted_by_organisation=cast.charity, initiative=initiative,
        kind="money", date=JUNE_30, amount="5", volunteer_ref="@admin", external_ref="+1",
    )
    client.force_login(cast.officer)

    response = client.get(url(initiative, "initiative-accounts-csv"))

    rows = read_csv(response)
    staff = next(r for r in rows if r["line_type"] == "public_input")
    assert staff["activity"] == "'=SUM(A1)"
    assert staff["value"] == "20.00"
    assert "\n=" not in response.content.decode()
    assert safe_cell("=1+2") == "'=1+2"
    assert safe_cell("+44 1234") == "'+44 1234"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-cmd") == "'-cmd"
    assert safe_cell("-12.50") == "-12.50"
    assert safe_cell(D("3.50")) == "3.5"
    assert safe_cell("\t=1") == "'\t=1"
