"""The `rules` permissions on initiatives, per persona. Pages and the API share them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from initiatives.models import Status
from people.models import Role
from tests.factories import InitiativeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PERMS = ["view", "change", "transition", "run", "join"]


@pytest.fixture
def proposed(cast):
    """The council's proposed initiative, in which the charity partners."""
    return InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity], status=Status.PROPOSED
    )


@pytest.fixture
def active(cast):
    return InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity], status=Status.ACTIVE
    )


def _perms(user, initiative) -> dict[str, bool]:
    return {p: user.has_perm(f"initiatives.{p}_initiative", initiative) for p in PERMS}


# persona → (view, change, transition, run, join) on the proposed initiative
ON_PROPOSED = {
    "officer": (True, True, True, True, False),
    "manager": (True, True, True, True, False),
    "member": (True, False, False, False, False),
    "partner": (True, False, False, False, False),
    "citizen": (False, False, False, False, False),
    "outsider": (False, False, False, False, False),
    "nobody": (False, False, False, False, False),
}

# On an active one anybody may look, and citizens may join.
ON_ACTIVE = {
    "officer": (True, True, True, True, False),
    "manager": (True, True, True, True, False),
    "member": (True, False, False, False, False),
    "partner": (True, False, False, False, False),
    "citizen": (True, False, False, False, True),
    "outsider": (True, False, False, False, False),
    "nobody": (True, False, False, False, False),
}


@pytest.mark.parametrize("persona", sorted(ON_PROPOSED))
def test_permissions_on_a_proposed_initiative(cast, proposed, persona):
    assert _perms(getattr(cast, persona), proposed) == dict(
        zip(PERMS, ON_PROPOSED[persona], strict=True)
    )


@pytest.mark.parametrize("persona", sorted(ON_ACTIVE))
def test_permissions_on_an_active_initiative(cast, active, persona):
    assert _perms(getattr(cast, persona), active) == dict(
        zip(PERMS, ON_ACTIVE[persona], strict=True)
    )


def test_anonymous_may_only_look_at_public_initiatives(proposed, active):
    anonymous = AnonymousUser()
    assert _perms(anonymous, active) == dict.fromkeys(PERMS, False) | {"view": True}
    assert _perms(anonymous, proposed) == dict.fromkeys(PERMS, False)


def test_a_partner_organisations_officer_runs_but_does_not_edit(cast, proposed):
    officer = UserFactory(username="charity-officer")
    MembershipFactory(user=officer, organisation=cast.charity, role=Role.OFFICER)
    assert _perms(officer, proposed) == {
        "view": True,
        "change": False,
        "transition": False,
        "run": True,
        "join": False,
    }


def test_a_superuser_may_do_everything_but_join(proposed):
    admin = UserFactory(username="admin", is_superuser=True)
    assert all(_perms(admin, proposed).values())


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("officer", True),
        ("manager", True),
        ("outsider", True),
        ("member", False),
        ("partner", False),
        ("citizen", False),
        ("nobody", False),
    ],
)
def test_only_officers_and_managers_may_add_initiatives(cast, persona, allowed):
    assert getattr(cast, persona).has_perm("initiatives.add_initiative") is allowed


def test_an_inactive_membership_grants_nothing(cast, proposed):
    cast.officer.memberships.update(is_active=False)
    assert _perms(cast.officer, proposed) == dict.fromkeys(PERMS, False)
    assert not cast.officer.has_perm("initiatives.add_initiative")
