"""benefits.selectors.initiative_accounts: whole months from the roll-ups, partial months at the
ends from source, `as_of` from the rows used, waiting marks counted, a fixed number of queries."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from benefits.models import ContributionRollup, RollupRun
from benefits.selectors import (
    MixedCurrencyError,
    _split,
    initiative_accounts,
    initiative_accounts_from_source,
    rollup_freshness,
)
from benefits.services import rollup_rebuild_all, rollup_stale_buckets
from ledger import services as ledger

from ..ledger.factories import befriending

pytestmark = pytest.mark.django_db

day = datetime.date


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def verified(cast, initiative, date, amount="10.00", who=None):
    line = ledger.contribution_submit(
        submitted_by=who or cast.citizen, initiative=initiative, kind="money", date=date,
        amount=D(amount),
    )
    return ledger.contribution_verify(contribution=line, verified_by=cast.officer)


@pytest.mark.parametrize(
    ("date_from", "date_to", "whole", "edges"),
    [
        (None, None, (None, None), ()),
        (day(2025, 3, 1), day(2025, 5, 31), (day(2025, 3, 1), day(2025, 6, 1)), ()),
        (day(2025, 3, 15), None, (day(2025, 4, 1), None), ((day(2025, 3, 15), day(2025, 3, 31)),)),
        (None, day(2025, 5, 10), (None, day(2025, 5, 1)), ((day(2025, 5, 1), day(2025, 5, 10)),)),
        (day(2025, 3, 15), day(2025, 3, 20), None, ((day(2025, 3, 15), day(2025, 3, 20)),)),
        (day(2025, 3, 15), day(2025, 4, 2), None,
         ((day(2025, 3, 15), day(2025, 3, 31)), (day(2025, 4, 1), day(2025, 4, 2)))),
        (day(2024, 2, 1), day(2024, 2, 29), (day(2024, 2, 1), day(2024, 3, 1)), ()),
    ],
)
def test_a_period_splits_into_whole_months_and_at_most_two_edges(date_from, date_to, whole,
                                                                 edges):
    split = _split(date_from, date_to)
    assert split.edges == edges
    assert split.has_whole == (whole is not None)
    if whole is not None:
        assert (split.whole_from, split.whole_to) == whole


def test_whole_months_read_roll_ups_and_edges_read_source(cast, initiative):
    verified(cast, initiative, day(2025, 3, 10))
    verified(cast, initiative, day(2025, 4, 10), "20.00")
    verified(cast, initiative, day(2025, 5, 10), "40.00", who=cast.citizen2)
    rollup_stale_buckets()
    # Whole April is read from its roll-up row (doctored here); March's and May's edges from
    # the ledger.
    ContributionRollup.objects.filter(month=day(2025, 4, 1)).update(value=D("21.00"))

    accounts = initiative_accounts(
        initiative=initiative, date_from=day(2025, 3, 5), date_to=day(2025, 5, 20)
    )

    assert accounts.citizen_input_value == D("71.00")
    assert (accounts.contributions, accounts.contributors) == (3, 2)
    assert accounts.stale_months == 0


def test_as_of_is_when_the_rows_used_were_computed(cast, initiative):
    verified(cast, initiative, day(2025, 3, 10))
    rollup_stale_buckets()
    computed = ContributionRollup.objects.get().computed_at
    rollup_rebuild_all()  # finds nothing different: rewrites nothing

    assert initiative_accounts(initiative=initiative).as_of == computed
    edge_only = initiative_accounts(
        initiative=initiative, date_from=day(2025, 3, 2), date_to=day(2025, 3, 20)
    )
    assert edge_only.as_of > computed  # read from the ledger now


def test_with_nothing_rolled_up_as_of_is_the_last_run(cast, initiative):
    run = RollupRun.objects.create(
        kind=RollupRun.Kind.FULL, outcome=RollupRun.Outcome.SUCCEEDED,
        started_at=timezone.now(), finished_at=timezone.now(),
    )
    assert initiative_accounts(initiative=initiative).as_of == run.finished_at


def test_waiting_marks_are_counted_until_rolled_up(cast, initiative):
    verified(cast, initiative, day(2025, 3, 10))
    verified(cast, initiative, day(2025, 4, 10))

    waiting = initiative_accounts(initiative=initiative)
    assert waiting.stale_months == 2 and waiting.is_stale
    assert waiting.citizen_input_value == D("0.00")  # not rolled up yet
    assert initiative_accounts(
        initiative=initiative, date_from=day(2025, 4, 1), date_to=day(2025, 4, 30)
    ).stale_months == 1
    assert rollup_freshness().stale_buckets == 2

    rollup_stale_buckets()
    done = initiative_accounts(initiative=initiative)
    assert (done.stale_months, done.citizen_input_value) == (0, D("20.00"))
    assert rollup_freshness().stale_buckets == 0


def test_the_same_figures_as_from_source(cast, initiative):
    for date in (day(2025, 1, 31), day(2025, 2, 1), day(2025, 2, 28), day(2025, 3, 1)):
        verified(cast, initiative, date)
    rollup_stale_buckets()
    for date_from, date_to in [(None, None), (day(2025, 1, 31), day(2025, 3, 1)),
                               (day(2025, 2, 1), day(2025, 2, 28)), (day(2025, 2, 2), None)]:
        rolled = initiative_accounts(initiative=initiative, date_from=date_from, date_to=date_to)
        source = initiative_accounts_from_source(
            initiative=initiative, date_from=date_from, date_to=date_to
        )
        assert (rolled.citizen_input_value, rolled.contributions, rolled.contributors) == (
            source.citizen_input_value, source.contributions, source.contributors
        )


def test_mixed_currencies_are_refused_from_roll_ups_and_from_source(cast, initiative):
    verified(cast, initiative, day(2025, 3, 10))
    rollup_stale_buckets()
    ContributionRollup.objects.update(currency="XXX")
    with pytest.raises(MixedCurrencyError):
        initiative_accounts(initiative=initiative)


def test_a_fixed_number_of_queries_whatever_the_history(cast, initiative,
                                                        django_assert_max_num_queries):
    for month in range(1, 13):
        verified(cast, initiative, day(2024, month, 5))
        verified(cast, initiative, day(2024, month, 25), who=cast.citizen2)
    rollup_stale_buckets()
    initiative.lead_organisation  # noqa: B018 - loaded, as the views load it
    with django_assert_max_num_queries(8):
        initiative_accounts(
            initiative=initiative, date_from=day(2024, 1, 15), date_to=day(2024, 12, 20)
        )
    with django_assert_max_num_queries(5):
        initiative_accounts(initiative=initiative)
