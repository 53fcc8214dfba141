"""An anonymous survey stores nothing that links a response to a person, and nothing in the
API (or the admin) leads from a response to one.

The schema is checked by introspection, so a field added later that would open a path (a user,
a time, an address, a new relation) fails here first."""

import json
import uuid

import pytest
from django.contrib import admin
from django.db import connection, models
from django.urls import reverse

from assessment import services
from assessment.models import Answer, Response, ResponseAuthor, SurveyRespondent

from ..factories import MembershipFactory, UserFactory
from .factories import answers_for, open_survey

pytestmark = pytest.mark.django_db

URL = "/api/v1/surveys/"


def _relations(model):
    forward = {f.name: f.related_model for f in model._meta.get_fields()
               if f.is_relation and f.concrete}
    reverse = {f.get_accessor_name(): f.related_model for f in model._meta.get_fields()
               if f.is_relation and f.auto_created and not f.concrete}
    return forward, reverse


def test_a_response_holds_no_person_no_time_and_no_address():
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.TimeField), field
            assert not isinstance(field, models.GenericIPAddressField), field
            assert "ip" not in field.name.split("_") and "user" not in field.name, field
    assert isinstance(Response._meta.get_field("submitted_on"), models.DateField)


def test_the_only_relations_of_responses_and_answers():
    response_forward, response_reverse = _relations(Response)
    answer_forward, answer_reverse = _relations(Answer)
    assert {name: m.__name__ for name, m in response_forward.items()} == {"survey": "Survey"}
    assert {name: m.__name__ for name, m in answer_forward.items()} == {
        "response": "Response", "question": "Question"
    }
    # ResponseAuthor is the one path to a person, and only named surveys ever write it.
    assert {name: m.__name__ for name, m in response_reverse.items()} == {
        "answers": "Answer", "author": "ResponseAuthor"
    }
    assert answer_reverse == {}
    assert not hasattr(Response, "history") and not hasattr(Answer, "history")
    assert not hasattr(SurveyRespondent, "history")


def test_who_answered_is_kept_apart_with_no_time_and_no_order():
    fields = {f.name: f for f in SurveyRespondent._meta.concrete_fields}
    assert set(fields) == {"id", "survey", "user"}
    assert isinstance(fields["id"], models.UUIDField)
    forward, reverse = _relations(SurveyRespondent)
    assert {m.__name__ for m in forward.values()} == {"Survey", "User"}
    assert reverse == {}


def test_an_anonymous_survey_writes_no_author_and_the_rows_name_nobody(cast):
    survey = open_survey(cast)
    people = [cast.citizen, cast.citizen2]
    for person in people:
        services.survey_respond(survey=survey, respondent=person,
                                answers=answers_for(survey, text="Quiet street"))
    assert not ResponseAuthor.objects.exists()
    respondents = list(SurveyRespondent.objects.filter(survey=survey))
    assert {r.user for r in respondents} == set(people)
    assert all(isinstance(r.pk, uuid.UUID) and r.pk.version == 4 for r in respondents)
    # the raw rows, as a database reader would see them
    with connection.cursor() as cursor:
        for table in (Response._meta.db_table, Answer._meta.db_table):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
            assert rows
            assert not {c for c in columns if "user" in c or "respondent" in c}
            text = json.dumps(rows, default=str)
            for person in people:
                assert person.username not in text and person.email not in text


def test_a_named_survey_keeps_its_author(cast):
    survey = open_survey(cast, anonymous=False)
    response = services.survey_respond(survey=survey, respondent=cast.citizen,
                                       answers=answers_for(survey))
    assert response.author.user == cast.citizen


def test_no_api_answer_leads_from_a_response_to_a_person(cast, api_as):
    survey = open_survey(cast)
    grace = MembershipFactory(
        user=UserFactory(username="grace-hopper", first_name="Grace", last_name="Hopper"),
        organisation=cast.council, role="citizen",
    ).user
    receipt = api_as(grace).post(
        f"{URL}{survey.pk}/responses/",
        {"answers": {str(k): v for k, v in answers_for(survey, text="Lovely").items()}},
        format="json",
    )
    assert receipt.status_code == 201
    assert set(receipt.json()) == {"survey", "submitted_on", "anonymous"}  # no response id
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for user in (cast.officer, cast.manager, root):
        client = api_as(user)
        # there is no way to list or fetch individual responses
        assert client.get(f"{URL}{survey.pk}/responses/").status_code == 405
        for path in (URL, f"{URL}{survey.pk}/", f"{URL}{survey.pk}/results/"):
            body = client.get(path).content.decode()
            assert "grace-hopper" not in body and "Hopper" not in body
            assert f'"{grace.pk}"' not in body and "respondent" not in body
            assert '"user"' not in body and "author" not in body
    schema = api_as(cast.officer).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    components = schema["components"]["schemas"]
    for name in ("Survey", "SurveyReceipt", "SurveyResults", "QuestionResult"):
        properties = set(components[name]["properties"])
        assert not properties & {"user", "respondent", "author", "responded_by", "ip"}, name
    assert "id" not in components["SurveyReceipt"]["properties"]
    assert "get" not in schema["paths"]["/api/v1/surveys/{id}/responses/"]


def test_the_admin_shows_no_author_on_a_response(cast, client):
    survey = open_survey(cast)
    ada = MembershipFactory(
        user=UserFactory(username="ada-lovelace", first_name="Ada", last_name="Lovelace"),
        organisation=cast.council, role="citizen",
    ).user
    response = services.survey_respond(survey=survey, respondent=ada,
                                       answers=answers_for(survey, text="Fine"))
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    for url in (reverse("admin:assessment_response_change", args=[response.pk]),
                reverse("admin:assessment_response_changelist"),
                reverse("admin:assessment_answer_changelist")
                if Answer in admin.site._registry else None):
        if url is None:
            continue
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "ada-lovelace" not in text and "Lovelace" not in text
    assert ResponseAuthor not in admin.site._registry
