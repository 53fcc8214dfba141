"""/dashboards/freshness/: recent runs, marks waiting, a rebuild's progress, "Rebuild now"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from benefits.models import RollupRun
from ledger.models import StaleBucket

from ..factories import InitiativeFactory

pytestmark = pytest.mark.django_db

URL = "/dashboards/freshness/"
STATUS_URL = "/dashboards/freshness/status.json"
REBUILD_URL = "/dashboards/freshness/rebuild/"


def test_the_urls_keep_their_names():
    assert reverse("rollup-freshness") == URL
    assert reverse("rollup-freshness-status") == STATUS_URL
    assert reverse("rollup-rebuild") == REBUILD_URL


@pytest.fixture
def history(cast):
    initiative = InitiativeFactory(lead_organisation=cast.council)
    now = timezone.now()
    finished = RollupRun.objects.create(
        kind=RollupRun.Kind.FULL, outcome=RollupRun.Outcome.SUCCEEDED,
        started_at=now - datetime.timedelta(hours=5),
        finished_at=now - datetime.timedelta(hours=5) + datetime.timedelta(seconds=42),
        buckets_total=39, buckets_done=39, drift_corrected=3,
        message="Corrected 3 roll-up rows that differed from source.",
    )
    running = RollupRun.objects.create(
        kind=RollupRun.Kind.FULL, started_at=now, buckets_total=40, buckets_done=10,
        requested_by=cast.manager,
    )
    StaleBucket.objects.create(initiative=initiative, month=datetime.date(2025, 7, 1),
                               marked_at=now)
    return finished, running


def test_a_manager_sees_runs_waiting_marks_and_a_progress_bar(client, cast, history):
    client.force_login(cast.manager)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Data freshness</h1>" in html
    assert '<progress id="rebuild-progress" aria-labelledby="rebuild-label" max="40" value="10">' \
        "25%</progress>" in html
    assert "Rebuilding: 10 of 40 initiatives (25%)" in html
    assert "1 initiative-month" in html
    assert "39 of 39 initiatives" in html
    assert "Corrected 3 roll-up rows" in html
    assert 'data-status-url="/dashboards/freshness/status.json"' in html
    assert "js/rollup-freshness.js" in html
    assert "<script>" not in html and "style=" not in html  # the CSP forbids inline code
    assert "Rebuild now" in html
    assert 'href="/dashboards/freshness/"' in html  # the header links managers here


def test_the_page_reads_everything_in_a_few_queries(client, cast, history,
                                                     django_assert_max_num_queries):
    client.force_login(cast.manager)
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200


def test_status_json_feeds_the_progress_bar(client, cast, history):
    finished, running = history
    client.force_login(cast.manager)
    status = client.get(STATUS_URL).json()
    assert status["running"]["id"] == running.pk
    assert (status["running"]["buckets_done"], status["running"]["buckets_total"],
            status["running"]["percent"]) == (10, 40, 25)
    assert status["stale_buckets"] == 1
    assert status["last_success"]["id"] == finished.pk
    assert status["last_success"]["drift_corrected"] == 3


@pytest.mark.parametrize("who", ["officer", "member", "citizen", "partner", "outsider", "nobody"])
def test_only_managers_and_superusers(client, cast, history, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.get(STATUS_URL).status_code == 403
    assert client.post(REBUILD_URL).status_code == 403
    assert RollupRun.objects.count() == 2
    assert 'href="/dashboards/freshness/"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_superuser_may(client, cast, history):
    cast.nobody.is_superuser = True
    cast.nobody.save()
    client.force_login(cast.nobody)
    assert client.get(URL).status_code == 200


def test_rebuild_now_runs_a_full_rebuild_once_committed(client, cast,
                                                        django_capture_on_commit_callbacks):
    InitiativeFactory(lead_organisation=cast.council)
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(REBUILD_URL)
    assert response.status_code == 302 and response["Location"] == URL
    # One rebuild enqueued; the run it made then bumped the dashboards' cache generation.
    assert [c.__name__ for c in callbacks] == ["enqueue", "_bump"]
    # Embedded default: the task ran eagerly when the request committed.
    run = RollupRun.objects.get()
    assert (run.kind, run.outcome, run.requested_by) == (
        RollupRun.Kind.FULL, RollupRun.Outcome.SUCCEEDED, cast.manager
    )
    assert run.buckets_done == run.buckets_total == 1
    page = client.get(URL).content.decode()
    assert "A full rebuild of the roll-ups has started." in page
    assert "No rebuild is running." in page


def test_rebuild_now_while_one_waits_starts_no_second(client, cast,
                                                      django_capture_on_commit_callbacks):
    queued = RollupRun.objects.create(kind=RollupRun.Kind.FULL, started_at=timezone.now())
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(REBUILD_URL)
    assert "rollup_rebuild_request.<locals>.enqueue" not in [c.__qualname__ for c in callbacks]
    assert list(RollupRun.objects.values_list("pk", flat=True)) == [queued.pk]
    page = client.get(URL).content.decode()
    assert "already running" in page
    assert "Waiting for a worker to start the rebuild" in page
    assert '<progress id="rebuild-progress" aria-labelledby="rebuild-label">0%</progress>' in page


def test_get_is_not_allowed_on_rebuild(client, cast):
    client.force_login(cast.manager)
    assert client.get(REBUILD_URL).status_code == 405
