"""The dashboards' figure cache: a repeated request reads no roll-up rows; a roll-up run or a
change of priorities is seen at once; access is checked before anything is read from it."""

import datetime
import pickle
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from benefits.cache import GENERATION_KEY, dashboard_generation, dashboard_generation_bump
from benefits.dashboards import DashboardFilters, Period, Reach, _dashboard_figures
from benefits.models import Benefit
from benefits.priorities import benefit_priorities_set
from benefits.services import rollup_rebuild_all, rollup_stale_buckets
from ledger import services as ledger
from ledger.models import Contribution

from ..factories import InitiativeFactory
from ..ledger.factories import befriending
from .dashboard_data import succeeded_run, two_periods

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-01", "to": "2025-12"}
API = reverse("api:dashboard-stakeholders-list")
ROLLUP_TABLES = ("benefits_contributionrollup", "benefits_publicinputrollup",
                 "benefits_contributorrollup")  # fmt: skip


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        lead_organisation=cast.council, partner_organisations=[cast.charity]
    )
    two_periods(initiative)
    succeeded_run()
    return initiative


def page(cast, name="dashboard-organisation", organisation=None):
    return reverse(name, args=[(organisation or cast.council).slug])


def rollup_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries
            if any(table in q["sql"] for table in ROLLUP_TABLES)]  # fmt: skip


def citizen_input(body: dict) -> str:
    indicator = next(
        i for b in body["benefits"] for i in b["indicators"] if i["source"] == "citizen_input_value"
    )
    return indicator["value"]


# --- the cached figures ---------------------------------------------------------------------


def test_the_cached_figures_are_plain_values_that_pickle(cast, initiative):
    figures = _dashboard_figures(
        cast.council, Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 1)),
        DashboardFilters(), Reach.TAKES_PART,
    )
    assert pickle.loads(pickle.dumps(figures)) == figures  # noqa: S301 (our own bytes)
    assert figures.current.citizen_input_value == D("350.00")


@pytest.mark.parametrize(
    ("where", "persona", "cap"),
    # Measured: pages 23 queries computed; kept whole, 4 for a manager (session, user,
    # organisation, membership) and 5 for a partner; the API 16 and 11.
    [("dashboard-organisation", "manager", 4), ("dashboard-partner", "partner", 5),
     ("api", "manager", 11)],
)  # fmt: skip
def test_a_second_identical_request_reads_no_roll_ups(
    client, api_as, cast, initiative, where, persona, cap, django_assert_max_num_queries
):
    user = getattr(cast, persona)
    if where == "api":
        client = api_as(user)
        address = lambda cast: API  # noqa: E731
    else:
        client.force_login(user)
        organisation = cast.charity if persona == "partner" else cast.council
        address = lambda cast: page(cast, where, organisation)  # noqa: E731
    client.get(address(cast), PERIOD)  # warm the session (and the cache)
    cache.delete(GENERATION_KEY)  # a new generation: the next request computes
    with django_assert_max_num_queries(30) as uncached:
        first = client.get(address(cast), PERIOD)
    with django_assert_max_num_queries(cap) as cached:
        second = client.get(address(cast), PERIOD)

    assert first.status_code == second.status_code == 200
    if where == "api":
        assert first.json() == second.json()
    else:  # the whole page was kept: nothing was rendered for the second request
        assert "dashboard" in first.context
        assert second.context is None
        assert first.context["body"] in second.content.decode()
    assert rollup_queries(uncached)
    assert rollup_queries(cached) == []
    assert len(cached.captured_queries) < len(uncached.captured_queries)


def test_the_language_and_every_filter_are_in_the_key(api_as, cast, initiative):
    client = api_as(cast.manager)
    whole = client.get(API, PERIOD).json()
    other_year = client.get(API, {"from": "2024-01", "to": "2024-12"}).json()
    narrowed = client.get(API, {**PERIOD, "initiative": InitiativeFactory(
        lead_organisation=cast.council).pk}).json()  # fmt: skip
    assert citizen_input(whole) == "350.00"
    assert citizen_input(other_year) == "100.00"
    assert citizen_input(narrowed) == "0.00"


# --- never stale ----------------------------------------------------------------------------


def test_a_roll_up_run_after_a_ledger_write_is_seen_at_once(
    client, cast, django_capture_on_commit_callbacks
):
    initiative = befriending(cast)
    contribution = ledger.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money",
        date=datetime.date(2025, 7, 1), amount=D("120.00"),
    )
    ledger.contribution_verify(contribution=contribution, verified_by=cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        rollup_rebuild_all()
    client.force_login(cast.manager)

    def figures() -> str:
        return client.get(page(cast), PERIOD).content.decode()

    assert "120.00" in figures()
    assert "120.00" in figures()  # cached

    pending = ledger.contribution_submit(
        submitted_by=cast.citizen2, initiative=initiative, kind="money",
        date=datetime.date(2025, 7, 2), amount=D("33.00"),
    )
    ledger.contribution_verify(contribution=pending, verified_by=cast.officer)
    assert "153.00" not in figures()  # not rolled up yet: the cached figures stand
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rollup_stale_buckets()
    assert [c.__name__ for c in callbacks] == ["_bump"]
    assert "153.00" in figures()

    Contribution.objects.filter(pk=pending.pk).delete()  # a correction only a rebuild sees
    with django_capture_on_commit_callbacks(execute=True):
        rollup_rebuild_all()
    assert "153.00" not in figures()


def test_a_priorities_change_reorders_the_panel_at_once(
    api_as, cast, initiative, django_capture_on_commit_callbacks
):
    client = api_as(cast.member)

    def order() -> list[str]:
        return [b["slug"] for b in client.get(API, PERIOD).json()["benefits"][:2]]

    def prioritise(*slugs: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            benefit_priorities_set(
                organisation=cast.council,
                priorities=[(Benefit.objects.get(slug=s), n, 50) for n, s in enumerate(slugs, 1)],
                set_by=cast.manager,
            )

    prioritise("efficiency", "social-capital")
    assert order() == ["efficiency", "social-capital"]
    assert order() == ["efficiency", "social-capital"]  # cached
    prioritise("social-capital", "efficiency")
    assert order() == ["social-capital", "efficiency"]


def test_the_generation_changes_on_each_bump_and_survives_a_cleared_cache(
    django_capture_on_commit_callbacks,
):
    first = dashboard_generation()
    with django_capture_on_commit_callbacks(execute=True):
        dashboard_generation_bump()
    second = dashboard_generation()
    assert second != first
    cache.delete(GENERATION_KEY)
    assert dashboard_generation() not in (first, second)


# --- access ---------------------------------------------------------------------------------


def test_an_outsider_gets_a_404_even_when_the_figures_are_cached(client, api_as, cast, initiative):
    client.force_login(cast.manager)
    assert client.get(page(cast), PERIOD).status_code == 200
    assert api_as(cast.manager).get(API, {**PERIOD, "organisation": cast.council.slug}).json()

    client.force_login(cast.outsider)
    assert client.get(page(cast), PERIOD).status_code == 404
    outsider_api = api_as(cast.outsider)
    assert outsider_api.get(API, {**PERIOD, "organisation": cast.council.slug}).status_code == 404
    # The partner reads only what it partners in, not the council's cached figures.
    client.force_login(cast.partner)
    assert client.get(page(cast), PERIOD).status_code == 404
