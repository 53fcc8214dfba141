"""The dashboard page's kept content and the default dashboards computed ahead of their readers:
a repeated view renders only the page around kept content; whatever the content shows (figures,
names, filter choices, who may do what) is never served stale; the worker's warm-up leaves
nothing for the first reader to compute."""

import datetime
import gzip
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse

from benefits.services import dashboards_warm
from benefits.tasks import rollup_stale_task
from initiatives.models import Area
from ledger import services as ledger

from ..factories import InitiativeFactory
from ..ledger.factories import befriending
from .dashboard_data import succeeded_run, two_periods
from .test_dashboard_cache import rollup_queries

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-01", "to": "2025-12"}


def page(cast, organisation=None) -> str:
    return reverse("dashboard-organisation", args=[(organisation or cast.council).slug])


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity],
        title="Riverside befriending",
    )
    two_periods(initiative)
    succeeded_run()
    return initiative


def test_a_new_initiative_appears_in_the_filters_at_once(
    client, cast, initiative, django_capture_on_commit_callbacks
):
    client.force_login(cast.manager)
    assert "Allotment co-design" not in client.get(page(cast), PERIOD).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        InitiativeFactory(lead_organisation=cast.council, title="Allotment co-design")
    assert "Allotment co-design" in client.get(page(cast), PERIOD).content.decode()


def test_a_renamed_ward_shows_its_new_name_at_once(
    client, cast, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ward = Area.objects.create(organisation=cast.council, name="Old Town", slug="old-town")
    client.force_login(cast.manager)
    assert "Old Town" in client.get(page(cast), PERIOD).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ward.name = "Riverside"
        ward.save()
    body = client.get(page(cast), PERIOD).content.decode()
    assert "Old Town" not in body
    assert "Riverside" in body


def test_what_one_reader_may_do_is_not_shown_to_another(client, cast, initiative):
    """The manager's page links to data freshness and priorities; the member's, kept under
    the same view, must not."""
    freshness = reverse("rollup-freshness")
    client.force_login(cast.manager)
    assert freshness in client.get(page(cast), PERIOD).content.decode()
    assert "manager" in client.get(page(cast), PERIOD).content.decode()  # kept whole now
    client.force_login(cast.member)
    response = client.get(page(cast), PERIOD)
    assert response.status_code == 200
    assert freshness not in response.content.decode()
    assert "350.00" in response.content.decode()
    assert "Signed in as member" in response.content.decode()


def test_an_invalid_query_is_a_400_each_time_and_is_never_kept(client, cast, initiative):
    client.force_login(cast.manager)
    for _ in range(2):
        response = client.get(page(cast), {"from": "2025-13", "to": "2025-12"})
        assert response.status_code == 400
        assert "dashboard" in response.context  # rendered, not read from the cache


def test_the_csv_of_a_table_is_served_beside_kept_content(client, cast, initiative):
    client.force_login(cast.manager)
    client.get(page(cast), PERIOD)
    response = client.get(page(cast), {**PERIOD, "format": "csv", "table": "headline"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "350.00" in response.content.decode()


# --- computed ahead of the readers ----------------------------------------------------------


def _write_and_roll_up(cast, django_capture_on_commit_callbacks):
    initiative = befriending(cast)
    contribution = ledger.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money",
        date=datetime.date.today().replace(day=1) - datetime.timedelta(days=20),
        amount=D("64.00"),
    )
    ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        rollup_stale_task.delay()
    return initiative


@override_settings(DASHBOARD_WARM=True)
def test_after_a_roll_up_the_default_dashboards_are_computed_before_anyone_asks(
    client, api_as, cast, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _write_and_roll_up(cast, django_capture_on_commit_callbacks)
    client.force_login(cast.manager)
    with django_assert_max_num_queries(40) as captured:
        response = client.get(page(cast))
    assert response.status_code == 200
    assert "64.00" in response.content.decode()
    assert rollup_queries(captured) == []  # the figures were there already

    with django_assert_max_num_queries(40) as captured:
        partner = api_as(cast.partner).get(
            reverse("api:dashboard-stakeholders-list"), {"organisation": cast.charity.slug}
        )
    assert partner.status_code == 200
    assert rollup_queries(captured) == []


@override_settings(DASHBOARD_WARM=True)
def test_a_generation_is_warmed_once(cast, django_capture_on_commit_callbacks):
    _write_and_roll_up(cast, django_capture_on_commit_callbacks)
    assert dashboards_warm() == 0  # the task did it already
    with django_capture_on_commit_callbacks(execute=True):
        from benefits.cache import dashboard_generation_bump

        dashboard_generation_bump()
    # The council leads (its dashboard and stakeholders; it has no wards); the charity partners
    # (the same two, and its partner page and stakeholders).
    assert dashboards_warm() == 6


def test_without_the_warm_up_setting_a_roll_up_leaves_the_figures_to_the_first_reader(
    client, cast, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _write_and_roll_up(cast, django_capture_on_commit_callbacks)
    client.force_login(cast.manager)
    with django_assert_max_num_queries(40) as captured:
        client.get(page(cast))
    assert rollup_queries(captured)


def test_a_kept_page_goes_compressed_to_a_browser_that_accepts_gzip(
    client, cast, initiative, django_assert_max_num_queries
):
    client.force_login(cast.manager)
    client.get(page(cast), PERIOD)  # gives the reader the CSRF cookie
    rendered = client.get(page(cast), PERIOD)  # rendered, and kept whole
    assert "Accept-Encoding" in rendered["Vary"]
    assert not rendered.has_header("Content-Encoding")

    with django_assert_max_num_queries(10) as captured:
        compressed = client.get(page(cast), PERIOD, headers={"accept-encoding": "gzip, br"})
        plain = client.get(page(cast), PERIOD)
    assert rollup_queries(captured) == []  # both from the kept page

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert len(compressed.content) < len(rendered.content) / 3
    assert gzip.decompress(compressed.content) == rendered.content
    assert not plain.has_header("Content-Encoding")
    assert "Accept-Encoding" in plain["Vary"]
    assert plain.content == rendered.content
