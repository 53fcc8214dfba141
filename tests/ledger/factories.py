"""Factories and helpers for ledger tests: rates, staff costs, and a worked-example initiative."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from initiatives.models import Participation, ParticipationRole
from ledger.models import Activity, ActivityRate, StaffCostRate

from ..factories import InitiativeFactory, OrganisationFactory

__all__ = [
    "GRADE",
    "befriending",
    "ActivityFactory",
    "ActivityRateFactory",
    "InitiativeFactory",
    "StaffCostRateFactory",
    "take_part",
]


class ActivityRateFactory(DjangoModelFactory):
    class Meta:
        model = ActivityRate

    organisation = None
    activity = "co-performing"
    hourly_rate = Decimal("14.00")
    currency = "GBP"
    effective_from = datetime.date(2025, 1, 1)
    source_title = "Illustrative demo rate"
    source_publisher = "Co-production platform"
    source_year = 2025
    is_illustrative = True


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    key = factory.Sequence(lambda n: f"activity-{n}")
    name = factory.LazyAttribute(lambda a: a.key.replace("-", " ").capitalize())


class StaffCostRateFactory(DjangoModelFactory):
    class Meta:
        model = StaffCostRate

    organisation = factory.SubFactory(OrganisationFactory)
    grade = "officer-scale-6"
    hourly_rate = Decimal("32.50")
    oncost_percent = Decimal("0")
    overhead_percent = Decimal("0")
    effective_from = datetime.date(2025, 1, 1)


def take_part(user, initiative, role=ParticipationRole.VOLUNTEER) -> Participation:
    return Participation.objects.create(user=user, initiative=initiative, role=role)


GRADE = "officer-scale-6"


def befriending(cast):
    """The worked example's initiative: "Befriending older neighbours", led by the council with
    the charity as partner, GBP; co-performing £14.00/h from 2025-01-01 and £15.00/h from
    2025-07-01; a £32.50/h staff grade (no on-cost, no overhead); both citizens take part."""
    initiative = InitiativeFactory(
        slug="befriending-older-neighbours",
        title="Befriending older neighbours",
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        start_date=datetime.date(2024, 1, 1),
    )
    ActivityRateFactory(hourly_rate=Decimal("14.00"), effective_from=datetime.date(2025, 1, 1))
    ActivityRateFactory(hourly_rate=Decimal("15.00"), effective_from=datetime.date(2025, 7, 1))
    StaffCostRateFactory(organisation=cast.council, grade=GRADE, hourly_rate=Decimal("32.50"))
    take_part(cast.citizen, initiative)
    take_part(cast.citizen2, initiative)
    return initiative
