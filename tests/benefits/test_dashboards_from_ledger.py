"""From the ledger to the dashboard: lines written through the ledger's services, rolled up by
rollup_rebuild_all(), give dashboard figures equal to a direct aggregate over the source rows."""

import datetime
from contextlib import contextmanager
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benefits.dashboards import Period, organisation_dashboard, stakeholder_benefits
from benefits.services import rollup_rebuild_all, rollup_stale_buckets
from ledger import services as ledger
from ledger.models import Contribution, PublicInput

from ..ledger.factories import GRADE, befriending

pytestmark = pytest.mark.django_db

FIRST_HALF = Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 1))
SECOND_HALF = Period(datetime.date(2025, 7, 1), datetime.date(2025, 12, 1))


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def worked_example(cast, initiative):
    """ACCOUNTING.md's worked example: A 3.5 h on 30 June, B 2 h on 1 July, C in kind £40,
    D money £120 (all verified), a fifth line pending; 10 staff hours and £200 spend."""
    lines = [
        (cast.citizen, {"kind": "time", "activity": "co-performing",
                        "date": datetime.date(2025, 6, 30), "hours": D("3.5")}),
        (cast.citizen2, {"kind": "time", "activity": "co-performing",
                         "date": datetime.date(2025, 7, 1), "hours": D("2")}),
        (cast.citizen, {"kind": "in_kind", "date": datetime.date(2025, 7, 1),
                        "amount": D("40.00"), "description": "Minibus hire"}),
        (cast.citizen2, {"kind": "money", "date": datetime.date(2025, 7, 1),
                         "amount": D("120.00")}),
    ]
    for person, line in lines:
        contribution = ledger.contribution_submit(
            submitted_by=person, initiative=initiative, **line
        )
        ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
    ledger.contribution_submit(
        submitted_by=cast.citizen2, initiative=initiative, kind="time",
        activity="co-performing", date=datetime.date(2025, 7, 2), hours=D("1"),
    )
    ledger.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time",
        date=datetime.date(2025, 7, 1), hours=D("10"), grade=GRADE,
    )
    ledger.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend",
        date=datetime.date(2025, 7, 1), amount=D("200.00"), description="Room hire",
    )


def source_figures(initiative_ids, period: Period) -> dict:
    """The accounts' figures straight from the ledger's source rows."""
    window = Q(initiative_id__in=initiative_ids, date__gte=period.first,
               date__lte=period.end_date)
    contributions = Contribution.objects.filter(window)
    verified = contributions.filter(status="verified")
    figures = contributions.aggregate(
        citizen=Sum("value", filter=Q(status="verified")),
        pending=Sum("value", filter=Q(status="submitted")),
        hours=Sum("hours", filter=Q(status="verified", kind="time")),
        count=Count("id", filter=Q(status="verified")),
    )
    people = verified.filter(contributor__isnull=False).values("contributor").distinct().count()
    volunteers = (
        verified.filter(contributor__isnull=True)
        .values("submitted_by_organisation", "volunteer_ref").distinct().count()
    )
    public = PublicInput.objects.filter(window).aggregate(value=Sum("value"))["value"]
    zero = D("0")
    return {
        "citizen": figures["citizen"] or zero,
        "pending": figures["pending"] or zero,
        "hours": figures["hours"] or zero,
        "contributions": figures["count"],
        "contributors": people + volunteers,
        "public": public or zero,
    }


def dashboard_figures(figures) -> dict:
    return {
        "citizen": figures.citizen_input_value,
        "pending": figures.pending_value,
        "hours": figures.hours,
        "contributions": figures.contributions,
        "contributors": figures.contributors,
        "public": figures.public_input_value,
    }


def test_the_worked_example_reaches_the_dashboard_to_the_penny(cast, initiative):
    worked_example(cast, initiative)
    rollup_rebuild_all()
    whole_year = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 1))
    figures = organisation_dashboard(organisation=cast.council, period=whole_year).current
    assert figures.citizen_input_value == D("239.00")
    assert figures.public_input_value == D("525.00")
    assert figures.pending_value == D("15.00")
    assert figures.leverage == D("0.455")
    assert figures.coproduction_share_percent == D("31.3")
    assert figures.hours == D("5.50")
    assert figures.contributors == 2
    assert figures.contributions == 4
    assert dashboard_figures(figures) == source_figures([initiative.pk], whole_year)


def test_both_halves_of_the_year_equal_their_source(cast, initiative):
    worked_example(cast, initiative)
    rollup_rebuild_all()
    dashboard = organisation_dashboard(organisation=cast.council, period=SECOND_HALF)
    assert dashboard_figures(dashboard.current) == source_figures([initiative.pk], SECOND_HALF)
    assert dashboard_figures(dashboard.previous) == source_figures([initiative.pk], FIRST_HALF)
    citizen = next(h for h in dashboard.headlines if h.key == "citizen_input_value")
    assert (citizen.current, citizen.previous) == (D("190.00"), D("49.00"))


def test_a_partners_volunteers_count_as_distinct_contributors(cast, initiative):
    for ref, day in (("V-1", 3), ("V-1", 4), ("V-2", 5)):
        contribution = ledger.contribution_submit(
            submitted_by=cast.partner, submitted_by_organisation=cast.charity,
            initiative=initiative, kind="time", activity="co-performing",
            date=datetime.date(2025, 8, day), hours=D("2"), volunteer_ref=ref,
            external_ref=f"{ref}-{day}",
        )
        ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
    rollup_rebuild_all()
    partner = stakeholder_benefits(
        organisation=cast.charity, period=SECOND_HALF, reach="partners_in"
    )
    assert partner.current.contributors == 2
    assert partner.current.citizen_input_value == D("90.00")
    assert dashboard_figures(partner.current) == source_figures([initiative.pk], SECOND_HALF)


def test_a_verification_after_the_roll_up_moves_value_from_pending(cast, initiative):
    worked_example(cast, initiative)
    rollup_rebuild_all()
    pending = Contribution.objects.get(status="submitted")
    ledger.contribution_verify(contribution=pending, verified_by=cast.officer)
    rollup_stale_buckets()
    figures = organisation_dashboard(organisation=cast.council, period=SECOND_HALF).current
    assert (figures.citizen_input_value, figures.pending_value) == (D("205.00"), D("0.00"))
    assert dashboard_figures(figures) == source_figures([initiative.pk], SECOND_HALF)


def test_the_page_shows_the_rolled_up_figures(client, cast, initiative):
    worked_example(cast, initiative)
    run = rollup_rebuild_all()
    client.force_login(cast.manager)
    response = client.get(
        reverse("dashboard-organisation", args=["northbridge"]),
        {"from": "2025-01", "to": "2025-12"},
    )
    html = response.content.decode()
    assert "£239.00" in html and "£525.00" in html and "0.455" in html and "31.3%" in html
    assert response.context["dashboard"].as_of >= run.finished_at


# --- property: random ledgers ---------------------------------------------------------------

line = st.tuples(
    st.sampled_from(["citizen", "citizen2", "partner"]),
    st.integers(min_value=0, max_value=363),  # day of 2025
    st.sampled_from(["time", "money"]),
    st.decimals(min_value=D("0.25"), max_value=D("6"), places=2),
    st.sampled_from(["verified", "submitted", "rejected"]),
)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@settings(
    max_examples=15, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(line, max_size=10, unique_by=lambda x: (x[0], x[1])))
def test_dashboard_figures_equal_the_source_for_any_ledger(cast, initiative, lines):
    with rolled_back():
        for n, (who, day, kind, quantity, status) in enumerate(lines):
            when = datetime.date(2025, 1, 1) + datetime.timedelta(days=day)
            fields = (
                {"hours": quantity, "activity": "co-performing"}
                if kind == "time" else {"amount": quantity * 10}
            )
            if who == "partner":
                fields.update(
                    submitted_by_organisation=cast.charity, volunteer_ref=f"V-{n % 3}",
                    external_ref=f"X-{n}",
                )
            contribution = ledger.contribution_submit(
                submitted_by=getattr(cast, who), initiative=initiative, kind=kind, date=when,
                **fields,
            )
            if status == "verified":
                ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
            elif status == "rejected":
                ledger.contribution_reject(
                    contribution=contribution, rejected_by=cast.officer, reason="Not ours"
                )
        rollup_rebuild_all()
        dashboard = organisation_dashboard(organisation=cast.council, period=SECOND_HALF)
        assert dashboard_figures(dashboard.current) == source_figures(
            [initiative.pk], SECOND_HALF
        )
        assert dashboard_figures(dashboard.previous) == source_figures(
            [initiative.pk], FIRST_HALF
        )
