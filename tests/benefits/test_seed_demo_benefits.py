"""`manage.py seed_demo` with the benefits app: the council's priorities, and a full roll-up so
the demo dashboards have figures that agree with the demo ledger."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Q, Sum
from django.test import TestCase

from benefits.dashboards import default_period, organisation_dashboard
from benefits.models import BenefitPriority, ContributionRollup, RollupRun
from ledger.models import Contribution, PublicInput
from people.demo import COUNCIL
from people.models import Organisation


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


class SeedDemoBenefitsTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = seed_demo()
        cls.council = Organisation.objects.get(slug=COUNCIL)

    def test_the_council_has_three_priorities(self):
        assert list(
            BenefitPriority.objects.filter(organisation=self.council)
            .order_by("rank")
            .values_list("benefit__slug", "rank")
        ) == [("efficiency", 1), ("social-capital", 2), ("satisfied-users", 3)]
        assert "Benefit priorities of the council: 1. More efficient services" in self.output

    def test_the_accounts_are_rolled_up(self):
        assert RollupRun.objects.filter(
            kind=RollupRun.Kind.FULL, outcome=RollupRun.Outcome.SUCCEEDED
        ).exists()
        assert ContributionRollup.objects.exists()
        period = default_period()
        dashboard = organisation_dashboard(organisation=self.council, period=period)
        assert dashboard.has_rollups
        window = Q(date__gte=period.first, date__lte=period.end_date) & (
            Q(initiative__lead_organisation=self.council)
            | Q(initiative__partner_organisations=self.council)
        )
        ids = set(
            Contribution.objects.filter(window).values_list("initiative_id", flat=True)
        ) | set(PublicInput.objects.filter(window).values_list("initiative_id", flat=True))
        inside = Q(initiative_id__in=ids, date__gte=period.first, date__lte=period.end_date)
        citizen = Contribution.objects.filter(inside, status="verified").aggregate(
            v=Sum("value")
        )["v"]
        public = PublicInput.objects.filter(inside).aggregate(v=Sum("value"))["v"]
        assert citizen and public
        assert dashboard.current.citizen_input_value == citizen
        assert dashboard.current.public_input_value == public

    def test_seeding_again_changes_no_priority(self):
        before = list(BenefitPriority.objects.values_list("organisation", "benefit", "rank"))
        seed_demo()
        assert list(
            BenefitPriority.objects.values_list("organisation", "benefit", "rank")
        ) == before
