"""A citizen, on a phone, answers an anonymous survey and rates an initiative's service; an
officer then sees the survey's results and the ratings summary, and the council's maturity trend.

Then: on a phone-sized screen (375px) none of the co-assessment pages scrolls sideways.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessment import services
from assessment.maturity import STATEMENTS
from assessment.models import Answer, Rating, Response, ResponseAuthor
from initiatives.models import Participation, ParticipationRole, Status
from people.models import Role
from tests.factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password-9"
TITLE = "Befriending older neighbours"
SURVEY = "Working together on local services"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def council_world():
    council = OrganisationFactory(slug="northbridge", name="Northbridge City Council")
    officer = UserFactory(username="officer", first_name="Priya", last_name="Sharma",
                          password=PASSWORD)
    MembershipFactory(user=officer, organisation=council, role=Role.OFFICER)
    manager = UserFactory(username="manager", first_name="David", last_name="Clarke",
                          password=PASSWORD)
    MembershipFactory(user=manager, organisation=council, role=Role.MANAGER)
    citizen = UserFactory(username="citizen", first_name="Sam", last_name="Okafor",
                          password=PASSWORD)
    MembershipFactory(user=citizen, organisation=council, role=Role.CITIZEN)
    initiative = InitiativeFactory(
        title=TITLE, lead_organisation=council, status=Status.ACTIVE,
        start_date=datetime.date(2024, 1, 1), lead_professional=officer,
    )
    Participation.objects.create(user=citizen, initiative=initiative,
                                 role=ParticipationRole.VOLUNTEER)
    today = datetime.date.today()
    survey = services.survey_create_from_template(
        template_key="community-coproduction", organisation=council, created_by=officer,
        opens_on=today - datetime.timedelta(days=7), closes_on=today + datetime.timedelta(days=21),
    )
    for days_ago, score in ((380, 2), (10, 4)):
        services.maturity_assessment_create(
            assessed_by=manager, organisation=council,
            assessed_on=today - datetime.timedelta(days=days_ago),
            # Valuing contributions (statements 4 to 6) scores lowest.
            scores={key: score - 1 if 3 <= n < 6 else score for n, key in enumerate(STATEMENTS)},
        )
    return initiative, survey, officer, citizen


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


def test_a_citizen_answers_a_survey_and_rates_a_service_and_an_officer_sees_the_results(
    live_server, new_page, screenshot, council_world
):
    initiative, survey, officer, citizen = council_world
    questions = list(survey.questions.order_by("position"))
    kinds = [q.kind for q in questions]

    # The citizen, on a phone, finds the survey from the navigation.
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, "citizen")
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    expect(phone.get_by_role("heading", name="Surveys for you")).to_be_visible()
    phone.get_by_role("link", name=SURVEY).click()
    expect(phone.get_by_role("heading", name=SURVEY, level=1)).to_be_visible()
    expect(phone.get_by_role("note")).to_contain_text("This survey is anonymous")

    # Each question by its kind: a group of radios with a legend, or a labelled box.
    for question in questions:
        if question.kind == "scale":
            phone.get_by_role("group", name=question.text).get_by_label("4", exact=True).check()
        elif question.kind == "yes_no":
            phone.get_by_role("group", name=question.text).get_by_label("Yes").check()
        elif question.kind == "number":
            phone.get_by_label(question.text).fill("3")
        else:
            phone.get_by_label(question.text).fill("Evening sessions would suit me")
    no_sideways_scroll(phone)
    screenshot(phone, "survey-375")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you: your answers are saved.")).to_be_visible()
    expect(phone.get_by_text("No surveys are waiting for your answers just now.")).to_be_visible()

    response = Response.objects.get()
    assert Answer.objects.filter(response=response).count() == len(questions)
    assert not ResponseAuthor.objects.exists()  # anonymous: nothing links it to Sam

    # Then rates the initiative from its page.
    phone.goto(f"{live_server.url}/initiatives/{initiative.pk}/")
    phone.get_by_role("link", name="Rate this service").click()
    expect(phone.get_by_role("heading", name="Rate this service", level=1)).to_be_visible()
    phone.get_by_role("group", name="How good is this service?").get_by_label(
        "5 – Very good"
    ).check()
    phone.get_by_label(re.compile("^Comment")).fill(
        "Our volunteer visits every week, rain or shine."
    )
    no_sideways_scroll(phone)
    screenshot(phone, "rate-375")
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.get_by_text("Thank you for rating this service.")).to_be_visible()
    expect(phone.get_by_text("Rated 5.00 out of 5 on average, by 1 citizen.")).to_be_visible()
    no_sideways_scroll(phone)
    rating = Rating.objects.get()
    assert (rating.user, rating.score) == (citizen, 5)

    # An officer sees the survey's results…
    desk = new_page(width=1280)
    sign_in(desk, live_server.url, "officer")
    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    desk.get_by_role("link", name=f"Results of {SURVEY}").click()
    expect(desk.get_by_role("heading", name=f"Results: {SURVEY}", level=1)).to_be_visible()
    expect(desk.get_by_text("1 response", exact=False).first).to_be_visible()
    if "scale" in kinds:
        expect(desk.get_by_text("Mean 4.00 out of 5").first).to_be_visible()
    if "text" in kinds:
        expect(desk.get_by_text("Evening sessions would suit me").first).to_be_visible()
    main = desk.locator("main").inner_text()
    assert "Okafor" not in main and "citizen" not in main.lower().split()
    screenshot(desk, "survey-results-1280")

    # …and the ratings summary, from the initiative's page.
    desk.goto(f"{live_server.url}/initiatives/{initiative.pk}/")
    desk.get_by_role("link", name="Ratings summary").click()
    expect(desk.get_by_text("Rated 5.00 out of 5 on average, by 1 citizen.")).to_be_visible()
    expect(desk.get_by_role("table", name="How many citizens gave each score")).to_be_visible()
    expect(desk.get_by_text("Our volunteer visits every week, rain or shine.")).to_be_visible()
    expect(desk.get_by_text("Hide this comment", exact=True)).to_be_visible()

    # The maturity trend: a chart drawn from the data, beside its table.
    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Maturity").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Co-production maturity of")
    expect(desk.get_by_role("table", name=re.compile("Whole-organisation self-assessments"))
           ).to_be_visible()
    desk.wait_for_function(
        "() => window.Chart && window.Chart.getChart(document.getElementById('maturity-chart'))"
    )
    screenshot(desk, "maturity-1280")


def test_co_assessment_pages_fit_a_phone(live_server, new_page, screenshot, council_world):
    initiative, survey, officer, citizen = council_world
    services.rating_create(user=citizen, initiative=initiative, score=4, comment="Good")
    pages = [
        (f"/initiatives/{initiative.pk}/outcomes/", "outcomes-375"),
        (f"/initiatives/{initiative.pk}/ratings/", "ratings-375"),
        (f"/initiatives/{initiative.pk}/inspections/", "inspections-375"),
        (f"/initiatives/{initiative.pk}/you-said-we-did/", "you-said-we-did-375"),
        (f"/initiatives/{initiative.pk}/outcomes/new/", "indicator-form-375"),
        (f"/initiatives/{initiative.pk}/inspections/new/", "inspection-form-375"),
        ("/surveys/", "surveys-375"),
        ("/surveys/new/", "survey-form-375"),
        (f"/surveys/{survey.pk}/results/", "survey-results-375"),
        ("/organisations/northbridge/maturity/", "maturity-375"),
        ("/organisations/northbridge/maturity/new/", "maturity-form-375"),
    ]
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, "officer")
    for path, name in pages:
        phone.goto(f"{live_server.url}{path}")
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        no_sideways_scroll(phone)
        screenshot(phone, name)
