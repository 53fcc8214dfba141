"""The organisation dashboard page: who sees it, what it shows, its filters and its CSV tables."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from benefits.cache import GENERATION_KEY
from benefits.models import Benefit, BenefitPriority

from ..factories import InitiativeFactory, coproduction_type
from .dashboard_data import contribution_row, month, public_row, succeeded_run, two_periods

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-01", "to": "2025-12"}


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        title="Befriending older neighbours", lead_organisation=cast.council,
        partner_organisations=[cast.charity],
    )
    two_periods(initiative)
    succeeded_run()
    return initiative


def url(cast, **query):
    from urllib.parse import urlencode

    base = reverse("dashboard-organisation", args=[cast.council.slug])
    return f"{base}?{urlencode(query)}" if query else base


def get(client, user, address):
    client.force_login(user)
    return client.get(address)


# --- who may see it -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "officer", "member"])
def test_staff_and_members_of_the_organisation_see_it(client, cast, initiative, persona):
    response = get(client, getattr(cast, persona), url(cast, **PERIOD))
    assert response.status_code == 200
    assert cast.council.name in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "citizen", "partner", "nobody"])
def test_everyone_else_gets_a_404(client, cast, initiative, persona):
    assert get(client, getattr(cast, persona), url(cast)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, cast):
    response = client.get(url(cast))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_organisation_is_a_404(client, cast):
    client.force_login(cast.manager)
    assert client.get(reverse("dashboard-organisation", args=["no-such"])).status_code == 404


# --- what it shows --------------------------------------------------------------------------


def test_it_shows_the_headline_figures_with_their_change_and_as_of(client, cast, initiative):
    response = get(client, cast.manager, url(cast, **PERIOD))
    html = response.content.decode()
    assert "£350.00" in html  # citizen input value
    assert "£400.00" in html  # public input value
    assert "+£250.00 (+250.0%)" in html  # citizen: change from 2024
    assert "Figures as of 5 January 2026, 03:00" in html
    assert "January 2025 to December 2025" in html
    headline = response.context["tables"]["headline"]
    rows = {row[0].value: row for row in headline.rows}
    assert rows["citizen_input_value"][1].text == "£350.00"
    assert rows["citizen_input_value"][2].text == "£100.00"
    assert rows["contributors"][1].text == "3"


def test_every_chart_has_a_captioned_table_and_a_csv_link(client, cast, initiative):
    html = get(client, cast.manager, url(cast, **PERIOD)).content.decode()
    for name in ("monthly", "by-type", "by-service-area"):
        assert f'data-chart="{name}"' in html
        assert f'id="table-{name}"' in html
        assert f"table={name}" in html
    assert html.count("<caption") >= 5
    assert 'scope="row"' in html and 'scope="col"' in html
    assert 'id="dashboard-charts" type="application/json"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "style=" not in html


def test_the_benefits_panel_leads_with_the_priorities(client, cast, initiative):
    BenefitPriority.objects.create(
        organisation=cast.council, benefit=Benefit.objects.get(slug="social-capital"), rank=2,
        weight=30,
    )
    BenefitPriority.objects.create(
        organisation=cast.council, benefit=Benefit.objects.get(slug="efficiency"), rank=1,
        weight=50,
    )
    response = get(client, cast.manager, url(cast, **PERIOD))
    html = response.content.decode()
    assert [e["benefit"].slug for e in response.context["priorities"]] == [
        "efficiency", "social-capital"
    ]
    assert html.index("More efficient services") < html.index("Social capital and cohesion")
    assert html.index("Social capital and cohesion") < html.index(
        "Improved outcomes and quality of life"
    )
    assert "Priority 1" in html and "weight 50" in html
    assert "no data yet" in html  # survey and outcome indicators


def test_changing_the_period_changes_the_figures(client, cast, initiative):
    client.force_login(cast.manager)
    year_2025 = client.get(url(cast, **PERIOD)).context["dashboard"]
    year_2024 = client.get(url(cast, **{"from": "2024-01", "to": "2024-12"})).context["dashboard"]
    assert year_2025.current.citizen_input_value == D("350.00")
    assert year_2024.current.citizen_input_value == D("100.00")
    assert year_2024.previous.citizen_input_value == D("0.00")


def test_filters_narrow_the_figures(client, cast, initiative):
    other = InitiativeFactory(
        lead_organisation=cast.council, coproduction_types=[coproduction_type("co-design")]
    )
    contribution_row(other, month(2025, 2), value="1000.00")
    client.force_login(cast.manager)
    everything = client.get(url(cast, **PERIOD)).context["dashboard"]
    assert everything.current.citizen_input_value == D("1350.00")
    design = client.get(url(cast, type="co-design", **PERIOD)).context["dashboard"]
    assert design.current.citizen_input_value == D("1000.00")
    one = client.get(url(cast, initiative=initiative.pk, **PERIOD)).context["dashboard"]
    assert one.current.citizen_input_value == D("350.00")


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2025-13"},
        {"from": "next year"},
        {"from": "2025-06", "to": "2025-01"},
        {"type": "not-a-type"},
        {"initiative": "999999"},
        {"from": "2000-01", "to": "2025-01"},
    ],
)
def test_bad_filters_get_a_clear_error_and_no_figures(client, cast, initiative, query):
    response = get(client, cast.manager, url(cast, **query))
    assert response.status_code == 400
    assert response.context["dashboard"] is None
    assert "There is a problem" in response.content.decode()


def test_an_initiative_of_another_organisation_is_not_a_choice(client, cast, initiative):
    elsewhere = InitiativeFactory(lead_organisation=cast.other_council)
    response = get(client, cast.manager, url(cast, initiative=elsewhere.pk))
    assert response.status_code == 400


def test_before_any_roll_up_it_says_so(client, cast):
    response = get(client, cast.manager, url(cast))
    assert response.status_code == 200
    assert "No roll-up yet" in response.content.decode()


def test_a_period_without_inputs_says_so(client, cast, initiative):
    html = get(client, cast.manager, url(cast, **{"from": "2020-01", "to": "2020-12"})).content
    assert "No inputs were recorded in this period" in html.decode()


def test_the_page_has_a_constant_number_of_queries(
    client, cast, initiative, django_assert_max_num_queries
):
    client.force_login(cast.manager)
    client.get(url(cast, **PERIOD))  # warm the session
    cache.delete(GENERATION_KEY)  # measure the figures computed, not read from the cache
    with django_assert_max_num_queries(30) as captured:
        client.get(url(cast, **PERIOD))
    small = len(captured.captured_queries)
    for n in range(6):
        more = InitiativeFactory(lead_organisation=cast.council)
        for m in range(1, 13):
            contribution_row(more, month(2025, m), value=f"{n}.25")
            public_row(more, month(2025, m), value="2.00")
    cache.delete(GENERATION_KEY)
    with django_assert_max_num_queries(small):
        client.get(url(cast, **PERIOD))


# --- CSV ------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_table_downloads_as_csv(client, cast, initiative):
    client.force_login(cast.manager)
    headline = csv_rows(client.get(url(cast, format="csv", table="headline", **PERIOD)))
    assert headline[0] == ["figure", "current", "previous", "change", "currency"]
    assert ["citizen_input_value", "350.00", "100.00", "250.00", "GBP"] in headline
    assert ["contributors", "3", "1", "2", ""] in headline

    monthly = csv_rows(client.get(url(cast, format="csv", table="monthly", **PERIOD)))
    assert monthly[0] == ["month", "citizen_input_value", "public_input_value", "currency"]
    assert ["2025-03", "200.00", "300.00", "GBP"] in monthly
    assert len(monthly) == 13

    by_type = csv_rows(client.get(url(cast, format="csv", table="by-type", **PERIOD)))
    assert by_type[0][:3] == ["slug", "name", "initiatives"]
    assert ["co-delivery", "Co-delivery", "1", "350.00", "400.00", "GBP"] in by_type

    by_area = csv_rows(client.get(url(cast, format="csv", table="by-service-area", **PERIOD)))
    assert by_area[1][0] == "adult-social-care"

    benefits = csv_rows(client.get(url(cast, format="csv", table="benefits", **PERIOD)))
    assert benefits[0][:4] == ["benefit", "stakeholder_group", "rank", "weight"]
    leverage = next(r for r in benefits if r[4] == "managers-leverage")
    assert leverage[6:10] == ["0.875", "0.500", "up", "true"]
    no_data = next(r for r in benefits if r[4] == "managers-cost-per-outcome")
    assert no_data[6:10] == ["", "", "", ""]


def test_csv_cells_cannot_run_as_formulas(client, cast):
    sneaky = InitiativeFactory(lead_organisation=cast.council)
    sneaky.service_area.name = "=HYPERLINK(\"http://evil\")"
    sneaky.service_area.save()
    contribution_row(sneaky, month(2025, 2), value="1.00")
    succeeded_run()
    client.force_login(cast.manager)
    rows = csv_rows(client.get(url(cast, format="csv", table="by-service-area", **PERIOD)))
    assert rows[1][1].startswith("'=")


def test_an_unknown_table_is_a_404(client, cast, initiative):
    response = get(client, cast.manager, url(cast, format="csv", table="secrets"))
    assert response.status_code == 404


def test_the_csv_is_scoped_like_the_page(client, cast, initiative):
    response = get(client, cast.outsider, url(cast, format="csv", table="headline"))
    assert response.status_code == 404


def test_the_form_keeps_the_chosen_filters(client, cast, initiative):
    html = get(client, cast.manager, url(cast, type="co-delivery", initiative=initiative.pk,
                                         **PERIOD)).content.decode()
    assert '<option value="co-delivery" selected>' in html
    assert f'<option value="{initiative.pk}" selected>Befriending older neighbours</option>' in html
    assert 'value="2025-01"' in html and 'value="2025-12"' in html
    assert 'type="month"' in html


def test_managers_are_pointed_to_the_freshness_page(client, cast):
    freshness = reverse("rollup-freshness")
    assert f'href="{freshness}"' in get(client, cast.manager, url(cast)).content.decode()
    assert f'href="{freshness}"' not in get(client, cast.officer, url(cast)).content.decode()
