"""Recording public inputs: staff time at the grade's loaded cost, spend, and public in kind."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import PublicInput
from people.models import Role

from ..factories import MembershipFactory
from .factories import GRADE, StaffCostRateFactory, befriending

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def url(initiative):
    return reverse("public-input-create", args=[initiative.pk])


def data(cast, **overrides):
    return {
        "organisation": cast.council.pk,
        "kind": "staff_time",
        "date": "2025-07-01",
        "hours": "10",
        "grade": GRADE,
        "amount": "",
        "description": "",
        **overrides,
    }


def test_officer_records_staff_time_and_spend(client, cast, initiative):
    client.force_login(cast.officer)

    page = client.get(url(initiative))
    assert page.status_code == 200
    body = page.content.decode()
    assert f"{GRADE} (Northbridge City Council)" in body
    assert "fully loaded hourly cost" in body
    # One organisation to record for: nothing to choose.
    assert page.context["form"].single_organisation

    response = client.post(url(initiative), data(cast), follow=True)
    assert response.redirect_chain == [(reverse("initiative-accounts", args=[initiative.pk]), 302)]
    assert "Recorded staff time worth £325.00." in response.content.decode()
    response = client.post(
        url(initiative),
        data(cast, kind="spend", hours="", grade="", amount="200", description="Venue hire"),
    )
    assert response.status_code == 302
    assert sorted(PublicInput.objects.values_list("kind", "value", "recorded_by")) == [
        ("spend", D("200.00"), cast.officer.pk),
        ("staff_time", D("325.00"), cast.officer.pk),
    ]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"hours": "0"}, "hours"),
        ({"grade": ""}, "grade"),
        ({"date": "2024-12-31"}, "grade"),  # no staff cost in force before 2025
        ({"date": "2023-06-01"}, "date"),  # before the initiative started
        ({"kind": "spend", "hours": "", "grade": "", "amount": "-5"}, "amount"),
        ({"kind": "in_kind", "hours": "", "grade": "", "amount": "90"}, "description"),
    ],
)
def test_bad_input_lands_on_its_field_and_nothing_is_stored(
    client, cast, initiative, overrides, field
):
    client.force_login(cast.manager)

    response = client.post(url(initiative), data(cast, **overrides))

    assert response.status_code == 200
    assert PublicInput.objects.count() == 0
    assert response.context["form"].errors[field], response.context["form"].errors
    assert f'href="#id_{field}' in response.content.decode()


def test_a_future_date_is_refused(client, cast, initiative):
    client.force_login(cast.officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(url(initiative), data(cast, date=tomorrow.isoformat()))

    assert PublicInput.objects.count() == 0
    assert "in the future" in response.context["form"].errors["date"][0]


def test_staff_of_both_organisations_choose_whose_input_it_is(client, cast, initiative):
    MembershipFactory(user=cast.officer, organisation=cast.charity, role=Role.OFFICER)
    StaffCostRateFactory(organisation=cast.charity, grade="coordinator", hourly_rate=D("20"))
    client.force_login(cast.officer)

    page = client.get(url(initiative))
    assert not page.context["form"].single_organisation
    assert "Whose input" in page.content.decode()

    client.post(url(initiative), data(cast, organisation=cast.charity.pk, grade="coordinator"))
    public_input = PublicInput.objects.get()
    assert public_input.organisation == cast.charity
    assert public_input.value == D("200.00")


@pytest.mark.parametrize("persona", ["citizen", "partner", "member", "outsider", "nobody"])
def test_only_staff_of_the_initiative_record_public_input(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative)).status_code == 404
    assert client.post(url(initiative), data(cast)).status_code == 404
    assert PublicInput.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, initiative):
    response = client.get(url(initiative))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
