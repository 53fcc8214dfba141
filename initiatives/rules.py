"""Who may see and change initiatives. One set of predicates for pages and the API."""

import rules

from people.models import INSIDER_ROLES, STAFF_ROLES, Role
from people.selectors import has_any_role, has_role_in

from .models import Initiative


def _holds(user, initiative: Initiative, roles, *, partners: bool) -> bool:
    if has_role_in(user, initiative.lead_organisation_id, roles):
        return True
    if partners:
        return any(has_role_in(user, org_id, roles) for org_id in initiative.organisation_ids())
    return False


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_public_initiative(user, initiative: Initiative) -> bool:
    return initiative.is_public


@rules.predicate
def is_insider_of_initiative(user, initiative: Initiative) -> bool:
    """Staff, elected members and partners of the lead or a partner organisation."""
    return _holds(user, initiative, INSIDER_ROLES, partners=True)


@rules.predicate
def is_staff_of_lead_organisation(user, initiative: Initiative) -> bool:
    return _holds(user, initiative, STAFF_ROLES, partners=False)


@rules.predicate
def is_staff_of_initiative(user, initiative: Initiative) -> bool:
    """Officers and managers of the lead or a partner organisation."""
    return _holds(user, initiative, STAFF_ROLES, partners=True)


@rules.predicate
def is_staff_anywhere(user) -> bool:
    return has_any_role(user, STAFF_ROLES)


@rules.predicate
def is_citizen(user) -> bool:
    return has_any_role(user, {Role.CITIZEN})


@rules.predicate
def is_open_to_participants(user, initiative: Initiative) -> bool:
    return initiative.status == "active"


can_view_initiative = is_superuser | is_public_initiative | is_insider_of_initiative
can_change_initiative = is_superuser | is_staff_of_lead_organisation

rules.add_perm("initiatives.view_initiative", can_view_initiative)
rules.add_perm("initiatives.add_initiative", is_superuser | is_staff_anywhere)
rules.add_perm("initiatives.change_initiative", can_change_initiative)
rules.add_perm("initiatives.transition_initiative", can_change_initiative)
rules.add_perm("initiatives.view_status_history", can_view_initiative)
rules.add_perm("initiatives.join_initiative", is_citizen & is_open_to_participants)
rules.add_perm("initiatives.run_initiative", is_superuser | is_staff_of_initiative)
