"""An initiative's accounts page and its CSV ledger: ACCOUNTING.md's first worked example."""

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


def url(initiative, name="initiative-accounts"):
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


def test_the_worked_example_to_the_penny(client, cast, initiative, worked_example):
    client.force_login(cast.officer)

    response = client.get(url(initiative))

    assert response.status_code == 200
    accounts = response.context["accounts"]
    assert accounts.citizen_input_value == D("239.00")
    assert accounts.public_input_value == D("525.00")
    body = response.content.decode()
    for text in ("£239.00", "£525.00", "0.455", "31.3%", "£15.00", "5.5", "Figures as of"):
        assert text in body, text
    assert "no public input recorded" not in body


def test_pending_is_beside_the_totals_never_inside(client, cast, initiative, worked_example):
    client.force_login(cast.officer)

    body = client.get(url(initiative)).content.decode()

    figures = body[body.index('class="stats"') : body.index("</dl>", body.index('class="stats"'))]
    pending = body[body.index('class="pending"') : body.index("</aside>")]
    assert "£15.00" not in figures and "£239.00" in figures
    assert "£15.00" in pending and "not yet verified" in pending.lower()
    # The table's totals rows match the headline, pending on its own row.
    tfoot = body[body.index("<tfoot>") : body.index("</tfoot>")]
    assert "£239.00" in tfoot and "£15.00" in tfoot
    assert "Pending, not yet verified (not in the total above)" in tfoot


def test_lines_show_method_rate_and_source(client, cast, initiative, worked_example):
    client.force_login(cast.manager)

    response = client.get(url(initiative))

    body = response.content.decode()
    for text in (
        "Replacement cost (specialist rate for the activity)",
        "£14.00/h",
        "£15.00/h",
        "Declared market value",
        "Face value",
        "Fully loaded staff cost",
        "£32.50/h",
        "Illustrative demo rate, Co-production platform, 2025",
        "Northbridge City Council staff cost, grade officer-scale-6",
        "Minibus hire",
        "Venue hire",
        "ILO Manual on the Measurement of Volunteer Work",
        "UN Handbook on Non-Profit Institutions",
        "Replacement-cost rates used",
        "Staff costs used",
        "demonstration figures",
    ):
        assert text in body, text
    assert len(response.context["contribution_lines"]) == 5
    assert len(response.context["public_lines"]) == 2
    assert response.context["any_illustrative"]


def test_no_public_input_recorded(client, cast, initiative):
    contribution = submit(
        cast, initiative, kind="time", activity="co-performing", date=JUNE_30, hours="1"
    )
    services.contribution_verify(contribution=contribution, verified_by=cast.officer)
    client.force_login(cast.officer)

    response = client.get(url(initiative))

    accounts = response.context["accounts"]
    assert accounts.leverage is None
    body = response.content.decode()
    assert body.count("no public input recorded") == 2  # leverage and share
    assert "100.0%" not in body
    assert "No public input recorded in this period." in body


def test_a_period(client, cast, initiative, worked_example):
    client.force_login(cast.officer)

    response = client.get(url(initiative), {"from": "2025-07-01", "to": "2025-07-01"})

    accounts = response.context["accounts"]
    assert accounts.citizen_input_value == D("190.00")  # B + C + D; A is on 30 June
    assert accounts.pending_value == D("0.00")
    body = response.content.decode()
    assert "Figures from 1 July 2025 to 1 July 2025" in body
    assert "?from=2025-07-01&amp;to=2025-07-01" in body  # the CSV link keeps the period

    response = client.get(url(initiative), {"from": "2025-07-02", "to": "2025-07-01"})
    assert response.context["accounts"] is None
    assert response.context["period_form"].errors["to"]
    assert 'href="#id_to"' in response.content.decode()


def test_ledger_lines_come_in_pages_of_twenty_while_totals_cover_all(client, cast, initiative):
    for day in range(23):
        submit(
            cast, initiative, kind="time", activity="co-performing",
            date=datetime.date(2025, 2, 1) + datetime.timedelta(days=day), hours="1",
        )
    client.force_login(cast.officer)

    first = client.get(url(initiative))
    second = client.get(url(initiative), {"lines": 2})

    assert len(first.context["contribution_lines"]) == 20
    assert len(second.context["contribution_lines"]) == 3
    assert first.context["accounts"].pending_value == D("322.00")  # 23 h at £14.00
    assert "Lines 1–20 of 23" in first.content.decode()
    assert "?lines=2" in first.content.decode()


@pytest.mark.parametrize("persona", ["officer", "manager", "member", "partner"])
def test_insiders_read_the_accounts(client, cast, initiative, worked_example, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative)).status_code == 200
    assert client.get(url(initiative, "initiative-accounts-csv")).status_code == 200


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "outsider", "nobody"])
def test_outside_the_initiative_the_accounts_do_not_exist(
    client, cast, initiative, worked_example, persona
):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative)).status_code == 404
    assert client.get(url(initiative, "initiative-accounts-csv")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, initiative):
    for name in ("initiative-accounts", "initiative-accounts-csv"):
        response = client.get(url(initiative, name))
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
