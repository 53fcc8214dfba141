"""Who may do what with people and organisations. Shared by views and the API."""

import rules

from .models import INSIDER_ROLES, STAFF_ROLES, Role
from .selectors import has_any_role


@rules.predicate
def is_staff_anywhere(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_any_role(user, STAFF_ROLES)


@rules.predicate
def is_manager_anywhere(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_any_role(user, {Role.MANAGER})


@rules.predicate
def is_insider_anywhere(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_any_role(user, INSIDER_ROLES)


rules.add_perm("people.view_staff_pages", is_staff_anywhere)
rules.add_perm("people.manage_organisation", is_manager_anywhere)
rules.add_perm("people.manage_api_tokens", rules.is_authenticated)
