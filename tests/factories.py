"""Factories shared by every app's tests."""

import datetime

import factory
from factory.django import DjangoModelFactory

from initiatives.models import Area, CoproductionType, Initiative, ServiceArea, Status
from people.models import Membership, Organisation, Role, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-for-tests-only")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    kind = Organisation.Kind.PUBLIC_AGENCY
    currency = "GBP"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.OFFICER


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"ward-{n}")
    name = factory.LazyAttribute(lambda a: a.slug.replace("-", " ").title())


def coproduction_type(slug: str) -> CoproductionType:
    """The seeded type with this slug (seeded by a migration, so always there)."""
    return CoproductionType.objects.get(slug=slug)


def service_area(slug: str = "adult-social-care") -> ServiceArea:
    return ServiceArea.objects.get(slug=slug)


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"initiative-{n}")
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Neighbours helping neighbours."
    lead_organisation = factory.SubFactory(OrganisationFactory)
    service_area = factory.LazyFunction(service_area)
    start_date = datetime.date(2024, 1, 1)
    status = Status.ACTIVE

    @factory.post_generation
    def coproduction_types(self, create, extracted, **kwargs):
        if not create:
            return
        self.coproduction_types.set(extracted or [coproduction_type("co-performing")])

    @factory.post_generation
    def partner_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_organisations.set(extracted)
