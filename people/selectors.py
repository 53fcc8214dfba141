"""Reads about people: who holds which role where, and which organisations a user may see."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Membership, Organisation, Role, User

_ROLE_CACHE_ATTRIBUTE = "_coproduction_roles"


def user_roles(user: User) -> dict[int, frozenset[str]]:
    """Organisation id → the roles the user holds there (active memberships only).

    Cached on the user object, which lives for one request, so rules can ask freely.
    """
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _ROLE_CACHE_ATTRIBUTE, None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        for organisation_id, role in Membership.objects.active().filter(user=user).values_list(
            "organisation_id", "role"
        ):
            roles.setdefault(organisation_id, set()).add(role)
        cached = {org_id: frozenset(r) for org_id, r in roles.items()}
        setattr(user, _ROLE_CACHE_ATTRIBUTE, cached)
    return cached


def forget_user_roles(user: User) -> None:
    if hasattr(user, _ROLE_CACHE_ATTRIBUTE):
        delattr(user, _ROLE_CACHE_ATTRIBUTE)


def organisation_ids_with_roles(user: User, roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {org_id for org_id, held in user_roles(user).items() if held & wanted}


def has_role_in(user: User, organisation_id: int | None, roles: Iterable[str]) -> bool:
    if organisation_id is None:
        return False
    return bool(user_roles(user).get(organisation_id, frozenset()) & set(roles))


def has_any_role(user: User, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(held & wanted for held in user_roles(user).values())


def organisation_list_visible_to(user: User) -> QuerySet[Organisation]:
    """Organisations are public directory entries: any signed-in user may list them."""
    return Organisation.objects.order_by("name")


def membership_list_for(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def staff_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations in which the user is an officer or a manager."""
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        id__in=organisation_ids_with_roles(user, {Role.OFFICER, Role.MANAGER})
    ).order_by("name")
