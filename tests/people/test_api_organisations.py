"""GET /api/v1/organisations/: the organisations directory."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/"


def test_lists_organisations_with_their_fields_paginated(cast, api_as):
    response = api_as(cast.citizen).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    by_slug = {o["slug"]: o for o in body["results"]}
    assert by_slug["age-concern"] == {
        "id": cast.charity.pk,
        "slug": "age-concern",
        "name": "Northbridge Age Concern",
        "kind": "third_sector",
        "currency": "GBP",
    }
    assert [o["name"] for o in body["results"]] == sorted(o["name"] for o in body["results"])


def test_retrieves_one_by_id(cast, api_as):
    response = api_as(cast.outsider).get(f"{URL}{cast.council.pk}/")
    assert response.status_code == 200
    assert response.json()["slug"] == "northbridge"


def test_an_unknown_organisation_is_404(cast, api_as):
    assert api_as(cast.officer).get(f"{URL}999999/").status_code == 404


def test_organisations_need_authentication(api_client, cast):
    assert api_client.get(URL).status_code == 401


def test_organisations_are_read_only(cast, api_as):
    client = api_as(cast.manager)
    assert client.post(URL, {"slug": "x", "name": "X"}, format="json").status_code == 405
    assert client.patch(f"{URL}{cast.council.pk}/", {"name": "X"}, format="json").status_code == 405
