"""One contribution: its value, method, rate and source, who decided it, its history for staff;
verifying, rejecting and changing it."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger import services
from ledger.models import Contribution, ContributionStatus

from .factories import befriending

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(cast):
    return befriending(cast)


@pytest.fixture
def contribution(cast, initiative):
    return services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 6, 30),
        hours=D("3.5"),
        description="Weekly visit",
    )


def url(contribution, name="contribution-detail"):
    return reverse(name, args=[contribution.pk])


def test_the_owner_sees_value_method_rate_and_source_but_no_history(client, cast, contribution):
    client.force_login(cast.citizen)

    response = client.get(url(contribution))

    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "3.5 h",
        "£49.00",
        "not counted in the accounts until verified",
        "Replacement cost (specialist rate for the activity)",
        "£14.00 an hour × 3.5 hours",
        "Illustrative demo rate, Co-production platform, 2025",
        "Illustrative",
        "Co-performing",
        "Weekly visit",
        "Change it",
    ):
        assert text in body, text
    assert response.context["history"] is None
    assert "Change history" not in body
    assert not response.context["can_verify"]
    assert "Verify or reject" not in body


def test_staff_see_the_history_and_may_decide(client, cast, contribution):
    services.contribution_update(
        contribution=contribution, changed_by=cast.citizen, hours=D("3")
    )
    client.force_login(cast.officer)

    response = client.get(url(contribution))

    body = response.content.decode()
    assert response.context["can_verify"] and response.context["can_reject"]
    assert "Change history" in body
    history = response.context["history"]
    assert [entry["created"] for entry in history] == [False, True]
    changed = {c["field"]: (c["before"], c["after"]) for c in history[0]["changes"]}
    assert changed["hours"] == (D("3.50"), D("3.00"))
    assert changed["value"] == (D("49.00"), D("42.00"))
    assert "Verify or reject" in body


def test_verify_records_who_and_when(client, cast, contribution):
    client.force_login(cast.officer)

    response = client.post(url(contribution, "contribution-verify"), follow=True)

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.VERIFIED
    assert contribution.verified_by == cast.officer
    body = response.content.decode()
    assert "Verified: £49.00 now counts in the accounts." in body
    assert "verified by officer on" in body


def test_reject_needs_a_reason(client, cast, contribution):
    client.force_login(cast.manager)

    response = client.post(url(contribution, "contribution-reject"), {"reason": ""})

    assert response.status_code == 400
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED
    assert 'href="#id_reason"' in response.content.decode()

    client.post(url(contribution, "contribution-reject"), {"reason": "Not this scheme"})
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.REJECTED
    assert contribution.rejection_reason == "Not this scheme"
    assert contribution.verified_by == cast.manager


def test_the_owner_cannot_decide(client, cast, contribution):
    client.force_login(cast.citizen)

    assert client.post(url(contribution, "contribution-verify")).status_code == 403
    response = client.post(url(contribution, "contribution-reject"), {"reason": "x"})
    assert response.status_code == 403
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["citizen2", "partner", "outsider", "nobody", "member"])
def test_outside_the_users_scope_it_does_not_exist(client, cast, contribution, persona):
    client.force_login(getattr(cast, persona))

    for name in ("contribution-detail", "contribution-edit"):
        assert client.get(url(contribution, name)).status_code == 404
    assert client.post(url(contribution, "contribution-verify")).status_code == 404
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED


def test_a_partner_sees_its_own_organisations_submission(client, cast, initiative):
    submitted = services.contribution_submit(
        submitted_by=cast.partner,
        submitted_by_organisation=cast.charity,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 7, 1),
        hours=D("2"),
        volunteer_ref="V-17",
        external_ref="AC-0001",
    )
    client.force_login(cast.partner)

    response = client.get(url(submitted))

    assert response.status_code == 200
    body = response.content.decode()
    assert "V-17" in body and "AC-0001" in body
    assert response.context["history"] is None


def test_anonymous_is_sent_to_sign_in(client, contribution):
    response = client.get(url(contribution))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- changing it ------------------------------------------------------------------------------


def edit_data(**overrides):
    return {
        "kind": "time",
        "activity": "co-performing",
        "date": "2025-06-30",
        "hours": "4",
        "amount": "",
        "description": "Weekly visit, and the shopping",
        "stipend_per_hour": "",
        **overrides,
    }


def test_the_owner_changes_a_verified_line_and_it_waits_again(client, cast, contribution):
    services.contribution_verify(contribution=contribution, verified_by=cast.officer)
    client.force_login(cast.citizen)

    page = client.get(url(contribution, "contribution-edit"))
    assert page.status_code == 200
    assert page.context["form"]["hours"].value() == D("3.50")
    assert "sends it back to staff to verify again" in page.content.decode()

    response = client.post(url(contribution, "contribution-edit"), edit_data(), follow=True)

    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.SUBMITTED
    assert contribution.value == D("56.00")
    assert contribution.verified_by is None
    assert "It waits for verification again." in response.content.decode()
    assert contribution.history.count() == 3


def test_a_bad_change_is_shown_on_its_field_and_nothing_changes(client, cast, contribution):
    client.force_login(cast.officer)

    response = client.post(url(contribution, "contribution-edit"), edit_data(hours="-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["hours"] == ["Hours must be more than zero."]
    contribution.refresh_from_db()
    assert contribution.hours == D("3.50")
    assert contribution.history.count() == 1
    assert Contribution.objects.count() == 1
