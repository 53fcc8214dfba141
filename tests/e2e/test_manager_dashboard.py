"""A manager opens the dashboard, changes the period, and sees the headline figures and the data
table change. The charts are drawn (Chart.js from static/, no CSP error); on a phone nothing
scrolls sideways but the tables, inside their own boxes.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from benefits.dashboards import add_months, default_period, month_start
from benefits.models import Benefit, BenefitPriority
from benefits.services import rollup_rebuild_all
from initiatives.models import Status
from ledger import services
from people.models import Role
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.ledger.factories import ActivityRateFactory, StaffCostRateFactory, take_part

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password-9"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def council_with_history():
    """Verified time in the default period (£14 × 10 h = £140.00) and, a year and a half
    earlier, in an older period (£14 × 3 h = £42.00), with public spend in each; rolled up."""
    council = OrganisationFactory(slug="northbridge", name="Northbridge City Council")
    manager = UserFactory(username="manager", first_name="David", last_name="Clarke",
                          password=PASSWORD)
    MembershipFactory(user=manager, organisation=council, role=Role.MANAGER)
    citizen = UserFactory(username="citizen", password=PASSWORD)
    MembershipFactory(user=citizen, organisation=council, role=Role.CITIZEN)
    initiative = InitiativeFactory(
        title="Befriending older neighbours", lead_organisation=council, status=Status.ACTIVE,
        start_date=datetime.date(2020, 1, 1),
    )
    ActivityRateFactory(hourly_rate=Decimal("14.00"), effective_from=datetime.date(2020, 1, 1))
    StaffCostRateFactory(organisation=council, effective_from=datetime.date(2020, 1, 1))
    take_part(citizen, initiative)
    recent = month_start(timezone.localdate())
    recent = add_months(recent, -3) + datetime.timedelta(days=4)
    older = add_months(month_start(recent), -18) + datetime.timedelta(days=4)
    for when, hours in ((recent, "10"), (older, "3")):
        contribution = services.contribution_submit(
            submitted_by=citizen, initiative=initiative, kind="time", activity="co-performing",
            date=when, hours=Decimal(hours),
        )
        services.contribution_verify(contribution=contribution, verified_by=manager)
        services.public_input_record(
            recorded_by=manager, initiative=initiative, kind="spend", date=when,
            amount=Decimal("100.00"), description="Room hire",
        )
    BenefitPriority.objects.create(
        organisation=council, benefit=Benefit.objects.get(slug="efficiency"), rank=1, weight=60
    )
    rollup_rebuild_all()
    return older


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def citizen_value(page):
    return page.locator('[data-figure="citizen_input_value"] .stat__value')


def charts_drawn(page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )


def test_a_manager_changes_the_period_and_the_figures_and_table_follow(
    live_server, new_page, screenshot, council_with_history
):
    older = council_with_history
    page = new_page(1280, 900)
    sign_in(page, live_server.url, "manager")
    page.get_by_role("link", name="Dashboards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Northbridge City Council: dashboard"
    )
    expect(page.get_by_text("Figures as of")).to_be_visible()
    expect(citizen_value(page)).to_have_text("£140.00")
    monthly = page.locator("#table-monthly")
    period = default_period()
    expect(monthly.locator("tbody tr")).to_have_count(12)
    expect(monthly.locator("tbody th").first).to_have_text(period.first.strftime("%b %Y"))
    assert charts_drawn(page) == 3
    expect(page.locator(".benefits--priorities .benefit__name").first).to_have_text(
        "More efficient services"
    )
    screenshot(page, "dashboard-1280")

    # Six months around the older contribution.
    start = add_months(month_start(older), -2)
    end = add_months(month_start(older), 3)
    page.get_by_label("From", exact=True).fill(start.strftime("%Y-%m"))
    page.get_by_label("To", exact=True).fill(end.strftime("%Y-%m"))
    page.get_by_role("button", name="Show figures").click()

    expect(citizen_value(page)).to_have_text("£42.00")
    expect(monthly.locator("tbody tr")).to_have_count(6)
    expect(monthly.locator("tbody th").first).to_have_text(start.strftime("%b %Y"))
    older_row = monthly.locator("tbody tr", has_text=older.strftime("%b %Y"))
    expect(older_row).to_contain_text("£42.00")
    expect(older_row).to_contain_text("£100.00")
    headline = page.locator("#table-headline")
    page.get_by_text("Headline figures as a table").click()
    expect(headline.locator("tr", has_text="Citizen input value")).to_contain_text("£42.00")
    assert charts_drawn(page) == 3
    assert f"from={start:%Y-%m}" in page.url


def test_on_a_phone_the_charts_stack_and_only_tables_scroll(
    live_server, new_page, screenshot, council_with_history
):
    page = new_page(**PHONE)
    sign_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/dashboards/organisation/northbridge/")
    expect(citizen_value(page)).to_have_text("£140.00")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the dashboard is {width}px wide on a phone"
    boxes = page.locator(".chart-panel").evaluate_all(
        "panels => panels.map(p => p.getBoundingClientRect()).map(r => [r.left, r.top])"
    )
    assert len(boxes) == 3
    assert len({round(left) for left, _top in boxes}) == 1  # one column
    assert boxes[0][1] < boxes[1][1] < boxes[2][1]
    assert charts_drawn(page) == 3
    screenshot(page, "dashboard-375")
