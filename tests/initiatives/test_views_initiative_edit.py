"""Editing an initiative: only its lead organisation's staff, through the same checks."""

import pytest
from django.urls import reverse

from initiatives.models import Status
from tests.factories import InitiativeFactory, coproduction_type, service_area

pytestmark = pytest.mark.django_db


def url(initiative) -> str:
    return reverse("initiative-edit", args=[initiative.pk])


@pytest.fixture
def initiative(cast):
    return InitiativeFactory(
        title="Good neighbours",
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        coproduction_types=[coproduction_type("co-performing")],
        status=Status.ACTIVE,
    )


def edit_data(cast, **overrides) -> dict:
    data = {
        "title": "Good neighbours scheme",
        "summary": "Neighbours check on older residents.",
        "description": "",
        "partner_organisations": [cast.charity.pk],
        "service_area": service_area("adult-social-care").pk,
        "coproduction_types": [
            coproduction_type("co-performing").pk,
            coproduction_type("co-design").pk,
        ],
        "start_date": "2024-01-01",
        "end_date": "",
        "lead_professional": "",
        "mode": "individual",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_owner_sees_the_form_filled_in(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    response = client.get(url(initiative))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Good neighbours"' in body
    assert 'value="2024-01-01"' in body
    assert "Northbridge City Council" in body  # the lead, shown but not editable
    assert "lead_organisation" not in response.context["form"].fields


def test_owner_saves_changes(client, cast, initiative):
    client.force_login(cast.officer)

    response = client.post(url(initiative), edit_data(cast))

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Good neighbours scheme"
    assert initiative.mode == "individual"
    assert {t.slug for t in initiative.coproduction_types.all()} == {"co-performing", "co-design"}
    assert initiative.status == Status.ACTIVE
    assert initiative.history.first().history_user == cast.officer


def test_bad_input_changes_nothing(client, cast, initiative):
    client.force_login(cast.officer)

    response = client.post(
        url(initiative),
        edit_data(
            cast,
            title="x" * 10_000,
            start_date="2024-06-01",
            end_date="2024-01-01",
            coproduction_types=[],
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "end_date", "coproduction_types"} <= set(errors)
    initiative.refresh_from_db()
    assert initiative.title == "Good neighbours"
    assert [t.slug for t in initiative.coproduction_types.all()] == ["co-performing"]


def test_anonymous_is_sent_to_sign_in(client, initiative):
    response = client.get(url(initiative))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["citizen", "member", "partner", "nobody"])
def test_non_staff_are_refused(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative)).status_code == 403
    assert client.post(url(initiative), edit_data(cast)).status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Good neighbours"


def test_outsider_is_refused_an_initiative_they_can_see(client, cast, initiative):
    client.force_login(cast.outsider)

    assert client.get(url(initiative)).status_code == 403
    assert client.post(url(initiative), edit_data(cast)).status_code == 403


def test_outsider_gets_404_for_an_initiative_they_cannot_see(client, cast):
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    client.force_login(cast.outsider)

    assert client.get(url(proposed)).status_code == 404
    assert client.post(url(proposed), edit_data(cast)).status_code == 404
