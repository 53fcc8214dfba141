"""The verification queue: staff verify or reject several contributions at once, all or nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger import services
from ledger.models import Contribution, ContributionStatus

from ..factories import InitiativeFactory
from .factories import befriending, take_part

pytestmark = pytest.mark.django_db

URL = reverse("verification-queue")


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def give(user, initiative, day, hours="1"):
    return services.contribution_submit(
        submitted_by=user,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=day,
        hours=D(hours),
    )


@pytest.fixture
def pending(cast, initiative):
    return [
        give(cast.citizen, initiative, datetime.date(2025, 6, 30), "3.5"),
        give(cast.citizen2, initiative, datetime.date(2025, 7, 1), "2"),
        give(cast.citizen, initiative, datetime.date(2025, 7, 2), "1"),
    ]


def statuses():
    return dict(Contribution.objects.values_list("pk", "status"))


def test_lists_waiting_contributions_oldest_first_with_links(client, cast, pending):
    client.force_login(cast.officer)

    response = client.get(URL)

    assert response.status_code == 200
    assert [c.pk for c in response.context["contributions"]] == [c.pk for c in pending]
    body = response.content.decode()
    assert "3 contributions waiting" in body
    for contribution in pending:
        assert reverse("contribution-detail", args=[contribution.pk]) in body
        assert f'id="contribution-{contribution.pk}"' in body
    assert "Verify selected" in body and "Reject selected" in body
    assert '<label for="id_reason">' in body


def test_verifies_several_at_once(client, cast, pending):
    client.force_login(cast.officer)

    response = client.post(
        URL,
        {"contribution_ids": [pending[0].pk, pending[1].pk], "action": "verify"},
        follow=True,
    )

    assert statuses() == {
        pending[0].pk: ContributionStatus.VERIFIED,
        pending[1].pk: ContributionStatus.VERIFIED,
        pending[2].pk: ContributionStatus.SUBMITTED,
    }
    assert Contribution.objects.get(pk=pending[0].pk).verified_by == cast.officer
    body = response.content.decode()
    assert "Verified 2 contribution(s), worth £79.00." in body
    assert [c.pk for c in response.context["contributions"]] == [pending[2].pk]


def test_rejects_several_with_a_reason(client, cast, pending):
    client.force_login(cast.manager)

    client.post(
        URL,
        {
            "contribution_ids": [pending[0].pk, pending[2].pk],
            "action": "reject",
            "reason": "Not part of the befriending scheme",
        },
    )

    rejected = Contribution.objects.filter(status=ContributionStatus.REJECTED)
    assert set(rejected.values_list("pk", flat=True)) == {pending[0].pk, pending[2].pk}
    assert set(rejected.values_list("rejection_reason", flat=True)) == {
        "Not part of the befriending scheme"
    }


def test_reject_without_a_reason_stores_nothing_and_says_so_on_the_field(client, cast, pending):
    client.force_login(cast.officer)
    before = statuses()

    response = client.post(
        URL, {"contribution_ids": [pending[0].pk], "action": "reject", "reason": " "}
    )

    assert response.status_code == 400
    assert statuses() == before
    assert response.context["form"].errors["reason"] == ["Say why the contribution is rejected."]
    body = response.content.decode()
    assert 'href="#id_reason"' in body
    # The selection survives the error.
    assert f'value="{pending[0].pk}" id="contribution-{pending[0].pk}" checked' in body


def test_a_bad_selection_stores_nothing(client, cast, initiative, pending):
    already = pending[1]
    services.contribution_verify(contribution=already, verified_by=cast.manager)
    client.force_login(cast.officer)
    before = statuses()

    response = client.post(
        URL, {"contribution_ids": [pending[0].pk, already.pk], "action": "verify"}
    )

    assert response.status_code == 400
    assert statuses() == before
    assert "already verified" in response.content.decode()


def test_a_selection_outside_the_officers_organisations_stores_nothing(client, cast, pending):
    elsewhere = InitiativeFactory(lead_organisation=cast.other_council)
    take_part(cast.citizen, elsewhere)
    foreign = give(cast.citizen, elsewhere, datetime.date(2025, 3, 3))
    client.force_login(cast.officer)
    before = statuses()

    response = client.post(
        URL, {"contribution_ids": [pending[0].pk, foreign.pk], "action": "verify"}
    )

    assert response.status_code == 400
    assert statuses() == before
    assert response.context["form"].errors["contribution_ids"]


def test_nothing_selected(client, cast, pending):
    client.force_login(cast.officer)

    response = client.post(URL, {"action": "verify"})

    assert response.status_code == 400
    assert response.context["form"].errors["contribution_ids"] == [
        "Select at least one contribution."
    ]


def test_filter_by_initiative(client, cast, initiative, pending):
    other = InitiativeFactory(title="Library friends", lead_organisation=cast.council)
    take_part(cast.citizen, other)
    elsewhere = give(cast.citizen, other, datetime.date(2025, 5, 5))
    client.force_login(cast.officer)

    response = client.get(URL, {"initiative": other.pk})

    assert [c.pk for c in response.context["contributions"]] == [elsewhere.pk]
    # Verifying from a filtered queue comes back to the same filter.
    response = client.post(
        f"{URL}?initiative={other.pk}", {"contribution_ids": [elsewhere.pk], "action": "verify"}
    )
    assert response["Location"] == f"{URL}?initiative={other.pk}"


def test_staff_of_another_council_see_none_of_it(client, cast, pending):
    client.force_login(cast.outsider)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["contributions"] == []
    assert "Nothing is waiting for verification." in response.content.decode()
    # Naming another council's initiative in the filter shows nothing either.
    response = client.get(URL, {"initiative": pending[0].initiative_id})
    assert response.context["contributions"] == []


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "partner", "member", "nobody"])
def test_the_queue_is_for_staff(client, cast, pending, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(URL).status_code == 403
    response = client.post(URL, {"contribution_ids": [pending[0].pk], "action": "verify"})
    assert response.status_code == 403
    assert Contribution.objects.filter(status=ContributionStatus.VERIFIED).count() == 0


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_pages_of_twenty(client, cast, initiative):
    for day in range(23):
        give(cast.citizen, initiative, datetime.date(2025, 1, 1) + datetime.timedelta(days=day))
    client.force_login(cast.officer)

    assert len(client.get(URL).context["contributions"]) == 20
    assert len(client.get(URL, {"page": 2}).context["contributions"]) == 3
