"""The map: service areas × co-production types, counts per persona, and links to the list."""

import re

import pytest
from django.urls import reverse

from tests.factories import InitiativeFactory, coproduction_type, service_area

pytestmark = pytest.mark.django_db
URL = reverse("coproduction-map")


def cell(response, area_slug: str, type_slug: str) -> int:
    for row in response.context["rows"]:
        if row["service_area"].slug == area_slug:
            for c in row["cells"]:
                if c.coproduction_type.slug == type_slug:
                    return c.count
    raise AssertionError(f"no cell {area_slug} × {type_slug}")


@pytest.fixture
def scene(cast):
    housing = service_area("housing")
    InitiativeFactory(
        title="Peer support",
        lead_organisation=cast.council,
        service_area=housing,
        coproduction_types=[coproduction_type("co-performing")],
    )
    InitiativeFactory(
        title="Both kinds",
        lead_organisation=cast.council,
        service_area=housing,
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-management")],
    )
    InitiativeFactory(
        title="Council draft",
        lead_organisation=cast.council,
        service_area=housing,
        coproduction_types=[coproduction_type("co-design")],
        status="proposed",
    )
    InitiativeFactory(
        title="Southport inspectors",
        lead_organisation=cast.other_council,
        service_area=service_area("libraries"),
        coproduction_types=[coproduction_type("co-assessment")],
    )


def test_a_parent_cell_counts_initiatives_of_its_children_once(client, scene):
    response = client.get(URL)

    assert response.status_code == 200
    assert cell(response, "housing", "co-performing") == 2
    assert cell(response, "housing", "co-management") == 1
    assert cell(response, "housing", "co-delivery") == 2
    assert cell(response, "housing", "co-design") == 0  # proposed: not for anonymous
    assert cell(response, "libraries", "co-assessment") == 1
    assert response.context["total"] == 3


def test_cells_link_to_the_filtered_list_which_shows_the_same_initiatives(client, scene):
    body = client.get(URL).content.decode()

    link = f"{reverse('initiative-list')}?service_area=housing&amp;type=co-delivery"
    assert f'href="{link}"' in body
    listed = client.get(
        reverse("initiative-list"), {"service_area": "housing", "type": "co-delivery"}
    )
    assert {i.title for i in listed.context["initiatives"]} == {"Peer support", "Both kinds"}
    # An empty cell is a plain 0, not a link.
    assert "type=co-financing" not in body


def test_the_table_is_accessible(client, scene):
    body = client.get(URL).content.decode()

    assert "<caption" in body
    assert '<th scope="row">Housing</th>' in body
    assert '<th scope="colgroup" colspan="4">Co-commissioning</th>' in body
    assert '<th scope="col" rowspan="2">Co-design</th>' in body
    assert '<th scope="col">Co-performing</th>' in body
    assert re.search(r'class="table-scroll" role="region" aria-labelledby="map-caption"', body)


@pytest.mark.parametrize(
    ("persona", "housing_co_design", "total"),
    [
        ("officer", 1, 4),
        ("member", 1, 4),
        ("citizen", 0, 3),
        ("partner", 0, 3),
        ("outsider", 0, 3),
    ],
)
def test_counts_follow_what_each_persona_may_see(
    client, cast, scene, persona, housing_co_design, total
):
    client.force_login(getattr(cast, persona))

    response = client.get(URL)

    assert cell(response, "housing", "co-design") == housing_co_design
    assert response.context["total"] == total


def test_organisation_filter_narrows_counts_and_links(client, cast, scene):
    response = client.get(URL, {"organisation": "southport"})

    assert response.context["organisation"] == cast.other_council
    assert response.context["total"] == 1
    assert cell(response, "housing", "co-delivery") == 0
    assert "type=co-assessment&amp;organisation=southport" in response.content.decode()


def test_unknown_organisation_says_so_and_shows_everything(client, cast, scene):
    response = client.get(URL, {"organisation": "atlantis"})

    assert response.context["organisation"] is None
    assert response.context["total"] == 3
    assert "That organisation is not known" in response.content.decode()


def test_empty_state(client, cast):
    response = client.get(URL)

    assert "the map is empty" in response.content.decode()
    assert "<table" not in response.content.decode()
