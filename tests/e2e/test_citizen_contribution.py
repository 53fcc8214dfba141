"""A citizen logs a contribution on a phone; an officer verifies it in the queue; the
initiative's accounts show its value.

Then: on a phone-sized screen (375px) none of the ledger pages scrolls sideways.
"""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from initiatives.models import Status
from ledger import services
from ledger.models import Contribution, ContributionStatus
from people.models import Role
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.ledger.factories import ActivityRateFactory, take_part

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password-9"
TITLE = "Befriending older neighbours"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def befriending():
    council = OrganisationFactory(slug="northbridge", name="Northbridge City Council")
    officer = UserFactory(username="officer", first_name="Priya", last_name="Sharma",
                          password=PASSWORD)
    MembershipFactory(user=officer, organisation=council, role=Role.OFFICER)
    citizen = UserFactory(username="citizen", first_name="Sam", last_name="Okafor",
                          password=PASSWORD)
    MembershipFactory(user=citizen, organisation=council, role=Role.CITIZEN)
    initiative = InitiativeFactory(
        title=TITLE, lead_organisation=council, status=Status.ACTIVE,
        start_date=datetime.date(2024, 1, 1), lead_professional=officer,
    )
    ActivityRateFactory(hourly_rate=Decimal("15.00"), effective_from=datetime.date(2025, 7, 1))
    take_part(citizen, initiative)
    return initiative, officer, citizen


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


def test_citizen_logs_time_an_officer_verifies_it_and_the_accounts_show_it(
    live_server, new_page, screenshot, befriending
):
    initiative, officer, citizen = befriending

    # The citizen, on a phone, logs two and a half hours from the navigation.
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, "citizen")
    phone.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Log a contribution"
    ).click()
    expect(phone.get_by_role("heading", name="Log a contribution", level=1)).to_be_visible()
    expect(phone.get_by_label("Initiative", exact=True)).to_have_value(str(initiative.pk))
    expect(phone.get_by_label("Activity", exact=True)).to_have_value("co-performing")
    phone.get_by_label(re.compile(r"^Time")).check()
    phone.get_by_label("Hours", exact=True).fill("2.5")
    phone.get_by_label("Description", exact=True).fill("Weekly visit and a walk to the shops")
    no_sideways_scroll(phone)
    screenshot(phone, "log-contribution-375")
    phone.get_by_role("button", name="Log contribution").click()

    expect(phone.get_by_role("heading", name="My contributions", level=1)).to_be_visible()
    expect(phone.get_by_text("valued at £37.50")).to_be_visible()
    expect(phone.locator(".line-card .badge")).to_have_text("Submitted")
    no_sideways_scroll(phone)
    contribution = Contribution.objects.get()
    assert contribution.contributor == citizen
    assert contribution.status == ContributionStatus.SUBMITTED

    # An officer verifies it from the queue.
    desk = new_page(width=1280)
    sign_in(desk, live_server.url, "officer")
    desk.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Verification queue"
    ).click()
    expect(desk.get_by_text("1 contribution waiting")).to_be_visible()
    desk.get_by_label(re.compile(r"Sam Okafor: time, 2\.5 h")).check()
    desk.get_by_role("button", name="Verify selected").click()
    expect(desk.get_by_text("Verified 1 contribution(s), worth £37.50.")).to_be_visible()
    expect(desk.get_by_text("Nothing is waiting for verification.")).to_be_visible()
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.VERIFIED
    assert contribution.verified_by == officer

    # The accounts, reached from the initiative's page, count it.
    desk.goto(f"{live_server.url}/initiatives/{initiative.pk}/")
    desk.get_by_role("link", name="Accounts").click()
    expect(desk.get_by_role("heading", name="Accounts", level=1)).to_be_visible()
    citizen_value = desk.locator(".stat--citizen")
    expect(citizen_value).to_contain_text("£37.50")
    expect(desk.locator(".stats")).to_contain_text("no public input recorded")
    expect(desk.locator(".pending")).to_contain_text("£0.00")
    screenshot(desk, "accounts-1280")


def test_ledger_pages_fit_a_phone(live_server, new_page, screenshot, befriending):
    initiative, officer, citizen = befriending
    for hours, day in (("3.5", datetime.date(2025, 7, 1)), ("2", datetime.date(2025, 8, 1))):
        line = services.contribution_submit(
            submitted_by=citizen, initiative=initiative, kind="time", activity="co-performing",
            date=day, hours=Decimal(hours),
        )
        services.contribution_verify(contribution=line, verified_by=officer)
    services.contribution_submit(
        submitted_by=citizen, initiative=initiative, kind="in_kind", amount=Decimal("40"),
        date=datetime.date(2025, 8, 2), description="Minibus hire for the summer outing",
    )

    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, "citizen")
    for path, name in [
        ("/contributions/new/", "log-375"),
        ("/contributions/mine/", "my-contributions-375"),
        ("/impact/", "my-impact-375"),
    ]:
        phone.goto(f"{live_server.url}{path}")
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(phone)
        screenshot(phone, name)

    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, "officer")
    for path, name in [
        ("/contributions/queue/", "queue-375"),
        (f"/initiatives/{initiative.pk}/accounts/", "accounts-375"),
        (f"/initiatives/{initiative.pk}/public-inputs/new/", "public-input-375"),
    ]:
        phone.goto(f"{live_server.url}{path}")
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(phone)
        screenshot(phone, name)
