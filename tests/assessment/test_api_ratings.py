"""/api/v1/ratings/: rate once, edit your own, staff hide comments with a reason, the public
summary; scoping and bad input."""

import pytest

from assessment.models import Rating
from initiatives.models import Status

from ..factories import InitiativeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/ratings/"


@pytest.fixture
def initiative(cast):
    return InitiativeFactory(lead_organisation=cast.council, partner_organisations=[cast.charity])


def rate(api_as, user, initiative, score=4, comment="Helpful"):
    return api_as(user).post(
        URL, {"initiative": initiative.pk, "score": score, "comment": comment}, format="json"
    )


def test_a_citizen_rates_once_then_edits(cast, api_as, initiative):
    created = rate(api_as, cast.citizen, initiative)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["score"], body["comment"], body["user"]) == (4, "Helpful", cast.citizen.pk)
    second = rate(api_as, cast.citizen, initiative, score=5)
    assert second.status_code == 400 and set(second.json()) == {"initiative"}
    patched = api_as(cast.citizen).patch(f"{URL}{body['id']}/", {"score": 2}, format="json")
    assert patched.status_code == 200 and patched.json()["score"] == 2
    assert Rating.objects.get().score == 2


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_of_0_or_6_is_refused(cast, api_as, initiative, score):
    response = rate(api_as, cast.citizen, initiative, score=score)
    assert response.status_code == 400 and set(response.json()) == {"score"}
    assert not Rating.objects.exists()


def test_staff_cannot_rate_and_proposed_initiatives_are_not_rated(cast, api_as, initiative):
    assert rate(api_as, cast.officer, initiative).status_code == 403
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    # not visible to the citizen: the initiative reads as missing
    response = rate(api_as, cast.citizen, proposed)
    assert response.status_code == 400 and set(response.json()) == {"initiative"}
    assert not Rating.objects.exists()


def test_who_sees_which_ratings(cast, api_as, initiative):
    pk = rate(api_as, cast.citizen, initiative).json()["id"]
    rate(api_as, cast.citizen2, initiative, score=2)
    assert api_as(cast.citizen).get(URL).json()["count"] == 1  # own only
    assert api_as(cast.officer).get(URL, {"initiative": initiative.pk}).json()["count"] == 2
    assert api_as(cast.member).get(URL).json()["count"] == 2
    assert api_as(cast.citizen2).get(f"{URL}{pk}/").status_code == 404
    assert api_as(cast.outsider).get(f"{URL}{pk}/").status_code == 404
    edit = api_as(cast.officer).patch(f"{URL}{pk}/", {"score": 1}, format="json")
    assert edit.status_code == 403


def test_staff_hide_a_comment_with_a_reason(cast, api_as, initiative):
    pk = rate(api_as, cast.citizen, initiative, comment="Call me on 0123").json()["id"]
    missing = api_as(cast.officer).post(f"{URL}{pk}/hide-comment/", {"reason": ""},
                                        format="json")
    assert missing.status_code == 400 and set(missing.json()) == {"reason"}
    assert api_as(cast.member).post(f"{URL}{pk}/hide-comment/", {"reason": "x"},
                                    format="json").status_code == 403
    hidden = api_as(cast.officer).post(f"{URL}{pk}/hide-comment/",
                                       {"reason": "Personal data"}, format="json")
    assert hidden.status_code == 200
    body = hidden.json()
    assert body["comment_hidden"] and body["hidden_by"] == cast.officer.pk
    assert body["hidden_reason"] == "Personal data" and body["hidden_at"]
    # the author and staff still read it; an elected member sees that it is hidden
    assert api_as(cast.citizen).get(f"{URL}{pk}/").json()["comment"] == "Call me on 0123"
    member_view = api_as(cast.member).get(f"{URL}{pk}/").json()
    assert member_view["comment"] == "" and member_view["comment_hidden"]
    summary = api_as(cast.citizen2).get(f"{URL}summary/", {"initiative": initiative.pk}).json()
    assert summary["comments"] == [] and summary["count"] == 1
    shown = api_as(cast.manager).post(f"{URL}{pk}/show-comment/")
    assert shown.status_code == 200 and not shown.json()["comment_hidden"]


def test_the_summary_is_public_for_visible_initiatives(cast, api_as, initiative):
    rate(api_as, cast.citizen, initiative, score=5, comment="Great")
    rate(api_as, cast.citizen2, initiative, score=2, comment="")
    summary = api_as(cast.outsider).get(f"{URL}summary/", {"initiative": initiative.pk})
    assert summary.status_code == 200
    body = summary.json()
    assert (body["count"], body["mean"]) == (2, "3.50")
    assert body["distribution"] == [
        {"score": 1, "count": 0}, {"score": 2, "count": 1}, {"score": 3, "count": 0},
        {"score": 4, "count": 0}, {"score": 5, "count": 1},
    ]
    assert [c["comment"] for c in body["comments"]] == ["Great"]
    assert "user" not in body["comments"][0]
    hidden = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    assert api_as(cast.outsider).get(f"{URL}summary/",
                                     {"initiative": hidden.pk}).status_code == 404
    assert api_as(cast.outsider).get(f"{URL}summary/").status_code == 400
