"""Surveys: the list ("Surveys for you", and each organisation's surveys for its insiders), new
surveys from the four templates or blank, the answer page (each question by its kind, the
anonymity promise), refusals that store nothing, and the results per question."""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import reverse

from assessment import services
from assessment.models import Question, Response, ResponseAuthor, Survey, SurveyRespondent
from assessment.survey_templates import TEMPLATES

from ..factories import UserFactory
from .factories import answers_for, open_survey

pytestmark = pytest.mark.django_db

LIST = reverse("assessment-surveys")


def stored() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_app_config("assessment").get_models()
    }


def main(response) -> str:
    """The page's main content, without the header that names the signed-in user."""
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


def answer_url(survey):
    return reverse("assessment-survey-answer", args=[survey.pk])


def results_url(survey):
    return reverse("assessment-survey-results", args=[survey.pk])


@pytest.fixture
def community(cast):
    """An anonymous community survey of the council, open now, one question of each kind."""
    return open_survey(cast)


@pytest.fixture
def staff_survey(cast):
    return open_survey(cast, audience="staff", title="How is work?")


def form_answers(survey, scale="4", yes="yes", number="3", text=""):
    return {f"question_{pk}": value for pk, value in answers_for(
        survey, scale=scale, yes=yes, number=number, text=text).items()}


# --- the list and the header ------------------------------------------------------------------


def test_a_citizen_sees_the_surveys_open_to_them(client, cast, community, staff_survey):
    client.force_login(cast.citizen)

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.context["open_surveys"] == [community]
    assert not response.context["can_create"]
    assert answer_url(community) in response.content.decode()
    assert answer_url(staff_survey) not in response.content.decode()


def test_staff_see_the_templates_and_their_organisations_surveys(client, cast, community):
    services.survey_respond(survey=community, respondent=cast.citizen,
                            answers=answers_for(community))
    client.force_login(cast.officer)

    response = client.get(LIST)

    body = response.content.decode()
    assert response.context["can_create"]
    for template in TEMPLATES:
        assert reverse("assessment-survey-create-from-template", args=[template.key]) in body
    assert reverse("assessment-survey-create") in body
    [group] = response.context["groups"]
    assert group["organisation"] == cast.council
    assert group["surveys"][0]["survey"].response_count == 1
    assert results_url(community) in body


def test_the_header_offers_surveys_to_staff_and_to_people_with_one_open(client, cast,
                                                                       community):
    surveys = f'href="{LIST}"'
    maturity = f'href="{reverse("assessment-maturity-home")}"'

    client.force_login(cast.citizen)
    body = client.get(reverse("home")).content.decode()
    assert surveys in body and maturity not in body

    services.survey_respond(survey=community, respondent=cast.citizen,
                            answers=answers_for(community))
    assert surveys not in client.get(reverse("home")).content.decode()

    client.force_login(cast.officer)
    body = client.get(reverse("home")).content.decode()
    assert surveys in body and maturity in body

    client.force_login(cast.nobody)
    assert surveys not in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_sign_in(client, community):
    for url in (LIST, answer_url(community), results_url(community),
                reverse("assessment-survey-create")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- new surveys ------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_staff_start_a_survey_from_each_template(client, cast, template):
    client.force_login(cast.officer)
    url = reverse("assessment-survey-create-from-template", args=[template.key])

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["title"] == str(template.title)
    assert page.context["form"].initial["organisation"] == cast.council.pk

    response = client.post(url, {
        "organisation": cast.council.pk, "title": str(template.title),
        "opens_on": "2025-01-01", "closes_on": "2025-02-01",
    })

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response.url == answer_url(survey)
    assert survey.template_key == template.key
    assert survey.audience == template.audience
    assert survey.questions.count() == len(template.questions)


def test_an_unknown_template_is_not_found(client, cast):
    client.force_login(cast.officer)

    assert client.get(
        reverse("assessment-survey-create-from-template", args=["no-such-template"])
    ).status_code == 404


def blank_survey(cast, **overrides):
    data = {
        "organisation": cast.council.pk,
        "title": "Park cafe",
        "introduction": "Tell us about the cafe.",
        "audience": "community",
        "anonymous": "on",
        "initiative": "",
        "opens_on": "2025-01-01",
        "closes_on": "2030-01-01",
        "question_1_text": "How good is the coffee?",
        "question_1_kind": "scale",
        "question_1_required": "on",
        "question_2_text": "What would you change?",
        "question_2_kind": "text",
    }
    for n in range(3, 9):
        data[f"question_{n}_kind"] = "scale"
    data.update(overrides)
    return data


def test_staff_create_a_blank_survey(client, cast):
    client.force_login(cast.manager)

    response = client.post(reverse("assessment-survey-create"), blank_survey(cast))

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert (survey.title, survey.audience, survey.anonymous) == ("Park cafe", "community", True)
    assert [(q.text, q.kind, q.required) for q in survey.questions.order_by("position")] == [
        ("How good is the coffee?", "scale", True),
        ("What would you change?", "text", False),
    ]


def test_a_survey_closing_before_it_opens_is_refused_on_the_field(client, cast):
    client.force_login(cast.officer)
    before = stored()

    response = client.post(reverse("assessment-survey-create"),
                           blank_survey(cast, closes_on="2024-12-31"))

    assert response.status_code == 400
    assert response.context["form"].errors["closes_on"] == [
        "The survey cannot close before it opens."
    ]
    assert stored() == before


def test_a_survey_without_questions_is_refused(client, cast):
    client.force_login(cast.officer)

    response = client.post(reverse("assessment-survey-create"),
                           blank_survey(cast, question_1_text="", question_2_text=""))

    assert response.status_code == 400
    assert "Add at least one question." in response.content.decode()
    assert not Survey.objects.exists()


def test_staff_may_only_create_surveys_for_their_own_organisations(client, cast):
    client.force_login(cast.officer)

    response = client.post(reverse("assessment-survey-create"),
                           blank_survey(cast, organisation=cast.other_council.pk))

    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Survey.objects.exists()


@pytest.mark.parametrize("persona", ["citizen", "member", "partner", "nobody"])
def test_only_staff_create_surveys(client, cast, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(reverse("assessment-survey-create")).status_code == 403
    assert client.post(reverse("assessment-survey-create"), blank_survey(cast)).status_code == 403
    assert client.get(reverse("assessment-survey-create-from-template",
                              args=[TEMPLATES[0].key])).status_code == 403
    assert not Survey.objects.exists()


# --- answering --------------------------------------------------------------------------------


def test_the_answer_page_renders_each_question_by_its_kind(client, cast, community):
    client.force_login(cast.citizen)

    response = client.get(answer_url(community))

    body = response.content.decode()
    questions = {q.kind: q for q in community.questions.all()}
    scale, yes_no = questions["scale"], questions["yes_no"]
    assert "<legend>How good is the service?</legend>" in body
    for score in range(1, 6):
        assert f'name="question_{scale.pk}" value="{score}"' in body
    assert "<legend>Would you recommend it?</legend>" in body
    assert f'type="radio" name="question_{yes_no.pk}" value="yes"' in body
    assert f'<label for="id_question_{questions["number"].pk}">Hours a month you help' in body
    assert f'<textarea name="question_{questions["text"].pk}"' in body
    assert "This survey is anonymous" in body
    assert "Nobody, staff included, can tell which answers are yours." in body
    assert 'Hours a month you help <span class="optional">(optional)</span>' in body
    assert "How good is the service? <span" not in body  # required: not marked optional


def test_a_named_survey_says_so(client, cast):
    named = open_survey(cast, anonymous=False)
    client.force_login(cast.citizen)

    body = client.get(answer_url(named)).content.decode()

    assert "This survey is not anonymous" in body
    assert "Nobody, staff included" not in body


def test_a_citizen_answers_an_anonymous_survey(client, cast, community):
    client.force_login(cast.citizen)

    response = client.post(answer_url(community), form_answers(community, text="More benches"),
                           follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Thank you: your answers are saved." in response.content.decode()
    response_row = Response.objects.get()
    assert {a.question.kind: a.value for a in response_row.answers.all()} == {
        "scale": 4, "yes_no": True, "number": 3, "text": "More benches",
    }
    assert not ResponseAuthor.objects.exists()
    assert SurveyRespondent.objects.filter(survey=community, user=cast.citizen).exists()
    again = client.get(answer_url(community))
    assert "You have answered this survey. Thank you." in again.content.decode()
    assert not again.context["show_form"]


def test_answering_twice_is_refused(client, cast, community):
    client.force_login(cast.citizen)
    client.post(answer_url(community), form_answers(community))
    before = stored()

    response = client.post(answer_url(community), form_answers(community, scale="1"))

    assert response.status_code == 400
    assert "You have already answered this survey." in response.content.decode()
    assert stored() == before


def test_a_response_to_a_closed_survey_is_refused(client, cast):
    closed = open_survey(cast, opens_on=datetime.date(2024, 1, 1),
                         closes_on=datetime.date(2024, 12, 31))
    client.force_login(cast.citizen)
    before = stored()

    page = client.get(answer_url(closed))
    assert "This survey closed on 2024-12-31." in page.content.decode()
    assert not page.context["show_form"]
    response = client.post(answer_url(closed), form_answers(closed))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This survey closed on 2024-12-31."]
    assert stored() == before


def test_a_response_from_outside_the_audience_is_refused(client, cast, community,
                                                         staff_survey):
    before = stored()

    client.force_login(cast.officer)  # staff see the community survey, but are not its audience
    page = client.get(answer_url(community))
    assert page.status_code == 200
    assert "This survey is for community" in page.content.decode()
    response = client.post(answer_url(community), form_answers(community))
    assert response.status_code == 403
    assert "you are not in its audience" in response.content.decode()

    client.force_login(cast.member)  # an elected member is an insider, not staff
    response = client.post(answer_url(staff_survey), form_answers(staff_survey))
    assert response.status_code == 403
    assert "you are not in its audience" in response.context["form"].non_field_errors()[0]

    assert stored() == before


def test_a_missing_required_answer_is_refused_on_its_question(client, cast, community):
    scale = community.questions.get(kind="scale")
    client.force_login(cast.citizen)

    response = client.post(answer_url(community), form_answers(community, scale=""))

    assert response.status_code == 400
    assert response.context["form"].errors[f"question_{scale.pk}"] == [
        "This question needs an answer."
    ]
    assert not Response.objects.exists()


@pytest.mark.parametrize("kind, value, message", [
    ("scale", "6", "Choose a score from 1 to 5."),
    ("number", "three", "Enter a number."),
    ("number", "1.234", "Use at most two decimal places."),
])
def test_a_bad_answer_is_refused_on_its_question(client, cast, community, kind, value, message):
    question = community.questions.get(kind=kind)
    client.force_login(cast.citizen)
    answers = form_answers(community)
    answers[f"question_{question.pk}"] = value

    response = client.post(answer_url(community), answers)

    assert response.status_code == 400
    assert response.context["form"].errors[f"question_{question.pk}"] == [message]
    assert not Response.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "outsider", "nobody"])
def test_a_survey_outside_scope_is_not_found(client, cast, community, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(answer_url(community)).status_code == 404
    assert client.post(answer_url(community), form_answers(community)).status_code == 404
    assert client.get(results_url(community)).status_code == 404
    assert not Response.objects.exists()


def test_a_staff_survey_is_not_found_by_citizens(client, cast, staff_survey):
    client.force_login(cast.citizen)

    assert client.get(answer_url(staff_survey)).status_code == 404


# --- results ----------------------------------------------------------------------------------


@pytest.fixture
def answered(cast, community):
    named = [
        UserFactory(username="resident-a", first_name="Winifred", last_name="Oyelaran"),
        UserFactory(username="resident-b", first_name="Casimir", last_name="Thistlewood"),
    ]
    from people.models import Membership, Role

    for person in named:
        Membership.objects.create(user=person, organisation=cast.council, role=Role.CITIZEN)
    services.survey_respond(survey=community, respondent=named[0],
                            answers=answers_for(community, scale=5, yes=True, number="4",
                                                text="Zebra crossing please"))
    services.survey_respond(survey=community, respondent=named[1],
                            answers=answers_for(community, scale=2, yes=False, number="2",
                                                text="Apple trees in the park"))
    services.survey_respond(survey=community, respondent=cast.citizen2,
                            answers=answers_for(community, scale=5, yes=True, number=""))
    return named


def test_staff_see_results_per_question_with_the_free_texts(client, cast, community,
                                                             answered):
    client.force_login(cast.officer)

    response = client.get(results_url(community))

    body = response.content.decode()
    assert response.status_code == 200
    assert "3 responses" in body
    assert "Mean 4.00 out of 5" in body
    assert '<th scope="row">Yes</th><td class="num">2</td><td class="num">67%</td>' in body
    assert '<th scope="row">No</th><td class="num">1</td><td class="num">33%</td>' in body
    assert "Apple trees in the park" in body and "Zebra crossing please" in body
    assert body.index("Apple trees") < body.index("Zebra crossing")  # alphabetical


def test_insiders_who_are_not_staff_see_results_without_free_texts(client, cast, community,
                                                                   answered):
    client.force_login(cast.member)

    body = client.get(results_url(community)).content.decode()

    assert "Mean 4.00 out of 5" in body
    assert "Zebra crossing please" not in body
    assert "Free-text answers are shown to the organisation&#x27;s staff only." in body or (
        "Free-text answers are shown to the organisation's staff only." in body
    )


def test_the_audience_may_not_see_results(client, cast, community, answered):
    client.force_login(cast.citizen)

    assert client.get(results_url(community)).status_code == 403


@pytest.mark.parametrize("persona, url_name", [
    ("officer", "assessment-survey-results"),
    ("member", "assessment-survey-results"),
    ("citizen", "assessment-survey-answer"),
    ("officer", "assessment-survey-answer"),
])
def test_an_anonymous_survey_never_shows_names(client, cast, community, answered, persona,
                                               url_name):
    client.force_login(getattr(cast, persona))

    response = client.get(reverse(url_name, args=[community.pk]))

    page = main(response)
    assert response.status_code == 200
    for name in ("Winifred", "Oyelaran", "Casimir", "Thistlewood", "resident-a", "resident-b",
                 "citizen2", "officer"):
        assert not re.search(rf"\b{name}\b", page), name
    assert Question.objects.filter(survey=community).count() == 4
