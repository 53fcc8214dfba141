"""/api/v1/inspections/: a team of citizen inspectors records a draft, completes it, and the
organisation responds to each recommendation; "you said, we did"; scoping."""

import pytest

from assessment.models import Inspection, RecommendationResponse
from initiatives.models import ParticipationRole

from ..factories import InitiativeFactory
from .factories import take_part

pytestmark = pytest.mark.django_db

URL = "/api/v1/inspections/"


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        title="Estate caretaking", lead_organisation=cast.council,
        partner_organisations=[cast.charity],
    )
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    return initiative


def draft(api_as, user, initiative, **extra):
    body = {
        "initiative": initiative.pk,
        "title": "Summer inspection",
        "inspected_on": "2025-07-10",
        "team": [],
        "standards": [
            {"statement": "Bins emptied weekly", "score": 3, "finding": "Twice missed"},
            {"statement": "Graffiti removed in 48 hours", "score": None},
        ],
        "recommendation_texts": ["Publish the rota", "Fix the lift"],
        **extra,
    }
    return api_as(user).post(URL, body, format="json")


def test_an_inspector_drafts_completes_and_staff_respond(cast, api_as, initiative):
    created = draft(api_as, cast.citizen, initiative)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["team"] == [cast.citizen.pk]
    assert [s["score"] for s in body["standards"]] == [3, None]
    assert [r["text"] for r in body["recommendations"]] == ["Publish the rota", "Fix the lift"]
    pk = body["id"]
    # a draft is not public
    assert api_as(cast.citizen2).get(f"{URL}{pk}/").status_code == 404
    incomplete = api_as(cast.citizen).post(f"{URL}{pk}/complete/")
    assert incomplete.status_code == 400 and set(incomplete.json()) == {"standards"}
    patched = api_as(cast.citizen).patch(
        f"{URL}{pk}/",
        {"standards": [{"statement": "Bins emptied weekly", "score": 3},
                       {"statement": "Graffiti removed in 48 hours", "score": 2}]},
        format="json",
    )
    assert patched.status_code == 200
    completed = api_as(cast.citizen).post(f"{URL}{pk}/complete/")
    assert completed.status_code == 200 and completed.json()["status"] == "completed"
    assert api_as(cast.citizen).patch(f"{URL}{pk}/", {"title": "x"},
                                      format="json").status_code == 403
    # public now; the team is only shown to insiders and the team
    public = api_as(cast.citizen2).get(f"{URL}{pk}/").json()
    assert public["team"] == [] and public["team_size"] == 1
    assert api_as(cast.officer).get(f"{URL}{pk}/").json()["team"] == [cast.citizen.pk]
    first = body["recommendations"][0]["id"]
    responded = api_as(cast.officer).post(
        f"{URL}{pk}/respond/",
        {"recommendation": first, "decision": "accepted", "action": "Rota on the notice board",
         "due_date": "2025-08-01"},
        format="json",
    )
    assert responded.status_code == 200, responded.json()
    response = responded.json()["recommendations"][0]["response"]
    assert response["decision"] == "accepted" and response["due_date"] == "2025-08-01"
    said = api_as(cast.nobody).get(f"{URL}you-said-we-did/", {"organisation": cast.council.pk})
    assert said.status_code == 200
    rows = said.json()
    assert [(r["recommendation"], r["response"] and r["response"]["decision"]) for r in rows] == [
        ("Publish the rota", "accepted"), ("Fix the lift", None)
    ]
    assert "responded_by" not in rows[0]["response"]
    by_initiative = api_as(cast.nobody).get(f"{URL}you-said-we-did/",
                                            {"initiative": initiative.pk}).json()
    assert len(by_initiative) == 2


def test_a_response_to_another_organisations_recommendation_is_refused(cast, api_as,
                                                                        initiative):
    pk = draft(api_as, cast.officer, initiative, team=[cast.citizen.pk],
               standards=[{"statement": "Clean", "score": 4}]).json()["id"]
    api_as(cast.officer).post(f"{URL}{pk}/complete/")
    recommendation = Inspection.objects.get(pk=pk).recommendations.first()
    body = {"recommendation": recommendation.pk, "decision": "accepted", "action": "Do it",
            "due_date": "2025-08-01"}
    refused = api_as(cast.outsider).post(f"{URL}{pk}/respond/", body, format="json")
    assert refused.status_code == 403
    assert api_as(cast.citizen).post(f"{URL}{pk}/respond/", body,
                                     format="json").status_code == 403
    # a recommendation of another inspection, named under this one
    other = InitiativeFactory(lead_organisation=cast.other_council)
    take_part(cast.citizen2, other, ParticipationRole.INSPECTOR)
    from assessment import services

    foreign = services.inspection_create(
        created_by=cast.outsider, initiative=other, title="Elsewhere",
        inspected_on=other.start_date, team=[cast.citizen2],
        standards=[{"statement": "S", "score": 1}], recommendations=["Theirs"],
    )
    services.inspection_complete(inspection=foreign, completed_by=cast.outsider)
    wrong = api_as(cast.officer).post(
        f"{URL}{pk}/respond/",
        {**body, "recommendation": foreign.recommendations.get().pk}, format="json",
    )
    assert wrong.status_code == 400 and set(wrong.json()) == {"recommendation"}
    assert api_as(cast.officer).post(f"{URL}{foreign.pk}/respond/", body,
                                     format="json").status_code == 403
    assert not RecommendationResponse.objects.exists()


def test_bad_teams_and_people_who_may_not_inspect(cast, api_as, initiative):
    bad_team = draft(api_as, cast.officer, initiative, team=[cast.citizen2.pk])
    assert bad_team.status_code == 400 and set(bad_team.json()) == {"team"}
    assert draft(api_as, cast.citizen2, initiative).status_code == 403
    assert draft(api_as, cast.outsider, initiative, team=[cast.citizen.pk]).status_code == 403
    assert not Inspection.objects.exists()


def test_lists_and_filters(cast, api_as, initiative):
    draft(api_as, cast.officer, initiative, team=[cast.citizen.pk])
    assert api_as(cast.officer).get(URL, {"status": "draft"}).json()["count"] == 1
    assert api_as(cast.member).get(URL).json()["count"] == 1
    assert api_as(cast.citizen).get(URL).json()["count"] == 1  # on the team
    assert api_as(cast.outsider).get(URL).json()["count"] == 0
    assert api_as(cast.nobody).get(f"{URL}you-said-we-did/").status_code == 400
