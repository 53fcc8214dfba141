"""The admin: every ledger model listed, rates editable (and revalued), line history visible."""

import datetime
from decimal import Decimal as D

import pytest

from ledger import services
from ledger.models import Contribution

from ..factories import UserFactory
from .factories import befriending

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def line(cast):
    initiative = befriending(cast)
    contribution = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 6, 30),
        hours=D("2"),
    )
    services.contribution_verify(contribution=contribution, verified_by=cast.officer)
    services.public_input_record(
        recorded_by=cast.officer,
        initiative=initiative,
        kind="spend",
        date=datetime.date(2025, 6, 30),
        amount=D("10"),
    )
    return contribution


@pytest.mark.parametrize(
    "model",
    ["activityrate", "activity", "staffcostrate", "contribution", "publicinput", "stalebucket"],
)
def test_every_ledger_model_has_an_admin_list(admin_client, line, model):
    assert admin_client.get(f"/admin/ledger/{model}/").status_code == 200


def test_a_contributions_history_is_visible_and_lines_are_read_only(admin_client, line):
    history = admin_client.get(f"/admin/ledger/contribution/{line.pk}/history/")
    assert history.status_code == 200
    assert b"verified" in history.content.lower()
    page = admin_client.get(f"/admin/ledger/contribution/{line.pk}/change/")
    assert page.status_code == 200 and b'name="hours"' not in page.content
    assert admin_client.get("/admin/ledger/contribution/add/").status_code == 403


def test_editing_a_rate_in_the_admin_revalues_the_lines_it_covers(admin_client, line):
    rate = line.rate_used
    response = admin_client.post(
        f"/admin/ledger/activityrate/{rate.pk}/change/",
        {
            "organisation": "",
            "activity": rate.activity,
            "hourly_rate": "14.50",
            "currency": "GBP",
            "effective_from": rate.effective_from.isoformat(),
            "source_title": rate.source_title,
            "source_publisher": rate.source_publisher,
            "source_year": rate.source_year,
            "is_illustrative": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert b"1 line was revalued" in response.content
    assert Contribution.objects.get(pk=line.pk).value == D("29.00")
