"""/api/v1/surveys/: create (with questions or from a template), answer once, results per
question; audience, dates and scoping."""

import datetime

import pytest
from django.utils import timezone

from assessment.models import Answer, Response, SurveyRespondent

from .factories import answers_for, open_survey

pytestmark = pytest.mark.django_db

URL = "/api/v1/surveys/"
TODAY = timezone.localdate()


def answer(api_as, user, survey, answers):
    return api_as(user).post(
        f"{URL}{survey.pk}/responses/",
        {"answers": {str(k): v for k, v in answers.items()}},
        format="json",
    )


def test_an_officer_creates_a_survey_with_questions(cast, api_as):
    response = api_as(cast.officer).post(
        URL,
        {
            "organisation": cast.council.pk,
            "title": "Library users",
            "audience": "community",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
            "questions": [
                {"text": "How welcome do you feel?", "kind": "scale"},
                {"text": "Anything else?", "kind": "text", "required": False},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["anonymous"] is True and body["is_open"] is True
    assert body["has_responded"] is False
    assert [q["kind"] for q in body["questions"]] == ["scale", "text"]
    assert [q["position"] for q in body["questions"]] == [0, 1]


def test_an_officer_starts_from_a_template(cast, api_as):
    templates = api_as(cast.officer).get(f"{URL}templates/").json()
    assert {t["key"] for t in templates} == {
        "community-coproduction", "staff-coproduction", "frontline-job-satisfaction",
        "cohesion-reassurance",
    }
    response = api_as(cast.manager).post(
        URL,
        {"organisation": cast.council.pk, "template_key": "frontline-job-satisfaction",
         "opens_on": TODAY.isoformat(), "closes_on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["audience"] == "staff" and body["template_key"] == "frontline-job-satisfaction"
    assert body["questions"][0]["key"] == "job-satisfaction"


def test_bad_surveys_are_400_and_outsiders_403(cast, api_as):
    bad = api_as(cast.officer).post(
        URL,
        {"organisation": cast.council.pk, "title": "X", "audience": "community",
         "opens_on": "2025-05-01", "closes_on": "2025-04-01", "questions": []},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()) == {"closes_on", "questions"}
    foreign = api_as(cast.outsider).post(
        URL,
        {"organisation": cast.council.pk, "template_key": "cohesion-reassurance",
         "opens_on": "2025-01-01", "closes_on": "2025-02-01"},
        format="json",
    )
    assert foreign.status_code == 403


def test_a_citizen_answers_once_and_an_officer_reads_the_results(cast, api_as):
    survey = open_survey(cast)
    listed = api_as(cast.citizen).get(URL, {"is_open": "true"}).json()
    assert [s["id"] for s in listed["results"]] == [survey.pk]
    answered = answer(api_as, cast.citizen, survey, answers_for(survey, text="Benches"))
    assert answered.status_code == 201, answered.json()
    assert answered.json() == {"survey": survey.pk, "submitted_on": TODAY.isoformat(),
                               "anonymous": True}
    assert api_as(cast.citizen).get(f"{URL}{survey.pk}/").json()["has_responded"] is True
    again = answer(api_as, cast.citizen, survey, answers_for(survey))
    assert again.status_code == 400 and set(again.json()) == {"survey"}
    answer(api_as, cast.citizen2, survey, answers_for(survey, scale=2, yes=False))
    results = api_as(cast.officer).get(f"{URL}{survey.pk}/results/")
    assert results.status_code == 200
    body = results.json()
    assert body["responses"] == 2
    scale, yes_no, number, text = body["questions"]
    assert scale["mean"] == "3.00" and scale["answered"] == 2
    assert {d["score"]: d["count"] for d in scale["distribution"]}[2] == 1
    assert (yes_no["yes"], yes_no["no"]) == (1, 1)
    assert (number["mean"], number["minimum"], number["maximum"]) == ("3.00", "3.00", "3.00")
    assert text["texts"] == ["Benches"]
    member = api_as(cast.member).get(f"{URL}{survey.pk}/results/").json()
    assert member["questions"][3]["texts"] is None  # free text: staff only
    assert api_as(cast.citizen).get(f"{URL}{survey.pk}/results/").status_code == 403


def test_closed_surveys_and_surveys_for_others_are_refused(cast, api_as):
    closed = open_survey(cast, opens_on=TODAY - datetime.timedelta(days=10),
                         closes_on=TODAY - datetime.timedelta(days=1))
    response = answer(api_as, cast.citizen, closed, answers_for(closed))
    assert response.status_code == 400 and "closed" in response.json()["survey"][0]
    staff_only = open_survey(cast, audience="staff")
    # the citizen is not in the audience and not an insider: the survey is not theirs to see
    assert answer(api_as, cast.citizen, staff_only, answers_for(staff_only)).status_code == 404
    # an elected member sees every survey of the council but is not in the staff audience
    refused = answer(api_as, cast.member, staff_only, answers_for(staff_only))
    assert refused.status_code == 403 and "audience" in refused.json()["detail"]
    assert answer(api_as, cast.outsider, closed, answers_for(closed)).status_code == 404
    assert not Response.objects.exists() and not SurveyRespondent.objects.exists()


def test_answers_are_checked_by_kind(cast, api_as):
    survey = open_survey(cast)
    scale = survey.questions.get(kind="scale")
    answers = answers_for(survey)
    answers[scale.pk] = 6
    response = answer(api_as, cast.citizen, survey, answers)
    assert response.status_code == 400
    assert set(response.json()) == {f"question_{scale.pk}"}
    assert not Answer.objects.exists()


def test_scoping_of_the_list(cast, api_as):
    community = open_survey(cast)
    staff = open_survey(cast, audience="staff", title="Staff")
    assert {s["id"] for s in api_as(cast.citizen).get(URL).json()["results"]} == {community.pk}
    assert {s["id"] for s in api_as(cast.officer).get(URL).json()["results"]} == {
        community.pk, staff.pk
    }
    assert api_as(cast.outsider).get(URL).json()["count"] == 0
    assert api_as(cast.outsider).get(f"{URL}{community.pk}/").status_code == 404


def test_a_survey_is_edited_until_answered(cast, api_as):
    survey = open_survey(cast)
    renamed = api_as(cast.officer).patch(f"{URL}{survey.pk}/", {"title": "Renamed"},
                                         format="json")
    assert renamed.status_code == 200 and renamed.json()["title"] == "Renamed"
    answer(api_as, cast.citizen, survey, answers_for(survey))
    locked = api_as(cast.officer).patch(f"{URL}{survey.pk}/", {"audience": "staff"},
                                        format="json")
    assert locked.status_code == 400 and set(locked.json()) == {"audience"}
    assert api_as(cast.citizen).patch(f"{URL}{survey.pk}/", {"title": "Mine"},
                                      format="json").status_code == 403
