"""House rule: templates never query. Every dashboard page renders with the database closed to
the template engine."""

import threading

import pytest
from django.db import connection
from django.template import base as template_base
from django.urls import reverse

from benefits.models import Benefit, BenefitPriority

from ..factories import AreaFactory, InitiativeFactory
from .dashboard_data import succeeded_run, two_periods

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
def data(cast):
    ward = AreaFactory(organisation=cast.council, slug="castle-ward")
    initiative = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity]
    )
    initiative.areas.set([ward])
    two_periods(initiative)
    succeeded_run()
    BenefitPriority.objects.create(
        organisation=cast.council, benefit=Benefit.objects.get(slug="efficiency"), rank=1,
        weight=50,
    )
    return ward


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        ("manager", "dashboard-organisation", ["northbridge"]),
        ("member", "dashboard-area", ["northbridge", "castle-ward"]),
        ("partner", "dashboard-partner", ["age-concern"]),
        ("manager", "benefit-priorities", []),
    ],
)
def test_dashboard_pages_render_without_queries(
    client, cast, data, no_template_queries, persona, name, args
):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse(name, args=args), {"from": "2025-01", "to": "2025-12"})
    assert response.status_code == 200
    assert no_template_queries == []


def test_the_home_with_a_choice_renders_without_queries(client, cast, data, no_template_queries):
    from ..factories import MembershipFactory

    MembershipFactory(user=cast.manager, organisation=cast.charity, role="partner")
    client.force_login(cast.manager)
    assert client.get(reverse("dashboard-home")).status_code == 200
    assert no_template_queries == []
