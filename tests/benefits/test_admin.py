"""The benefits admin: every list renders; roll-ups and runs are read only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from benefits.models import ContributionRollup, RollupRun

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    model._meta.model_name for model in admin.site._registry
    if model._meta.app_label == "benefits"
)


def test_benefits_and_roll_ups_are_registered():
    assert {"stakeholdergroup", "benefit", "indicator", "benefitpriority",
            "contributionrollup", "publicinputrollup", "contributorrollup",
            "rolluprun"} <= set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED)
def test_changelist_renders_for_superuser(client, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:benefits_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", [ContributionRollup, RollupRun])
def test_derived_rows_are_read_only(client, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    name = model._meta.model_name
    assert client.get(reverse(f"admin:benefits_{name}_add")).status_code == 403
