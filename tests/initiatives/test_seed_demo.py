"""`manage.py seed_demo`: the demo data README and `make run` promise, loaded idempotently."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from assessment.models import OutcomeIndicator
from initiatives.models import (
    Area,
    CitizenInterests,
    CoproductionType,
    Initiative,
    Mode,
    Participation,
    Status,
    StatusChange,
)
from ledger.models import Contribution, PublicInput
from people.models import CitizenProfile, Membership, Organisation, Role, User

NINE_TYPES = {
    "co-commissioning", "co-planning", "co-prioritisation", "co-financing", "co-design",
    "co-delivery", "co-management", "co-performing", "co-assessment",
}
# username → {(organisation slug, role)} the README lists.
DEMO_MEMBERSHIPS = {
    "admin": set(),
    "officer": {("northbridge-council", Role.OFFICER)},
    "manager": {("northbridge-council", Role.MANAGER)},
    "member": {("northbridge-council", Role.MEMBER)},
    "citizen": {("northbridge-council", Role.CITIZEN)},
    "citizen2": {("northbridge-council", Role.CITIZEN), ("northbridge-nhs", Role.CITIZEN)},
    "partner": {("northbridge-age-concern", Role.PARTNER)},
    "partner2": {("riverside-food-network", Role.PARTNER)},
}


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Organisation, User, Membership, CitizenProfile, CitizenInterests, Area, Initiative,
        StatusChange, Participation,
    ]
    return {model.__name__: model.objects.count() for model in models}


class SeedDemoTests(TestCase):
    """One seed for the whole class (setUpTestData); each test runs in its own savepoint."""

    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = seed_demo()

    def test_organisations_are_the_fictional_council_trust_and_partners(self):
        kinds = dict(Organisation.objects.values_list("slug", "kind"))
        assert kinds == {
            "northbridge-council": Organisation.Kind.PUBLIC_AGENCY,
            "northbridge-nhs": Organisation.Kind.PUBLIC_AGENCY,
            "northbridge-age-concern": Organisation.Kind.THIRD_SECTOR,
            "riverside-food-network": Organisation.Kind.THIRD_SECTOR,
            "eastfield-tenants": Organisation.Kind.COMMUNITY_GROUP,
        }
        assert set(Organisation.objects.values_list("currency", flat=True)) == {"GBP"}

    def test_initiatives_cover_the_taxonomy_service_areas_statuses_and_modes(self):
        initiatives = Initiative.objects.all()
        assert initiatives.count() >= 30
        used = CoproductionType.objects.filter(initiatives__isnull=False)
        used_types = set(used.values_list("slug", flat=True))
        assert used_types == NINE_TYPES
        assert initiatives.values("service_area").distinct().count() >= 6
        assert set(initiatives.values_list("status", flat=True)) == set(Status.values)
        assert set(initiatives.values_list("mode", flat=True)) == set(Mode.values)
        assert initiatives.filter(lead_organisation__slug="northbridge-nhs").count() >= 3
        for charity in ("northbridge-age-concern", "riverside-food-network", "eastfield-tenants"):
            assert initiatives.filter(partner_organisations__slug=charity).count() >= 2
        for initiative in initiatives:
            assert initiative.summary and initiative.description.count(". ") >= 1

    def test_every_status_was_reached_through_the_lifecycle_with_reasons(self):
        for initiative in Initiative.objects.prefetch_related("status_changes"):
            changes = list(initiative.status_changes.all())
            assert changes[0].from_status == "" and changes[0].to_status == Status.PROPOSED
            for before, after in zip(changes, changes[1:], strict=False):
                assert after.from_status == before.to_status
                assert after.reason.strip()
                assert after.changed_at >= before.changed_at
            assert changes[-1].to_status == initiative.status
        paused_then_resumed = Initiative.objects.filter(
            status_changes__from_status=Status.PAUSED, status_changes__to_status=Status.ACTIVE
        )
        assert paused_then_resumed.exists()

    def test_demo_users_sign_in_with_password_demo_and_hold_the_listed_roles(self):
        for username, expected in DEMO_MEMBERSHIPS.items():
            user = User.objects.get(username=username)
            assert user.check_password("demo"), username
            held = set(
                Membership.objects.active()
                .filter(user=user)
                .values_list("organisation__slug", "role")
            )
            assert held == expected, username
        admin = User.objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff
        assert Membership.objects.filter(
            user__username="nhs-officer", organisation__slug="northbridge-nhs", role=Role.OFFICER
        ).exists()

    def test_citizens_have_consent_interests_and_take_part(self):
        citizens = User.objects.filter(
            memberships__role=Role.CITIZEN, memberships__organisation__slug="northbridge-council"
        ).distinct()
        assert 22 <= citizens.count() <= 42
        for username in ("citizen", "citizen2"):
            user = User.objects.get(username=username)
            assert user.citizen_profile.has_consented
            assert user.interests.area.organisation.slug == "northbridge-council"
            assert user.interests.service_areas.exists()
            assert user.interests.coproduction_types.exists()
            assert Participation.objects.current().filter(user=user).count() >= 2
        consented = CitizenProfile.objects.filter(consent_given_at__isnull=False)
        assert consented.count() == citizens.count()
        # Only initiatives that have been active can have been joined.
        joined_statuses = set(
            Participation.objects.values_list("initiative__status", flat=True).distinct()
        )
        assert Status.PROPOSED not in joined_statuses
        assert Participation.objects.values("user").distinct().count() >= 20
        assert Participation.objects.filter(left_at__isnull=False).exists()

    def test_areas_are_council_wards_and_nhs_neighbourhoods(self):
        wards = Area.objects.filter(organisation__slug="northbridge-council", kind=Area.Kind.WARD)
        neighbourhoods = Area.objects.filter(
            organisation__slug="northbridge-nhs", kind=Area.Kind.NEIGHBOURHOOD
        )
        assert 6 <= wards.count() <= 8
        assert neighbourhoods.count() == 2
        ward_names = set(wards.values_list("name", flat=True))
        assert {"Castle Ward", "Eastfield", "Riverside"} <= ward_names

    def test_running_it_twice_adds_nothing(self):
        before = counts()
        output = seed_demo()
        assert counts() == before
        assert "Demo logins" in output
        assert f"Initiatives: {before['Initiative']}" in output
        assert "Demo logins" in self.output

    def test_the_same_initiatives_are_joined_by_the_same_citizens_every_time(self):
        def joined() -> set[tuple[str, str, str]]:
            return set(
                Participation.objects.values_list("initiative__slug", "user__username", "role")
            )

        first = joined()
        # The demo ledger's lines and outcome indicators protect their initiatives (seed_demo
        # also seeds the ledger and co-assessment).
        Contribution.objects.all().delete()
        PublicInput.objects.all().delete()
        OutcomeIndicator.objects.all().delete()
        Initiative.objects.all().delete()
        seed_demo()
        assert joined() == first

    def test_citizens_consented_before_they_took_part(self):
        earliest_join = Participation.objects.order_by("joined_at").values_list(
            "joined_at", flat=True
        )[0]
        latest_consent = CitizenProfile.objects.order_by("-consent_given_at").values_list(
            "consent_given_at", flat=True
        )[0]
        assert latest_consent < earliest_join
