"""House rule: templates never query. Views hand them everything they show.

Every page is rendered with the database closed to the template engine: a query made
while a template renders (a lazy relation, an unevaluated queryset, a ModelChoiceField
asking its queryset) fails the test and names the SQL.
"""

import threading

import pytest
from django.db import connection
from django.template import base as template_base
from django.urls import reverse

from initiatives.models import ParticipationRole, Status
from initiatives.services import participation_join
from tests.factories import AreaFactory, InitiativeFactory, coproduction_type

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
def active(cast):
    initiative = InitiativeFactory(
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-design")],
        lead_professional=cast.officer,
        status=Status.ACTIVE,
    )
    initiative.areas.set([AreaFactory(organisation=cast.council)])
    participation_join(initiative=initiative, user=cast.citizen, role=ParticipationRole.VOLUNTEER)
    return initiative


def pages(initiative):
    detail = reverse("initiative-detail", args=[initiative.pk])
    return [
        ("get", reverse("home"), None),
        ("get", reverse("login"), None),
        ("get", reverse("initiative-list"), None),
        ("get", reverse("initiative-list") + "?type=co-delivery&area=1", None),
        ("get", reverse("initiative-list") + "?type=nonsense", None),
        ("get", detail, None),
        ("get", reverse("initiative-create"), None),
        ("post", reverse("initiative-create"), {"title": "x"}),
        ("get", reverse("initiative-edit", args=[initiative.pk]), None),
        ("post", reverse("initiative-transition", args=[initiative.pk]), {"status": "proposed"}),
        ("post", reverse("initiative-join", args=[initiative.pk]), {"role": "volunteer"}),
        ("get", reverse("coproduction-map"), None),
        ("get", reverse("coproduction-map") + "?organisation=northbridge", None),
        ("get", reverse("api-tokens"), None),
        ("post", reverse("api-token-create"), None),
        ("get", reverse("initiative-detail", args=[999999]), None),
    ]


@pytest.mark.parametrize("persona", ["anonymous", "officer", "citizen"])
def test_no_page_queries_while_its_template_renders(
    client, cast, active, persona, no_template_queries
):
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))
    rendered = 0
    for method, url, data in pages(active):
        response = getattr(client, method)(url, data or {})
        if response.status_code in (200, 404):
            rendered += 1

    assert rendered >= 5
    assert no_template_queries == []


def test_the_guard_catches_a_query_in_a_template(cast, no_template_queries):
    from django.template import Context, Template

    Template("{{ organisations.count }}").render(
        Context({"organisations": type(cast.council).objects.all()})
    )

    assert len(no_template_queries) == 1
