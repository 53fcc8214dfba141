"""The initiatives list: scoping per persona, every filter, pagination and the empty state."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Status
from tests.factories import AreaFactory, InitiativeFactory, coproduction_type, service_area

pytestmark = pytest.mark.django_db
URL = reverse("initiative-list")


def titles(response) -> set[str]:
    return {i.title for i in response.context["initiatives"]}


@pytest.fixture
def scene(cast):
    return {
        "active": InitiativeFactory(
            title="Tenant inspectors",
            lead_organisation=cast.council,
            coproduction_types=[coproduction_type("co-assessment")],
            service_area=service_area("housing"),
        ),
        "proposed": InitiativeFactory(
            title="Draft peer support", lead_organisation=cast.council, status=Status.PROPOSED
        ),
        "partnered": InitiativeFactory(
            title="Charity befriending",
            lead_organisation=cast.other_council,
            partner_organisations=[cast.charity],
            status=Status.PROPOSED,
        ),
        "elsewhere": InitiativeFactory(
            title="Southport draft", lead_organisation=cast.other_council, status=Status.PROPOSED
        ),
    }


SEES = {
    "anonymous": {"Tenant inspectors"},
    "officer": {"Tenant inspectors", "Draft peer support"},
    "manager": {"Tenant inspectors", "Draft peer support"},
    "member": {"Tenant inspectors", "Draft peer support"},
    "partner": {"Tenant inspectors", "Charity befriending"},
    "citizen": {"Tenant inspectors"},
    "outsider": {"Tenant inspectors", "Charity befriending", "Southport draft"},
}


@pytest.mark.parametrize("persona", SEES)
def test_each_persona_sees_what_their_memberships_allow(client, cast, scene, persona):
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == SEES[persona]
    assert response.context["result_count"] == len(SEES[persona])


def test_a_parent_type_includes_its_children(client, cast):
    InitiativeFactory(title="Peer support", coproduction_types=[coproduction_type("co-performing")])
    InitiativeFactory(
        title="Leisure trust", coproduction_types=[coproduction_type("co-management")]
    )
    InitiativeFactory(title="Design lab", coproduction_types=[coproduction_type("co-design")])

    response = client.get(URL, {"type": "co-delivery"})

    assert titles(response) == {"Peer support", "Leisure trust"}
    assert titles(client.get(URL, {"type": "co-performing"})) == {"Peer support"}


def test_filters_by_status_service_area_organisation_area_and_search(client, cast):
    ward = AreaFactory(organisation=cast.council, name="Riverside")
    housing = InitiativeFactory(
        title="Estate walkabouts",
        service_area=service_area("housing"),
        lead_organisation=cast.council,
    )
    housing.areas.set([ward])
    InitiativeFactory(title="Library friends", service_area=service_area("libraries"))
    InitiativeFactory(title="Paused garden", status=Status.PAUSED, summary="Walkabouts later")
    InitiativeFactory(
        title="Charity walk",
        lead_organisation=cast.other_council,
        partner_organisations=[cast.charity],
    )

    assert titles(client.get(URL, {"status": "paused"})) == {"Paused garden"}
    assert titles(client.get(URL, {"service_area": "housing"})) == {"Estate walkabouts"}
    assert titles(client.get(URL, {"organisation": "age-concern"})) == {"Charity walk"}
    assert titles(client.get(URL, {"area": ward.pk})) == {"Estate walkabouts"}
    assert titles(client.get(URL, {"search": "walkabouts"})) == {
        "Estate walkabouts",
        "Paused garden",
    }
    assert titles(client.get(URL, {"search": "walkabouts", "status": "active"})) == {
        "Estate walkabouts"
    }


def test_an_unknown_filter_value_is_an_error_not_an_unfiltered_list(client, cast):
    InitiativeFactory()

    response = client.get(URL, {"type": "co-nothing"})

    assert response.status_code == 200
    assert titles(response) == set()
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_type"' in body


def test_pagination_keeps_the_filters(client, cast):
    for n in range(45):
        InitiativeFactory(title=f"Walk {n:02}", summary="Health walks")
    InitiativeFactory(title="Something else")

    first = client.get(URL, {"search": "health"})
    third = client.get(URL, {"search": "health", "page": 3})

    assert first.context["result_count"] == 45
    assert len(first.context["initiatives"]) == 20
    assert len(third.context["initiatives"]) == 5
    body = first.content.decode()
    assert "?search=health&amp;page=2" in body
    assert "?search=health&amp;page=3" in body
    assert "page 1 of 3" in body


def test_empty_state_when_nothing_matches(client, cast):
    InitiativeFactory(title="Tenant inspectors")

    response = client.get(URL, {"search": "zzz"})

    body = response.content.decode()
    assert "No initiatives match these filters." in body
    assert "Clear filters" in body


def test_empty_state_when_there_is_nothing_at_all(client, cast):
    client.force_login(cast.officer)

    body = client.get(URL).content.decode()

    assert "There are no initiatives to show yet." in body
    assert reverse("initiative-create") in body


def test_every_filter_has_a_label(client, cast):
    body = client.get(URL).content.decode()

    for name in ("search", "type", "status", "service_area", "area", "organisation"):
        assert f'<label for="id_{name}">' in body


def test_queries_do_not_grow_with_the_number_of_initiatives(client, cast):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    InitiativeFactory(partner_organisations=[cast.charity])
    few = count_queries()
    for _ in range(15):
        InitiativeFactory(partner_organisations=[cast.charity])

    assert count_queries() == few
