"""Who may do what with ledger lines and accounts (ledger/rules.py), and the matching selectors."""

import datetime
from decimal import Decimal as D

import pytest

from ledger import services
from ledger.selectors import (
    contribution_list_visible_to,
    contribution_verification_queue,
    initiatives_with_accounts_visible_to,
    public_input_list_visible_to,
)

from ..factories import UserFactory
from .factories import befriending

pytestmark = pytest.mark.django_db

PERSONAS = ["officer", "manager", "member", "citizen", "citizen2", "partner", "outsider", "nobody"]


@pytest.fixture
def lines(cast):
    initiative = befriending(cast)
    day = datetime.date(2025, 6, 30)
    own = services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money", date=day, amount=D("5")
    )
    partners = services.contribution_submit(
        submitted_by=cast.partner,
        submitted_by_organisation=cast.charity,
        initiative=initiative,
        kind="money",
        date=day,
        amount=D("5"),
        volunteer_ref="AC-1",
    )
    public = services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend", date=day, amount=D("9")
    )
    return initiative, own, partners, public


def allowed(cast, perm, obj=None):
    return {name for name in PERSONAS if getattr(cast, name).has_perm(perm, obj)}


def test_contribution_permissions(cast, lines):
    _initiative, own, partners, _public = lines
    staff = {"officer", "manager"}
    assert allowed(cast, "ledger.view_contribution", own) == staff | {"citizen"}
    assert allowed(cast, "ledger.change_contribution", own) == staff | {"citizen"}
    assert allowed(cast, "ledger.view_contribution", partners) == staff | {"partner"}
    assert allowed(cast, "ledger.verify_contribution", own) == staff
    assert allowed(cast, "ledger.reject_contribution", partners) == staff
    assert allowed(cast, "ledger.view_contribution_history", own) == staff
    assert allowed(cast, "ledger.verify_contribution") == set()  # no object: nobody


def test_nobody_verifies_their_own_line(cast, lines):
    initiative = lines[0]
    own = services.contribution_submit(
        submitted_by=cast.officer,
        contributor=cast.citizen2,
        initiative=initiative,
        kind="money",
        date=datetime.date(2025, 6, 30),
        amount=D("5"),
    )
    assert cast.officer.has_perm("ledger.verify_contribution", own)
    assert not cast.citizen2.has_perm("ledger.verify_contribution", own)


def test_initiative_and_public_input_permissions(cast, lines):
    initiative, _own, _partners, public = lines
    staff, insiders = {"officer", "manager"}, {"officer", "manager", "member", "partner"}
    assert allowed(cast, "ledger.view_accounts", initiative) == insiders
    assert allowed(cast, "ledger.record_public_input", initiative) == staff
    assert allowed(cast, "ledger.log_contribution_for_others", initiative) == staff
    assert allowed(cast, "ledger.view_public_input", public) == insiders
    assert allowed(cast, "ledger.change_public_input", public) == staff
    assert allowed(cast, "ledger.view_verification_queue") == staff | {"outsider"}


def test_a_superuser_may_do_everything(cast, lines):
    initiative, own, _partners, public = lines
    admin = UserFactory(username="admin", is_superuser=True)
    for perm, obj in [
        ("ledger.verify_contribution", own),
        ("ledger.view_accounts", initiative),
        ("ledger.change_public_input", public),
    ]:
        assert admin.has_perm(perm, obj)


def test_selectors_agree_with_the_rules(cast, lines):
    initiative, own, partners, public = lines
    for name in PERSONAS:
        user = getattr(cast, name)
        visible = set(contribution_list_visible_to(user))
        assert visible == {
            c for c in (own, partners) if user.has_perm("ledger.view_contribution", c)
        }
        assert (public in set(public_input_list_visible_to(user))) is user.has_perm(
            "ledger.view_public_input", public
        )
        assert (initiative in set(initiatives_with_accounts_visible_to(user))) is user.has_perm(
            "ledger.view_accounts", initiative
        )
        queue = set(contribution_verification_queue(user))
        assert queue == {
            c for c in (own, partners) if user.has_perm("ledger.verify_contribution", c)
        }
