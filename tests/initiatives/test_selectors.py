"""Who sees which initiatives, the detail read, and the map of where co-production happens."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative, ParticipationRole, Status
from initiatives.selectors import (
    coproduction_map,
    initiative_detail,
    initiative_list_for_display,
    initiative_list_visible_to,
)
from initiatives.services import participation_join, participation_leave
from tests.factories import (
    AreaFactory,
    InitiativeFactory,
    MembershipFactory,
    UserFactory,
    coproduction_type,
    service_area,
)

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    proposed_own: Initiative  # led by the council, not yet public
    withdrawn_own: Initiative  # led by the council, never public
    proposed_partnered: Initiative  # led by the other council, the charity partners
    proposed_elsewhere: Initiative  # the other council's own, not public
    active_elsewhere: Initiative  # public


@pytest.fixture
def scene(cast) -> Scene:
    return Scene(
        proposed_own=InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED),
        withdrawn_own=InitiativeFactory(lead_organisation=cast.council, status=Status.WITHDRAWN),
        proposed_partnered=InitiativeFactory(
            lead_organisation=cast.other_council,
            partner_organisations=[cast.charity],
            status=Status.PROPOSED,
        ),
        proposed_elsewhere=InitiativeFactory(
            lead_organisation=cast.other_council, status=Status.PROPOSED
        ),
        active_elsewhere=InitiativeFactory(
            lead_organisation=cast.other_council, status=Status.ACTIVE
        ),
    )


VISIBLE = {
    "officer": {"proposed_own", "withdrawn_own", "active_elsewhere"},
    "manager": {"proposed_own", "withdrawn_own", "active_elsewhere"},
    "member": {"proposed_own", "withdrawn_own", "active_elsewhere"},
    "partner": {"proposed_partnered", "active_elsewhere"},
    "citizen": {"active_elsewhere"},
    "outsider": {"proposed_partnered", "proposed_elsewhere", "active_elsewhere"},
    "nobody": {"active_elsewhere"},
}


def _names(scene: Scene, initiatives) -> set[str]:
    by_pk = {getattr(scene, name).pk: name for name in vars(scene)}
    return {by_pk[i.pk] for i in initiatives}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_persona_sees_public_initiatives_and_their_organisations_own(cast, scene, persona):
    user = getattr(cast, persona)
    assert _names(scene, initiative_list_visible_to(user)) == VISIBLE[persona]


def test_anonymous_sees_only_public_initiatives(scene):
    assert _names(scene, initiative_list_visible_to(AnonymousUser())) == {"active_elsewhere"}


def test_a_superuser_sees_everything(scene):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    assert _names(scene, initiative_list_visible_to(admin)) == set(vars(scene))


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.PAUSED, Status.COMPLETED])
def test_every_public_status_is_visible_to_a_citizen(cast, status):
    initiative = InitiativeFactory(lead_organisation=cast.other_council, status=status)
    assert list(initiative_list_visible_to(cast.citizen)) == [initiative]


def test_an_inactive_membership_grants_no_sight(cast, scene):
    cast.officer.memberships.update(is_active=False)
    assert _names(scene, initiative_list_visible_to(cast.officer)) == {"active_elsewhere"}


def test_visible_list_has_no_duplicates_when_several_roles_match(cast, scene):
    scene.proposed_own.partner_organisations.add(cast.charity)
    MembershipFactory(user=cast.officer, organisation=cast.charity, role="partner")
    pks = [i.pk for i in initiative_list_visible_to(cast.officer)]
    assert len(pks) == len(set(pks))


def test_detail_is_scoped_like_the_list(cast, scene):
    assert initiative_detail(scene.proposed_own.pk, cast.officer) == scene.proposed_own
    with pytest.raises(Initiative.DoesNotExist):
        initiative_detail(scene.proposed_own.pk, cast.outsider)
    with pytest.raises(Initiative.DoesNotExist):
        initiative_detail(scene.proposed_own.pk, cast.citizen)


def test_detail_counts_current_participants_once(cast):
    initiative = InitiativeFactory(lead_organisation=cast.council, status=Status.ACTIVE)
    participation_join(initiative=initiative, user=cast.citizen, role=ParticipationRole.VOLUNTEER)
    participation_join(initiative=initiative, user=cast.citizen, role=ParticipationRole.INSPECTOR)
    gone = participation_join(
        initiative=initiative, user=cast.citizen2, role=ParticipationRole.PARTICIPANT
    )
    participation_leave(participation=gone)
    assert initiative_detail(initiative.pk, cast.officer).participant_count == 1


def test_display_list_costs_the_same_queries_for_two_or_twenty_initiatives(cast):
    def queries_for_listing() -> int:
        with CaptureQueriesContext(connection) as ctx:
            for initiative in initiative_list_for_display(initiative_list_visible_to(cast.officer)):
                _ = (
                    initiative.lead_organisation.name,
                    initiative.service_area.name,
                    [t.slug for t in initiative.coproduction_types.all()],
                    [p.pk for p in initiative.partner_organisations.all()],
                    [a.pk for a in initiative.areas.all()],
                )
        return len(ctx.captured_queries)

    def make(n: int) -> None:
        for _ in range(n):
            initiative = InitiativeFactory(
                lead_organisation=cast.council, partner_organisations=[cast.charity]
            )
            initiative.areas.add(AreaFactory(organisation=cast.council))

    make(2)
    queries_for_listing()  # the first call also reads the officer's roles, then caches them
    few = queries_for_listing()
    make(18)
    assert queries_for_listing() == few


def test_the_map_counts_each_initiative_once_per_cell_and_parents_include_children(cast):
    housing = service_area("housing")
    both = InitiativeFactory(
        service_area=housing,
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-management")],
    )
    InitiativeFactory(service_area=housing, coproduction_types=[coproduction_type("co-design")])
    InitiativeFactory(
        service_area=service_area("libraries"),
        coproduction_types=[coproduction_type("co-performing")],
    )
    InitiativeFactory(  # not visible to a citizen: must not be counted
        service_area=housing,
        status=Status.PROPOSED,
        coproduction_types=[coproduction_type("co-performing")],
    )

    grid = coproduction_map(cast.citizen)

    assert grid["total"] == 3
    cells = {
        (row.service_area.slug, cell.coproduction_type.slug): cell.count
        for row in grid["rows"]
        for cell in row.cells
    }
    assert cells[("housing", "co-delivery")] == 1  # `both` once, though it has two children
    assert cells[("housing", "co-performing")] == 1
    assert cells[("housing", "co-management")] == 1
    assert cells[("housing", "co-design")] == 1
    assert cells[("libraries", "co-delivery")] == 1
    assert cells[("transport", "co-delivery")] == 0
    totals = {row.service_area.slug: row.total for row in grid["rows"]}
    assert totals["housing"] == 2
    assert len(grid["rows"]) == 10
    assert [t.slug for t in grid["types"]][0] == "co-commissioning"
    assert both.coproduction_types.count() == 2


def test_the_map_for_one_organisation_counts_lead_and_partner_work(cast):
    led = InitiativeFactory(lead_organisation=cast.charity)
    partnered = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity]
    )
    InitiativeFactory(lead_organisation=cast.other_council)
    grid = coproduction_map(cast.citizen, organisation=cast.charity)
    assert grid["total"] == 2
    assert {led.service_area.slug, partnered.service_area.slug} == {"adult-social-care"}
    row = next(r for r in grid["rows"] if r.service_area.slug == "adult-social-care")
    assert row.total == 2
