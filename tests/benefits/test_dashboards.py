"""The dashboard selectors (benefits.dashboards): figures from roll-up rows only.

Every expected figure is a direct aggregate over the roll-up rows the test wrote.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benefits.dashboards import (
    INDICATOR_SOURCES,
    DashboardFilters,
    Period,
    Reach,
    default_period,
    is_improving,
    organisation_dashboard,
    stakeholder_benefits,
    trend_between,
)
from benefits.models import (
    Benefit,
    BenefitPriority,
    ContributionRollup,
    ContributorRollup,
    IndicatorSource,
    PublicInputRollup,
)
from ledger.models import Contribution

from ..factories import AreaFactory, InitiativeFactory, OrganisationFactory, coproduction_type
from ..factories import service_area as seeded_service_area
from .dashboard_data import (
    COMPUTED_AT,
    CURRENT_FIRST,
    CURRENT_LAST,
    contribution_row,
    contributor_row,
    month,
    public_row,
    succeeded_run,
    two_periods,
)

pytestmark = pytest.mark.django_db

YEAR_2025 = Period(CURRENT_FIRST, CURRENT_LAST)


@pytest.fixture
def initiative(cast):
    return InitiativeFactory(
        title="Befriending", lead_organisation=cast.council, partner_organisations=[cast.charity]
    )


def headline(dashboard, key):
    return next(h for h in dashboard.headlines if h.key == key)


def indicator(entries, slug):
    return next(f for e in entries for f in e.indicators if f.indicator.slug == slug)


# --- periods --------------------------------------------------------------------------------


def test_the_default_period_is_the_last_twelve_whole_months():
    period = default_period(datetime.date(2026, 3, 15))
    assert (period.first, period.last) == (datetime.date(2025, 3, 1), datetime.date(2026, 2, 1))
    assert period.months == 12
    previous = period.previous()
    assert (previous.first, previous.last) == (
        datetime.date(2024, 3, 1), datetime.date(2025, 2, 1)
    )


def test_a_period_of_three_months_compares_with_the_three_before():
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 1))
    assert period.previous() == Period(datetime.date(2024, 10, 1), datetime.date(2024, 12, 1))
    assert period.end_date == datetime.date(2025, 3, 31)


# --- headline figures -----------------------------------------------------------------------


def test_headline_figures_equal_the_roll_up_rows(cast, initiative):
    two_periods(initiative)
    succeeded_run()
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    current = dashboard.current
    assert current.citizen_input_value == D("350.00")
    assert current.public_input_value == D("400.00")
    assert current.pending_value == D("15.00")
    assert current.hours == D("10.00")  # time only; rejected lines never count
    assert current.contributions == 4
    assert current.contributors == 3
    assert current.active_initiatives == 1
    assert current.leverage == D("0.875")
    assert current.coproduction_share_percent == D("46.7")
    assert dashboard.currency == "GBP"
    assert dashboard.as_of == COMPUTED_AT
    # And the same figures as a direct aggregate over the rows.
    rows = ContributionRollup.objects.filter(
        month__gte=CURRENT_FIRST, month__lte=CURRENT_LAST, status="verified"
    ).aggregate(value=Sum("value"), count=Sum("count"))
    assert current.citizen_input_value == rows["value"]
    assert current.contributions == rows["count"]
    assert current.contributors == (
        ContributorRollup.objects.filter(month__gte=CURRENT_FIRST)
        .values("contributor_key").distinct().count()
    )


def test_each_figure_carries_its_change_from_the_previous_period(cast, initiative):
    two_periods(initiative)
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    citizen = headline(dashboard, "citizen_input_value")
    assert (citizen.current, citizen.previous, citizen.change) == (
        D("350.00"), D("100.00"), D("250.00")
    )
    assert citizen.change_percent == D("250.0")
    assert citizen.trend == "up"
    contributors = headline(dashboard, "contributors")
    assert (contributors.current, contributors.previous, contributors.change) == (3, 1, 2)
    assert headline(dashboard, "public_input_value").change == D("200.00")
    assert headline(dashboard, "leverage").previous == D("0.500")
    assert headline(dashboard, "pending_value").change_percent is None  # nothing pending before
    assert [h.key for h in dashboard.headlines] == [
        "citizen_input_value", "public_input_value", "pending_value", "leverage",
        "coproduction_share", "hours", "contributors", "contributions", "active_initiatives",
    ]


def test_distinct_contributors_are_counted_once_across_months_and_initiatives(cast, initiative):
    other = InitiativeFactory(lead_organisation=cast.council)
    for on in (month(2025, 1), month(2025, 2), month(2025, 3)):
        contributor_row(initiative, on, "u:7")
        contributor_row(other, on, "u:7")
    contributor_row(other, month(2025, 3), "u:8")
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    assert dashboard.current.contributors == 2
    assert dashboard.previous.contributors == 0


def test_only_the_organisations_initiatives_count(cast, initiative):
    elsewhere = InitiativeFactory(lead_organisation=cast.other_council)
    contribution_row(initiative, month(2025, 4), value="10.00")
    contribution_row(elsewhere, month(2025, 4), value="999.00")
    public_row(elsewhere, month(2025, 4), value="999.00")
    contributor_row(elsewhere, month(2025, 4), "u:99")
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    assert dashboard.current.citizen_input_value == D("10.00")
    assert dashboard.current.public_input_value == D("0.00")
    assert dashboard.current.contributors == 0
    assert dashboard.initiatives == 1


def test_an_initiative_the_organisation_partners_in_counts_and_a_partner_sees_only_those(cast):
    led_by_charity = InitiativeFactory(lead_organisation=cast.charity)
    partnered = InitiativeFactory(lead_organisation=cast.council, partner_organisations=[
        cast.charity
    ])
    contribution_row(led_by_charity, month(2025, 4), value="20.00")
    contribution_row(partnered, month(2025, 4), value="30.00")
    takes_part = organisation_dashboard(organisation=cast.charity, period=YEAR_2025)
    assert takes_part.current.citizen_input_value == D("50.00")
    partner = organisation_dashboard(
        organisation=cast.charity, period=YEAR_2025, reach=Reach.PARTNERS_IN
    )
    assert partner.current.citizen_input_value == D("30.00")
    assert partner.initiatives == 1


def test_lines_in_another_currency_are_left_out_and_flagged(cast, initiative):
    contribution_row(initiative, month(2025, 4), value="10.00")
    contribution_row(initiative, month(2025, 5), value="70.00", currency="EUR")
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    assert dashboard.current.citizen_input_value == D("10.00")
    assert dashboard.other_currency is True


def test_the_monthly_series_covers_every_month_of_the_period(cast, initiative):
    two_periods(initiative)
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    assert [m.month for m in dashboard.months] == [month(2025, n) for n in range(1, 13)]
    by_month = {m.month: (m.citizen_input_value, m.public_input_value) for m in dashboard.months}
    assert by_month[month(2025, 3)] == (D("200.00"), D("300.00"))
    assert by_month[month(2025, 11)] == (D("150.00"), D("100.00"))
    assert by_month[month(2025, 6)] == (D("0.00"), D("0.00"))  # the rejected line is not there
    assert sum(m.citizen_input_value for m in dashboard.months) == (
        dashboard.current.citizen_input_value
    )


# --- filters and breakdowns -----------------------------------------------------------------


@pytest.fixture
def typed(cast):
    """Three council initiatives: co-performing, co-management (both under co-delivery, one
    initiative of both) and co-design; in two service areas and two wards."""
    castle = AreaFactory(organisation=cast.council, slug="castle", name="Castle")
    river = AreaFactory(organisation=cast.council, slug="river", name="River")
    performing = InitiativeFactory(
        title="Performing", lead_organisation=cast.council,
        coproduction_types=[coproduction_type("co-performing")],
        service_area=seeded_service_area("adult-social-care"),
    )
    both = InitiativeFactory(
        title="Both", lead_organisation=cast.council,
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-management")],
        service_area=seeded_service_area("adult-social-care"),
    )
    design = InitiativeFactory(
        title="Design", lead_organisation=cast.council,
        coproduction_types=[coproduction_type("co-design")],
        service_area=seeded_service_area("libraries"),
    )
    performing.areas.set([castle])
    both.areas.set([castle, river])
    design.areas.set([river])
    contribution_row(performing, month(2025, 2), value="100.00")
    contribution_row(both, month(2025, 2), value="10.00")
    contribution_row(design, month(2025, 2), value="1.00")
    public_row(design, month(2025, 2), value="5.00")
    return {"castle": castle, "river": river, "performing": performing, "both": both,
            "design": design}


def test_a_parent_type_includes_its_children(cast, typed):
    dashboard = organisation_dashboard(
        organisation=cast.council, period=YEAR_2025,
        filters=DashboardFilters(coproduction_type=coproduction_type("co-delivery")),
    )
    assert dashboard.current.citizen_input_value == D("110.00")
    assert dashboard.initiatives == 2
    child = organisation_dashboard(
        organisation=cast.council, period=YEAR_2025,
        filters=DashboardFilters(coproduction_type=coproduction_type("co-management")),
    )
    assert child.current.citizen_input_value == D("10.00")


def test_area_service_area_and_initiative_filters(cast, typed):
    def citizen(**filters):
        return organisation_dashboard(
            organisation=cast.council, period=YEAR_2025, filters=DashboardFilters(**filters)
        ).current.citizen_input_value

    assert citizen(area=typed["castle"]) == D("110.00")
    assert citizen(area=typed["river"]) == D("11.00")
    assert citizen(service_area=seeded_service_area("libraries")) == D("1.00")
    assert citizen(initiative=typed["both"]) == D("10.00")
    assert citizen(area=typed["river"], service_area=seeded_service_area("libraries")) == D("1.00")


def test_value_by_type_counts_an_initiative_once_in_its_parent(cast, typed):
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    rows = {row.slug: row for row in dashboard.by_type}
    assert rows["co-delivery"].citizen_input_value == D("110.00")  # not 120: "both" once
    assert rows["co-delivery"].initiatives == 2
    assert rows["co-performing"].citizen_input_value == D("110.00")
    assert rows["co-management"].citizen_input_value == D("10.00")
    assert rows["co-management"].parent_slug == "co-delivery"
    assert rows["co-design"].public_input_value == D("5.00")
    assert "co-assessment" not in rows  # no initiative of that type


def test_value_by_service_area_adds_up_to_the_total(cast, typed):
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    rows = {row.slug: row for row in dashboard.by_service_area}
    assert rows["adult-social-care"].citizen_input_value == D("110.00")
    assert rows["libraries"].citizen_input_value == D("1.00")
    assert rows["libraries"].public_input_value == D("5.00")
    assert sum(r.citizen_input_value for r in dashboard.by_service_area) == (
        dashboard.current.citizen_input_value
    )
    assert dashboard.by_service_area[0].slug == "adult-social-care"  # biggest first


# --- indicators and the benefits panel ------------------------------------------------------


def test_indicators_are_computed_from_the_figures_by_source(cast, initiative):
    two_periods(initiative)
    entries = organisation_dashboard(organisation=cast.council, period=YEAR_2025).benefits
    leverage = indicator(entries, "managers-leverage")
    assert (leverage.value, leverage.previous_value) == (D("0.875"), D("0.500"))
    assert (leverage.trend, leverage.improving) == ("up", True)
    share = indicator(entries, "users-coproduction-share")
    assert (share.value, share.previous_value) == (D("46.7"), D("33.3"))
    per_contributor = indicator(entries, "citizens-hours-per-contributor")
    assert (per_contributor.value, per_contributor.previous_value) == (D("3.33"), D("4.00"))
    assert (per_contributor.trend, per_contributor.improving) == ("down", False)
    contributors = indicator(entries, "citizens-distinct-contributors")
    assert (contributors.value, contributors.previous_value) == (D("3"), D("1"))
    citizen = indicator(entries, "managers-citizen-input-value")
    assert (citizen.value, citizen.unit) == (D("350.00"), "GBP")
    # Public input per active initiative; lower is better, and it went up: worse.
    public = indicator(entries, "politicians-public-input-per-initiative")
    assert (public.value, public.previous_value) == (D("400.00"), D("200.00"))
    assert (public.trend, public.improving) == ("up", False)


def test_sources_without_data_say_so(cast, initiative):
    two_periods(initiative)
    entries = organisation_dashboard(organisation=cast.council, period=YEAR_2025).benefits
    for slug in ("managers-cost-per-outcome", "staff-job-satisfaction", "users-outcome-measures"):
        figure = indicator(entries, slug)
        assert figure.has_source is False
        assert (figure.value, figure.trend, figure.improving) == (None, None, None)
    # Every source has a way to its value; these three have data only once outcomes are
    # measured or questions linked (tests/benefits/test_dashboard_assessment_indicators.py).
    assert set(INDICATOR_SOURCES) == set(IndicatorSource)


def test_no_public_input_means_no_leverage_and_no_trend(cast, initiative):
    contribution_row(initiative, month(2025, 4), value="10.00")
    entries = organisation_dashboard(organisation=cast.council, period=YEAR_2025).benefits
    leverage = indicator(entries, "managers-leverage")
    assert (leverage.value, leverage.trend, leverage.improving) == (None, None, None)


def test_trend_and_improving():
    assert trend_between(D("2"), D("1")) == "up"
    assert trend_between(D("1"), D("2")) == "down"
    assert trend_between(D("1"), D("1.0")) == "flat"
    assert trend_between(None, D("1")) is None
    assert is_improving("down", "lower") is True
    assert is_improving("up", "lower") is False
    assert is_improving("flat", "higher") is None


def test_priorities_lead_the_benefits_panel_in_rank_order(cast, initiative):
    def prioritise(slug, rank, weight):
        BenefitPriority.objects.create(
            organisation=cast.council, benefit=Benefit.objects.get(slug=slug), rank=rank,
            weight=weight,
        )

    prioritise("satisfied-users", 3, 20)
    prioritise("efficiency", 1, 50)
    prioritise("social-capital", 2, 30)
    BenefitPriority.objects.create(  # another organisation's priorities change nothing here
        organisation=cast.other_council, benefit=Benefit.objects.get(slug="reassurance"),
        rank=1, weight=100,
    )
    entries = organisation_dashboard(organisation=cast.council, period=YEAR_2025).benefits
    assert [e.benefit.slug for e in entries[:3]] == [
        "efficiency", "social-capital", "satisfied-users"
    ]
    assert [(e.priority.rank, e.priority.weight) for e in entries[:3]] == [
        (1, 50), (2, 30), (3, 20)
    ]
    assert all(e.priority is None for e in entries[3:])
    # The rest in catalogue order: stakeholder group, then benefit.
    rest = [e.benefit.slug for e in entries[3:]]
    assert rest == [
        b.slug for b in Benefit.objects.order_by("group__position", "position")
        if b.slug not in {"efficiency", "social-capital", "satisfied-users"}
    ]
    assert len(entries) == Benefit.objects.count()


def test_stakeholder_benefits_agree_with_the_dashboard(cast, initiative):
    two_periods(initiative)
    BenefitPriority.objects.create(
        organisation=cast.council, benefit=Benefit.objects.get(slug="efficiency"), rank=1,
        weight=60,
    )
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    benefits = stakeholder_benefits(organisation=cast.council, period=YEAR_2025)
    assert benefits.current == dashboard.current
    assert benefits.previous == dashboard.previous
    assert [
        (e.benefit.slug, [(f.indicator.slug, f.value, f.previous_value) for f in e.indicators])
        for e in benefits.benefits
    ] == [
        (e.benefit.slug, [(f.indicator.slug, f.value, f.previous_value) for f in e.indicators])
        for e in dashboard.benefits
    ]


# --- as of ----------------------------------------------------------------------------------


def test_as_of_is_the_last_successful_run_or_a_newer_row(cast, initiative):
    assert organisation_dashboard(organisation=cast.council, period=YEAR_2025).as_of is None
    run_finished = COMPUTED_AT + datetime.timedelta(hours=1)
    succeeded_run(run_finished)
    assert organisation_dashboard(
        organisation=cast.council, period=YEAR_2025
    ).as_of == run_finished
    newer = COMPUTED_AT + datetime.timedelta(hours=5)
    contribution_row(initiative, month(2025, 4), value="1.00", computed_at=newer)
    dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    assert dashboard.as_of == newer
    assert dashboard.has_rollups


# --- reads only roll-ups, in a fixed number of queries --------------------------------------


def _queries(cast) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        organisation_dashboard(
            organisation=cast.council, period=YEAR_2025,
            filters=DashboardFilters(coproduction_type=coproduction_type("co-delivery")),
        )
    return [q["sql"] for q in captured.captured_queries]


def test_the_query_count_does_not_grow_with_initiatives_or_history(
    cast, django_assert_max_num_queries
):
    first = InitiativeFactory(lead_organisation=cast.council)
    two_periods(first)
    small = _queries(cast)
    for n in range(8):
        more = InitiativeFactory(
            lead_organisation=cast.council,
            coproduction_types=[coproduction_type("co-management")],
        )
        for m in range(1, 13):
            contribution_row(more, month(2025, m), value=f"{n + m}.00")
            contribution_row(more, month(2024, m), value=f"{n}.50")
            public_row(more, month(2025, m), value="3.00")
            contributor_row(more, month(2025, m), f"u:{n}")
    large = _queries(cast)
    assert len(large) == len(small)
    with django_assert_max_num_queries(len(small)):
        organisation_dashboard(organisation=cast.council, period=YEAR_2025)
    with django_assert_max_num_queries(12):
        stakeholder_benefits(organisation=cast.council, period=YEAR_2025)
    # Never a ledger source table.
    source_tables = {Contribution._meta.db_table, "ledger_publicinput"}
    assert not [sql for sql in large for table in source_tables if f'"{table}"' in sql]


# --- property: whatever the rows, the headline figures are their aggregate ------------------

row = st.tuples(
    st.integers(min_value=0, max_value=2),  # initiative index
    st.integers(min_value=0, max_value=23),  # month index from 2024-01
    st.sampled_from(["time", "money"]),
    st.sampled_from(["verified", "submitted", "rejected"]),
    st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2),
)
contributor = st.tuples(
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=23),
    st.sampled_from(["u:1", "u:2", "u:3", "v:5:x"]),
)


@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(row, max_size=15, unique_by=lambda r: r[:4]),
    public=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 23),
                              st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)),
                    max_size=6, unique_by=lambda r: r[:2]),
    people=st.lists(contributor, max_size=10, unique=True),
)
def test_figures_equal_a_direct_aggregate_of_the_rows(cast, rows, public, people):
    with transaction.atomic():
        initiatives = [
            InitiativeFactory(lead_organisation=cast.council),
            InitiativeFactory(lead_organisation=cast.council),
            InitiativeFactory(lead_organisation=OrganisationFactory(slug="elsewhere")),
        ]
        base = datetime.date(2024, 1, 1)

        def on(index):
            return datetime.date(base.year + index // 12, index % 12 + 1, 1)

        for i, m, kind, status, value in rows:
            contribution_row(initiatives[i], on(m), value=str(value), kind=kind, status=status,
                             hours="1.5" if kind == "time" else "0")
        for i, m, value in public:
            public_row(initiatives[i], on(m), value=str(value))
        for i, m, key in people:
            contributor_row(initiatives[i], on(m), key)

        dashboard = organisation_dashboard(organisation=cast.council, period=YEAR_2025)
        ours = [i.pk for i in initiatives[:2]]
        for figures, first, last in (
            (dashboard.current, CURRENT_FIRST, CURRENT_LAST),
            (dashboard.previous, datetime.date(2024, 1, 1), datetime.date(2024, 12, 1)),
        ):
            window = Q(initiative_id__in=ours, month__gte=first, month__lte=last)
            c = ContributionRollup.objects.filter(window).aggregate(
                citizen=Sum("value", filter=Q(status="verified")),
                pending=Sum("value", filter=Q(status="submitted")),
                hours=Sum("hours", filter=Q(status="verified", kind="time")),
                count=Sum("count", filter=Q(status="verified")),
            )
            p = PublicInputRollup.objects.filter(window).aggregate(public=Sum("value"))
            people_count = ContributorRollup.objects.filter(window).aggregate(
                n=Count("contributor_key", distinct=True)
            )["n"]
            assert figures.citizen_input_value == (c["citizen"] or D("0"))
            assert figures.pending_value == (c["pending"] or D("0"))
            assert figures.hours == (c["hours"] or D("0"))
            assert figures.contributions == (c["count"] or 0)
            assert figures.public_input_value == (p["public"] or D("0"))
            assert figures.contributors == people_count
        transaction.set_rollback(True)
