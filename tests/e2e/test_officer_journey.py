"""An officer signs in, proposes an initiative, and finds it in the list and on the map.

Then: on a phone-sized screen (375px) no page scrolls sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative, Status
from people.models import Role
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    coproduction_type,
    service_area,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password-9"
TITLE = "Tenant inspectors for Riverside estates"


@pytest.fixture
def council():
    return OrganisationFactory(slug="northbridge", name="Northbridge City Council")


@pytest.fixture
def officer(council):
    user = UserFactory(username="officer", password=PASSWORD)
    MembershipFactory(user=user, organisation=council, role=Role.OFFICER)
    return user


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def test_officer_proposes_an_initiative_and_finds_it_in_the_list_and_on_the_map(
    live_server, new_page, screenshot, officer
):
    page = new_page()
    sign_in(page, live_server.url, "officer")

    # Propose an initiative through the form.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New initiative").click()
    expect(page.get_by_role("heading", name="New initiative", level=1)).to_be_visible()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Tenants inspect the repairs service and report back.")
    page.get_by_label("Lead organisation").select_option(label="Northbridge City Council")
    page.get_by_label("Service area").select_option(label="Housing")
    page.get_by_label(re.compile(r"^Co-performing")).check()
    page.get_by_label(re.compile(r"^Co-assessment")).check()
    page.get_by_label("Start date").fill("2025-04-01")
    page.get_by_role("button", name="Propose initiative").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("The initiative was proposed.")).to_be_visible()
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == Status.PROPOSED
    assert initiative.created_by == officer

    # Find it in the list by searching.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Initiatives").click()
    page.get_by_label("Search").fill("riverside estates")
    page.get_by_role("button", name="Show initiatives").click()
    expect(page.get_by_text("1 initiative", exact=True)).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/initiatives/{initiative.pk}/$"))

    # Find it on the map and follow the cell's link to the filtered list.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").click()
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    screenshot(page, "map-1280")
    table.get_by_role("link", name="1 in Housing, Co-performing").click()
    expect(page).to_have_url(re.compile(r"service_area=housing&type=co-performing"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()


def test_no_page_scrolls_sideways_on_a_phone(live_server, new_page, screenshot, council):
    for n in range(25):
        InitiativeFactory(
            title=f"Community-managed library and neighbourhood hub number {n}",
            summary="Volunteers and library staff run the branch together, six days a week.",
            lead_organisation=council,
            service_area=service_area("libraries"),
            coproduction_types=[coproduction_type("co-management"), coproduction_type("co-design")],
        )
    page = new_page(width=375, height=812)

    for path, name in [
        ("/initiatives/", "list-375"),
        ("/initiatives/?type=co-delivery&page=2", "list-page-2-375"),
        ("/map/", "map-375"),
        ("/", "home-375"),
        ("/accounts/login/", "login-375"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, f"{path} is {scroll_width}px wide at 375px"
        screenshot(page, name)
