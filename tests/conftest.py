"""Personas shared by every test: an owner organisation's staff, a partner, and an outsider.

Following healthchecks' base test: the same cast in every view and API test, so each test
can ask "what does the outsider see?" without setting anything up.
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from people.models import Organisation, Role, User

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@dataclass
class Cast:
    council: Organisation  # the owner organisation
    charity: Organisation  # a partner of the council
    other_council: Organisation  # unrelated: its people are outsiders
    officer: User  # officer of the council (owner)
    manager: User  # manager of the council
    member: User  # elected member of the council
    citizen: User  # citizen of the council
    citizen2: User
    partner: User  # partner role in the charity
    outsider: User  # officer of the other council
    nobody: User  # signed in, no membership at all


@pytest.fixture
def cast(db) -> Cast:
    council = OrganisationFactory(slug="northbridge", name="Northbridge City Council")
    charity = OrganisationFactory(
        slug="age-concern", name="Northbridge Age Concern", kind=Organisation.Kind.THIRD_SECTOR
    )
    other = OrganisationFactory(slug="southport", name="Southport Borough Council")

    def person(username: str, organisation: Organisation | None, role: str | None) -> User:
        user = UserFactory(username=username)
        if organisation is not None:
            MembershipFactory(user=user, organisation=organisation, role=role)
        return user

    return Cast(
        council=council,
        charity=charity,
        other_council=other,
        officer=person("officer", council, Role.OFFICER),
        manager=person("manager", council, Role.MANAGER),
        member=person("member", council, Role.MEMBER),
        citizen=person("citizen", council, Role.CITIZEN),
        citizen2=person("citizen2", council, Role.CITIZEN),
        partner=person("partner", charity, Role.PARTNER),
        outsider=person("outsider", other, Role.OFFICER),
        nobody=person("nobody", None, None),
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api_client):
    """api_as(user) → an API client authenticated as that user (token auth, like partners)."""
    from rest_framework.authtoken.models import Token

    def _as(user: User) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    return _as


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with nothing cached (dashboard figures, throttling counts). A shared
    Redis cache is not flushed (it may hold the broker's queues): the dashboards' roll-up
    generation is dropped instead, so figures cached before are never read again."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from benefits.cache import GENERATION_KEY

    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    else:
        cache.delete(GENERATION_KEY)
    yield
