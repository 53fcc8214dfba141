"""/api/v1/initiatives/: list with filters, create, retrieve, partial update, transition.

Everything is scoped: an initiative the caller may not see is a 404, one they may see but
not change is a 403, and bad input is a 400 naming the field with nothing stored.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative, Status, StatusChange
from people.models import Role
from tests.factories import (
    AreaFactory,
    InitiativeFactory,
    MembershipFactory,
    UserFactory,
    coproduction_type,
    service_area,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives/"

FIELDS = {
    "id", "slug", "title", "summary", "description", "lead_organisation",
    "partner_organisations", "service_area", "coproduction_types", "areas", "mode",
    "status", "start_date", "end_date", "lead_professional", "created_at", "updated_at",
}  # fmt: skip


def detail_url(initiative: Initiative) -> str:
    return f"{URL}{initiative.pk}/"


def transition_url(initiative: Initiative) -> str:
    return f"{URL}{initiative.pk}/transition/"


def result_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def proposed(cast) -> Initiative:
    """The council's proposed initiative: only its own people (and partners) see it."""
    return InitiativeFactory(
        title="Planning for Real in Eastgate",
        lead_organisation=cast.council,
        status=Status.PROPOSED,
        coproduction_types=[coproduction_type("co-planning")],
    )


@pytest.fixture
def active(cast) -> Initiative:
    return InitiativeFactory(
        title="Riverside meals on wheels",
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        status=Status.ACTIVE,
    )


# --- list -----------------------------------------------------------------------------


def test_list_is_paginated_with_every_field(cast, api_as, active):
    response = api_as(cast.officer).get(URL)
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (row,) = body["results"]
    assert set(row) == FIELDS
    assert row["lead_organisation"] == cast.council.pk
    assert row["partner_organisations"] == [cast.charity.pk]
    assert row["service_area"] == "adult-social-care"
    assert row["coproduction_types"] == ["co-performing"]
    assert row["status"] == "active"
    assert row["start_date"] == "2024-01-01"


def test_list_pages_hold_fifty(cast, api_as):
    InitiativeFactory.create_batch(51, lead_organisation=cast.council)
    client = api_as(cast.officer)
    first = client.get(URL).json()
    assert (first["count"], len(first["results"])) == (51, 50)
    assert first["previous"] is None and first["next"].endswith("?page=2")
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1


def test_list_queries_do_not_grow_with_the_number_of_initiatives(cast, api_as):
    client = api_as(cast.officer)

    def make(n: int) -> None:
        for _ in range(n):
            initiative = InitiativeFactory(
                lead_organisation=cast.council, partner_organisations=[cast.charity]
            )
            initiative.areas.add(AreaFactory(organisation=cast.council))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    make(2)
    few = count_queries()
    make(20)
    assert count_queries() == few


def test_list_shows_each_persona_only_what_they_may_see(cast, api_as, proposed, active):
    elsewhere = InitiativeFactory(lead_organisation=cast.other_council, status=Status.PROPOSED)
    assert result_ids(api_as(cast.officer).get(URL)) == {proposed.pk, active.pk}
    assert result_ids(api_as(cast.member).get(URL)) == {proposed.pk, active.pk}
    assert result_ids(api_as(cast.citizen).get(URL)) == {active.pk}
    assert result_ids(api_as(cast.partner).get(URL)) == {active.pk}
    assert result_ids(api_as(cast.outsider).get(URL)) == {active.pk, elsewhere.pk}
    assert result_ids(api_as(cast.nobody).get(URL)) == {active.pk}


def test_list_needs_authentication(api_client, active):
    assert api_client.get(URL).status_code == 401


# --- filters --------------------------------------------------------------------------


def test_filter_by_a_parent_type_includes_its_children(cast, api_as):
    performing = InitiativeFactory(coproduction_types=[coproduction_type("co-performing")])
    managing = InitiativeFactory(coproduction_types=[coproduction_type("co-management")])
    both = InitiativeFactory(
        coproduction_types=[coproduction_type("co-performing"), coproduction_type("co-management")]
    )
    InitiativeFactory(coproduction_types=[coproduction_type("co-design")])
    client = api_as(cast.citizen)

    response = client.get(URL, {"type": "co-delivery"})
    assert result_ids(response) == {performing.pk, managing.pk, both.pk}
    assert response.json()["count"] == 3  # `both` is counted once
    assert result_ids(client.get(URL, {"type": "co-management"})) == {managing.pk, both.pk}


def test_filter_by_status(cast, api_as):
    paused = InitiativeFactory(lead_organisation=cast.council, status=Status.PAUSED)
    InitiativeFactory(lead_organisation=cast.council, status=Status.ACTIVE)
    assert result_ids(api_as(cast.officer).get(URL, {"status": "paused"})) == {paused.pk}


def test_filter_by_service_area(cast, api_as):
    housing = InitiativeFactory(service_area=service_area("housing"))
    InitiativeFactory(service_area=service_area("libraries"))
    assert result_ids(api_as(cast.citizen).get(URL, {"service_area": "housing"})) == {housing.pk}


def test_filter_by_organisation_matches_lead_and_partner(cast, api_as, active):
    led_by_charity = InitiativeFactory(lead_organisation=cast.charity)
    InitiativeFactory(lead_organisation=cast.other_council)
    response = api_as(cast.citizen).get(URL, {"organisation": "age-concern"})
    assert result_ids(response) == {active.pk, led_by_charity.pk}


def test_filter_by_area(cast, api_as):
    eastgate = AreaFactory(organisation=cast.council, name="Eastgate")
    inside = InitiativeFactory(lead_organisation=cast.council)
    inside.areas.add(eastgate)
    InitiativeFactory(lead_organisation=cast.council).areas.add(
        AreaFactory(organisation=cast.council)
    )
    assert result_ids(api_as(cast.citizen).get(URL, {"area": eastgate.pk})) == {inside.pk}


@pytest.mark.parametrize("text", ["TENANT", "estate walk", "panel of residents"])
def test_search_looks_in_title_summary_and_description(cast, api_as, text):
    match = InitiativeFactory(
        title="Tenant inspectors",
        summary="A monthly estate walk.",
        description="A panel of residents reports to the housing board.",
    )
    InitiativeFactory(title="Library friends", summary="Books.", description="Reading group.")
    assert result_ids(api_as(cast.citizen).get(URL, {"search": text})) == {match.pk}


def test_filters_combine_and_never_widen_the_scope(cast, api_as, proposed):
    hidden = InitiativeFactory(lead_organisation=cast.other_council, status=Status.PROPOSED)
    client = api_as(cast.officer)
    assert result_ids(client.get(URL, {"organisation": "southport"})) == set()
    assert result_ids(client.get(URL, {"status": "proposed"})) == {proposed.pk}
    assert result_ids(client.get(URL, {"status": "proposed", "type": "co-commissioning"})) == {
        proposed.pk
    }
    assert hidden.pk not in result_ids(client.get(URL, {"search": hidden.title}))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "co-nothing"}, "type"),
        ({"service_area": "space"}, "service_area"),
        ({"organisation": "nowhere"}, "organisation"),
        ({"status": "archived"}, "status"),
        ({"area": "999999"}, "area"),
        ({"area": "eastgate"}, "area"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_filter(cast, api_as, active, params, field):
    response = api_as(cast.officer).get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


# --- create ---------------------------------------------------------------------------


def payload(cast, **overrides) -> dict:
    data = {
        "title": "Open Space on the Northbridge high street",
        "summary": "Traders and residents plan the high street together.",
        "description": "Three evenings in the library.",
        "lead_organisation": cast.council.pk,
        "partner_organisations": [cast.charity.pk],
        "service_area": "environment-and-streets",
        "coproduction_types": ["co-planning", "co-design"],
        "mode": "collective",
        "start_date": "2025-03-01",
        "end_date": "2025-06-30",
        "lead_professional": cast.officer.pk,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not OMIT}


OMIT = object()


def nothing_stored() -> bool:
    return not Initiative.objects.exists() and not StatusChange.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_staff_create_an_initiative_that_starts_proposed(cast, api_as, persona):
    ward = AreaFactory(organisation=cast.council)
    user = getattr(cast, persona)

    response = api_as(user).post(URL, payload(cast, areas=[ward.pk]), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == FIELDS | {"status_history"}
    assert body["status"] == "proposed"
    assert body["slug"] == "open-space-on-the-northbridge-high-street"
    assert body["coproduction_types"] == ["co-planning", "co-design"]
    assert body["areas"] == [ward.pk]
    assert [
        (h["from_status"], h["to_status"], h["changed_by"]) for h in body["status_history"]
    ] == [("", "proposed", user.pk)]
    stored = Initiative.objects.get(pk=body["id"])
    assert stored.created_by == user
    assert stored.lead_organisation == cast.council
    assert list(stored.partner_organisations.all()) == [cast.charity]
    assert stored.service_area.slug == "environment-and-streets"
    assert stored.end_date == datetime.date(2025, 6, 30)
    assert stored.lead_professional == cast.officer


def test_the_status_sent_on_create_is_refused_not_ignored(cast, api_as):
    response = api_as(cast.officer).post(URL, payload(cast, status="active"), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert nothing_stored()


@pytest.mark.parametrize("persona", ["member", "partner", "citizen", "nobody"])
def test_people_who_are_not_staff_anywhere_may_not_create(cast, api_as, persona):
    response = api_as(getattr(cast, persona)).post(URL, payload(cast), format="json")
    assert response.status_code == 403
    assert nothing_stored()


def test_staff_may_not_create_for_an_organisation_they_do_not_work_for(cast, api_as):
    response = api_as(cast.outsider).post(URL, payload(cast), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["lead_organisation"]
    assert "may not create" in errors["lead_organisation"][0]
    assert nothing_stored()


def test_an_organisations_partner_may_not_lead_through_a_staff_role_elsewhere(cast, api_as):
    """Staff at the other council, partner at the charity: may not create for the charity."""
    MembershipFactory(user=cast.outsider, organisation=cast.charity, role=Role.PARTNER)
    response = api_as(cast.outsider).post(
        URL,
        payload(cast, lead_organisation=cast.charity.pk, partner_organisations=[]),
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["lead_organisation"]
    assert nothing_stored()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"coproduction_types": OMIT}, "coproduction_types", "required"),
        ({"coproduction_types": []}, "coproduction_types", "at least one"),
        ({"end_date": "2025-02-28"}, "end_date", "before the start"),
        ({"coproduction_types": ["co-design", "co-nothing"]}, "coproduction_types", "co-nothing"),
        ({"partner_organisations": [999999]}, "partner_organisations", "999999"),
        ({"title": "x" * 10_000}, "title", "200 characters"),
        ({"title": OMIT}, "title", "required"),
        ({"title": ""}, "title", "blank"),
        ({"summary": "y" * 301}, "summary", "300 characters"),
        ({"service_area": "space"}, "service_area", "space"),
        ({"lead_organisation": 999999}, "lead_organisation", "999999"),
        ({"start_date": "next tuesday"}, "start_date", "format"),
        ({"mode": "telepathic"}, "mode", "telepathic"),
        ({"areas": [999999]}, "areas", "999999"),
        ({"lead_professional": 999999}, "lead_professional", "999999"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(
    cast, api_as, overrides, field, message
):
    response = api_as(cast.officer).post(URL, payload(cast, **overrides), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert message in " ".join(str(m) for m in errors[field])
    assert nothing_stored()


def test_the_lead_cannot_be_its_own_partner(cast, api_as):
    response = api_as(cast.officer).post(
        URL, payload(cast, partner_organisations=[cast.council.pk]), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["partner_organisations"]
    assert nothing_stored()


def test_an_area_must_belong_to_the_lead_or_a_partner(cast, api_as):
    docks = AreaFactory(organisation=cast.other_council, name="Southport Docks")
    response = api_as(cast.officer).post(URL, payload(cast, areas=[docks.pk]), format="json")
    assert response.status_code == 400
    assert "Southport Docks" in response.json()["areas"][0]
    assert nothing_stored()


# --- retrieve -------------------------------------------------------------------------


def test_retrieve_shows_the_fields_and_the_status_history(cast, api_as, proposed):
    proposed.status_changes.create(from_status="", to_status="proposed", changed_by=cast.officer)
    response = api_as(cast.member).get(detail_url(proposed))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS | {"status_history"}
    assert body["title"] == "Planning for Real in Eastgate"
    assert body["coproduction_types"] == ["co-planning"]
    (entry,) = body["status_history"]
    assert (entry["to_status"], entry["changed_by"]) == ("proposed", cast.officer.pk)


@pytest.mark.parametrize("persona", ["outsider", "citizen", "partner", "nobody"])
def test_a_proposed_initiative_is_a_404_outside_its_organisations(cast, api_as, proposed, persona):
    assert api_as(getattr(cast, persona)).get(detail_url(proposed)).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "citizen", "partner", "nobody"])
def test_an_active_initiative_is_readable_by_anyone_signed_in(cast, api_as, active, persona):
    assert api_as(getattr(cast, persona)).get(detail_url(active)).status_code == 200


def test_an_unknown_or_malformed_id_is_a_404(cast, api_as):
    client = api_as(cast.officer)
    assert client.get(f"{URL}999999/").status_code == 404
    assert client.get(f"{URL}abc/").status_code == 404


def test_list_filters_do_not_leak_into_the_detail(cast, api_as, active):
    response = api_as(cast.citizen).get(detail_url(active), {"status": "paused"})
    assert response.status_code == 200


# --- partial update -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "manager"])
def test_staff_of_the_lead_organisation_patch_an_initiative(cast, api_as, proposed, persona):
    user = getattr(cast, persona)
    response = api_as(user).patch(
        detail_url(proposed),
        {
            "title": "Planning for Real in Westgate",
            "coproduction_types": ["co-planning", "co-design"],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Planning for Real in Westgate"
    assert body["slug"] == "planning-for-real-in-westgate"
    assert body["coproduction_types"] == ["co-planning", "co-design"]
    proposed.refresh_from_db()
    assert proposed.title == "Planning for Real in Westgate"
    assert proposed.status == Status.PROPOSED
    assert proposed.history.latest().history_user == user


def test_patch_leaves_unsent_fields_alone(cast, api_as, active):
    ward = AreaFactory(organisation=cast.charity)
    active.areas.add(ward)
    response = api_as(cast.officer).patch(detail_url(active), {"summary": "New."}, format="json")
    assert response.status_code == 200
    active.refresh_from_db()
    assert active.summary == "New."
    assert list(active.partner_organisations.all()) == [cast.charity]
    assert list(active.areas.all()) == [ward]
    assert [t.slug for t in active.coproduction_types.all()] == ["co-performing"]


def test_patch_may_resend_the_same_lead_organisation(cast, api_as, active):
    response = api_as(cast.officer).patch(
        detail_url(active),
        {"lead_organisation": cast.council.pk, "summary": "Same lead."},
        format="json",
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2023-12-31"}, "end_date"),
        ({"coproduction_types": []}, "coproduction_types"),
        ({"coproduction_types": ["co-nothing"]}, "coproduction_types"),
        ({"partner_organisations": [999999]}, "partner_organisations"),
        ({"title": "x" * 10_000}, "title"),
        ({"status": "completed"}, "status"),
        ({"lead_organisation": "OTHER"}, "lead_organisation"),
    ],
    ids=[
        "end-before-start",
        "no-type",
        "unknown-type",
        "unknown-partner",
        "huge-title",
        "status",
        "move-lead",
    ],  # fmt: skip
)
def test_bad_patch_is_a_400_naming_the_field_and_changes_nothing(
    cast, api_as, active, changes, field
):
    if changes.get("lead_organisation") == "OTHER":
        changes = {"lead_organisation": cast.charity.pk}
    before = (active.title, active.end_date, active.status, active.lead_organisation_id)
    response = api_as(cast.officer).patch(detail_url(active), changes, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    active.refresh_from_db()
    assert (active.title, active.end_date, active.status, active.lead_organisation_id) == before
    assert [t.slug for t in active.coproduction_types.all()] == ["co-performing"]
    assert list(active.partner_organisations.all()) == [cast.charity]


@pytest.mark.parametrize("persona", ["member", "partner"])
def test_patch_by_someone_who_sees_but_may_not_change_is_403(cast, api_as, proposed, persona):
    proposed.partner_organisations.add(cast.charity)
    response = api_as(getattr(cast, persona)).patch(
        detail_url(proposed), {"title": "Hijacked"}, format="json"
    )
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.title == "Planning for Real in Eastgate"


@pytest.mark.parametrize("persona", ["outsider", "citizen", "nobody"])
def test_patch_of_a_public_initiative_by_an_outsider_is_403(cast, api_as, active, persona):
    response = api_as(getattr(cast, persona)).patch(
        detail_url(active), {"title": "Hijacked"}, format="json"
    )
    assert response.status_code == 403
    active.refresh_from_db()
    assert active.title == "Riverside meals on wheels"


def test_patch_of_an_initiative_the_caller_cannot_see_is_404(cast, api_as, proposed):
    response = api_as(cast.outsider).patch(
        detail_url(proposed), {"title": "Hijacked"}, format="json"
    )
    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.title == "Planning for Real in Eastgate"


def test_a_partner_organisations_officer_may_not_edit_the_leads_initiative(cast, api_as, active):
    charity_officer = UserFactory(username="charity-officer")
    MembershipFactory(user=charity_officer, organisation=cast.charity, role=Role.OFFICER)
    response = api_as(charity_officer).patch(detail_url(active), {"title": "X"}, format="json")
    assert response.status_code == 403


def test_put_is_not_allowed(cast, api_as, active):
    response = api_as(cast.officer).put(detail_url(active), payload(cast), format="json")
    assert response.status_code == 405


def test_delete_is_not_allowed(cast, api_as, active):
    assert api_as(cast.manager).delete(detail_url(active)).status_code == 405
    assert Initiative.objects.filter(pk=active.pk).exists()


# --- transition -----------------------------------------------------------------------


def test_staff_move_an_initiative_along_its_lifecycle(cast, api_as, proposed):
    client = api_as(cast.officer)
    response = client.post(
        transition_url(proposed), {"status": "active", "reason": "Board approved"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "active"
    assert body["status_history"][-1]["to_status"] == "active"
    proposed.refresh_from_db()
    assert proposed.status == Status.ACTIVE
    change = StatusChange.objects.get(initiative=proposed)
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "proposed", "active", "Board approved", cast.officer,
    )  # fmt: skip

    response = client.post(transition_url(proposed), {"status": "paused"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "paused"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "completed"}, "status"),  # proposed cannot complete
        ({"status": "proposed"}, "status"),
        ({"status": "archived"}, "status"),
        ({}, "status"),
        ({"status": "withdrawn"}, "reason"),  # withdrawing needs a reason
        ({"status": "withdrawn", "reason": "   "}, "reason"),
    ],
)
def test_a_forbidden_transition_is_a_400_and_changes_nothing(cast, api_as, proposed, body, field):
    response = api_as(cast.officer).post(transition_url(proposed), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED
    assert not StatusChange.objects.filter(initiative=proposed).exists()


def test_a_finished_initiative_says_it_cannot_change(cast, api_as):
    done = InitiativeFactory(lead_organisation=cast.council, status=Status.COMPLETED)
    response = api_as(cast.manager).post(transition_url(done), {"status": "active"}, format="json")
    assert response.status_code == 400
    assert "final" in response.json()["status"][0]


@pytest.mark.parametrize("persona", ["member", "partner"])
def test_transition_by_someone_who_sees_but_may_not_change_is_403(cast, api_as, active, persona):
    response = api_as(getattr(cast, persona)).post(
        transition_url(active), {"status": "paused"}, format="json"
    )
    assert response.status_code == 403
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


@pytest.mark.parametrize("persona", ["outsider", "citizen", "nobody"])
def test_transition_of_an_invisible_initiative_is_404(cast, api_as, proposed, persona):
    response = api_as(getattr(cast, persona)).post(
        transition_url(proposed), {"status": "active"}, format="json"
    )
    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED


def test_transition_needs_authentication(api_client, active):
    response = api_client.post(transition_url(active), {"status": "paused"}, format="json")
    assert response.status_code == 401


# --- scoping: another organisation's officer ------------------------------------------


def test_another_organisations_officer_gets_404_on_everything_about_a_proposed_one(
    cast, api_as, proposed
):
    client = api_as(cast.outsider)
    assert client.get(detail_url(proposed)).status_code == 404
    assert client.patch(detail_url(proposed), {"title": "X"}, format="json").status_code == 404
    assert (
        client.post(transition_url(proposed), {"status": "active"}, format="json").status_code
        == 404
    )
    assert proposed.pk not in result_ids(client.get(URL))
