"""The demo co-assessment: outcomes with measurements and proxies (Steady Steps valued as in
ACCOUNTING.md), ratings, one completed inspection with responses, two surveys with responses and
two maturity self-assessments a year apart; quick, the same every run, and never twice."""

import datetime
import time
from decimal import Decimal as D

from django.apps import apps
from django.test import TestCase
from django.utils import timezone

from assessment import demo as assessment_demo
from assessment.models import (
    Inspection,
    InspectionStatus,
    MaturityAssessment,
    MeasurementStatus,
    OutcomeIndicator,
    OutcomeMeasurement,
    Rating,
    ResponseAuthor,
    Survey,
)
from assessment.selectors import maturity_summary, maturity_trend
from initiatives import demo as initiatives_demo
from people import demo as people_demo
from people.models import Organisation

# Times and keys differ from run to run; everything else must not.
VOLATILE = {"id", "created_at", "updated_at", "recorded_at", "verified_at", "responded_at",
            "completed_at", "hidden_at", "history_date"}


def rows() -> dict[str, list]:
    """Every assessment table's rows without keys, links or timestamps."""
    result = {}
    for model in apps.get_app_config("assessment").get_models():
        names = [
            f.attname for f in model._meta.concrete_fields
            if not f.primary_key and not f.is_relation and f.attname not in VOLATILE
        ]
        values = model.objects.values_list(*names) if names else [()] * model.objects.count()
        result[model._meta.label] = sorted(map(str, values))
    return result


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("assessment").get_models()
    }


class SeedDemoAssessmentTests(TestCase):
    seconds: float

    @classmethod
    def setUpTestData(cls):
        people_demo.seed()
        initiatives_demo.seed()
        started = time.monotonic()
        cls.seeded = assessment_demo.seed()
        cls.seconds = time.monotonic() - started

    def test_it_is_quick(self):
        assert self.seconds < 5, f"the demo co-assessment took {self.seconds:.1f} s"

    def test_steady_steps_is_valued_as_in_the_worked_example(self):
        falls = OutcomeIndicator.objects.get(
            initiative__slug="steady-steps-falls-prevention", name="Falls prevented"
        )
        assert falls.financial_proxy == D("1500.00")
        assert "illustrative" in falls.proxy_source
        assert (falls.deadweight, falls.displacement, falls.attribution, falls.drop_off) == (
            D("25"), D("10"), D("20"), D("10"),
        )
        assert falls.duration_years == 3
        readings = falls.measurements.verified()
        assert readings.count() >= 4
        assert all(m.period_start >= falls.baseline_date for m in readings)
        assert all(m.period_end < timezone.localdate() for m in readings)

    def test_several_initiatives_have_outcomes_and_one_waits_for_verification(self):
        slugs = set(OutcomeIndicator.objects.values_list("initiative__slug", flat=True))
        assert len(slugs) >= 4
        assert OutcomeIndicator.objects.filter(financial_proxy__isnull=False).count() >= 2
        waiting = OutcomeMeasurement.objects.filter(status=MeasurementStatus.SUBMITTED)
        assert [m.recorded_by.username for m in waiting] == ["citizen2"]

    def test_citizens_rate_several_initiatives_and_one_comment_is_hidden(self):
        assert Rating.objects.values("initiative").distinct().count() >= 5
        assert Rating.objects.count() >= 40
        hidden = Rating.objects.get(comment_hidden=True)
        assert hidden.hidden_reason and hidden.hidden_by.username == "officer"
        assert not Rating.objects.filter(user__username="citizen").exists()

    def test_one_completed_inspection_with_responses(self):
        inspection = Inspection.objects.get()
        assert inspection.status == InspectionStatus.COMPLETED
        assert inspection.initiative.slug == "eastfield-tenant-inspectors"
        assert inspection.team.filter(username="citizen2").exists()
        recommendations = list(inspection.recommendations.all())
        responses = [getattr(r, "response", None) for r in recommendations]
        assert len(recommendations) == 4
        assert sorted(r.decision for r in responses if r) == ["accepted", "accepted", "declined"]
        assert responses[-1] is None  # one still waits for the council's answer

    def test_two_surveys_with_responses(self):
        community = Survey.objects.get(template_key="community-coproduction")
        staff = Survey.objects.get(template_key="frontline-job-satisfaction")
        assert community.anonymous and community.audience == "community"
        assert staff.audience == "staff"
        assert community.responses.count() == assessment_demo.COMMUNITY_RESPONDENTS
        assert staff.responses.count() == len(assessment_demo.STAFF_RESPONDENTS)
        assert not ResponseAuthor.objects.filter(response__survey__anonymous=True).exists()
        today = timezone.localdate()
        assert community.is_open_on(today) and staff.is_open_on(today)
        assert not community.respondents.filter(user__username="citizen").exists()

    def test_two_maturity_assessments_a_year_apart(self):
        council = Organisation.objects.get(slug=people_demo.COUNCIL)
        first, second = maturity_trend(organisation=council)
        assert (second.assessed_on - first.assessed_on) >= datetime.timedelta(days=365)
        assert first.total < second.total
        latest = maturity_summary(MaturityAssessment.objects.get(pk=second.assessment_id))
        assert [p.key for p in latest.weakest] == ["valuing-contributions"]

    def test_seeding_again_adds_nothing(self):
        before, fingerprint = counts(), rows()

        seeded = assessment_demo.seed()

        assert counts() == before
        assert rows() == fingerprint
        assert seeded == assessment_demo.Seeded()

    def test_the_summary_lines(self):
        lines = "\n".join(assessment_demo.summary_lines())
        assert "Ratings:" in lines and "Maturity self-assessments: 2" in lines


class SeedDemoIsDeterministicTests(TestCase):
    def test_two_fresh_seeds_make_the_same_data(self):
        people_demo.seed()
        initiatives_demo.seed()
        assessment_demo.seed()
        first = rows()
        for _ in range(2):  # deleting a tracked row writes a history row: clear those too
            for model in apps.get_app_config("assessment").get_models():
                model.objects.all().delete()
        assert not any(counts().values())

        assessment_demo.seed()

        assert rows() == first
