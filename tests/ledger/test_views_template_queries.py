"""House rule: templates never query. Every ledger page, and the links the ledger adds to the
header and the initiative page, render with the database closed to the template engine."""

import datetime
import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.template import base as template_base
from django.urls import reverse

from ledger import services

from .factories import GRADE, befriending

pytestmark = pytest.mark.django_db

_rendering = threading.local()


@pytest.fixture
def no_template_queries(monkeypatch):
    original = template_base.Template._render
    caught: list[str] = []

    def _render(self, context):
        _rendering.depth = getattr(_rendering, "depth", 0) + 1
        try:
            return original(self, context)
        finally:
            _rendering.depth -= 1

    def guard(execute, sql, params, many, context):
        if getattr(_rendering, "depth", 0):
            caught.append(sql)
        return execute(sql, params, many, context)

    monkeypatch.setattr(template_base.Template, "_render", _render)
    with connection.execute_wrapper(guard):
        yield caught


@pytest.fixture
def ledger(cast):
    initiative = befriending(cast)
    verified = services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="time", activity="co-performing",
        date=datetime.date(2025, 6, 30), hours=D("3.5"),
    )
    services.contribution_verify(contribution=verified, verified_by=cast.officer)
    services.contribution_update(contribution=verified, changed_by=cast.citizen, hours=D("3"))
    services.contribution_submit(
        submitted_by=cast.partner, submitted_by_organisation=cast.charity, initiative=initiative,
        kind="in_kind", date=datetime.date(2025, 7, 1), amount=D("40"), description="Minibus",
        volunteer_ref="V-1", external_ref="AC-1",
    )
    services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="staff_time",
        date=datetime.date(2025, 7, 1), hours=D("10"), grade=GRADE,
    )
    return initiative, verified


def pages(initiative, contribution):
    pk = initiative.pk
    return [
        ("get", reverse("contribution-create"), None),
        ("get", reverse("contribution-create") + f"?initiative={pk}", None),
        ("post", reverse("contribution-create"), {"initiative": pk, "kind": "time"}),
        ("get", reverse("contribution-create-for", args=[pk]), None),
        ("post", reverse("contribution-create-for", args=[pk]), {"kind": "money"}),
        ("get", reverse("my-contributions"), None),
        ("get", reverse("my-impact"), None),
        ("get", reverse("verification-queue"), None),
        ("post", reverse("verification-queue"), {"action": "reject"}),
        ("get", reverse("contribution-detail", args=[contribution.pk]), None),
        ("post", reverse("contribution-reject", args=[contribution.pk]), {"reason": ""}),
        ("get", reverse("contribution-edit", args=[contribution.pk]), None),
        ("get", reverse("public-input-create", args=[pk]), None),
        ("post", reverse("public-input-create", args=[pk]), {"kind": "spend"}),
        ("get", reverse("initiative-accounts", args=[pk]), None),
        ("get", reverse("initiative-accounts", args=[pk]) + "?from=2025-07-01", None),
        ("get", reverse("initiative-detail", args=[pk]), None),
    ]


@pytest.mark.parametrize("persona", ["officer", "citizen", "partner", "member"])
def test_no_ledger_page_queries_while_its_template_renders(
    client, cast, ledger, persona, no_template_queries
):
    client.force_login(getattr(cast, persona))
    rendered = 0
    for method, url, data in pages(*ledger):
        response = getattr(client, method)(url, data or {})
        if response.status_code in (200, 400, 404):
            rendered += 1

    assert rendered >= 8
    assert no_template_queries == []


def test_the_header_offers_the_ledger_pages_by_role(client, cast, ledger):
    client.force_login(cast.citizen)
    nav = client.get(reverse("home")).content.decode()
    for name in ("contribution-create", "my-contributions", "my-impact"):
        assert f'href="{reverse(name)}"' in nav
    assert reverse("verification-queue") not in nav

    client.force_login(cast.officer)
    nav = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("verification-queue")}"' in nav
    assert reverse("my-impact") not in nav


@pytest.mark.parametrize(
    "persona, accounts, log, record",
    [
        ("citizen", False, True, False),
        ("officer", True, False, True),
        ("member", True, False, False),
        ("partner", True, False, False),
        ("outsider", False, False, False),
    ],
)
def test_the_initiative_page_links_to_the_ledger_by_role(
    client, cast, ledger, persona, accounts, log, record
):
    initiative, _ = ledger
    client.force_login(getattr(cast, persona))

    body = client.get(reverse("initiative-detail", args=[initiative.pk])).content.decode()

    assert (reverse("initiative-accounts", args=[initiative.pk]) in body) is accounts
    assert (f'{reverse("contribution-create")}?initiative={initiative.pk}' in body) is log
    assert (reverse("public-input-create", args=[initiative.pk]) in body) is record
