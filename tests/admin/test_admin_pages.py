"""Every registered model has a working admin list and add page; only staff get in."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = [
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"people", "initiatives", "ledger"}
]


def test_every_domain_model_is_registered():
    labels = {f"{app}.{name}" for app, name in REGISTERED}
    assert {"people.organisation", "people.membership", "people.user",
            "people.citizenprofile", "initiatives.initiative", "initiatives.coproductiontype",
            "initiatives.servicearea", "initiatives.area", "initiatives.participation",
            "initiatives.statuschange", "initiatives.citizeninterests"} <= labels


@pytest.mark.parametrize(("app", "model"), REGISTERED)
def test_changelist_renders_for_superuser(client, app, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


def test_admin_refuses_non_staff(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("admin:initiatives_initiative_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
