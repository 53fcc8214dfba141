"""A partner's dashboard: partner users of an organisation see the initiatives it partners in."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from ..factories import InitiativeFactory
from .dashboard_data import contribution_row, month, succeeded_run

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-01", "to": "2025-12"}


@pytest.fixture
def partnered(cast):
    shared = InitiativeFactory(
        title="Befriending", lead_organisation=cast.council, partner_organisations=[cast.charity]
    )
    council_only = InitiativeFactory(title="Council only", lead_organisation=cast.council)
    contribution_row(shared, month(2025, 5), value="30.00")
    contribution_row(council_only, month(2025, 5), value="900.00")
    succeeded_run()
    return shared


def url(organisation):
    return reverse("dashboard-partner", args=[organisation.slug])


def test_a_partner_sees_the_initiatives_its_organisation_partners_in(client, cast, partnered):
    client.force_login(cast.partner)
    response = client.get(url(cast.charity), PERIOD)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.current.citizen_input_value == D("30.00")
    assert dashboard.initiatives == 1
    html = response.content.decode()
    assert "the initiatives it partners in" in html
    assert "Council only" not in html  # not even as a filter choice
    assert "Befriending" in html


@pytest.mark.parametrize("persona", ["manager", "officer", "member", "citizen", "outsider"])
def test_people_who_are_not_its_partners_get_a_404(client, cast, partnered, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(url(cast.charity)).status_code == 404


def test_a_partner_sees_no_other_dashboard(client, cast, partnered):
    client.force_login(cast.partner)
    assert client.get(url(cast.council)).status_code == 404
    assert client.get(reverse("dashboard-organisation", args=[cast.charity.slug])).status_code \
        == 404
    assert client.get(reverse("dashboard-organisation", args=[cast.council.slug])).status_code \
        == 404


def test_a_partners_table_downloads_as_csv(client, cast, partnered):
    client.force_login(cast.partner)
    response = client.get(url(cast.charity), {**PERIOD, "format": "csv", "table": "monthly"})
    assert response.status_code == 200
    assert "2025-05,30.00,0.00,GBP" in response.content.decode()
