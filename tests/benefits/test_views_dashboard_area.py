"""One ward's dashboard: elected members and managers of the organisation; the same figures for
the initiatives that serve the ward."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from ..factories import AreaFactory, InitiativeFactory
from .dashboard_data import contribution_row, month, succeeded_run

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-01", "to": "2025-12"}


@pytest.fixture
def wards(cast):
    castle = AreaFactory(organisation=cast.council, slug="castle-ward", name="Castle Ward")
    river = AreaFactory(organisation=cast.council, slug="riverside", name="Riverside")
    in_castle = InitiativeFactory(title="Castle garden", lead_organisation=cast.council)
    in_castle.areas.set([castle])
    in_river = InitiativeFactory(title="River clean-up", lead_organisation=cast.council)
    in_river.areas.set([river])
    contribution_row(in_castle, month(2025, 5), value="120.00")
    contribution_row(in_river, month(2025, 5), value="80.00")
    succeeded_run()
    return {"castle": castle, "river": river}


def url(cast, ward="castle-ward", organisation=None):
    return reverse("dashboard-area", args=[(organisation or cast.council).slug, ward])


@pytest.mark.parametrize("persona", ["member", "manager"])
def test_members_and_managers_see_one_wards_figures(client, cast, wards, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(url(cast), PERIOD)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.filters.area == wards["castle"]
    assert dashboard.current.citizen_input_value == D("120.00")
    html = response.content.decode()
    assert "Castle Ward" in html
    assert 'name="area"' not in html  # the ward is the page, not a filter
    assert 'aria-current="page">Castle Ward' in html


@pytest.mark.parametrize("persona", ["officer", "citizen", "partner", "outsider", "nobody"])
def test_everyone_else_gets_a_404(client, cast, wards, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(url(cast)).status_code == 404


def test_a_ward_of_another_organisation_is_a_404(client, cast, wards):
    AreaFactory(organisation=cast.other_council, slug="harbour")
    client.force_login(cast.member)
    assert client.get(url(cast, ward="harbour")).status_code == 404
    assert client.get(url(cast, ward="no-such-ward")).status_code == 404
    assert client.get(url(cast, ward="castle-ward", organisation=cast.other_council)).status_code \
        == 404


def test_the_organisation_dashboard_links_to_each_ward_for_members(client, cast, wards):
    client.force_login(cast.member)
    html = client.get(reverse("dashboard-organisation", args=[cast.council.slug])).content.decode()
    assert url(cast, "castle-ward") in html and url(cast, "riverside") in html
    client.force_login(cast.officer)
    html = client.get(reverse("dashboard-organisation", args=[cast.council.slug])).content.decode()
    assert url(cast, "castle-ward") not in html


def test_a_wards_table_downloads_as_csv(client, cast, wards):
    client.force_login(cast.member)
    response = client.get(url(cast), {**PERIOD, "format": "csv", "table": "headline"})
    assert response.status_code == 200
    assert "castle-ward" in response["Content-Disposition"]
    assert "citizen_input_value,120.00,0.00,120.00,GBP" in response.content.decode()
