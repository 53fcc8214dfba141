"""`manage.py seed_demo` with the ledger: two believable years of contributions and public inputs
that obey every rule, some pending and some rejected, the same every run, and never twice."""

import datetime
import importlib
from collections import defaultdict
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.test import TestCase
from django.utils import timezone

from initiatives.models import Initiative, Status
from ledger.models import (
    ActivityRate,
    Contribution,
    ContributionMethod,
    ContributionStatus,
    Kind,
    PublicInput,
    PublicInputKind,
    StaffCostRate,
)
from ledger.valuation import round_money
from people.models import STAFF_ROLES, Membership


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "contributions": Contribution.objects.count(),
        "contribution history": Contribution.history.count(),
        "public inputs": PublicInput.objects.count(),
        "public input history": PublicInput.history.count(),
        "activity rates": ActivityRate.objects.count(),
        "staff costs": StaffCostRate.objects.count(),
    }


def fingerprint() -> list[tuple]:
    return sorted(
        Contribution.objects.values_list(
            "initiative__slug", "contributor__username", "volunteer_ref", "external_ref",
            "date", "kind", "activity", "hours", "amount", "status", "value",
        ),
        key=str,
    )


class SeedDemoLedgerTests(TestCase):
    output: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = seed_demo()

    def test_the_command_lives_in_benefits_and_reports_the_ledger(self):
        # The command moved up to `benefits`, the top app (the ledger never imports it).
        importlib.import_module("benefits.management.commands.seed_demo")
        for lower in ("initiatives", "ledger"):
            with pytest.raises(ModuleNotFoundError):
                importlib.import_module(f"{lower}.management.commands.seed_demo")
        assert "Contributions: " in self.output and "Public inputs: " in self.output
        assert "Demo logins" in self.output

    def test_a_modest_two_years_of_every_kind_and_status(self):
        contributions = Contribution.objects.all()
        assert 1500 <= contributions.count() <= 3000
        today = timezone.localdate()
        first, last = (
            contributions.order_by("date").values_list("date", flat=True).first(),
            contributions.order_by("-date").values_list("date", flat=True).first(),
        )
        assert first >= today - datetime.timedelta(days=731)
        assert (today - first).days > 600 and (today - last).days < 30
        kinds = dict(contributions.values_list("kind").annotate(n=Count("id")))
        assert set(kinds) == set(Kind.values)
        assert kinds[Kind.TIME] > 0.7 * contributions.count()
        statuses = dict(contributions.values_list("status").annotate(n=Count("id")))
        assert statuses[ContributionStatus.VERIFIED] > 0.7 * contributions.count()
        assert statuses[ContributionStatus.SUBMITTED] >= 50
        assert statuses[ContributionStatus.REJECTED] >= 20
        rejected = contributions.filter(status=ContributionStatus.REJECTED)
        assert not rejected.filter(rejection_reason="").exists()
        methods = set(contributions.values_list("method", flat=True))
        assert methods == set(ContributionMethod.values)  # the generalist fallback included
        # The named demo citizens have something to see on "My contributions" and "My impact".
        for username in ("citizen", "citizen2"):
            assert contributions.filter(
                contributor__username=username, status=ContributionStatus.VERIFIED
            ).exists()

    def test_only_initiatives_that_have_been_active_have_lines(self):
        with_lines = Initiative.objects.filter(
            Q(contributions__isnull=False) | Q(public_inputs__isnull=False)
        ).distinct()
        assert set(with_lines.values_list("status", flat=True)) == {
            Status.ACTIVE, Status.PAUSED, Status.COMPLETED,
        }
        never = Initiative.objects.filter(status=Status.PROPOSED)
        assert not Contribution.objects.filter(initiative__in=never).exists()
        established = timezone.localdate() - datetime.timedelta(days=60)
        active = Initiative.objects.filter(status=Status.ACTIVE, start_date__lt=established)
        for initiative in active:
            assert initiative.contributions.exists(), initiative.title
            assert initiative.public_inputs.exists(), initiative.title

    def test_partners_submit_their_volunteers_with_their_own_references(self):
        partner_lines = Contribution.objects.filter(submitted_by_organisation__isnull=False)
        assert partner_lines.count() >= 200
        assert not partner_lines.filter(Q(external_ref__isnull=True) | Q(volunteer_ref="")).exists()
        assert not partner_lines.filter(contributor__isnull=False).exists()
        for line in partner_lines.select_related("initiative").prefetch_related(
            "initiative__partner_organisations"
        )[:200]:
            assert line.submitted_by_organisation_id in line.initiative.organisation_ids()
        assert set(partner_lines.values_list("submitted_by_organisation__slug", flat=True)) == {
            "northbridge-age-concern", "riverside-food-network",
        }

    def test_every_line_obeys_the_rules(self):
        today = timezone.localdate()
        lines = Contribution.objects.select_related("initiative", "rate_used")
        hours_a_day: dict[tuple, D] = defaultdict(D)
        for line in lines:
            initiative = line.initiative
            assert initiative.start_date <= line.date <= today
            if initiative.end_date:
                assert line.date <= initiative.end_date
            if line.kind == Kind.TIME:
                assert line.hours > 0 and line.amount is None and line.activity
                assert line.value == round_money(line.hours * line.rate_used.hourly_rate, "GBP")
                assert line.rate_used.is_illustrative
                if line.stipend_per_hour is not None:
                    assert line.stipend_per_hour * 3 < line.rate_used.hourly_rate
                person = line.contributor_id or (line.submitted_by_organisation_id,
                                                 line.volunteer_ref)
                if line.status != ContributionStatus.REJECTED:
                    hours_a_day[(person, line.date)] += line.hours
            else:
                assert line.amount > 0 and line.hours is None and line.value == line.amount
            if line.kind == Kind.IN_KIND:
                assert line.description
        assert max(hours_a_day.values()) <= 24

    def test_decisions_are_by_staff_of_the_initiative_after_the_date(self):
        staff = defaultdict(set)
        for user_id, organisation_id in Membership.objects.filter(
            role__in=STAFF_ROLES
        ).values_list("user_id", "organisation_id"):
            staff[user_id].add(organisation_id)
        decided = Contribution.objects.exclude(status=ContributionStatus.SUBMITTED).select_related(
            "initiative"
        ).prefetch_related("initiative__partner_organisations")
        for line in decided:
            assert line.verified_by_id != line.contributor_id
            assert staff[line.verified_by_id] & line.initiative.organisation_ids()
            assert line.verified_at.date() >= line.date
        # Logged and decided over the two years, not all at the moment of seeding.
        logged = Contribution.history.filter(history_type="+").values_list(
            "history_date", "date"
        )
        assert all(when.date() == day for when, day in logged)
        assert not Contribution.objects.filter(
            status=ContributionStatus.SUBMITTED, verified_by__isnull=False
        ).exists()

    def test_public_inputs_of_each_kind_at_loaded_staff_costs(self):
        public = PublicInput.objects.select_related("rate_used", "initiative")
        assert set(public.values_list("kind", flat=True)) == set(PublicInputKind.values)
        for line in public.filter(kind=PublicInputKind.STAFF_TIME):
            assert line.value == round_money(line.hours * line.rate_used.loaded_hourly_cost, "GBP")
            assert line.rate_used.organisation_id == line.organisation_id
            assert line.date <= timezone.localdate()
            assert line.date >= line.initiative.start_date
        assert not public.filter(kind=PublicInputKind.IN_KIND, description="").exists()
        # The NHS trust's initiatives that the council partners in record council time too.
        assert public.filter(
            initiative__lead_organisation__slug="northbridge-nhs",
            organisation__slug="northbridge-council",
        ).exists()
        assert PublicInput.objects.aggregate(total=Sum("value"))["total"] > 0

    def test_running_it_twice_adds_nothing(self):
        before = counts()
        output = seed_demo()
        assert counts() == before
        assert f"Contributions: {before['contributions']} " in output

    def test_the_same_ledger_every_time(self):
        first = fingerprint()
        Contribution.objects.all().delete()
        PublicInput.objects.all().delete()
        seed_demo()
        assert fingerprint() == first
