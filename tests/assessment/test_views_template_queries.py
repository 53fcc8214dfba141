"""House rule: templates never query. Every co-assessment page, and the links it adds to the
header and the initiative page, render with the database closed to the template engine."""

import datetime
import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.template import base as template_base
from django.urls import reverse
from django.utils import timezone

from assessment import services
from initiatives.models import ParticipationRole

from .factories import all_scores, answers_for, open_survey, steady_steps, take_part

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
def everything(cast):
    initiative, indicator = steady_steps(cast)
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    take_part(cast.citizen2, initiative, ParticipationRole.INSPECTOR)
    services.outcome_indicator_update(
        indicator=indicator, changed_by=cast.officer, target_value=D("20"),
        target_date=datetime.date(2026, 1, 1),
    )
    services.outcome_measurement_record(
        recorded_by=cast.officer, indicator=indicator, value=D("3"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31),
    )
    submitted = services.outcome_measurement_record(
        recorded_by=cast.citizen, indicator=indicator, value=D("2"),
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2025, 6, 30),
    )
    rating = services.rating_create(user=cast.citizen, initiative=initiative, score=4,
                                    comment="Good")
    hidden = services.rating_create(user=cast.citizen2, initiative=initiative, score=1,
                                    comment="Rude")
    services.rating_comment_hide(rating=hidden, hidden_by=cast.officer, reason="Abuse")
    inspection = services.inspection_create(
        created_by=cast.officer, initiative=initiative, title="Class visit",
        inspected_on=datetime.date(2025, 5, 1), team=[cast.citizen, cast.citizen2],
        standards=[{"statement": "Classes start on time", "score": 4, "finding": "Yes"}],
        recommendations=["Add a Saturday class", "Print timetables"],
    )
    services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    first = inspection.recommendations.first()
    services.recommendation_respond(
        recommendation=first, responded_by=cast.officer, decision="accepted",
        action="Saturday class from June", due_date=timezone.localdate(),
    )
    draft = services.inspection_create(
        created_by=cast.officer, initiative=initiative, title="Draft visit",
        inspected_on=datetime.date(2025, 6, 1), team=[cast.citizen],
        standards=[{"statement": "Rooms are warm", "score": None, "finding": ""}],
    )
    survey = open_survey(cast, initiative=initiative)
    services.survey_respond(survey=survey, respondent=cast.citizen2,
                            answers=answers_for(survey, text="More classes"))
    assessment = services.maturity_assessment_create(
        assessed_by=cast.manager, organisation=cast.council,
        assessed_on=datetime.date(2025, 1, 1), scores=all_scores(3),
    )
    services.maturity_assessment_create(
        assessed_by=cast.manager, organisation=cast.council,
        assessed_on=datetime.date(2025, 10, 1), scores=all_scores(4),
    )
    return {
        "initiative": initiative, "indicator": indicator, "submitted": submitted,
        "rating": rating, "inspection": inspection, "draft": draft,
        "recommendation": first, "survey": survey, "assessment": assessment,
    }


def pages(o, council_slug):
    pk = o["initiative"].pk
    return [
        ("get", reverse("assessment-outcomes", args=[pk]), None),
        ("get", reverse("assessment-indicator-create", args=[pk]), None),
        ("post", reverse("assessment-indicator-create", args=[pk]), {"name": "x",
                                                                     "deadweight": "150"}),
        ("get", reverse("assessment-indicator-edit", args=[o["indicator"].pk]), None),
        ("get", reverse("assessment-measurement-create", args=[o["indicator"].pk]), None),
        ("post", reverse("assessment-measurement-create", args=[o["indicator"].pk]),
         {"value": "1", "period_start": "2020-01-01", "period_end": "2020-02-01"}),
        ("get", reverse("assessment-measurement-queue"), None),
        ("get", reverse("assessment-rate", args=[pk]), None),
        ("post", reverse("assessment-rate", args=[pk]), {"score": "9"}),
        ("get", reverse("assessment-ratings", args=[pk]), None),
        ("post", reverse("assessment-rating-hide", args=[o["rating"].pk]),
         {f"hide-{o['rating'].pk}-reason": ""}),
        ("get", reverse("assessment-inspections", args=[pk]), None),
        ("get", reverse("assessment-inspection-create", args=[pk]), None),
        ("post", reverse("assessment-inspection-create", args=[pk]), {"title": ""}),
        ("get", reverse("assessment-inspection-detail", args=[o["inspection"].pk]), None),
        ("get", reverse("assessment-inspection-detail", args=[o["draft"].pk]), None),
        ("get", reverse("assessment-inspection-edit", args=[o["draft"].pk]), None),
        ("get", reverse("assessment-recommendation-respond", args=[o["recommendation"].pk]),
         None),
        ("post", reverse("assessment-recommendation-respond", args=[o["recommendation"].pk]),
         {"decision": "accepted", "action": ""}),
        ("get", reverse("assessment-recommendations-awaiting"), None),
        ("get", reverse("assessment-you-said-we-did", args=[pk]), None),
        ("get", reverse("assessment-you-said-we-did-organisation", args=[council_slug]), None),
        ("get", reverse("assessment-surveys"), None),
        ("get", reverse("assessment-survey-create"), None),
        ("post", reverse("assessment-survey-create"), {"title": ""}),
        ("get", reverse("assessment-survey-create-from-template",
                        args=["community-coproduction"]), None),
        ("get", reverse("assessment-survey-answer", args=[o["survey"].pk]), None),
        ("post", reverse("assessment-survey-answer", args=[o["survey"].pk]), {}),
        ("get", reverse("assessment-survey-results", args=[o["survey"].pk]), None),
        ("get", reverse("assessment-maturity", args=[council_slug]), None),
        ("get", reverse("assessment-maturity-create", args=[council_slug]), None),
        ("post", reverse("assessment-maturity-create", args=[council_slug]), {}),
        ("get", reverse("assessment-maturity-detail", args=[o["assessment"].pk]), None),
        ("get", reverse("initiative-detail", args=[pk]), None),
        ("get", reverse("home"), None),
    ]


@pytest.mark.parametrize("persona", ["officer", "citizen", "citizen2", "member", "partner",
                                     "outsider"])
def test_no_assessment_page_queries_while_its_template_renders(
    client, cast, everything, persona, no_template_queries
):
    client.force_login(getattr(cast, persona))
    rendered = 0
    for method, url, data in pages(everything, cast.council.slug):
        response = getattr(client, method)(url, data or {})
        if response.status_code in (200, 400, 403) and response.get("Content-Type", "").startswith(
            "text/html"
        ) and b"<main" in response.content:
            rendered += 1

    assert rendered >= 8
    assert no_template_queries == []


def test_anonymous_pages_do_not_query_while_rendering(client, cast, everything,
                                                      no_template_queries):
    pk = everything["initiative"].pk
    for url in (reverse("assessment-you-said-we-did", args=[pk]),
                reverse("assessment-you-said-we-did-organisation", args=[cast.council.slug]),
                reverse("initiative-detail", args=[pk])):
        assert client.get(url).status_code == 200

    assert no_template_queries == []


@pytest.mark.parametrize(
    "persona, rate",
    [
        ("citizen", True),
        ("citizen2", True),
        ("officer", False),
        ("partner", False),
        ("outsider", False),
        ("nobody", False),
    ],
)
def test_the_initiative_page_links_to_co_assessment(client, cast, everything, persona, rate):
    pk = everything["initiative"].pk
    client.force_login(getattr(cast, persona))

    body = client.get(reverse("initiative-detail", args=[pk])).content.decode()

    assert (f'href="{reverse("assessment-rate", args=[pk])}"' in body) is rate
    for name in ("assessment-ratings", "assessment-outcomes", "assessment-inspections",
                 "assessment-you-said-we-did"):
        assert f'href="{reverse(name, args=[pk])}"' in body


def test_anonymous_visitors_get_the_public_link_only(client, everything):
    pk = everything["initiative"].pk

    body = client.get(reverse("initiative-detail", args=[pk])).content.decode()

    assert f'href="{reverse("assessment-you-said-we-did", args=[pk])}"' in body
    assert reverse("assessment-outcomes", args=[pk]) not in body
    assert reverse("assessment-rate", args=[pk]) not in body
