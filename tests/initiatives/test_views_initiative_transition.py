"""Changing an initiative's status from its page: the lifecycle's rules and who may."""

import pytest
from django.urls import reverse

from initiatives.models import StatusChange
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def url(initiative) -> str:
    return reverse("initiative-transition", args=[initiative.pk])


@pytest.fixture
def proposed(cast):
    return InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity], status="proposed"
    )


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_owner_makes_a_proposed_initiative_active(client, cast, proposed, persona):
    user = getattr(cast, persona)
    client.force_login(user)

    response = client.post(url(proposed), {"status": "active", "reason": "Funding agreed"})

    assert response.status_code == 302
    assert response["Location"] == reverse("initiative-detail", args=[proposed.pk])
    proposed.refresh_from_db()
    assert proposed.status == "active"
    change = StatusChange.objects.get(initiative=proposed)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "proposed",
        "active",
        "Funding agreed",
        user,
    )
    assert "The initiative is now Active." in client.get(response["Location"]).content.decode()


def test_a_change_the_lifecycle_forbids_is_shown_on_the_status_field(client, cast, proposed):
    client.force_login(cast.officer)

    response = client.post(url(proposed), {"status": "completed", "reason": ""})

    assert response.status_code == 400
    errors = response.context["transition_form"].errors["status"]
    assert "cannot become completed" in errors[0]
    assert 'href="#id_status"' in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == "proposed"
    assert not StatusChange.objects.exists()


def test_withdrawing_needs_a_reason(client, cast, proposed):
    client.force_login(cast.officer)

    response = client.post(url(proposed), {"status": "withdrawn", "reason": "  "})

    assert response.context["transition_form"].errors["reason"] == [
        "Say why the initiative is withdrawn."
    ]
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_a_status_that_does_not_exist_is_refused(client, cast, proposed):
    client.force_login(cast.officer)

    response = client.post(url(proposed), {"status": "finished"})

    assert "status" in response.context["transition_form"].errors
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


@pytest.mark.parametrize("persona", ["member", "partner"])
def test_insiders_without_a_staff_role_are_refused(client, cast, proposed, persona):
    client.force_login(getattr(cast, persona))

    assert client.post(url(proposed), {"status": "active"}).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


@pytest.mark.parametrize("persona", ["citizen", "outsider"])
def test_those_who_cannot_see_it_get_404(client, cast, proposed, persona):
    client.force_login(getattr(cast, persona))

    assert client.post(url(proposed), {"status": "active"}).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_outsider_cannot_change_a_public_initiative_of_another_council(client, cast):
    active = InitiativeFactory(lead_organisation=cast.council, status="active")
    client.force_login(cast.outsider)

    assert client.post(url(active), {"status": "paused", "reason": "x"}).status_code == 403
    active.refresh_from_db()
    assert active.status == "active"


def test_anonymous_is_sent_to_sign_in(client, proposed):
    response = client.post(url(proposed), {"status": "active"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_get_is_not_allowed(client, cast, proposed):
    client.force_login(cast.officer)

    assert client.get(url(proposed)).status_code == 405
