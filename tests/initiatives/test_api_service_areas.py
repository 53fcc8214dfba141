"""GET /api/v1/service-areas/."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/service-areas/"


def test_lists_the_ten_service_areas_by_name(cast, api_as):
    body = api_as(cast.citizen).get(URL).json()
    assert body["count"] == 10
    assert body["results"][0] == {"slug": "adult-social-care", "name": "Adult social care"}
    names = [s["name"] for s in body["results"]]
    assert names == sorted(names)


def test_retrieves_a_service_area_by_slug(cast, api_as):
    response = api_as(cast.officer).get(f"{URL}libraries/")
    assert response.status_code == 200
    assert response.json() == {"slug": "libraries", "name": "Libraries"}


def test_an_unknown_slug_is_404(cast, api_as):
    assert api_as(cast.officer).get(f"{URL}space-programme/").status_code == 404


def test_service_areas_need_authentication(api_client):
    assert api_client.get(URL).status_code == 401
