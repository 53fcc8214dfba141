""""My contributions": a citizen's own lines, with status, reason, value, method and rate."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger import services

from .factories import befriending

pytestmark = pytest.mark.django_db

URL = reverse("my-contributions")


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


def test_shows_the_citizens_own_lines_only(client, cast, initiative):
    mine = give(cast.citizen, initiative, datetime.date(2025, 6, 30), "3.5")
    rejected = give(cast.citizen, initiative, datetime.date(2025, 7, 2), "1")
    services.contribution_verify(contribution=mine, verified_by=cast.officer)
    services.contribution_reject(
        contribution=rejected, rejected_by=cast.officer, reason="Logged twice by mistake"
    )
    give(cast.citizen2, initiative, datetime.date(2025, 7, 3), "7.25")
    client.force_login(cast.citizen)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert [c.pk for c in response.context["contributions"]] == [rejected.pk, mine.pk]
    for text in (
        "30 June 2025",
        "Befriending older neighbours",
        "3.5 h",
        "Verified",
        "£49.00",
        "Replacement cost (specialist rate for the activity)",
        "£14.00 an hour",
        "Rejected",
        "Logged twice by mistake",
        "2 contributions",
    ):
        assert text in body, text
    assert "7.25 h" not in body


def test_filter_by_status(client, cast, initiative):
    verified = give(cast.citizen, initiative, datetime.date(2025, 6, 30))
    services.contribution_verify(contribution=verified, verified_by=cast.officer)
    pending = give(cast.citizen, initiative, datetime.date(2025, 7, 1))
    client.force_login(cast.citizen)

    response = client.get(URL, {"status": "submitted"})

    assert [c.pk for c in response.context["contributions"]] == [pending.pk]
    assert "not counted until verified" in response.content.decode()
    response = client.get(URL, {"status": "rejected"})
    assert "None of your contributions has this status." in response.content.decode()


def test_pages_of_twenty(client, cast, initiative):
    for day in range(25):
        give(cast.citizen, initiative, datetime.date(2025, 1, 1) + datetime.timedelta(days=day))
    client.force_login(cast.citizen)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["contributions"]) == 20
    assert len(second.context["contributions"]) == 5
    assert "page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("persona", ["citizen2", "officer", "partner", "outsider"])
def test_empty_state_for_those_with_nothing_logged(client, cast, initiative, persona):
    give(cast.citizen, initiative, datetime.date(2025, 6, 30))
    client.force_login(getattr(cast, persona))

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["contributions"] == []
    assert "You have not logged any contributions yet." in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
