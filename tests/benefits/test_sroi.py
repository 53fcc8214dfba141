"""SROI and cost per outcome (benefits/sroi.py): ACCOUNTING.md's second worked example to the
penny, its composition with the ledger's accounts, and properties of the arithmetic."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment import services as assessment_services
from benefits import sroi
from benefits.selectors import initiative_accounts_from_source as initiative_accounts
from ledger import services as ledger_services
from tests.assessment.factories import BASELINE, record_falls, steady_steps
from tests.ledger.factories import GRADE, befriending
from tests.ledger.factories import take_part as volunteer

YEAR = {"date_from": datetime.date(2025, 1, 1), "date_to": datetime.date(2025, 12, 31)}
STEADY_STEPS = {
    "quantity": D("12"),
    "proxy": D("1500.00"),
    "deadweight": D("25"),
    "displacement": D("10"),
    "attribution": D("20"),
    "drop_off": D("10"),
    "duration_years": 3,
}


# --- the arithmetic, pinned -------------------------------------------------------------------


def test_second_worked_example_to_the_penny():
    values = sroi.year_values(**STEADY_STEPS)
    assert [sroi.round_money_shown(v) for v in values] == [
        D("9720.00"), D("8748.00"), D("7873.20")
    ]
    present = sroi.present_value(values, rate=D("0.035"))
    assert sroi.round_money_shown(present) == D("24658.83")
    inputs, public = D("2400.00") + D("6000.00"), D("6000.00")
    assert sroi.round_ratio(sroi.sroi_ratio(present, inputs)) == D("2.94")
    assert sroi.round_ratio(sroi.sroi_ratio(present, public)) == D("4.11")
    assert sroi.round_money_shown(sroi.net_present_value(present, inputs)) == D("16258.83")
    assert sroi.round_money_shown(sroi.cost_per_outcome(public, D("12"))) == D("500.00")
    assert sroi.round_money_shown(sroi.cost_per_outcome(inputs, D("12"))) == D("700.00")


def test_full_precision_in_between():
    # Rounding each discounted year first would give 9391.30 + 8166.42 + 7101.11 = 24658.83 too,
    # so check the unrounded value itself.
    present = sroi.outcome_present_value(**STEADY_STEPS, rate=D("0.035"))
    assert D("24658.8312") < present < D("24658.8313")


def test_absent_figures_are_absent_not_zero():
    assert sroi.sroi_ratio(D("100"), D("0")) is None
    assert sroi.cost_per_outcome(D("100"), D("0")) is None
    assert sroi.cost_per_outcome(D("100"), None) is None
    assert sroi.cost_per_outcome(D("0"), D("12")) is None  # never "free"


@pytest.mark.parametrize("bad", [{"deadweight": D("101")}, {"drop_off": D("-1")},
                                 {"duration_years": 0}])
def test_the_arithmetic_refuses_impossible_assumptions(bad):
    with pytest.raises(ValueError):
        sroi.year_values(**{**STEADY_STEPS, **bad})
    with pytest.raises(ValueError):
        sroi.present_value([D("1")], rate=D("-0.01"))


def test_the_default_discount_rate_is_the_green_book_rate():
    assert sroi.discount_rate() == D("0.035")
    with override_settings(SROI_DISCOUNT_RATE=D("0.05")):
        assert sroi.discount_rate() == D("0.05")


# --- composed with the accounts ---------------------------------------------------------------


def _steady_steps_inputs(cast, initiative):
    """Citizen £2,400.00 (verified) and public £6,000.00 in 2025."""
    volunteer(cast.citizen, initiative)
    money = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money",
        date=datetime.date(2025, 5, 1), amount=D("2400.00"),
    )
    ledger_services.contribution_verify(contribution=money, verified_by=cast.officer)
    ledger_services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend",
        date=datetime.date(2025, 5, 1), amount=D("6000.00"), description="Falls clinic",
    )


def test_steady_steps_composed_from_the_ledger_and_the_measurements(cast):
    initiative, indicator = steady_steps(cast)
    _steady_steps_inputs(cast, initiative)
    record_falls(cast, indicator)  # 3 + 3 + 3 + 3 = 12 in 2025
    accounts = initiative_accounts(initiative=initiative, **YEAR)
    figures = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts, **YEAR)
    assert (figures.citizen_input_value, figures.public_input_value) == (
        D("2400.00"), D("6000.00")
    )
    assert figures.total_input_value == D("8400.00")
    assert figures.present_value == D("24658.83")
    assert figures.sroi == D("2.94")
    assert figures.sroi_public == D("4.11")
    assert figures.net_present_value == D("16258.83")
    assert figures.currency == "GBP"
    [falls] = figures.outcomes
    assert falls.quantity == 12 and falls.measurements == 4
    assert falls.year_values == [D("9720.00"), D("8748.00"), D("7873.20")]
    assert falls.present_value == D("24658.83")
    assert (falls.cost_per_outcome_public, falls.cost_per_outcome_total) == (
        D("500.00"), D("700.00")
    )
    # every assumption travels with the figure
    assert falls.financial_proxy == D("1500.00")
    assert falls.proxy_source == "Unit Costs of Health and Social Care (illustrative), PSSRU, 2024"
    assert (falls.deadweight, falls.displacement, falls.attribution, falls.drop_off) == (
        25, 10, 20, 10
    )
    assert falls.duration_years == 3
    assert falls.discount_rate == D("0.035") and falls.discount_rate_percent == D("3.5")
    assert figures.discount_rate_percent == D("3.5")


def test_a_reading_counts_in_the_period_its_own_period_ends_in(cast):
    initiative, indicator = steady_steps(cast)
    _steady_steps_inputs(cast, initiative)
    record_falls(cast, indicator)
    first_half = {"date_from": datetime.date(2025, 1, 1), "date_to": datetime.date(2025, 6, 30)}
    accounts = initiative_accounts(initiative=initiative, **first_half)
    figures = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts,
                                              **first_half)
    assert figures.outcomes[0].quantity == 6
    assert figures.present_value == D("12329.42")  # half of 24,658.83…, rounded once


def test_the_rate_comes_from_the_settings(cast):
    initiative, indicator = steady_steps(cast)
    record_falls(cast, indicator)
    accounts = SimpleNamespace(citizen_input_value=D("2400.00"), public_input_value=D("6000.00"))
    with override_settings(SROI_DISCOUNT_RATE=D("0")):
        undiscounted = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts)
    assert undiscounted.present_value == D("26341.20")  # 9,720 + 8,748 + 7,873.20
    assert undiscounted.discount_rate == D("0")


def test_composition_reads_the_accounts_it_is_given(cast):
    """The first worked example's accounts (citizen £239.00, public £525.00, as pinned in the
    ledger tests) feed cost per outcome and SROI unchanged."""
    initiative = befriending(cast)
    a = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="time", activity="co-performing",
        date=datetime.date(2025, 6, 30), hours=D("3.5"),
    )
    b = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="time", activity="co-performing",
        date=datetime.date(2025, 7, 1), hours=D("2"),
    )
    c = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="in_kind",
        date=datetime.date(2025, 7, 1), amount=D("40.00"), description="Minibus hire",
    )
    d = ledger_services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money",
        date=datetime.date(2025, 7, 1), amount=D("120"),
    )
    ledger_services.contributions_verify_many(
        contribution_ids=[a.pk, b.pk, c.pk, d.pk], verified_by=cast.officer
    )
    ledger_services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time",
        date=datetime.date(2025, 7, 1), hours=D("10"), grade=GRADE,
    )
    ledger_services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend",
        date=datetime.date(2025, 7, 1), amount=D("200.00"), description="Venue",
    )
    lonely = assessment_services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="People less lonely",
        unit="people", baseline_value=D("0"), baseline_date=BASELINE,
        financial_proxy=D("100.00"), proxy_source_title="Illustrative",
    )
    assessment_services.outcome_measurement_record(
        recorded_by=cast.officer, indicator=lonely, value=D("8"),
        period_start=datetime.date(2025, 7, 1), period_end=datetime.date(2025, 7, 31),
    )
    accounts = initiative_accounts(initiative=initiative)
    assert (accounts.citizen_input_value, accounts.public_input_value) == (
        D("239.00"), D("525.00")
    )
    figures = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts)
    [outcome] = figures.outcomes
    assert figures.total_input_value == D("764.00")
    assert outcome.cost_per_outcome_public == D("65.63")  # 525 ÷ 8 = 65.625, half up
    assert outcome.cost_per_outcome_total == D("95.50")  # 764 ÷ 8
    assert outcome.present_value == D("772.95")  # 800 ÷ 1.035
    assert figures.sroi == D("1.01")  # 772.946… ÷ 764
    assert figures.sroi_public == D("1.47")  # 772.946… ÷ 525
    assert figures.net_present_value == D("8.95")


def test_unvalued_and_unmeasured_outcomes(cast):
    initiative, indicator = steady_steps(cast)
    unvalued = assessment_services.outcome_indicator_create(
        created_by=cast.officer, initiative=initiative, name="Confidence", unit="people",
        baseline_value=D("0"), baseline_date=BASELINE,
    )
    assessment_services.outcome_measurement_record(
        recorded_by=cast.officer, indicator=unvalued, value=D("4"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 1, 31),
    )
    accounts = SimpleNamespace(citizen_input_value=D("0"), public_input_value=D("0"),
                               currency="GBP")
    figures = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts)
    falls, confidence = figures.outcomes
    assert falls.quantity is None and falls.present_value is None and falls.year_values == []
    assert confidence.quantity == 4 and confidence.present_value is None
    assert confidence.cost_per_outcome_public is None  # no input recorded: not "free"
    assert confidence.cost_per_outcome_total is None
    assert figures.present_value is None and figures.sroi is None
    assert figures.sroi_public is None and figures.net_present_value is None
    assert figures.valued_outcomes == []
    record_falls(cast, indicator)
    figures = sroi.initiative_outcome_figures(initiative=initiative, accounts=accounts)
    assert figures.present_value == D("24658.83")
    assert figures.sroi is None and figures.sroi_public is None  # no inputs recorded
    assert figures.net_present_value == D("24658.83")


# --- properties -------------------------------------------------------------------------------

percent = st.decimals(min_value=0, max_value=100, places=2)
money = st.decimals(min_value=D("0.01"), max_value=D("100000"), places=2)
rates = st.decimals(min_value=0, max_value=D("0.5"), places=4)


@st.composite
def outcomes(draw):
    return {
        "quantity": draw(st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2)),
        "proxy": draw(money),
        "deadweight": draw(percent),
        "displacement": draw(percent),
        "attribution": draw(percent),
        "drop_off": draw(percent),
        "duration_years": draw(st.integers(min_value=1, max_value=10)),
    }


@settings(max_examples=150, deadline=None)
@given(outcome=outcomes(), low=rates, high=rates)
def test_present_value_falls_as_the_discount_rate_rises(outcome, low, high):
    low, high = min(low, high), max(low, high)
    assert sroi.outcome_present_value(**outcome, rate=high) <= sroi.outcome_present_value(
        **outcome, rate=low
    )


@settings(max_examples=150, deadline=None)
@given(
    outcome=outcomes(),
    rate=rates,
    adjustment=st.sampled_from(["deadweight", "displacement", "attribution", "drop_off"]),
    other=percent,
)
def test_present_value_falls_as_any_adjustment_rises(outcome, rate, adjustment, other):
    smaller = min(outcome[adjustment], other)
    larger = max(outcome[adjustment], other)
    at_smaller = sroi.outcome_present_value(**{**outcome, adjustment: smaller}, rate=rate)
    at_larger = sroi.outcome_present_value(**{**outcome, adjustment: larger}, rate=rate)
    assert at_larger <= at_smaller


@settings(max_examples=150, deadline=None)
@given(outcome=outcomes(), rate=rates, citizen=money, public=money)
def test_sroi_times_inputs_is_the_present_value(outcome, rate, citizen, public):
    present = sroi.outcome_present_value(**outcome, rate=rate)
    inputs = citizen + public
    shown_sroi = sroi.round_ratio(sroi.sroi_ratio(present, inputs))
    # exact before rounding (to Decimal's 28 significant digits of the largest operand);
    # within half a hundredth of the inputs once the ratio is rounded to the two places shown
    tolerance = max(present, inputs, D(1)) * D("1e-24")
    assert abs(sroi.sroi_ratio(present, inputs) * inputs - present) <= tolerance
    assert abs(shown_sroi * inputs - present) <= inputs * D("0.005")
    assert abs(sroi.net_present_value(present, inputs) + inputs - present) <= tolerance
