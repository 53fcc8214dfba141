"""Every write to people, organisations and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .models import CitizenProfile, Membership, Organisation, User
from .selectors import forget_user_roles


@transaction.atomic
def organisation_create(*, slug: str, name: str, kind: str, currency: str = "GBP") -> Organisation:
    organisation = Organisation(slug=slug, name=name, kind=kind, currency=currency)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give a user a role in an organisation; granting a role they hold changes nothing."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    forget_user_roles(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    forget_user_roles(membership.user)


@transaction.atomic
def citizen_profile_save(*, user: User, display_name: str, consent: bool) -> CitizenProfile:
    """Create or update a citizen's profile, recording when consent was given or withdrawn."""
    profile, _ = CitizenProfile.objects.get_or_create(
        user=user, defaults={"display_name": display_name}
    )
    profile.display_name = display_name
    now = timezone.now()
    if consent and not profile.has_consented:
        profile.consent_given_at = now
        profile.consent_withdrawn_at = None
    elif not consent and profile.has_consented:
        profile.consent_withdrawn_at = now
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def api_token_regenerate(*, user: User) -> Token:
    """Issue the user's API token, replacing any earlier one so the old key stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    """Delete the user's API token; True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0
