"""The taxonomy of DESIGN §3 and the service areas are seeded by a migration."""

import pytest

from initiatives.models import CoproductionType, Initiative, ServiceArea
from tests.factories import InitiativeFactory, coproduction_type

pytestmark = pytest.mark.django_db

# Written out here rather than read from initiatives.taxonomy, so a change to the seed
# data (part of the public API) fails a test.
EXPECTED_PARENTS = {
    "co-commissioning": None,
    "co-planning": "co-commissioning",
    "co-prioritisation": "co-commissioning",
    "co-financing": "co-commissioning",
    "co-design": None,
    "co-delivery": None,
    "co-management": "co-delivery",
    "co-performing": "co-delivery",
    "co-assessment": None,
}

EXPECTED_EXAMPLES = {
    "co-planning": {"Deliberative participation", "Planning for Real", "Open Space"},
    "co-prioritisation": {"Individual budgets", "participatory budgeting"},
    "co-financing": {"Fundraising", "charges", "agreement to tax increases"},
    "co-design": {
        "User consultation",
        "service design labs",
        "customer journey mapping",
    },
    "co-management": {
        "Leisure centre trusts",
        "community management of public assets",
        "school governors",
    },
    "co-performing": {
        "Peer support groups such as expert patients",
        "Nurse-Family Partnerships",
        "meals-on-wheels",
        "Neighbourhood Watch",
    },
    "co-assessment": {
        "Tenant inspectors",
        "user online ratings",
        "participatory village appraisals",
    },
}

EXPECTED_SERVICE_AREAS = {
    "adult-social-care": "Adult social care",
    "children-and-families": "Children and families",
    "health-and-wellbeing": "Health and wellbeing",
    "housing": "Housing",
    "community-safety": "Community safety",
    "environment-and-streets": "Environment and streets",
    "leisure-and-culture": "Leisure and culture",
    "libraries": "Libraries",
    "education": "Education",
    "transport": "Transport",
}


def test_the_nine_stable_slugs_are_seeded_with_their_parents():
    seeded = {
        t.slug: (t.parent.slug if t.parent else None)
        for t in CoproductionType.objects.select_related("parent")
    }
    assert seeded == EXPECTED_PARENTS


@pytest.mark.parametrize("slug", sorted(EXPECTED_EXAMPLES))
def test_each_leaf_type_carries_its_examples(slug):
    assert set(coproduction_type(slug).example_list) == EXPECTED_EXAMPLES[slug]


def test_every_type_has_a_name_and_a_description():
    for t in CoproductionType.objects.all():
        assert t.name and t.description, t.slug


def test_types_come_in_the_order_of_the_design():
    assert list(CoproductionType.objects.values_list("slug", flat=True)) == list(EXPECTED_PARENTS)


def test_the_ten_service_areas_are_seeded():
    assert dict(ServiceArea.objects.values_list("slug", "name")) == EXPECTED_SERVICE_AREAS


def test_filtering_by_a_parent_type_includes_its_children():
    performing = InitiativeFactory(coproduction_types=[coproduction_type("co-performing")])
    managing = InitiativeFactory(coproduction_types=[coproduction_type("co-management")])
    parent_itself = InitiativeFactory(coproduction_types=[coproduction_type("co-delivery")])
    both = InitiativeFactory(
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-management")]
    )
    InitiativeFactory(coproduction_types=[coproduction_type("co-design")])

    delivery = list(Initiative.objects.of_type("co-delivery"))
    assert sorted(i.pk for i in delivery) == sorted(
        [performing.pk, managing.pk, parent_itself.pk, both.pk]
    )  # and `both` only once
    assert set(Initiative.objects.of_type("co-performing")) == {performing, both}
