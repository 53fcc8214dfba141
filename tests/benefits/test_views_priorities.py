"""The benefit priorities page: managers rank and weight their organisation's priorities."""

import pytest
from django.urls import reverse

from benefits.models import Benefit, BenefitPriority

from ..factories import MembershipFactory
from .dashboard_data import succeeded_run

pytestmark = pytest.mark.django_db

URL = reverse("benefit-priorities")


def form_data(**ranks):
    """rank/weight pairs by benefit slug (underscores for hyphens): efficiency=(1, 50)."""
    data = {}
    for benefit in Benefit.objects.all():
        data[f"rank_{benefit.slug}"] = ""
        data[f"weight_{benefit.slug}"] = ""
    for slug, (rank, weight) in ranks.items():
        slug = slug.replace("_", "-")
        data[f"rank_{slug}"] = str(rank)
        data[f"weight_{slug}"] = str(weight)
    return data


def stored(organisation):
    return list(
        BenefitPriority.objects.filter(organisation=organisation)
        .order_by("rank")
        .values_list("benefit__slug", "rank", "weight")
    )


def test_a_manager_sees_every_benefit_by_stakeholder_group(client, cast):
    client.force_login(cast.manager)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and "Top managers" in html and "Service users" in html
    for benefit in Benefit.objects.all():
        assert f'name="rank_{benefit.slug}"' in html
        assert f'name="weight_{benefit.slug}"' in html
    assert "chart.umd" not in html  # no charts on this page


def test_a_manager_sets_the_priorities(client, cast):
    client.force_login(cast.manager)
    response = client.post(
        f"{URL}?organisation=northbridge",
        form_data(efficiency=(1, 50), social_capital=(2, 30), satisfied_users=(3, 20)),
        follow=True,
    )
    assert response.status_code == 200
    assert stored(cast.council) == [
        ("efficiency", 1, 50), ("social-capital", 2, 30), ("satisfied-users", 3, 20)
    ]
    html = response.content.decode()
    assert "are saved" in html
    assert 'value="50"' in html  # the form shows what is stored


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ({"efficiency": (1, 10), "social_capital": (1, 10)}, "more than one benefit"),
        ({"efficiency": (1, 10), "social_capital": (3, 10)}, "rank 2 is missing"),
        ({"efficiency": (1, 101)}, "less than or equal to 100"),
        ({"efficiency": (1, "")}, "Give a weight"),
        ({"efficiency": ("", 40)}, "Give this benefit a rank too"),
        ({"efficiency": ("first", 40)}, "whole number"),
    ],
)
def test_bad_priorities_get_clear_errors_and_nothing_is_stored(client, cast, ranks, message):
    BenefitPriority.objects.create(
        organisation=cast.council, benefit=Benefit.objects.get(slug="reassurance"), rank=1,
        weight=100,
    )
    client.force_login(cast.manager)
    response = client.post(URL, form_data(**ranks))
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert stored(cast.council) == [("reassurance", 1, 100)]


@pytest.mark.parametrize("persona", ["officer", "member", "partner", "citizen", "nobody"])
def test_only_managers_may_set_priorities(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(efficiency=(1, 10))).status_code == 403
    assert stored(cast.council) == []


def test_a_manager_cannot_choose_another_organisation(client, cast):
    client.force_login(cast.manager)
    assert client.get(URL, {"organisation": "southport"}).status_code == 404
    response = client.post(f"{URL}?organisation=southport", form_data(efficiency=(1, 10)))
    assert response.status_code == 404
    assert stored(cast.other_council) == []


def test_a_manager_of_two_organisations_chooses_which(client, cast):
    MembershipFactory(user=cast.manager, organisation=cast.charity, role="manager")
    client.force_login(cast.manager)
    response = client.get(URL, {"organisation": "age-concern"})
    assert response.context["organisation"] == cast.charity
    client.post(f"{URL}?organisation=age-concern", form_data(reassurance=(1, 70)))
    assert stored(cast.charity) == [("reassurance", 1, 70)]
    assert stored(cast.council) == []


def test_priorities_then_lead_the_dashboard(client, cast):
    client.force_login(cast.manager)
    client.post(URL, form_data(satisfied_users=(1, 60), efficiency=(2, 40)))
    succeeded_run()
    response = client.get(reverse("dashboard-organisation", args=["northbridge"]))
    assert [e["benefit"].slug for e in response.context["priorities"]] == [
        "satisfied-users", "efficiency"
    ]
