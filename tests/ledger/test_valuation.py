"""ACCOUNTING.md's arithmetic as pure functions: rounding, rate look-up, loaded cost, ratios."""

import datetime
from decimal import Decimal as D

import pytest

from ledger.models import (
    ActivityRate,
    ContributionMethod,
    PublicInputMethod,
    StaffCostRate,
)
from ledger.valuation import (
    RateBook,
    coproduction_share,
    leverage_ratio,
    round_money,
    value_contribution,
    value_public_input,
    value_time,
)

JAN, JUL = datetime.date(2025, 1, 1), datetime.date(2025, 7, 1)


def rate(pk, amount, *, organisation_id=None, activity="co-performing", on=JAN, currency="GBP"):
    """An unsaved rate version: the look-up is pure and needs no database."""
    return ActivityRate(
        pk=pk,
        organisation_id=organisation_id,
        activity=activity,
        hourly_rate=D(amount),
        currency=currency,
        effective_from=on,
    )


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "GBP", "2.35"),  # half up, not half even (which gives 2.34)
        ("2.335", "GBP", "2.34"),
        ("2.3449", "GBP", "2.34"),
        ("0.005", "GBP", "0.01"),
        ("100.5", "JPY", "101"),
        ("49", "GBP", "49.00"),
    ],
)
def test_round_money_is_half_up_to_the_minor_unit(amount, currency, expected):
    rounded = round_money(D(amount), currency)
    assert str(rounded) == expected


def test_time_is_hours_times_rate_rounded_once():
    assert value_time(D("3.5"), D("14.00"), "GBP") == D("49.00")
    assert value_time(D("2"), D("15.00"), "GBP") == D("30.00")
    assert value_time(D("0.5"), D("12.33"), "GBP") == D("6.17")  # 6.165 → half up
    assert value_time(D("1.25"), D("13.33"), "GBP") == D("16.66")  # 16.6625


def test_rate_in_force_changes_on_its_effective_date():
    book = RateBook([rate(1, "14.00", on=JAN), rate(2, "15.00", on=JUL)])
    day_before = book.choose(
        organisation_id=7, activity="co-performing", currency="GBP", on=datetime.date(2025, 6, 30)
    )
    on_the_day = book.choose(organisation_id=7, activity="co-performing", currency="GBP", on=JUL)
    assert day_before.rate.pk == 1 and day_before.hourly_rate == D("14.00")
    assert on_the_day.rate.pk == 2 and on_the_day.hourly_rate == D("15.00")
    before_any = book.choose(
        organisation_id=7, activity="co-performing", currency="GBP", on=datetime.date(2024, 12, 31)
    )
    assert before_any is None


def test_look_up_order_specific_before_platform_before_generalist():
    rates = [
        rate(1, "14.00"),  # platform, activity
        rate(2, "16.00", organisation_id=7),  # organisation, activity
        rate(3, "11.00", activity="*"),  # platform generalist
        rate(4, "12.00", organisation_id=7, activity="*"),  # organisation generalist
    ]
    book = RateBook(rates)
    on = datetime.date(2025, 3, 1)

    def chosen(organisation_id, activity, available=rates):
        choice = RateBook(available).choose(
            organisation_id=organisation_id, activity=activity, currency="GBP", on=on
        )
        return (choice.rate.pk, choice.method) if choice else None

    specialist = ContributionMethod.REPLACEMENT_COST_SPECIALIST
    generalist = ContributionMethod.REPLACEMENT_COST_GENERALIST
    assert chosen(7, "co-performing") == (2, specialist)
    assert chosen(8, "co-performing") == (1, specialist)
    assert chosen(7, "co-design") == (4, generalist)
    assert chosen(8, "co-design") == (3, generalist)
    assert chosen(8, "co-design", available=rates[:2]) is None
    # Another currency's rates never apply.
    assert book.choose(organisation_id=7, activity="co-performing", currency="EUR", on=on) is None


def test_in_kind_is_declared_value_money_and_expenses_face_value():
    in_kind = value_contribution(kind="in_kind", currency="GBP", amount=D("40.00"))
    money = value_contribution(kind="money", currency="GBP", amount=D("120.00"))
    expenses = value_contribution(kind="expenses", currency="GBP", amount=D("7.5"))
    assert (in_kind.value, in_kind.method, in_kind.rate) == (
        D("40.00"),
        ContributionMethod.DECLARED_VALUE,
        None,
    )
    assert (money.value, money.method) == (D("120.00"), ContributionMethod.FACE_VALUE)
    assert (expenses.value, expenses.method) == (D("7.50"), ContributionMethod.FACE_VALUE)


def test_loaded_staff_cost_keeps_full_precision_and_only_the_line_rounds():
    grade = StaffCostRate(hourly_rate=D("32.50"), oncost_percent=D("20"), overhead_percent=D("15"))
    assert grade.loaded_hourly_cost == D("44.85")
    odd = StaffCostRate(
        hourly_rate=D("10.01"), oncost_percent=D("12.5"), overhead_percent=D("3.33")
    )
    assert odd.loaded_hourly_cost == D("10.01") * D("1.125") * D("1.0333")  # 11.63634...
    line = value_public_input(kind="staff_time", currency="GBP", hours=D("3"), staff_cost_rate=odd)
    # 3 × 11.636349375 = 34.909048125 → 34.91; rounding the rate first would give 34.92.
    assert line.value == D("34.91")
    assert line.rate == odd.loaded_hourly_cost
    assert line.method == PublicInputMethod.LOADED_STAFF_COST


def test_public_spend_and_in_kind():
    spend = value_public_input(kind="spend", currency="GBP", amount=D("200"))
    premises = value_public_input(kind="in_kind", currency="GBP", amount=D("80.00"))
    assert (spend.value, spend.method) == (D("200.00"), PublicInputMethod.FACE_VALUE)
    assert (premises.value, premises.method) == (D("80.00"), PublicInputMethod.MARKET_VALUE)


def test_ratios_of_the_worked_example():
    assert leverage_ratio(D("239.00"), D("525.00")) == D("0.455")
    assert coproduction_share(D("239.00"), D("525.00")) == D("0.313")


def test_ratios_are_absent_rather_than_infinite_or_free():
    assert leverage_ratio(D("239.00"), D("0")) is None
    assert coproduction_share(D("0"), D("0")) is None
    assert coproduction_share(D("0"), D("10.00")) == D("0.000")
    assert coproduction_share(D("10.00"), D("0")) == D("1.000")
