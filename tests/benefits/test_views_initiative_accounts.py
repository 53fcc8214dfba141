"""An initiative's accounts page, read from the roll-ups: ACCOUNTING.md's first worked example,
periods with partial months, freshness, scoping."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from benefits.services import rollup_stale_buckets
from ledger import services

from ..ledger.factories import GRADE, befriending

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
    rollup_stale_buckets()  # what follows every committed write
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
    rollup_stale_buckets()
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
    rollup_stale_buckets()
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


def test_figures_come_from_the_roll_ups_with_their_as_of(client, cast, initiative,
                                                         worked_example):
    from benefits.models import ContributionRollup

    ContributionRollup.objects.filter(kind="money").update(value=D("1.00"))  # no source read
    client.force_login(cast.officer)

    accounts = client.get(url(initiative)).context["accounts"]

    assert accounts.citizen_input_value == D("120.00")  # 239.00 − 120.00 + 1.00
    assert accounts.as_of == ContributionRollup.objects.order_by("-computed_at")[0].computed_at
    assert accounts.stale_months == 0


def test_changes_waiting_for_the_roll_up_are_announced(client, cast, initiative, worked_example):
    submit(cast, initiative, kind="money", date=datetime.date(2025, 8, 3), amount="7.00")
    client.force_login(cast.manager)

    response = client.get(url(initiative))

    assert response.context["accounts"].stale_months == 1
    body = response.content.decode()
    assert "One month of this period has changes still waiting to be rolled up" in body
    assert 'href="/dashboards/freshness/"' in body  # managers can look further

    rollup_stale_buckets()
    body = client.get(url(initiative)).content.decode()
    assert "waiting to be rolled up" not in body


def test_a_period_with_partial_months_reads_their_lines(client, cast, initiative,
                                                        worked_example):
    client.force_login(cast.officer)

    response = client.get(url(initiative), {"from": "2025-06-15", "to": "2025-07-01"})

    accounts = response.context["accounts"]
    assert accounts.citizen_input_value == D("239.00")
    assert accounts.public_input_value == D("525.00")
    assert (accounts.contributors, accounts.contributions) == (2, 4)
