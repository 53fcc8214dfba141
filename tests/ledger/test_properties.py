"""Properties of the accounts (hypothesis): whatever the lines, the arithmetic holds.

- the totals equal the sum of the lines shown;
- pending lines never change the verified totals;
- valuing twice gives the same answer;
- each line is rounded half up, once.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benefits.selectors import initiative_accounts_from_source as initiative_accounts
from ledger import services
from ledger.models import ActivityRate, Contribution, ContributionStatus
from ledger.selectors import initiative_ledger_lines
from ledger.valuation import round_money, value_time

from .factories import GRADE, befriending

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2025, 1, 1)
DB_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

money = st.decimals(min_value=D("0.01"), max_value=D("5000"), places=2)
hours = st.decimals(min_value=D("0.01"), max_value=D("24"), places=2)
line = st.one_of(
    st.tuples(st.just("time"), hours, st.sampled_from(["co-performing", "co-design"])),
    st.tuples(st.sampled_from(["in_kind", "money", "expenses"]), money, st.just("")),
)
status = st.sampled_from(["submitted", "verified", "rejected"])
lines = st.lists(st.tuples(line, status), min_size=0, max_size=12)
public = st.lists(
    st.one_of(
        st.tuples(
            st.just("staff_time"), st.decimals(min_value=D("0.25"), max_value=D("80"), places=2)
        ),
        st.tuples(st.just("spend"), money),
    ),
    max_size=4,
)


@pytest.fixture
def initiative(cast):
    initiative = befriending(cast)
    # co-design is valued by the generalist fallback; an odd rate makes rounding bite.
    ActivityRate.objects.create(
        activity="*",
        hourly_rate=D("12.37"),
        currency="GBP",
        effective_from=FIRST_DAY,
        source_title="Test generalist rate",
    )
    return initiative


@contextmanager
def rolled_back():
    """Each example starts from the same database: its rows are rolled back afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def record(cast, initiative, drawn_lines, contributor=None):
    """Store the drawn lines, one day each (so no one's day passes 24 hours); decide them."""
    contributor = contributor or cast.citizen
    stored = []
    for day, ((kind, quantity, activity), decided) in enumerate(drawn_lines):
        fields = (
            {"hours": quantity, "activity": activity}
            if kind == "time"
            else {"amount": quantity, "description": "Something lent"}
        )
        contribution = services.contribution_submit(
            submitted_by=contributor,
            initiative=initiative,
            kind=kind,
            date=FIRST_DAY + datetime.timedelta(days=day),
            **fields,
        )
        if decided == "verified":
            services.contribution_verify(contribution=contribution, verified_by=cast.officer)
        elif decided == "rejected":
            services.contribution_reject(
                contribution=contribution, rejected_by=cast.officer, reason="Not this scheme"
            )
        stored.append(contribution)
    return stored


def record_public(cast, initiative, drawn):
    for kind, quantity in drawn:
        fields = (
            {"hours": quantity, "grade": GRADE} if kind == "staff_time" else {"amount": quantity}
        )
        services.public_input_record(
            recorded_by=cast.officer, initiative=initiative, kind=kind, date=FIRST_DAY, **fields
        )


@DB_SETTINGS
@given(drawn=lines, drawn_public=public)
def test_totals_equal_the_sum_of_the_lines_shown(cast, initiative, drawn, drawn_public):
    with rolled_back():
        record(cast, initiative, drawn)
        record_public(cast, initiative, drawn_public)
        accounts = initiative_accounts(initiative=initiative)
        contributions, public_inputs = initiative_ledger_lines(initiative=initiative)
        verified = [c for c in contributions if c.status == ContributionStatus.VERIFIED]
        pending = [c for c in contributions if c.status == ContributionStatus.SUBMITTED]
        assert accounts.citizen_input_value == sum((c.value for c in verified), D("0"))
        assert accounts.pending_value == sum((c.value for c in pending), D("0"))
        assert accounts.public_input_value == sum((p.value for p in public_inputs), D("0"))
        assert accounts.contributions == len(verified)
        assert accounts.hours == sum((c.hours for c in verified if c.kind == "time"), D("0"))
        for shown in [*contributions, *public_inputs]:
            assert shown.value == shown.value.quantize(D("0.01"))  # every line in pence


pending_lines = st.lists(st.tuples(line, st.just("submitted")), min_size=1, max_size=8)


@DB_SETTINGS
@given(decided=lines, pending=pending_lines)
def test_pending_lines_never_change_the_verified_totals(cast, initiative, decided, pending):
    with rolled_back():
        record(cast, initiative, decided)
        record_public(cast, initiative, [("spend", D("100.00"))])
        before = initiative_accounts(initiative=initiative)
        added = record(cast, initiative, pending, contributor=cast.citizen2)
        after = initiative_accounts(initiative=initiative)
        for figure in (
            "citizen_input_value",
            "public_input_value",
            "leverage",
            "coproduction_share",
            "hours",
            "contributors",
            "contributions",
        ):
            assert getattr(after, figure) == getattr(before, figure), figure
        assert after.pending_value == before.pending_value + sum((c.value for c in added), D("0"))
        assert all(c.status == ContributionStatus.SUBMITTED for c in added)


@DB_SETTINGS
@given(drawn=lines)
def test_valuing_twice_gives_the_same_answer(cast, initiative, drawn):
    with rolled_back():
        record(cast, initiative, drawn)
        first = list(
            Contribution.objects.order_by("pk").values_list("value", "rate", "rate_used", "method")
        )
        accounts = initiative_accounts(initiative=initiative)
        assert services.rates_revalue(rates=ActivityRate.objects.all()) == 0
        again = list(
            Contribution.objects.order_by("pk").values_list("value", "rate", "rate_used", "method")
        )
        assert again == first
        repeat = initiative_accounts(initiative=initiative)
        assert (repeat.citizen_input_value, repeat.pending_value) == (
            accounts.citizen_input_value,
            accounts.pending_value,
        )


@given(
    quantity=st.decimals(min_value=D("0.01"), max_value=D("9999.99"), places=2),
    rate=st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2),
)
@example(quantity=D("0.5"), rate=D("12.33"))  # 6.165: half up gives 6.17, half even 6.16
@example(quantity=D("0.25"), rate=D("10.02"))  # 2.505
def test_each_line_is_rounded_half_up_once(quantity, rate):
    # In integer ten-thousandths of a pound, rounding half up to pence is (x + 50) // 100.
    exact = int(quantity * 100) * int(rate * 100)
    pence = (exact + 50) // 100
    assert value_time(quantity, rate, "GBP") == D(pence) / 100
    assert value_time(quantity, rate, "GBP") == value_time(quantity, rate, "GBP")


@given(amount=st.decimals(min_value=D("0"), max_value=D("100000"), places=3))
def test_rounding_to_pence_is_half_up(amount):
    # A tenth of the three-place amounts end in 5: exactly the halves that half up decides.
    tenths_of_pence = int(amount * 1000)
    assert round_money(amount, "GBP") == D((tenths_of_pence + 5) // 10) / 100
