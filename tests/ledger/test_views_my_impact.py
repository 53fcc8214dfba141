""""My impact": a citizen's verified hours and value, month by month, with pending beside."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ledger import services

from .factories import befriending

pytestmark = pytest.mark.django_db

URL = reverse("my-impact")


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def give(user, initiative, day, hours, verify_by=None):
    contribution = services.contribution_submit(
        submitted_by=user,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=day,
        hours=D(hours),
    )
    if verify_by is not None:
        services.contribution_verify(contribution=contribution, verified_by=verify_by)
    return contribution


def test_shows_verified_figures_by_month_and_pending_beside(client, cast, initiative):
    give(cast.citizen, initiative, datetime.date(2025, 6, 30), "3.5", verify_by=cast.officer)
    give(cast.citizen, initiative, datetime.date(2025, 8, 4), "2", verify_by=cast.officer)
    give(cast.citizen, initiative, datetime.date(2025, 8, 5), "1")  # pending: £15.00
    give(cast.citizen2, initiative, datetime.date(2025, 8, 5), "9", verify_by=cast.officer)
    client.force_login(cast.citizen)

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    impact = response.context["impact"]
    assert impact.hours == D("5.50")
    assert impact.contributions == 2
    assert response.context["values"] == [("GBP", D("79.00"))]
    assert response.context["pending"] == [("GBP", D("15.00"))]
    for text in ("5.5", "£79.00", "£15.00", "Waiting for verification", "August 2025",
                 "June 2025", "£30.00", "£49.00"):
        assert text in body, text
    # The chart spans June to August with July as an empty bar; each bar has a title.
    assert [bar.hours for bar in response.context["bars"]] == [D("3.50"), D("0"), D("2.00")]
    assert body.count('class="chart__bar"') == 3
    assert "<title>June 2025: 3.5 hours</title>" in body
    assert 'role="img"' in body


def test_empty_state(client, cast, initiative):
    client.force_login(cast.citizen)

    response = client.get(URL)

    assert response.status_code == 200
    assert "none of your contributions has been verified" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
