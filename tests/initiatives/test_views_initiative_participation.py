"""Joining and leaving an initiative from its page; leaving keeps the history."""

import pytest
from django.urls import reverse

from initiatives.models import Participation
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def join_url(initiative) -> str:
    return reverse("initiative-join", args=[initiative.pk])


def leave_url(initiative) -> str:
    return reverse("initiative-leave", args=[initiative.pk])


@pytest.fixture
def active(cast):
    return InitiativeFactory(lead_organisation=cast.council, status="active")


def test_citizen_joins_in_a_role(client, cast, active):
    client.force_login(cast.citizen)

    response = client.post(join_url(active), {"role": "volunteer"}, follow=True)

    participation = Participation.objects.get()
    assert (participation.user, participation.role, participation.left_at) == (
        cast.citizen,
        "volunteer",
        None,
    )
    assert "You joined as Volunteer." in response.content.decode()
    assert response.context["initiative"].participant_count == 1


def test_joining_twice_in_the_same_role_is_an_error_on_the_role(client, cast, active):
    client.force_login(cast.citizen)
    client.post(join_url(active), {"role": "volunteer"})

    response = client.post(join_url(active), {"role": "volunteer"})

    assert response.status_code == 400
    assert response.context["join_form"].errors["role"] == [
        "You already take part in this initiative in that role."
    ]
    assert Participation.objects.count() == 1


def test_an_unknown_role_is_an_error(client, cast, active):
    client.force_login(cast.citizen)

    response = client.post(join_url(active), {"role": "boss"})

    assert "role" in response.context["join_form"].errors
    assert not Participation.objects.exists()


def test_leaving_keeps_the_history_and_one_can_rejoin(client, cast, active):
    client.force_login(cast.citizen)
    client.post(join_url(active), {"role": "participant"})

    response = client.post(leave_url(active), {"role": "participant"}, follow=True)

    left = Participation.objects.get()
    assert left.left_at is not None
    assert response.context["initiative"].participant_count == 0
    assert "You left the Participant role." in response.content.decode()

    client.post(join_url(active), {"role": "participant"})
    assert Participation.objects.count() == 2
    assert Participation.objects.filter(left_at__isnull=True).count() == 1


def test_leaving_a_role_one_does_not_hold_changes_nothing(client, cast, active):
    client.force_login(cast.citizen)
    client.post(join_url(active), {"role": "participant"})

    response = client.post(leave_url(active), {"role": "inspector"}, follow=True)

    assert "do not take part in this initiative in that role" in response.content.decode()
    assert Participation.objects.get().left_at is None


def test_leaving_does_not_touch_other_citizens(client, cast, active):
    client.force_login(cast.citizen2)
    client.post(join_url(active), {"role": "participant"})
    client.force_login(cast.citizen)

    client.post(leave_url(active), {"role": "participant"})

    assert Participation.objects.get().left_at is None


@pytest.mark.parametrize("persona", ["officer", "member", "partner", "outsider", "nobody"])
def test_only_citizens_join(client, cast, active, persona):
    client.force_login(getattr(cast, persona))

    assert client.post(join_url(active), {"role": "participant"}).status_code == 403
    assert not Participation.objects.exists()


@pytest.mark.parametrize("status", ["paused", "completed"])
def test_an_initiative_that_is_not_active_cannot_be_joined(client, cast, status):
    initiative = InitiativeFactory(lead_organisation=cast.council, status=status)
    client.force_login(cast.citizen)

    assert client.post(join_url(initiative), {"role": "participant"}).status_code == 403
    assert not Participation.objects.exists()


def test_a_proposed_initiative_is_a_404_for_a_citizen(client, cast):
    proposed = InitiativeFactory(lead_organisation=cast.council, status="proposed")
    client.force_login(cast.citizen)

    assert client.post(join_url(proposed), {"role": "participant"}).status_code == 404
    assert client.post(leave_url(proposed), {"role": "participant"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, active):
    response = client.post(join_url(active), {"role": "participant"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(leave_url(active), {"role": "participant"}).status_code == 302
