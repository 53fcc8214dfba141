"""The dashboards' home: straight to the one dashboard a user reads, a choice for several; the
header's "Dashboards" link for staff, members and partners."""

import pytest
from django.urls import reverse

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

HOME = reverse("dashboard-home")


@pytest.mark.parametrize("persona", ["manager", "officer", "member"])
def test_staff_and_members_go_to_their_organisations_dashboard(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard-organisation", args=["northbridge"])


def test_a_partner_goes_to_the_partner_dashboard(client, cast):
    client.force_login(cast.partner)
    response = client.get(HOME)
    assert response["Location"] == reverse("dashboard-partner", args=["age-concern"])


def test_someone_with_several_dashboards_chooses(client, cast):
    MembershipFactory(user=cast.manager, organisation=cast.charity, role="partner")
    client.force_login(cast.manager)
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("dashboard-organisation", args=["northbridge"]) in html
    assert reverse("dashboard-partner", args=["age-concern"]) in html
    assert reverse("benefit-priorities") + "?organisation=northbridge" in html


@pytest.mark.parametrize("persona", ["citizen", "nobody"])
def test_citizens_have_no_dashboards(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(HOME).status_code == 403


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("manager", True), ("officer", True), ("member", True), ("partner", True),
     ("citizen", False), ("nobody", False)],
)
def test_the_header_links_to_dashboards(client, cast, persona, shown):
    client.force_login(getattr(cast, persona))
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{HOME}"' in html) is shown
