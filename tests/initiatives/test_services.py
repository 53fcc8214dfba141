"""initiative_create / update / transition, participation, and closing ended initiatives."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import (
    ALLOWED_TRANSITIONS,
    Initiative,
    Participation,
    ParticipationRole,
    Status,
    StatusChange,
)
from initiatives.services import (
    close_ended_initiatives,
    initiative_create,
    initiative_transition,
    initiative_update,
    participation_join,
    participation_leave,
)
from tests.factories import AreaFactory, InitiativeFactory, coproduction_type, service_area

pytestmark = pytest.mark.django_db


def _create(cast, **overrides) -> Initiative:
    fields = {
        "created_by": cast.officer,
        "title": "Tenant inspectors for Riverside",
        "summary": "Tenants inspect their own estate's services.",
        "lead_organisation": cast.council,
        "service_area": service_area("housing"),
        "coproduction_types": [coproduction_type("co-assessment")],
        "start_date": datetime.date(2024, 4, 1),
    }
    fields.update(overrides)
    return initiative_create(**fields)


def _nothing_stored() -> bool:
    return not Initiative.objects.exists() and not StatusChange.objects.exists()


# --- initiative_create ----------------------------------------------------------------


def test_create_starts_proposed_and_records_who_proposed_it(cast):
    ward = AreaFactory(organisation=cast.charity)
    initiative = _create(
        cast,
        partner_organisations=[cast.charity],
        areas=[ward],
        coproduction_types=[coproduction_type("co-assessment"), coproduction_type("co-design")],
        lead_professional=cast.officer,
        mode="individual",
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED
    assert initiative.slug == "tenant-inspectors-for-riverside"
    assert initiative.created_by == cast.officer
    assert set(initiative.partner_organisations.all()) == {cast.charity}
    assert set(initiative.areas.all()) == {ward}
    assert {t.slug for t in initiative.coproduction_types.all()} == {"co-assessment", "co-design"}
    (change,) = initiative.status_changes.all()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "",
        "proposed",
        cast.officer,
    )
    assert change.changed_at is not None


def test_create_gives_a_repeated_title_its_own_slug(cast):
    first, second = _create(cast), _create(cast)
    assert first.slug != second.slug
    assert second.slug.startswith(first.slug)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"coproduction_types": []}, "coproduction_types"),
        ({"end_date": datetime.date(2024, 3, 31)}, "end_date"),
        ({"title": "x" * 10_000}, "title"),
        ({"title": ""}, "title"),
        ({"mode": "telepathic"}, "mode"),
    ],
    ids=["no-type", "end-before-start", "huge-title", "empty-title", "bad-mode"],
)
def test_create_refuses_bad_input_naming_the_field_and_stores_nothing(cast, overrides, field):
    with pytest.raises(ValidationError) as caught:
        _create(cast, **overrides)
    assert field in caught.value.message_dict
    assert _nothing_stored()


def test_create_refuses_the_lead_as_its_own_partner(cast):
    with pytest.raises(ValidationError) as caught:
        _create(cast, partner_organisations=[cast.council])
    assert "partner_organisations" in caught.value.message_dict
    assert _nothing_stored()


def test_create_refuses_an_area_of_an_unrelated_organisation(cast):
    elsewhere = AreaFactory(organisation=cast.other_council, name="Southport Docks")
    with pytest.raises(ValidationError) as caught:
        _create(cast, areas=[elsewhere])
    assert "Southport Docks" in caught.value.message_dict["areas"][0]
    assert _nothing_stored()


# --- initiative_update ----------------------------------------------------------------


def test_update_changes_details_and_the_slug_follows_the_title(cast):
    initiative = _create(cast)
    initiative_update(
        initiative=initiative,
        changed_by=cast.manager,
        title="Riverside tenant panel",
        end_date=datetime.date(2025, 3, 31),
        coproduction_types=[coproduction_type("co-design")],
        partner_organisations=[cast.charity],
    )
    initiative.refresh_from_db()
    assert initiative.title == "Riverside tenant panel"
    assert initiative.slug == "riverside-tenant-panel"
    assert initiative.end_date == datetime.date(2025, 3, 31)
    assert [t.slug for t in initiative.coproduction_types.all()] == ["co-design"]
    assert list(initiative.partner_organisations.all()) == [cast.charity]
    assert initiative.history.latest().history_user == cast.manager


@pytest.mark.parametrize("field", ["status", "lead_organisation", "created_by"])
def test_update_refuses_fields_that_change_elsewhere(cast, field):
    initiative = _create(cast)
    value = {"status": Status.ACTIVE, "lead_organisation": cast.charity, "created_by": None}[field]
    with pytest.raises(ValidationError) as caught:
        initiative_update(initiative=initiative, changed_by=cast.officer, **{field: value})
    assert field in caught.value.message_dict
    initiative.refresh_from_db()
    assert (initiative.status, initiative.lead_organisation, initiative.created_by) == (
        Status.PROPOSED,
        cast.council,
        cast.officer,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"coproduction_types": []}, "coproduction_types"),
        ({"end_date": datetime.date(2000, 1, 1)}, "end_date"),
        ({"title": "y" * 10_000}, "title"),
    ],
    ids=["no-type", "end-before-start", "huge-title"],
)
def test_update_refuses_bad_input_and_changes_nothing(cast, changes, field):
    initiative = _create(cast)
    with pytest.raises(ValidationError) as caught:
        initiative_update(initiative=initiative, changed_by=cast.officer, **changes)
    assert field in caught.value.message_dict
    initiative.refresh_from_db()
    assert initiative.title == "Tenant inspectors for Riverside"
    assert initiative.end_date is None
    assert [t.slug for t in initiative.coproduction_types.all()] == ["co-assessment"]


# --- initiative_transition ------------------------------------------------------------

ALL_PAIRS = list(itertools.product(Status.values, Status.values))


def _at(cast, status: str) -> Initiative:
    return InitiativeFactory(lead_organisation=cast.council, status=status)


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(a, b) for a, b in ALL_PAIRS if b in ALLOWED_TRANSITIONS[a]],
)
def test_every_allowed_transition_happens_and_is_recorded(cast, from_status, to_status):
    initiative = _at(cast, from_status)
    change = initiative_transition(
        initiative=initiative,
        to_status=to_status,
        reason="Agreed at the board",
        changed_by=cast.officer,
    )
    initiative.refresh_from_db()
    assert initiative.status == to_status
    stored = StatusChange.objects.get(initiative=initiative)
    assert stored == change
    assert (stored.from_status, stored.to_status, stored.reason, stored.changed_by) == (
        from_status,
        to_status,
        "Agreed at the board",
        cast.officer,
    )
    assert stored.changed_at is not None


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(a, b) for a, b in ALL_PAIRS if b not in ALLOWED_TRANSITIONS[a]],
)
def test_every_forbidden_transition_is_refused_and_changes_nothing(cast, from_status, to_status):
    initiative = _at(cast, from_status)
    with pytest.raises(ValidationError) as caught:
        initiative_transition(
            initiative=initiative, to_status=to_status, reason="Try it", changed_by=cast.officer
        )
    assert "status" in caught.value.message_dict
    initiative.refresh_from_db()
    assert initiative.status == from_status
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_the_lifecycle_graph_is_the_one_of_the_issue():
    assert {
        "proposed": {"active", "withdrawn"},
        "active": {"paused", "completed", "withdrawn"},
        "paused": {"active", "completed", "withdrawn"},
        "completed": set(),
        "withdrawn": set(),
    } == ALLOWED_TRANSITIONS


def test_an_unknown_status_is_refused(cast):
    initiative = _at(cast, Status.PROPOSED)
    with pytest.raises(ValidationError) as caught:
        initiative_transition(
            initiative=initiative, to_status="archived", reason="", changed_by=None
        )
    assert "status" in caught.value.message_dict
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_needs_a_reason(cast, reason):
    initiative = _at(cast, Status.ACTIVE)
    with pytest.raises(ValidationError) as caught:
        initiative_transition(
            initiative=initiative,
            to_status=Status.WITHDRAWN,
            reason=reason,
            changed_by=cast.officer,
        )
    assert "reason" in caught.value.message_dict
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE


def test_a_transition_also_leaves_an_audit_record_naming_who(cast):
    initiative = _at(cast, Status.PROPOSED)
    initiative_transition(
        initiative=initiative, to_status=Status.ACTIVE, reason="Go", changed_by=cast.manager
    )
    latest = initiative.history.latest()
    assert (latest.status, latest.history_user) == (Status.ACTIVE, cast.manager)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requested=st.lists(st.sampled_from(Status.values), max_size=8))
def test_any_sequence_of_requests_follows_the_graph(cast, requested):
    """Whatever is asked, every step taken is an edge of the lifecycle, every refusal
    changes nothing, and the history holds exactly the steps taken."""
    initiative = _create(cast)
    expected = Status.PROPOSED
    taken = 0
    for target in requested:
        try:
            initiative_transition(
                initiative=initiative, to_status=target, reason="because", changed_by=cast.officer
            )
        except ValidationError:
            assert target not in ALLOWED_TRANSITIONS[expected]
        else:
            assert target in ALLOWED_TRANSITIONS[expected]
            expected = target
            taken += 1
    initiative.refresh_from_db()
    assert initiative.status == expected
    changes = list(initiative.status_changes.all())
    assert len(changes) == taken + 1  # plus the "proposed" row written on creation
    for before, after in itertools.pairwise(changes):
        assert after.from_status == before.to_status
        assert after.to_status in ALLOWED_TRANSITIONS[after.from_status]


# --- close_ended_initiatives ----------------------------------------------------------


def test_close_ended_initiatives_completes_only_running_ones_past_their_end(cast):
    today = datetime.date(2025, 6, 1)
    past, future = datetime.date(2025, 5, 31), datetime.date(2025, 6, 1)
    ended_active = InitiativeFactory(status=Status.ACTIVE, end_date=past)
    ended_paused = InitiativeFactory(status=Status.PAUSED, end_date=past)
    running = InitiativeFactory(status=Status.ACTIVE, end_date=future)
    open_ended = InitiativeFactory(status=Status.ACTIVE, end_date=None)
    ended_proposed = InitiativeFactory(status=Status.PROPOSED, end_date=past)

    assert close_ended_initiatives(today=today) == 2

    statuses = {
        i.pk: i.status
        for i in Initiative.objects.filter(
            pk__in=[ended_active.pk, ended_paused.pk, running.pk, open_ended.pk, ended_proposed.pk]
        )
    }
    assert statuses == {
        ended_active.pk: Status.COMPLETED,
        ended_paused.pk: Status.COMPLETED,
        running.pk: Status.ACTIVE,
        open_ended.pk: Status.ACTIVE,
        ended_proposed.pk: Status.PROPOSED,
    }
    change = StatusChange.objects.get(initiative=ended_paused)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "paused",
        "completed",
        None,
    )
    assert change.reason


def test_close_ended_initiatives_twice_closes_nothing_more(cast):
    InitiativeFactory(status=Status.ACTIVE, end_date=datetime.date(2024, 3, 1))
    assert close_ended_initiatives(today=datetime.date(2025, 1, 1)) == 1
    assert close_ended_initiatives(today=datetime.date(2025, 1, 1)) == 0
    assert StatusChange.objects.count() == 1


# --- participation --------------------------------------------------------------------


def test_join_and_leave_keeps_the_history(cast):
    initiative = _at(cast, Status.ACTIVE)
    first = participation_join(
        initiative=initiative, user=cast.citizen, role=ParticipationRole.VOLUNTEER
    )
    assert first.left_at is None
    participation_leave(participation=first)
    first.refresh_from_db()
    assert first.left_at is not None
    left_at = first.left_at

    participation_leave(participation=first)  # leaving twice changes nothing
    first.refresh_from_db()
    assert first.left_at == left_at

    again = participation_join(
        initiative=initiative, user=cast.citizen, role=ParticipationRole.VOLUNTEER
    )
    rows = Participation.objects.filter(initiative=initiative, user=cast.citizen)
    assert rows.count() == 2
    assert list(rows.current()) == [again]


def test_join_twice_in_the_same_role_is_refused_but_another_role_is_fine(cast):
    initiative = _at(cast, Status.ACTIVE)
    participation_join(initiative=initiative, user=cast.citizen, role=ParticipationRole.PARTICIPANT)
    with pytest.raises(ValidationError) as caught:
        participation_join(
            initiative=initiative, user=cast.citizen, role=ParticipationRole.PARTICIPANT
        )
    assert "role" in caught.value.message_dict
    participation_join(initiative=initiative, user=cast.citizen, role=ParticipationRole.INSPECTOR)
    assert Participation.objects.current().filter(user=cast.citizen).count() == 2


@pytest.mark.parametrize(
    "status", [Status.PROPOSED, Status.PAUSED, Status.COMPLETED, Status.WITHDRAWN]
)
def test_only_active_initiatives_can_be_joined(cast, status):
    initiative = _at(cast, status)
    with pytest.raises(ValidationError):
        participation_join(
            initiative=initiative, user=cast.citizen, role=ParticipationRole.PARTICIPANT
        )
    assert not Participation.objects.exists()


def test_join_refuses_an_unknown_role(cast):
    initiative = _at(cast, Status.ACTIVE)
    with pytest.raises(ValidationError) as caught:
        participation_join(initiative=initiative, user=cast.citizen, role="spectator")
    assert "role" in caught.value.message_dict
    assert not Participation.objects.exists()


def test_lead_professional_must_be_staff_of_the_initiatives_organisations(cast):
    from django.core.exceptions import ValidationError

    from initiatives.models import Initiative
    from initiatives.services import initiative_create
    from tests.factories import coproduction_type, service_area

    before = Initiative.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        initiative_create(
            created_by=cast.officer,
            title="Repair café",
            summary="Neighbours fix things together.",
            lead_organisation=cast.council,
            service_area=service_area(),
            coproduction_types=[coproduction_type("co-performing")],
            start_date=datetime.date(2025, 1, 1),
            lead_professional=cast.outsider,
        )
    assert "lead_professional" in excinfo.value.message_dict
    assert Initiative.objects.count() == before
