"""The initiative page: what it shows, who may open it, and which buttons each persona gets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Participation, ParticipationRole, Status
from initiatives.services import initiative_transition, participation_join
from tests.factories import AreaFactory, InitiativeFactory, UserFactory, coproduction_type

pytestmark = pytest.mark.django_db


def url(initiative) -> str:
    return reverse("initiative-detail", args=[initiative.pk])


@pytest.fixture
def active(cast):
    initiative = InitiativeFactory(
        title="Expert patients",
        summary="People with long-term conditions run courses for each other.",
        description="Six weekly sessions.\n\nRun by trained volunteers.",
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-design")],
        status=Status.PROPOSED,
        lead_professional=cast.officer,
    )
    initiative.areas.set([AreaFactory(organisation=cast.council, name="Riverside")])
    initiative_transition(
        initiative=initiative,
        to_status=Status.ACTIVE,
        reason="Funding agreed",
        changed_by=cast.manager,
    )
    return initiative


@pytest.fixture
def proposed(cast):
    return InitiativeFactory(
        title="Draft idea", lead_organisation=cast.council, status=Status.PROPOSED
    )


def test_shows_everything_about_an_initiative(client, cast, active):
    participation_join(initiative=active, user=cast.citizen, role=ParticipationRole.VOLUNTEER)

    response = client.get(url(active))

    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Expert patients",
        "People with long-term conditions",
        "<p>Run by trained volunteers.</p>",
        "Co-delivery › Co-performing",
        "Co-design",
        "Northbridge City Council",
        "Northbridge Age Concern",
        "Riverside",
        "Adult social care",
        "1 January 2024",
        "Collective",
        "1 citizen takes part",
        "Funding agreed",
        "manager",
        "Active",
    ):
        assert text in body, text
    assert [c.to_status for c in response.context["status_changes"]] == ["active"]


@pytest.mark.parametrize("persona", ["anonymous", "citizen", "outsider", "nobody"])
def test_proposed_initiative_is_a_404_for_those_outside_it(client, cast, proposed, persona):
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))

    response = client.get(url(proposed))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("persona", ["officer", "manager", "member"])
def test_proposed_initiative_is_visible_to_its_insiders(client, cast, proposed, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(proposed)).status_code == 200


def test_partner_sees_a_proposed_initiative_its_organisation_partners_in(client, cast):
    partnered = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity], status=Status.PROPOSED
    )
    client.force_login(cast.partner)

    assert client.get(url(partnered)).status_code == 200


def test_unknown_initiative_is_a_404(client, cast):
    assert client.get(reverse("initiative-detail", args=[999999])).status_code == 404


def test_owner_gets_edit_and_status_buttons_with_allowed_statuses_only(client, cast, active):
    client.force_login(cast.officer)

    response = client.get(url(active))

    ctx = response.context
    assert ctx["can_change"] and ctx["can_transition"]
    assert not ctx["can_join"]
    body = response.content.decode()
    assert reverse("initiative-edit", args=[active.pk]) in body
    assert reverse("initiative-transition", args=[active.pk]) in body
    offered = [value for value, _ in ctx["transition_form"].fields["status"].widget.choices]
    assert offered == ["completed", "paused", "withdrawn"]
    assert '<label for="id_reason">' in body


@pytest.mark.parametrize("persona", ["anonymous", "member", "partner", "outsider", "citizen"])
def test_others_get_no_staff_buttons(client, cast, active, persona):
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))

    response = client.get(url(active))

    assert response.status_code == 200
    assert not response.context["can_change"]
    assert not response.context["can_transition"]
    body = response.content.decode()
    assert reverse("initiative-edit", args=[active.pk]) not in body
    assert reverse("initiative-transition", args=[active.pk]) not in body


def test_citizen_gets_a_join_form_with_roles(client, cast, active):
    client.force_login(cast.citizen)

    response = client.get(url(active))

    assert response.context["can_join"]
    body = response.content.decode()
    assert reverse("initiative-join", args=[active.pk]) in body
    assert '<label for="id_role">' in body
    assert "Co-designer" in body


def test_citizen_taking_part_gets_a_leave_button(client, cast, active):
    participation_join(initiative=active, user=cast.citizen, role=ParticipationRole.INSPECTOR)
    client.force_login(cast.citizen)

    body = client.get(url(active)).content.decode()

    assert reverse("initiative-leave", args=[active.pk]) in body
    assert "Leave as Inspector" in body


def test_anonymous_is_invited_to_sign_in_to_join(client, cast, active):
    body = client.get(url(active)).content.decode()

    assert "Sign in to join this initiative." in body


def test_no_join_form_when_not_active(client, cast):
    paused = InitiativeFactory(lead_organisation=cast.council, status=Status.PAUSED)
    client.force_login(cast.citizen)

    response = client.get(url(paused))

    assert not response.context["can_join"]
    assert "not open for new participants" in response.content.decode()


def test_no_status_form_when_the_status_is_final(client, cast):
    completed = InitiativeFactory(lead_organisation=cast.council, status=Status.COMPLETED)
    client.force_login(cast.officer)

    response = client.get(url(completed))

    assert response.context["can_change"]
    assert not response.context["can_transition"]


def test_queries_do_not_grow_with_partners_history_or_participants(client, cast, active):
    client.force_login(cast.officer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(active)).status_code == 200
        return len(queries)

    few = count_queries()
    initiative_transition(
        initiative=active, to_status="paused", reason="x", changed_by=cast.officer
    )
    initiative_transition(
        initiative=active, to_status="active", reason="y", changed_by=cast.manager
    )
    active.partner_organisations.add(cast.other_council)
    active.areas.add(AreaFactory(organisation=cast.council))
    for n in range(5):
        Participation.objects.create(
            initiative=active, user=UserFactory(username=f"p{n}"), role="participant"
        )

    assert count_queries() == few
