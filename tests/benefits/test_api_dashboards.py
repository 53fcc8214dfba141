"""API v1 `dashboards/stakeholders/`: shape, values, priorities first, scoping, filters."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from benefits.cache import GENERATION_KEY
from benefits.models import Benefit, BenefitPriority

from ..factories import AreaFactory, InitiativeFactory, coproduction_type
from .dashboard_data import contribution_row, month, public_row, succeeded_run, two_periods

pytestmark = pytest.mark.django_db

URL = reverse("api:dashboard-stakeholders-list")
PERIOD = {"from": "2025-01", "to": "2025-12"}


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity]
    )
    two_periods(initiative)
    succeeded_run()
    return initiative


def prioritise(organisation, slug, rank, weight):
    BenefitPriority.objects.create(
        organisation=organisation, benefit=Benefit.objects.get(slug=slug), rank=rank, weight=weight
    )


def indicator(body, slug):
    return next(i for b in body["benefits"] for i in b["indicators"] if i["slug"] == slug)


def test_the_shape_and_the_values(api_as, cast, initiative):
    response = api_as(cast.manager).get(URL, {"organisation": "northbridge", **PERIOD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "organisation", "currency", "from", "to", "previous_from", "previous_to", "as_of",
        "benefits",
    }
    assert (body["organisation"], body["currency"], body["from"], body["to"]) == (
        "northbridge", "GBP", "2025-01", "2025-12"
    )
    assert (body["previous_from"], body["previous_to"]) == ("2024-01", "2024-12")
    assert body["as_of"].startswith("2026-01-05T03:00")
    entry = next(b for b in body["benefits"] if b["slug"] == "efficiency")
    assert entry["stakeholder_group"] == {"slug": "managers", "name": "Top managers"}
    assert entry["priority"] is None
    assert indicator(body, "managers-leverage") == {
        "slug": "managers-leverage",
        "name": "Leverage: citizen value per £1 of public input",
        "unit": "ratio",
        "better": "higher",
        "source": "leverage",
        "value": "0.875",
        "previous_value": "0.500",
        "trend": "up",
        "improving": True,
    }
    assert indicator(body, "managers-citizen-input-value")["value"] == "350.00"
    assert indicator(body, "managers-citizen-input-value")["unit"] == "GBP"
    assert indicator(body, "citizens-distinct-contributors")["value"] == "3"
    assert indicator(body, "users-coproduction-share")["value"] == "46.7"
    per_initiative = indicator(body, "politicians-public-input-per-initiative")
    assert (per_initiative["trend"], per_initiative["improving"]) == ("up", False)
    no_data = indicator(body, "managers-cost-per-outcome")
    assert (no_data["value"], no_data["previous_value"], no_data["trend"], no_data["improving"]) \
        == (None, None, None, None)


def test_priorities_come_first_by_rank(api_as, cast, initiative):
    prioritise(cast.council, "satisfied-users", 3, 20)
    prioritise(cast.council, "efficiency", 1, 50)
    prioritise(cast.council, "social-capital", 2, 30)
    body = api_as(cast.member).get(URL, PERIOD).json()
    first = body["benefits"][:4]
    assert [(b["slug"], b["priority"]) for b in first] == [
        ("efficiency", {"rank": 1, "weight": 50}),
        ("social-capital", {"rank": 2, "weight": 30}),
        ("satisfied-users", {"rank": 3, "weight": 20}),
        ("improved-outcomes", None),
    ]
    assert len(body["benefits"]) == Benefit.objects.count()


def test_the_default_organisation_is_the_callers_own(api_as, cast, initiative):
    assert api_as(cast.officer).get(URL).json()["organisation"] == "northbridge"
    assert api_as(cast.partner).get(URL).json()["organisation"] == "age-concern"


@pytest.mark.parametrize("persona", ["officer", "manager", "member"])
def test_staff_and_members_read_their_organisation(api_as, cast, initiative, persona):
    response = api_as(getattr(cast, persona)).get(URL, {"organisation": "northbridge"})
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "citizen", "partner"])
def test_others_get_a_404_for_the_council(api_as, cast, initiative, persona):
    response = api_as(getattr(cast, persona)).get(URL, {"organisation": "northbridge"})
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["citizen", "nobody"])
def test_without_any_dashboard_the_default_is_a_404(api_as, cast, persona):
    assert api_as(getattr(cast, persona)).get(URL).status_code == 404


def test_signed_out_callers_are_refused(api_client):
    assert api_client.get(URL).status_code in (401, 403)


def test_a_partner_reads_only_the_initiatives_it_partners_in(api_as, cast, initiative):
    led_by_charity = InitiativeFactory(lead_organisation=cast.charity)
    contribution_row(led_by_charity, month(2025, 2), value="5000.00")
    body = api_as(cast.partner).get(URL, {"organisation": "age-concern", **PERIOD}).json()
    assert indicator(body, "managers-citizen-input-value")["value"] == "350.00"


def test_a_manager_of_the_charity_reads_everything_it_takes_part_in(api_as, cast, initiative):
    from ..factories import MembershipFactory, UserFactory

    charity_manager = UserFactory(username="charity-manager")
    MembershipFactory(user=charity_manager, organisation=cast.charity, role="manager")
    led_by_charity = InitiativeFactory(lead_organisation=cast.charity)
    contribution_row(led_by_charity, month(2025, 2), value="5000.00")
    body = api_as(charity_manager).get(URL, {"organisation": "age-concern", **PERIOD}).json()
    assert indicator(body, "managers-citizen-input-value")["value"] == "5350.00"


def test_filters(api_as, cast, initiative):
    ward = AreaFactory(organisation=cast.council, slug="castle")
    design = InitiativeFactory(
        lead_organisation=cast.council, coproduction_types=[coproduction_type("co-design")]
    )
    design.areas.set([ward])
    contribution_row(design, month(2025, 2), value="7.00")
    public_row(design, month(2025, 2), value="70.00")
    client = api_as(cast.manager)

    def citizen(**query):
        body = client.get(URL, {**PERIOD, **query}).json()
        return indicator(body, "managers-citizen-input-value")["value"]

    assert citizen() == "357.00"
    assert citizen(type="co-design") == "7.00"
    assert citizen(type="co-delivery") == "350.00"  # co-performing is under co-delivery
    assert citizen(area=ward.pk) == "7.00"
    assert citizen(initiative=initiative.pk) == "350.00"
    assert citizen(service_area="libraries") == "0.00"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2025-13"}, "from"),
        ({"to": "last year"}, "to"),
        ({"from": "2025-06", "to": "2025-01"}, "to"),
        ({"type": "co-nothing"}, "type"),
        ({"service_area": "space"}, "service_area"),
        ({"initiative": "0"}, "initiative"),
    ],
)
def test_bad_filters_are_400s_naming_the_field(api_as, cast, initiative, query, field):
    response = api_as(cast.manager).get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


def test_an_initiative_of_another_organisation_is_not_a_filter(api_as, cast, initiative):
    elsewhere = InitiativeFactory(lead_organisation=cast.other_council)
    response = api_as(cast.manager).get(URL, {"initiative": elsewhere.pk})
    assert response.status_code == 400


def test_the_query_count_is_constant(api_as, cast, initiative, django_assert_max_num_queries):
    client = api_as(cast.manager)
    with django_assert_max_num_queries(25) as captured:
        client.get(URL, PERIOD)
    small = len(captured.captured_queries)
    for n in range(5):
        more = InitiativeFactory(lead_organisation=cast.council)
        for m in range(1, 13):
            contribution_row(more, month(2025, m), value=f"{n}.10")
    cache.delete(GENERATION_KEY)  # rows written directly: start a new roll-up generation
    with django_assert_max_num_queries(small):
        client.get(URL, PERIOD)


def test_it_is_in_the_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/dashboards/stakeholders/"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StakeholderBenefits"
    }
    names = {p["name"] for p in operation["parameters"]}
    assert {"organisation", "from", "to", "area", "service_area", "type", "initiative"} <= names
