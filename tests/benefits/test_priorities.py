"""benefit_priorities_set: ranks 1..n without gaps, each once; weights 0–100; all or nothing."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from benefits.models import Benefit, BenefitPriority
from benefits.priorities import benefit_priorities_set

pytestmark = pytest.mark.django_db


def benefit(slug):
    return Benefit.objects.get(slug=slug)


def stored(organisation):
    return list(
        BenefitPriority.objects.filter(organisation=organisation)
        .order_by("rank")
        .values_list("benefit__slug", "rank", "weight")
    )


@pytest.fixture
def existing(cast):
    benefit_priorities_set(
        organisation=cast.council,
        priorities=[(benefit("efficiency"), 1, 50), (benefit("social-capital"), 2, 30)],
        set_by=cast.manager,
    )
    return stored(cast.council)


def test_it_stores_the_priorities_with_who_set_them(cast, existing):
    assert existing == [("efficiency", 1, 50), ("social-capital", 2, 30)]
    assert set(BenefitPriority.objects.values_list("set_by", flat=True)) == {cast.manager.pk}


def test_it_replaces_the_whole_set_and_ranks_can_swap(cast, existing):
    benefit_priorities_set(
        organisation=cast.council,
        priorities=[
            (benefit("social-capital"), 1, 40),
            (benefit("efficiency"), 2, 40),
            (benefit("satisfied-users"), 3, 20),
        ],
        set_by=cast.manager,
    )
    assert stored(cast.council) == [
        ("social-capital", 1, 40), ("efficiency", 2, 40), ("satisfied-users", 3, 20)
    ]


def test_an_empty_set_clears_the_priorities(cast, existing):
    benefit_priorities_set(organisation=cast.council, priorities=[], set_by=cast.manager)
    assert stored(cast.council) == []


def test_other_organisations_are_untouched(cast, existing):
    benefit_priorities_set(
        organisation=cast.other_council, priorities=[(benefit("reassurance"), 1, 100)],
        set_by=cast.outsider,
    )
    assert stored(cast.council) == existing
    assert stored(cast.other_council) == [("reassurance", 1, 100)]


@pytest.mark.parametrize(
    ("priorities", "keys"),
    [
        # the same rank twice
        ([("efficiency", 1, 10), ("social-capital", 1, 10)],
         {"rank_efficiency", "rank_social-capital"}),
        # a gap: 1 and 3
        ([("efficiency", 1, 10), ("social-capital", 3, 10)], {NON_FIELD_ERRORS}),
        # not starting at 1
        ([("efficiency", 2, 10)], {NON_FIELD_ERRORS}),
        # weight over 100, and under 0
        ([("efficiency", 1, 101)], {"weight_efficiency"}),
        ([("efficiency", 1, -1)], {"weight_efficiency"}),
        # rank 0
        ([("efficiency", 0, 10)], {"rank_efficiency"}),
        # the same benefit twice
        ([("efficiency", 1, 10), ("efficiency", 2, 10)], {"rank_efficiency"}),
    ],
)
def test_bad_priorities_name_the_field_and_store_nothing(cast, existing, priorities, keys):
    with pytest.raises(ValidationError) as raised:
        benefit_priorities_set(
            organisation=cast.council,
            priorities=[(benefit(slug), rank, weight) for slug, rank, weight in priorities],
            set_by=cast.manager,
        )
    assert set(raised.value.message_dict) == keys
    assert stored(cast.council) == existing


def test_the_gap_message_says_which_rank_is_missing(cast):
    with pytest.raises(ValidationError) as raised:
        benefit_priorities_set(
            organisation=cast.council,
            priorities=[(benefit("efficiency"), 1, 10), (benefit("social-capital"), 3, 10)],
            set_by=cast.manager,
        )
    assert "rank 2 is missing" in raised.value.message_dict[NON_FIELD_ERRORS][0]
