"""Who may see how fresh the roll-ups are and start a rebuild: managers of any organisation
(the roll-ups serve every organisation's dashboards) and superusers."""

import rules

from people.models import Role
from people.selectors import has_any_role


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_manager_anywhere(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_any_role(user, {Role.MANAGER})


can_manage_rollups = is_superuser | is_manager_anywhere

rules.add_perm("benefits.view_rollup_freshness", can_manage_rollups)
rules.add_perm("benefits.rebuild_rollups", can_manage_rollups)
