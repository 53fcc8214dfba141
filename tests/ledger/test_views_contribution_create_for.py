"""Staff log a contribution on a participant's behalf, from the initiative."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger.models import Contribution

from ..factories import UserFactory
from .factories import befriending

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def url(initiative):
    return reverse("contribution-create-for", args=[initiative.pk])


def data(contributor, **overrides):
    return {
        "contributor": contributor.pk,
        "kind": "time",
        "activity": "co-performing",
        "date": "2025-07-01",
        "hours": "2",
        **overrides,
    }


def test_officer_logs_for_a_participant(client, cast, initiative):
    client.force_login(cast.officer)

    page = client.get(url(initiative))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Whose contribution" in body
    offered = {str(v) for v, _ in page.context["form"].fields["contributor"].widget.choices if v}
    assert offered == {str(cast.citizen.pk), str(cast.citizen2.pk)}
    assert "initiative" not in page.context["form"].fields

    response = client.post(url(initiative), data(cast.citizen2))

    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contribution-detail", args=[contribution.pk])
    assert contribution.contributor == cast.citizen2
    assert contribution.created_by == cast.officer
    assert contribution.value == D("30.00")


def test_someone_who_does_not_take_part_is_refused_on_the_contributor_field(
    client, cast, initiative
):
    client.force_login(cast.officer)

    response = client.post(url(initiative), data(UserFactory()))

    assert Contribution.objects.count() == 0
    assert response.context["form"].errors["contributor"]


def test_bad_hours_land_on_the_field(client, cast, initiative):
    client.force_login(cast.manager)

    response = client.post(url(initiative), data(cast.citizen, hours="0"))

    assert Contribution.objects.count() == 0
    assert response.context["form"].errors["hours"] == ["Hours must be more than zero."]


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "partner", "member", "outsider"])
def test_only_staff_of_the_initiative_may_log_for_others(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(url(initiative)).status_code == 404
    assert client.post(url(initiative), data(cast.citizen)).status_code == 404
    assert Contribution.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, initiative):
    response = client.get(url(initiative))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
