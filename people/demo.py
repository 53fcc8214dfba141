"""Demo organisations, users, memberships and citizen profiles for `manage.py seed_demo`.

Everything here is fictional. Seeding twice adds nothing: organisations are looked up by
slug and users by username, and whatever already exists is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from .models import CitizenProfile, Membership, Organisation, Role, User
from .services import citizen_profile_save, membership_grant, organisation_create

# The demo's histories reach back up to three years; its people joined before that.
JOINED_DAYS_AGO = 1100
DEMO_PASSWORD = "demo"  # noqa: S105 (documented in the README; demo data only)

COUNCIL = "northbridge-council"
NHS_TRUST = "northbridge-nhs"
AGE_CONCERN = "northbridge-age-concern"
FOOD_NETWORK = "riverside-food-network"
TENANTS = "eastfield-tenants"

# (slug, name, kind)
ORGANISATIONS: list[tuple[str, str, str]] = [
    (COUNCIL, "Northbridge City Council", Organisation.Kind.PUBLIC_AGENCY),
    (NHS_TRUST, "Northbridge and District NHS Trust", Organisation.Kind.PUBLIC_AGENCY),
    (AGE_CONCERN, "Northbridge Age Concern", Organisation.Kind.THIRD_SECTOR),
    (FOOD_NETWORK, "Riverside Food Network", Organisation.Kind.THIRD_SECTOR),
    (TENANTS, "Eastfield Tenants' Association", Organisation.Kind.COMMUNITY_GROUP),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...] = ()  # (organisation slug, role)
    is_superuser: bool = False
    login_note: str = ""  # shown in the summary for the named demo logins

    @property
    def is_citizen(self) -> bool:
        return any(role == Role.CITIZEN for _, role in self.memberships)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name[:1]}."


# The logins the README lists, then the professionals who run the NHS trust's work.
NAMED_PEOPLE: list[DemoPerson] = [
    DemoPerson("admin", "Alex", "Admin", is_superuser=True, login_note="superuser, Django admin"),
    DemoPerson(
        "officer", "Priya", "Sharma", ((COUNCIL, Role.OFFICER),),
        login_note="frontline officer, Northbridge City Council",
    ),
    DemoPerson(
        "manager", "David", "Clarke", ((COUNCIL, Role.MANAGER),),
        login_note="manager, Northbridge City Council",
    ),
    DemoPerson(
        "member", "Helen", "Morris", ((COUNCIL, Role.MEMBER),),
        login_note="elected member, Northbridge City Council",
    ),
    DemoPerson(
        "citizen", "Sam", "Okafor", ((COUNCIL, Role.CITIZEN),),
        login_note="citizen of Castle Ward",
    ),
    DemoPerson(
        "citizen2", "Aisha", "Begum", ((COUNCIL, Role.CITIZEN), (NHS_TRUST, Role.CITIZEN)),
        login_note="citizen of Eastfield, also an NHS patient",
    ),
    DemoPerson(
        "partner", "Joan", "Whitfield", ((AGE_CONCERN, Role.PARTNER),),
        login_note="partner, Northbridge Age Concern",
    ),
    DemoPerson(
        "partner2", "Kwame", "Mensah", ((FOOD_NETWORK, Role.PARTNER),),
        login_note="partner, Riverside Food Network",
    ),
    DemoPerson(
        "nhs-officer", "Rachel", "Evans", ((NHS_TRUST, Role.OFFICER),),
        login_note="community nurse, Northbridge and District NHS Trust",
    ),
    DemoPerson(
        "nhs-manager", "Tom", "Bennett", ((NHS_TRUST, Role.MANAGER),),
        login_note="service manager, Northbridge and District NHS Trust",
    ),
    DemoPerson("nhs-officer2", "Grace", "Adeyemi", ((NHS_TRUST, Role.OFFICER),)),
    DemoPerson("officer2", "Ben", "Hughes", ((COUNCIL, Role.OFFICER),)),
]

# Citizens beyond the two named ones, so counts on lists and dashboards look real.
_EXTRA_CITIZEN_NAMES = [
    ("Margaret", "Holloway"), ("Imran", "Hussain"), ("Chloe", "Davies"), ("Patrick", "Doyle"),
    ("Fatima", "Ali"), ("George", "Whitaker"), ("Nisha", "Patel"), ("Owen", "Price"),
    ("Bernadette", "Kelly"), ("Tunde", "Bakare"), ("Lucy", "Marsh"), ("Graham", "Foster"),
    ("Yasmin", "Rahman"), ("Derek", "Armstrong"), ("Hannah", "Lewis"), ("Marek", "Nowak"),
    ("Sophie", "Turner"), ("Kevin", "O'Brien"), ("Eileen", "Walsh"), ("Jamal", "Ahmed"),
    ("Ruth", "Pearson"), ("Callum", "Fraser"), ("Zofia", "Kowalska"), ("Arthur", "Jenkins"),
    ("Mei", "Chen"), ("Stephen", "Wright"), ("Precious", "Moyo"), ("Linda", "Barker"),
    ("Hamza", "Iqbal"), ("Jean", "Thornton"),
]
EXTRA_CITIZENS: list[DemoPerson] = [
    DemoPerson(f"citizen{n}", first, last, ((COUNCIL, Role.CITIZEN),))
    for n, (first, last) in enumerate(_EXTRA_CITIZEN_NAMES, start=3)
]

DEMO_PEOPLE: list[DemoPerson] = NAMED_PEOPLE + EXTRA_CITIZENS
CITIZEN_USERNAMES: list[str] = [p.username for p in DEMO_PEOPLE if p.is_citizen]


def _organisations() -> dict[str, Organisation]:
    slugs = [slug for slug, _, _ in ORGANISATIONS]
    existing = Organisation.objects.in_bulk(slugs, field_name="slug")
    for slug, name, kind in ORGANISATIONS:
        if slug not in existing:
            existing[slug] = organisation_create(slug=slug, name=name, kind=kind, currency="GBP")
    return existing


def _person(
    person: DemoPerson,
    organisations: dict[str, Organisation],
    password_hash: str,
    joined_at: datetime.datetime,
) -> None:
    user = User(
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
        email=f"{person.username}@example.org",
        is_superuser=person.is_superuser,
        is_staff=person.is_superuser,
        # The same as set_password("demo"): hashing once for every demo user keeps the
        # seed to a second or two instead of one slow PBKDF2 run per user.
        password=password_hash,
        date_joined=joined_at,
    )
    user.save()
    for slug, role in person.memberships:
        membership_grant(user=user, organisation=organisations[slug], role=role)
    if person.is_citizen:
        profile = citizen_profile_save(user=user, display_name=person.display_name, consent=True)
        # The service stamps consent "now"; it must predate the demo's backdated participation.
        CitizenProfile.objects.filter(pk=profile.pk).update(consent_given_at=joined_at)


def seed() -> None:
    """Create the demo organisations and people that are not there yet."""
    organisations = _organisations()
    existing = set(
        User.objects.filter(username__in=[p.username for p in DEMO_PEOPLE]).values_list(
            "username", flat=True
        )
    )
    missing = [p for p in DEMO_PEOPLE if p.username not in existing]
    if not missing:
        return
    password_hash = make_password(DEMO_PASSWORD)
    joined_at = timezone.now() - datetime.timedelta(days=JOINED_DAYS_AGO)
    for person in missing:
        _person(person, organisations, password_hash, joined_at)


def summary_lines() -> list[str]:
    usernames = [p.username for p in DEMO_PEOPLE]
    return [
        f"Organisations: {Organisation.objects.count()}",
        f"Users: {User.objects.count()} "
        f"({User.objects.filter(username__in=CITIZEN_USERNAMES).count()} demo citizens)",
        f"Memberships: {Membership.objects.filter(user__username__in=usernames).count()} demo, "
        f"citizen profiles: {CitizenProfile.objects.count()}",
        f"Demo logins (password “{DEMO_PASSWORD}”):",
        *(f"  {p.username:<13} {p.login_note}" for p in NAMED_PEOPLE if p.login_note),
    ]
