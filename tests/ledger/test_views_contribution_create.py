""""Log a contribution": a citizen logs their own, to an initiative they take part in.

Every bad input of ACCOUNTING.md that the form can carry is refused with the message on its
field, and nothing is stored.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Participation
from ledger.models import Contribution, ContributionStatus, StaleBucket

from ..factories import InitiativeFactory
from .factories import befriending, take_part

pytestmark = pytest.mark.django_db

URL = reverse("contribution-create")


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def valid(initiative, **overrides):
    data = {
        "initiative": initiative.pk,
        "kind": "time",
        "activity": "co-performing",
        "date": "2025-06-30",
        "hours": "3.5",
        "amount": "",
        "description": "Visited Mrs Patel",
        "stipend_per_hour": "",
    }
    data.update(overrides)
    return data


def snapshot():
    return (
        list(Contribution.objects.values_list("id", "value", "status")),
        StaleBucket.objects.count(),
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_form_offers_only_initiatives_the_citizen_takes_part_in(client, cast, initiative):
    elsewhere = InitiativeFactory(title="Somewhere else", lead_organisation=cast.council)
    client.force_login(cast.citizen)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Befriending older neighbours" in body
    assert "Somewhere else" not in body
    choices = [value for value, _ in response.context["form"].fields["initiative"].widget.choices]
    assert [str(v) for v in choices if v] == [str(initiative.pk)]
    assert elsewhere.pk not in choices
    # Phone first: every field has a label, the kinds have hints, today is the default date.
    for label in ("Initiative", "What was given", "Date", "Hours", "Activity", "Amount",
                  "Description", "Stipend per hour"):
        assert f">{label}" in body, label
    assert "Out-of-pocket costs" in body
    assert f'value="{timezone.localdate().isoformat()}"' in body
    assert "one third of the local market wage" in body
    assert "ILO Manual on the Measurement of Volunteer Work" in body


def test_a_preselected_initiative_and_its_activity(client, cast, initiative):
    client.force_login(cast.citizen)
    other = InitiativeFactory(lead_organisation=cast.council)
    take_part(cast.citizen, other)

    response = client.get(f"{URL}?initiative={initiative.pk}")

    form = response.context["form"]
    assert form["initiative"].value() == initiative.pk
    assert form["activity"].value() == "co-performing"


def test_citizen_logs_time_and_sees_its_value(client, cast, initiative):
    client.force_login(cast.citizen)

    response = client.post(URL, valid(initiative), follow=True)

    contribution = Contribution.objects.get()
    assert contribution.contributor == cast.citizen
    assert contribution.created_by == cast.citizen
    assert contribution.status == ContributionStatus.SUBMITTED
    assert contribution.value == D("49.00")
    assert response.redirect_chain == [(reverse("my-contributions"), 302)]
    assert "valued at £49.00" in response.content.decode()


def test_citizen_logs_money_in_kind_and_expenses(client, cast, initiative):
    client.force_login(cast.citizen)
    for kind, amount, description in (
        ("money", "120", ""),
        ("in_kind", "40.00", "Minibus hire"),
        ("expenses", "3.40", "Bus fare"),
    ):
        response = client.post(
            URL,
            valid(initiative, kind=kind, hours="", amount=amount, description=description),
        )
        assert response.status_code == 302, response.context["form"].errors
    values = sorted(Contribution.objects.values_list("kind", "value"))
    assert values == [("expenses", D("3.40")), ("in_kind", D("40.00")), ("money", D("120.00"))]


FUTURE = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "what, overrides, field, message",
    [
        ("zero hours", {"hours": "0"}, "hours", "Hours must be more than zero."),
        ("negative hours", {"hours": "-2"}, "hours", "Hours must be more than zero."),
        ("no hours", {"hours": ""}, "hours", "Give the number of hours."),
        ("over 24 hours", {"hours": "25"}, "hours", "at most 24 hours a day"),
        (
            "zero amount",
            {"kind": "money", "hours": "", "amount": "0"},
            "amount",
            "The amount must be more than zero.",
        ),
        (
            "negative amount",
            {"kind": "expenses", "hours": "", "amount": "-3"},
            "amount",
            "The amount must be more than zero.",
        ),
        ("future date", {"date": FUTURE}, "date", "The date cannot be in the future."),
        ("before the start", {"date": "2023-12-31"}, "date", "before the initiative started"),
        (
            "stipend at a third",
            {"stipend_per_hour": "4.67"},
            "stipend_per_hour",
            "one third of the market rate",
        ),
        (
            "in kind without a description",
            {"kind": "in_kind", "hours": "", "amount": "40", "description": ""},
            "description",
            "Describe what was given in kind.",
        ),
        ("time without an activity", {"activity": ""}, "activity", "Choose the activity"),
        ("not a number", {"hours": "lots"}, "hours", "Enter a number."),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_stored(
    client, cast, initiative, what, overrides, field, message
):
    client.force_login(cast.citizen)
    before = snapshot()

    response = client.post(URL, valid(initiative, **overrides))

    assert response.status_code == 200
    assert snapshot() == before
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field, [])), (what, errors)
    body = response.content.decode()
    assert 'role="alert"' in body  # the error summary is announced
    assert f'href="#id_{field}' in body  # and links to the field
    assert f'id="id_{field}_error"' in body


def test_hours_over_a_day_count_what_is_already_logged(client, cast, initiative):
    client.force_login(cast.citizen)
    assert client.post(URL, valid(initiative, hours="20")).status_code == 302
    before = snapshot()

    response = client.post(URL, valid(initiative, hours="5"))

    assert snapshot() == before
    assert "at most 24 hours a day" in response.context["form"].errors["hours"][0]


def test_an_initiative_the_citizen_does_not_take_part_in_is_refused(client, cast, initiative):
    client.force_login(cast.citizen)
    Participation.objects.filter(user=cast.citizen).update(left_at=timezone.now())

    response = client.post(URL, valid(initiative))

    assert Contribution.objects.count() == 0
    assert "initiative" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["outsider", "nobody", "partner"])
def test_someone_who_takes_part_in_nothing_sees_an_empty_state(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    response = client.get(URL)
    assert response.status_code == 200
    assert "You do not take part in any initiative yet" in response.content.decode()

    response = client.post(URL, valid(initiative))
    assert Contribution.objects.count() == 0
    assert "initiative" in response.context["form"].errors
