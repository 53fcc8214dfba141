"""Who may see which dashboard and set an organisation's benefit priorities.

Predicates take the user and an organisation; views and the API share them. Lists of what a
user may open (for the dashboards' home page and the API's default) follow the same rules.
"""

from __future__ import annotations

import rules

from people.models import Organisation, Role
from people.selectors import has_role_in, organisation_ids_with_roles

# Who reads an organisation's dashboard, its ward dashboards, and a partner's dashboard.
ORGANISATION_DASHBOARD_ROLES = frozenset({Role.MANAGER, Role.OFFICER, Role.MEMBER})
AREA_DASHBOARD_ROLES = frozenset({Role.MANAGER, Role.MEMBER})
PARTNER_DASHBOARD_ROLES = frozenset({Role.PARTNER})
PRIORITY_ROLES = frozenset({Role.MANAGER})


def _organisation_id(organisation) -> int | None:
    return getattr(organisation, "pk", None)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def reads_organisation_dashboard(user, organisation: Organisation) -> bool:
    return has_role_in(user, _organisation_id(organisation), ORGANISATION_DASHBOARD_ROLES)


@rules.predicate
def reads_area_dashboards(user, organisation: Organisation) -> bool:
    return has_role_in(user, _organisation_id(organisation), AREA_DASHBOARD_ROLES)


@rules.predicate
def reads_partner_dashboard(user, organisation: Organisation) -> bool:
    return has_role_in(user, _organisation_id(organisation), PARTNER_DASHBOARD_ROLES)


@rules.predicate
def sets_priorities(user, organisation: Organisation) -> bool:
    return has_role_in(user, _organisation_id(organisation), PRIORITY_ROLES)


rules.add_perm("benefits.view_organisation_dashboard", is_superuser | reads_organisation_dashboard)
rules.add_perm("benefits.view_area_dashboard", is_superuser | reads_area_dashboards)
rules.add_perm("benefits.view_partner_dashboard", is_superuser | reads_partner_dashboard)
rules.add_perm(
    "benefits.view_stakeholder_benefits",
    is_superuser | reads_organisation_dashboard | reads_partner_dashboard,
)
rules.add_perm("benefits.set_benefit_priorities", is_superuser | sets_priorities)


def organisations_with_dashboards(user) -> tuple[list[Organisation], list[Organisation]]:
    """(organisations whose dashboard the user reads, organisations whose partner dashboard the
    user reads), each by name. A superuser reads every organisation's dashboard."""
    if is_superuser(user):
        return list(Organisation.objects.order_by("name")), []
    own = organisation_ids_with_roles(user, ORGANISATION_DASHBOARD_ROLES)
    partner = organisation_ids_with_roles(user, PARTNER_DASHBOARD_ROLES) - own
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=own | partner)}
    by_name = sorted(found.values(), key=lambda o: o.name)
    return [o for o in by_name if o.pk in own], [o for o in by_name if o.pk in partner]


def organisations_managed_by(user) -> list[Organisation]:
    """Organisations whose benefit priorities the user may set, by name."""
    if is_superuser(user):
        return list(Organisation.objects.order_by("name"))
    return list(
        Organisation.objects.filter(pk__in=organisation_ids_with_roles(user, PRIORITY_ROLES))
        .order_by("name")
    )
