"""GET /api/v1/coproduction-types/: the taxonomy, by stable slug."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/coproduction-types/"


def test_lists_the_nine_types_in_order_with_parents_and_examples(cast, api_as):
    response = api_as(cast.citizen).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 9
    results = body["results"]
    assert [t["slug"] for t in results] == [
        "co-commissioning", "co-planning", "co-prioritisation", "co-financing",
        "co-design", "co-delivery", "co-management", "co-performing", "co-assessment",
    ]  # fmt: skip
    planning = results[1]
    assert set(planning) == {"slug", "name", "parent", "examples", "description"}
    assert planning["parent"] == "co-commissioning"
    assert planning["examples"] == ["Deliberative participation", "Planning for Real", "Open Space"]
    assert results[0]["parent"] is None
    assert results[0]["examples"] == []


def test_retrieves_a_type_by_slug(cast, api_as):
    response = api_as(cast.partner).get(f"{URL}co-performing/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Co-performing"
    assert body["parent"] == "co-delivery"
    assert "Neighbourhood Watch" in body["examples"]
    assert body["description"]


def test_an_unknown_slug_is_404(cast, api_as):
    assert api_as(cast.officer).get(f"{URL}co-nothing/").status_code == 404


def test_types_need_authentication(api_client):
    assert api_client.get(URL).status_code == 401
