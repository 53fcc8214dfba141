"""GET /api/v1/me/: the caller and the roles they hold."""

import pytest

from people.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"


def test_me_lists_every_active_membership(cast, api_as):
    MembershipFactory(user=cast.officer, organisation=cast.charity, role=Role.PARTNER)
    MembershipFactory(user=cast.officer, organisation=cast.council, role=Role.MANAGER)
    MembershipFactory(
        user=cast.officer, organisation=cast.other_council, role=Role.CITIZEN, is_active=False
    )

    response = api_as(cast.officer).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == cast.officer.pk
    assert body["username"] == "officer"
    assert sorted(
        (m["organisation"], m["organisation_slug"], m["role"]) for m in body["memberships"]
    ) == sorted(
        [
            (cast.charity.pk, "age-concern", "partner"),
            (cast.council.pk, "northbridge", "manager"),
            (cast.council.pk, "northbridge", "officer"),
        ]
    )


def test_me_is_one_object_not_a_page(cast, api_as):
    body = api_as(cast.nobody).get(URL).json()
    assert body == {"id": cast.nobody.pk, "username": "nobody", "memberships": []}


def test_me_answers_about_the_caller_not_someone_else(cast, api_as):
    body = api_as(cast.partner).get(URL).json()
    assert body["username"] == "partner"
    assert [m["role"] for m in body["memberships"]] == ["partner"]


def test_me_works_with_a_session_too(cast, client):
    client.force_login(cast.citizen)
    assert client.get(URL).json()["username"] == "citizen"


def test_me_needs_authentication(api_client):
    assert api_client.get(URL).status_code == 401


def test_me_is_read_only(cast, api_as):
    assert api_as(cast.officer).post(URL, {"username": "x"}, format="json").status_code == 405
