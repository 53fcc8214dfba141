"""A task sent through Redis runs in the real worker process against the shared database."""

import datetime

import pytest
from celery.result import AsyncResult, EagerResult
from django.conf import settings

from initiatives.models import CoproductionType, Initiative, ServiceArea, Status
from initiatives.services import initiative_create, initiative_transition
from initiatives.tasks import close_ended_initiatives_task
from people.models import Organisation

WORKER_TIMEOUT_SECONDS = 60

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def ended_initiative():
    """An active initiative whose end date has passed, committed so the worker can see it."""
    council = Organisation.objects.create(
        slug="roundtrip-council", name="Roundtrip Council", kind=Organisation.Kind.PUBLIC_AGENCY
    )
    service_area, _ = ServiceArea.objects.get_or_create(
        slug="libraries", defaults={"name": "Libraries"}
    )
    co_delivery, _ = CoproductionType.objects.get_or_create(
        slug="co-delivery", defaults={"name": "Co-delivery"}
    )
    today = datetime.date.today()
    initiative = initiative_create(
        created_by=None,
        title="Volunteer-run mobile library",
        summary="Residents drive and staff the mobile library on its rural round.",
        lead_organisation=council,
        service_area=service_area,
        coproduction_types=[co_delivery],
        start_date=today - datetime.timedelta(days=60),
        end_date=today - datetime.timedelta(days=2),
    )
    initiative_transition(
        initiative=initiative, to_status=Status.ACTIVE, reason="Launched", changed_by=None
    )
    return initiative


def test_settings_point_at_a_real_broker():
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_worker_runs_task_on_committed_rows_and_a_rerun_changes_nothing(ended_initiative):
    result = close_ended_initiatives_task.delay()
    assert isinstance(result, AsyncResult)
    assert not isinstance(result, EagerResult)

    assert result.get(timeout=WORKER_TIMEOUT_SECONDS) == 1
    ended_initiative.refresh_from_db()
    assert ended_initiative.status == Status.COMPLETED
    closing = ended_initiative.status_changes.last()
    assert (closing.from_status, closing.to_status, closing.changed_by) == (
        Status.ACTIVE,
        Status.COMPLETED,
        None,
    )

    again = close_ended_initiatives_task.delay()
    assert again.get(timeout=WORKER_TIMEOUT_SECONDS) == 0
    assert Initiative.objects.get(pk=ended_initiative.pk).status_changes.count() == 3
