"""GET /api/v1/initiatives/{id}/accounts/ — the worked example of ACCOUNTING.md, through the API,
read from the roll-ups (after the roll-up that follows every committed write)."""

import datetime

import pytest
from django.urls import reverse

from benefits.services import rollup_stale_buckets
from ledger import services
from ledger.models import Contribution

from ..factories import InitiativeFactory
from ..ledger.factories import GRADE, befriending

pytestmark = pytest.mark.django_db


def accounts_url(initiative, **query):
    url = f"/api/v1/initiatives/{initiative.pk}/accounts/"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def post(client, url, data, expected=201):
    response = client.post(url, data, format="json")
    assert response.status_code == expected, response.content
    return response.json()


def test_the_worked_example_to_the_penny_through_the_api(cast, initiative, api_as):
    citizen = api_as(cast.citizen)
    lines = [
        {"kind": "time", "activity": "co-performing", "date": "2025-06-30", "hours": "3.5"},
        {"kind": "time", "activity": "co-performing", "date": "2025-07-01", "hours": "2"},
        {"kind": "in_kind", "date": "2025-07-01", "amount": "40.00", "description": "Minibus hire"},
        {"kind": "money", "date": "2025-07-01", "amount": "120.00"},
    ]
    created = [
        post(citizen, "/api/v1/contributions/", {"initiative": initiative.pk, **line})
        for line in lines
    ]
    assert [c["value"] for c in created] == ["49.00", "30.00", "40.00", "120.00"]
    assert [c["rate"] for c in created] == ["14.00", "15.00", None, None]
    assert [c["method"] for c in created] == [
        "replacement_cost_specialist",
        "replacement_cost_specialist",
        "declared_value",
        "face_value",
    ]
    assert all(c["status"] == "submitted" and c["currency"] == "GBP" for c in created)

    officer = api_as(cast.officer)
    for contribution in created:
        verified = post(officer, f"/api/v1/contributions/{contribution['id']}/verify/", {}, 200)
        assert verified["status"] == "verified"
    staff = post(
        officer,
        "/api/v1/public-inputs/",
        {
            "initiative": initiative.pk,
            "kind": "staff_time",
            "date": "2025-07-01",
            "hours": "10",
            "grade": GRADE,
        },
    )
    spend = post(
        officer,
        "/api/v1/public-inputs/",
        {
            "initiative": initiative.pk,
            "kind": "spend",
            "date": "2025-07-01",
            "amount": "200.00",
            "description": "Room hire and printing",
        },
    )
    assert (staff["value"], staff["rate"], spend["value"]) == ("325.00", "32.50", "200.00")

    rollup_stale_buckets()
    manager = api_as(cast.manager)
    figures = manager.get(accounts_url(initiative)).json()
    assert figures["currency"] == "GBP"
    assert figures["citizen_input_value"] == "239.00"
    assert figures["public_input_value"] == "525.00"
    assert figures["pending_value"] == "0.00"
    assert figures["leverage"] == "0.455"
    assert figures["coproduction_share"] == "0.313"  # 31.3%
    assert figures["hours"] == "5.50"
    assert (figures["contributors"], figures["contributions"]) == (1, 4)
    assert figures["from"] is None and figures["to"] is None and figures["as_of"]
    assert figures["stale_months"] == 0

    fifth = post(
        api_as(cast.citizen),
        "/api/v1/contributions/",
        {
            "initiative": initiative.pk,
            "kind": "time",
            "activity": "co-performing",
            "date": "2025-07-02",
            "hours": "1",
        },
    )
    assert (fifth["value"], fifth["status"]) == ("15.00", "submitted")
    waiting = api_as(cast.manager).get(accounts_url(initiative)).json()
    assert (waiting["pending_value"], waiting["stale_months"]) == ("0.00", 1)
    rollup_stale_buckets()
    after = api_as(cast.manager).get(accounts_url(initiative)).json()
    assert after["stale_months"] == 0
    assert after["pending_value"] == "15.00"
    unchanged = [
        "citizen_input_value",
        "public_input_value",
        "leverage",
        "coproduction_share",
        "hours",
        "contributors",
        "contributions",
    ]
    assert {k: after[k] for k in unchanged} == {k: figures[k] for k in unchanged}


def _verified(cast, initiative, hours, day):
    line = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=day,
        hours=hours,
    )
    return services.contribution_verify(contribution=line, verified_by=cast.officer)


def test_a_period_counts_only_its_lines_with_both_ends_inclusive(cast, initiative, api_as):
    _verified(cast, initiative, "1", datetime.date(2025, 6, 30))
    _verified(cast, initiative, "2", datetime.date(2025, 7, 1))
    _verified(cast, initiative, "4", datetime.date(2025, 8, 1))
    rollup_stale_buckets()
    response = api_as(cast.officer).get(
        accounts_url(initiative, **{"from": "2025-07-01", "to": "2025-08-01"})
    )
    figures = response.json()
    assert figures["citizen_input_value"] == "90.00"  # 2 × 15 + 4 × 15; June is outside
    assert (figures["from"], figures["to"]) == ("2025-07-01", "2025-08-01")
    assert figures["hours"] == "6.00"


def test_no_public_input_means_no_leverage_never_free(cast, initiative, api_as):
    _verified(cast, initiative, "1", datetime.date(2025, 6, 30))
    rollup_stale_buckets()
    figures = api_as(cast.officer).get(accounts_url(initiative)).json()
    assert figures["public_input_value"] == "0.00"
    assert figures["leverage"] is None
    assert figures["coproduction_share"] == "1.000"
    empty = (
        api_as(cast.officer)
        .get(accounts_url(InitiativeFactory(lead_organisation=cast.council)))
        .json()
    )
    assert (empty["leverage"], empty["coproduction_share"]) == (None, None)
    assert empty["citizen_input_value"] == "0.00"


def test_contributors_count_people_and_partner_volunteers_once(cast, initiative, api_as):
    _verified(cast, initiative, "1", datetime.date(2025, 6, 30))
    _verified(cast, initiative, "1", datetime.date(2025, 7, 30))
    for day, ref in [(1, "AC-1"), (2, "AC-1"), (3, "AC-2")]:
        line = services.contribution_submit(
            submitted_by=cast.partner,
            submitted_by_organisation=cast.charity,
            initiative=initiative,
            kind="money",
            date=datetime.date(2025, 7, day),
            amount="5",
            volunteer_ref=ref,
        )
        services.contribution_verify(contribution=line, verified_by=cast.officer)
    rollup_stale_buckets()
    figures = api_as(cast.member).get(accounts_url(initiative)).json()
    assert (figures["contributors"], figures["contributions"]) == (3, 5)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 200),
        ("manager", 200),
        ("member", 200),
        ("partner", 200),
        ("citizen", 404),
        ("citizen2", 404),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_accounts_are_read_by_insiders_of_the_initiatives_organisations(
    cast, initiative, api_as, who, status
):
    assert api_as(getattr(cast, who)).get(accounts_url(initiative)).status_code == status


def test_anonymous_callers_are_refused(cast, initiative, client):
    assert client.get(accounts_url(initiative)).status_code in (401, 403)


def test_bad_periods_are_field_errors(cast, initiative, api_as):
    client = api_as(cast.officer)
    response = client.get(accounts_url(initiative, **{"from": "30/06/2025"}))
    assert response.status_code == 400 and "from" in response.json()
    response = client.get(accounts_url(initiative, **{"from": "2025-08-01", "to": "2025-07-01"}))
    assert response.status_code == 400 and "to" in response.json()


def test_the_url_is_exactly_where_design_puts_it(cast, initiative):
    url = reverse("api:initiative-accounts", kwargs={"id": initiative.pk})
    assert url == f"/api/v1/initiatives/{initiative.pk}/accounts/"
    assert Contribution.objects.count() == 0


def test_partial_months_equal_the_figures_from_source(cast, initiative, api_as):
    from benefits.selectors import initiative_accounts_from_source

    for day, hours in [(5, "1"), (20, "2"), (31, "3")]:
        _verified(cast, initiative, hours, datetime.date(2025, 7, day))
    _verified(cast, initiative, "4", datetime.date(2025, 8, 2))
    _verified(cast, initiative, "5", datetime.date(2025, 9, 14))
    rollup_stale_buckets()
    client = api_as(cast.officer)
    for start, end in [("2025-07-10", "2025-09-13"), ("2025-07-21", "2025-07-31"),
                       ("2025-08-01", "2025-09-30"), ("2025-07-31", "2025-08-02")]:
        figures = client.get(accounts_url(initiative, **{"from": start, "to": end})).json()
        truth = initiative_accounts_from_source(
            initiative=initiative, date_from=datetime.date.fromisoformat(start),
            date_to=datetime.date.fromisoformat(end),
        )
        assert figures["citizen_input_value"] == f"{truth.citizen_input_value}", (start, end)
        assert figures["hours"] == f"{truth.hours}", (start, end)
        assert figures["contributions"] == truth.contributions, (start, end)
        assert figures["contributors"] == truth.contributors == 1, (start, end)
    july_to_mid_september = client.get(
        accounts_url(initiative, **{"from": "2025-07-10", "to": "2025-09-13"})
    ).json()
    assert july_to_mid_september["citizen_input_value"] == "135.00"  # (2 + 3 + 4) × £15


def test_another_currency_is_a_field_error_never_a_sum(cast, initiative, api_as):
    from benefits.models import ContributionRollup

    _verified(cast, initiative, "1", datetime.date(2025, 7, 5))
    rollup_stale_buckets()
    ContributionRollup.objects.update(currency="XXX")  # lines in more than one currency
    response = api_as(cast.officer).get(accounts_url(initiative))
    assert response.status_code == 400 and "currency" in response.json()
