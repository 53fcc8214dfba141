"""/api/v1/maturity-assessments/: the statement bank, recording a self-assessment, its total,
band and weakest principles, and the trend; insiders of the organisation only."""

import pytest

from assessment.maturity import STATEMENTS
from assessment.models import MaturityAssessment

from .factories import all_scores

pytestmark = pytest.mark.django_db

URL = "/api/v1/maturity-assessments/"


def record(api_as, user, organisation, day, scores, **extra):
    return api_as(user).post(
        URL,
        {"organisation": organisation.pk, "assessed_on": day, "scores": scores, **extra},
        format="json",
    )


def test_the_statement_bank(cast, api_as):
    principles = api_as(cast.officer).get(f"{URL}statements/").json()
    assert [p["key"] for p in principles] == [
        "people-as-assets", "valuing-contributions", "reciprocity", "networks", "shared-roles",
        "catalysts",
    ]
    assert all(len(p["statements"]) == 3 for p in principles)


def test_two_assessments_a_year_apart_and_their_trend(cast, api_as):
    first = record(api_as, cast.manager, cast.council, "2024-03-01", all_scores(2))
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["total"], body["maximum"], body["band"]) == (36, 90, "developing")
    assert len(body["score_list"]) == 18 and body["assessed_by"] == cast.manager.pk
    scores = all_scores(4, **{"networks-peer-support": 1, "networks-connections": 2})
    second = record(api_as, cast.officer, cast.council, "2025-03-01", scores,
                    service_area=None).json()
    assert second["band"] == "established" and second["weakest"] == ["networks"]
    trend = api_as(cast.member).get(f"{URL}trend/", {"organisation": cast.council.pk}).json()
    assert [(p["assessed_on"], p["total"], p["change"]) for p in trend] == [
        ("2024-03-01", 36, None), ("2025-03-01", 67, 31)
    ]
    assert trend[1]["principle_means"]["networks"] == "2.33"


def test_a_service_area_assessment(cast, api_as):
    response = record(api_as, cast.officer, cast.council, "2025-03-01", all_scores(5),
                      service_area="adult-social-care")
    assert response.status_code == 201 and response.json()["band"] == "leading"
    trend = api_as(cast.officer).get(
        f"{URL}trend/", {"organisation": cast.council.pk, "service_area": "adult-social-care"}
    ).json()
    assert len(trend) == 1
    whole = api_as(cast.officer).get(f"{URL}trend/", {"organisation": cast.council.pk}).json()
    assert whole == []


def test_bad_scores_are_400_and_nothing_is_stored(cast, api_as):
    scores = all_scores(3)
    key = next(iter(STATEMENTS))
    scores[key] = 0
    response = record(api_as, cast.officer, cast.council, "2025-03-01", scores)
    assert response.status_code == 400 and set(response.json()) == {key}
    assert not MaturityAssessment.objects.exists()


def test_only_insiders_see_and_only_staff_record(cast, api_as):
    pk = record(api_as, cast.officer, cast.council, "2025-03-01", all_scores()).json()["id"]
    assert api_as(cast.member).get(f"{URL}{pk}/").status_code == 200
    for who in ("citizen", "outsider", "partner", "nobody"):
        assert api_as(getattr(cast, who)).get(f"{URL}{pk}/").status_code == 404
        trend = api_as(getattr(cast, who)).get(f"{URL}trend/", {"organisation": cast.council.pk})
        assert trend.status_code == 404
    assert record(api_as, cast.member, cast.council, "2025-03-01",
                  all_scores()).status_code == 403
    assert record(api_as, cast.outsider, cast.council, "2025-03-01",
                  all_scores()).status_code == 403
    assert api_as(cast.officer).get(URL, {"organisation": cast.council.pk}).json()["count"] == 1
