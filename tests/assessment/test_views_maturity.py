"""Co-production maturity: staff start a self-assessment (all eighteen statements, grouped by
principle, each a 1–5 fieldset); one assessment's total, band, principle table and weakest
principles; the trend over assessments as a chart with its data table."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessment import services
from assessment.maturity import PRINCIPLES, STATEMENTS
from assessment.models import MaturityAssessment, MaturityScore

from .factories import all_scores

pytestmark = pytest.mark.django_db

LAST_YEAR = datetime.date(2024, 11, 1)
THIS_YEAR = datetime.date(2025, 11, 1)


def page_url(organisation):
    return reverse("assessment-maturity", args=[organisation.slug])


def create_url(organisation):
    return reverse("assessment-maturity-create", args=[organisation.slug])


def detail_url(assessment):
    return reverse("assessment-maturity-detail", args=[assessment.pk])


@pytest.fixture
def two_years(cast):
    """Last year every statement 2 but reciprocity's 1 (total 33, emerging); this year every
    statement 4 but valuing contributions' 3 (total 69, established)."""
    first = services.maturity_assessment_create(
        assessed_by=cast.manager, organisation=cast.council, assessed_on=LAST_YEAR,
        scores=all_scores(2, **{s.key: 1 for s in PRINCIPLES[2].statements}),
    )
    second = services.maturity_assessment_create(
        assessed_by=cast.officer, organisation=cast.council, assessed_on=THIS_YEAR,
        scores=all_scores(4, **{s.key: 3 for s in PRINCIPLES[1].statements}),
    )
    return first, second


def form_data(value="3", **overrides):
    data = {"assessed_on": "2025-10-01", "service_area": "", "notes": "Senior team workshop"}
    data.update(dict.fromkeys(STATEMENTS, value))
    data.update(overrides)
    return data


# --- the organisation's page: trend -----------------------------------------------------------


@pytest.mark.parametrize(
    "persona, can_add", [("officer", True), ("manager", True), ("member", False)]
)
def test_insiders_see_the_trend(client, cast, two_years, persona, can_add):
    client.force_login(getattr(cast, persona))

    response = client.get(page_url(cast.council))

    assert response.status_code == 200
    assert response.context["can_add"] is can_add
    assert (create_url(cast.council) in response.content.decode()) is can_add


def test_the_trend_is_a_chart_with_its_data_table(client, cast, two_years):
    first, second = two_years
    client.force_login(cast.manager)

    response = client.get(page_url(cast.council))

    body = response.content.decode()
    assert response.context["chart"]["totals"] == [33, 69]
    assert response.context["chart"]["labels"] == ["1 Nov 2024", "1 Nov 2025"]
    assert '<canvas id="maturity-chart" role="img"' in body
    assert 'id="maturity-chart-data" type="application/json"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert "js/assessment-maturity.js" in body
    assert "<caption>Whole-organisation self-assessments, oldest first</caption>" in body
    assert "33/90" in body and "69/90" in body
    assert "Emerging" in body and "Established" in body
    assert "+36" in body  # the change since the previous assessment
    assert "Mean score of each principle" in body
    for principle in PRINCIPLES:
        assert f'<th scope="row">{principle.name}</th>' in body
    assert '<td class="num">3.00</td>' in body  # valuing contributions this year
    # The latest assessment's weakest principle is named.
    assert "Weakest:" in body and "<strong>Valuing contributions</strong>" in body
    assert detail_url(first) in body and detail_url(second) in body


def test_when_every_principle_scores_the_same_none_is_called_weakest(client, cast):
    assessment = services.maturity_assessment_create(
        assessed_by=cast.manager, organisation=cast.council, assessed_on=THIS_YEAR,
        scores=all_scores(3),
    )
    client.force_login(cast.officer)

    for url in (page_url(cast.council), detail_url(assessment)):
        body = client.get(url).content.decode()
        assert "Every principle scores the same" in body
        assert "Weakest" not in body


def test_no_assessment_yet(client, cast):
    client.force_login(cast.officer)

    body = client.get(page_url(cast.council)).content.decode()

    assert "No whole-organisation self-assessment yet." in body
    assert "chart.umd.min.js" not in body


@pytest.mark.parametrize("persona", ["citizen", "citizen2", "partner", "outsider", "nobody"])
def test_outside_the_organisation_it_is_not_found(client, cast, two_years, persona):
    first, _ = two_years
    client.force_login(getattr(cast, persona))

    assert client.get(page_url(cast.council)).status_code == 404
    assert client.get(create_url(cast.council)).status_code == 404
    assert client.post(create_url(cast.council), form_data()).status_code == 404
    assert client.get(detail_url(first)).status_code == 404
    assert MaturityAssessment.objects.count() == 2


def test_anonymous_is_sent_to_sign_in(client, cast, two_years):
    first, _ = two_years
    for url in (reverse("assessment-maturity-home"), page_url(cast.council),
                create_url(cast.council), detail_url(first)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_home_page_goes_to_the_one_organisation(client, cast):
    client.force_login(cast.officer)

    response = client.get(reverse("assessment-maturity-home"))

    assert response.status_code == 302
    assert response.url == page_url(cast.council)


def test_the_home_page_lists_nothing_for_a_citizen(client, cast):
    client.force_login(cast.citizen)

    response = client.get(reverse("assessment-maturity-home"))

    assert response.status_code == 200
    assert response.context["organisations"] == []


# --- one assessment ---------------------------------------------------------------------------


def test_an_assessment_shows_total_band_principles_and_the_weakest(client, cast, two_years):
    first, _ = two_years
    client.force_login(cast.member)

    response = client.get(detail_url(first))

    body = response.content.decode()
    assert response.status_code == 200
    assert "33 of 90: Emerging" in body
    assert "Weakest principle:" in body and "<strong>Reciprocity</strong>" in body
    assert "<caption>Score of each principle" in body
    assert "3/15" in body and "6/15" in body  # reciprocity, and every other principle
    for statement in STATEMENTS.values():
        assert escape(str(statement.text)) in body


# --- starting one -----------------------------------------------------------------------------


def test_the_form_groups_every_statement_under_its_principle(client, cast):
    client.force_login(cast.officer)

    response = client.get(create_url(cast.council))

    body = response.content.decode()
    assert response.status_code == 200
    for number, principle in enumerate(PRINCIPLES, start=1):
        assert f"<legend>{number}. {principle.name}</legend>" in body
    for key, statement in STATEMENTS.items():
        assert f"<legend>{escape(statement.text)}</legend>" in body
        for score in range(1, 6):
            assert f'name="{key}" value="{score}"' in body


def test_staff_record_a_self_assessment(client, cast):
    client.force_login(cast.manager)

    response = client.post(create_url(cast.council), form_data("4"))

    assessment = MaturityAssessment.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(assessment)
    assert assessment.organisation == cast.council
    assert assessment.assessed_on == datetime.date(2025, 10, 1)
    assert sorted(assessment.scores.values_list("score", flat=True)) == [4] * 18


def test_a_statement_left_unscored_is_refused_on_its_field(client, cast):
    key = next(iter(STATEMENTS))
    client.force_login(cast.officer)

    response = client.post(create_url(cast.council), form_data(**{key: ""}))

    assert response.status_code == 400
    assert response.context["form"].errors[key] == ["Score this statement from 1 to 5."]
    assert f'href="#id_{key}_0"' in response.content.decode()
    assert not MaturityAssessment.objects.exists()
    assert not MaturityScore.objects.exists()


@pytest.mark.parametrize("value", ["0", "6"])
def test_a_score_outside_1_to_5_is_refused(client, cast, value):
    key = next(iter(STATEMENTS))
    client.force_login(cast.officer)

    response = client.post(create_url(cast.council), form_data(**{key: value}))

    assert response.status_code == 400
    assert response.context["form"].errors[key] == ["Choose a score from 1 to 5."]
    assert not MaturityAssessment.objects.exists()


def test_an_assessment_in_the_future_is_refused(client, cast):
    client.force_login(cast.officer)

    response = client.post(create_url(cast.council), form_data(assessed_on="2999-01-01"))

    assert response.status_code == 400
    assert "assessed_on" in response.context["form"].errors
    assert not MaturityAssessment.objects.exists()


def test_an_elected_member_may_read_but_not_assess(client, cast):
    client.force_login(cast.member)

    assert client.get(create_url(cast.council)).status_code == 403
    assert client.post(create_url(cast.council), form_data()).status_code == 403
    assert not MaturityAssessment.objects.exists()
