"""Every co-assessment model in the admin has a working list (and add page where adding is
allowed); only staff get in."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

from .factories import answers_for, open_survey, steady_steps

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    model._meta.model_name
    for model in admin.site._registry
    if model._meta.app_label == "assessment"
)


def test_the_models_are_registered():
    assert set(REGISTERED) >= {
        "outcomeindicator", "outcomemeasurement", "rating", "inspection",
        "recommendationresponse", "survey", "response", "surveyrespondent",
        "maturityassessment",
    }


@pytest.mark.parametrize("model", REGISTERED)
def test_changelist_and_add_page_render(client, cast, model):
    from assessment import services

    _initiative, indicator = steady_steps(cast)
    survey = open_survey(cast)
    services.survey_respond(survey=survey, respondent=cast.citizen, answers=answers_for(survey))
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:assessment_{model}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:assessment_{model}_add"))
    assert add.status_code in (200, 403)
    assert indicator.pk


def test_admin_refuses_non_staff(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("admin:assessment_survey_changelist"))
    assert response.status_code == 302
