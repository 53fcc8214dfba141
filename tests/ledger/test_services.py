"""Ledger services: recording, verifying, editing, the bad-input rules, revaluation, stale marks."""

import datetime
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from benefits.selectors import initiative_accounts_from_source as initiative_accounts
from ledger import services
from ledger.models import (
    Contribution,
    ContributionMethod,
    ContributionStatus,
    PublicInput,
    StaleBucket,
)

from ..factories import InitiativeFactory, MembershipFactory, OrganisationFactory, UserFactory
from .factories import (
    GRADE,
    ActivityFactory,
    ActivityRateFactory,
    StaffCostRateFactory,
    befriending,
    take_part,
)

pytestmark = pytest.mark.django_db

JUNE_30, JULY_1 = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def give_time(cast, initiative, hours, day, **extra):
    fields = {"activity": "co-performing", **extra}
    return services.contribution_submit(
        submitted_by=extra.pop("submitted_by", cast.citizen),
        initiative=initiative,
        kind="time",
        date=day,
        hours=D(hours),
        **{k: v for k, v in fields.items() if k != "submitted_by"},
    )


def months_marked(initiative):
    return sorted(StaleBucket.objects.filter(initiative=initiative).values_list("month", flat=True))


# --- the worked example ------------------------------------------------------------------------


def test_worked_example_to_the_penny(cast, initiative):
    a = give_time(cast, initiative, "3.5", JUNE_30)
    b = give_time(cast, initiative, "2", JULY_1)
    c = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="in_kind",
        date=JULY_1,
        amount=D("40.00"),
        description="Minibus hire",
    )
    d = services.contribution_submit(
        submitted_by=cast.citizen, initiative=initiative, kind="money", date=JULY_1, amount=D("120")
    )
    assert [x.value for x in (a, b, c, d)] == [D("49.00"), D("30.00"), D("40.00"), D("120.00")]
    assert (a.rate, b.rate) == (D("14.00"), D("15.00"))
    assert a.rate_used.effective_from == datetime.date(2025, 1, 1)
    assert b.rate_used.effective_from == JULY_1
    assert a.method == ContributionMethod.REPLACEMENT_COST_SPECIALIST
    services.contributions_verify_many(
        contribution_ids=[a.pk, b.pk, c.pk, d.pk], verified_by=cast.officer
    )
    services.public_input_record(
        recorded_by=cast.officer,
        initiative=initiative,
        kind="staff_time",
        date=JULY_1,
        hours=D("10"),
        grade=GRADE,
    )
    services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend", date=JULY_1, amount=D("200")
    )
    before = initiative_accounts(initiative=initiative)
    assert before.citizen_input_value == D("239.00")
    assert before.public_input_value == D("525.00")
    assert before.leverage == D("0.455")
    assert before.coproduction_share == D("0.313")
    assert before.coproduction_share_percent == D("31.3")
    assert before.hours == D("5.50") and before.contributions == 4 and before.contributors == 1

    fifth = give_time(cast, initiative, "1", datetime.date(2025, 7, 2))
    after = initiative_accounts(initiative=initiative)
    assert fifth.value == D("15.00") and fifth.status == ContributionStatus.SUBMITTED
    assert after.pending_value == D("15.00")
    assert (after.citizen_input_value, after.public_input_value, after.leverage) == (
        D("239.00"),
        D("525.00"),
        D("0.455"),
    )
    assert (after.hours, after.contributions) == (before.hours, before.contributions)


# --- who may submit -----------------------------------------------------------------------------


def test_staff_may_log_for_a_participant_and_partner_for_its_volunteer(cast, initiative):
    for_citizen = give_time(
        cast, initiative, "1", JUNE_30, submitted_by=cast.officer, contributor=cast.citizen2
    )
    assert for_citizen.contributor == cast.citizen2 and for_citizen.created_by == cast.officer
    volunteer = services.contribution_submit(
        submitted_by=cast.partner,
        submitted_by_organisation=cast.charity,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=JUNE_30,
        hours=D("2"),
        volunteer_ref="AC-0042",
        external_ref="row-1",
    )
    assert volunteer.contributor is None and volunteer.volunteer_ref == "AC-0042"
    assert volunteer.submitted_by_organisation == cast.charity
    assert volunteer.is_duplicate is False


def test_partner_resubmitting_a_reference_gets_the_stored_row(cast, initiative):
    fields = {
        "submitted_by": cast.partner,
        "submitted_by_organisation": cast.charity,
        "initiative": initiative,
        "kind": "time",
        "activity": "co-performing",
        "date": JUNE_30,
        "hours": D("2"),
        "volunteer_ref": "AC-0042",
        "external_ref": "row-1",
    }
    first = services.contribution_submit(**fields)
    again = services.contribution_submit(**{**fields, "hours": D("3")})
    assert again.pk == first.pk and again.is_duplicate is True
    assert again.hours == D("2.00")
    assert Contribution.objects.count() == 1


# --- every bad input: a clear error naming the field, nothing stored ----------------------------

TOMORROW = "tomorrow"
TIME = {"kind": "time", "activity": "co-performing", "date": JUNE_30, "hours": D("2")}
# (what, submit kwargs, the field the error names); people and organisations by persona name.
BAD_INPUTS = [
    ("zero hours", {**TIME, "hours": D("0")}, "hours"),
    ("negative hours", {**TIME, "hours": D("-1")}, "hours"),
    ("zero amount", {"kind": "money", "date": JUNE_30, "amount": D("0")}, "amount"),
    ("negative amount", {"kind": "expenses", "date": JUNE_30, "amount": D("-5")}, "amount"),
    ("over 24 hours in a day", {**TIME, "hours": D("24.5")}, "hours"),
    ("future date", {**TIME, "date": TOMORROW}, "date"),
    ("before the initiative", {**TIME, "date": datetime.date(2023, 12, 31)}, "date"),
    ("stipend at a third of the rate", {**TIME, "stipend_per_hour": D("4.67")}, "stipend_per_hour"),
    (
        "in kind without description",
        {"kind": "in_kind", "date": JUNE_30, "amount": D("40")},
        "description",
    ),
    ("another currency", {**TIME, "currency": "EUR"}, "currency"),
    ("officer elsewhere has no part", {**TIME, "submitted_by": "outsider"}, "initiative"),
    ("citizen not taking part", {**TIME, "submitted_by": "nobody"}, "initiative"),
    (
        "partner for an initiative it has no part in",
        {
            **TIME,
            "submitted_by": "outsider",
            "submitted_by_organisation": "other_council",
            "volunteer_ref": "X",
        },
        "initiative",
    ),
    ("time without hours", {**TIME, "hours": None}, "hours"),
    (
        "hours on money",
        {"kind": "money", "date": JUNE_30, "amount": D("5"), "hours": D("1")},
        "hours",
    ),
    ("money without amount", {"kind": "money", "date": JUNE_30}, "amount"),
    ("unknown activity", {**TIME, "activity": "juggling"}, "activity"),
]


def resolve(cast, kwargs):
    kwargs = dict(kwargs)
    if kwargs.get("date") == TOMORROW:
        kwargs["date"] = timezone.localdate() + datetime.timedelta(days=1)
    submitted_by = getattr(cast, kwargs.pop("submitted_by", "citizen"))
    if "submitted_by_organisation" in kwargs:
        kwargs["submitted_by_organisation"] = getattr(cast, kwargs["submitted_by_organisation"])
    return submitted_by, kwargs


@pytest.mark.parametrize(("what", "kwargs", "field"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_nothing_is_stored(cast, initiative, what, kwargs, field):
    submitted_by, kwargs = resolve(cast, kwargs)
    before = (
        Contribution.objects.count(),
        Contribution.history.count(),
        StaleBucket.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        services.contribution_submit(submitted_by=submitted_by, initiative=initiative, **kwargs)
    assert field in error.value.message_dict, error.value.message_dict
    assert (
        Contribution.objects.count(),
        Contribution.history.count(),
        StaleBucket.objects.count(),
    ) == before


def test_hours_over_24_are_summed_over_a_persons_day(cast, initiative):
    give_time(cast, initiative, "20", JUNE_30)
    with pytest.raises(ValidationError) as error:
        give_time(cast, initiative, "4.5", JUNE_30)
    assert "hours" in error.value.message_dict
    give_time(cast, initiative, "4", JUNE_30)  # exactly 24 is allowed
    give_time(cast, initiative, "5", JULY_1)  # another day
    give_time(cast, initiative, "5", JUNE_30, submitted_by=cast.citizen2)  # another person
    # Logged for them by staff, in another initiative: still the same person's day.
    other = InitiativeFactory(lead_organisation=cast.council)
    take_part(cast.citizen, other)
    with pytest.raises(ValidationError):
        give_time(cast, other, "1", JUNE_30, submitted_by=cast.officer, contributor=cast.citizen)


def test_rejected_hours_do_not_count_towards_the_day(cast, initiative):
    twenty = give_time(cast, initiative, "20", JUNE_30)
    services.contribution_reject(contribution=twenty, rejected_by=cast.officer, reason="Typo")
    give_time(cast, initiative, "10", JUNE_30)


def test_a_partners_volunteer_is_one_person_per_reference(cast, initiative):
    def volunteer(hours, ref="AC-1"):
        return services.contribution_submit(
            submitted_by=cast.partner,
            submitted_by_organisation=cast.charity,
            initiative=initiative,
            kind="time",
            activity="co-performing",
            date=JUNE_30,
            hours=D(hours),
            volunteer_ref=ref,
        )

    volunteer("20")
    volunteer("20", ref="AC-2")
    with pytest.raises(ValidationError) as error:
        volunteer("5")
    assert "hours" in error.value.message_dict


def test_stipend_below_a_third_is_still_volunteering(cast, initiative):
    # 4.66 × 3 = 13.98 < 14.00; 5.00 is exactly a third of 15.00 and is refused.
    ok = give_time(cast, initiative, "2", JUNE_30, stipend_per_hour=D("4.66"))
    assert ok.value == D("28.00")
    with pytest.raises(ValidationError) as error:
        give_time(cast, initiative, "2", JULY_1, stipend_per_hour=D("5.00"))
    assert "stipend_per_hour" in error.value.message_dict


def test_activity_of_an_organisation_and_the_generalist_fallback(cast, initiative):
    ActivityFactory(organisation=cast.charity, key="phone-befriending", name="Phone befriending")
    with pytest.raises(ValidationError) as error:
        give_time(cast, initiative, "1", JUNE_30, activity="phone-befriending")
    assert "No rate applies" in error.value.message_dict["activity"][0]
    ActivityRateFactory(activity="*", hourly_rate=D("12.60"))
    line = give_time(cast, initiative, "1.5", JUNE_30, activity="phone-befriending")
    assert (line.value, line.rate, line.method) == (
        D("18.90"),
        D("12.60"),
        ContributionMethod.REPLACEMENT_COST_GENERALIST,
    )
    # The lead organisation's own rate wins over the platform default.
    ActivityRateFactory(organisation=cast.council, hourly_rate=D("16.00"))
    own = give_time(cast, initiative, "1", JUNE_30)
    assert own.rate == D("16.00") and own.rate_used.organisation == cast.council


# --- verify, reject, edit ----------------------------------------------------------------------


def test_verify_and_reject_record_who_and_when(cast, initiative):
    a, b = give_time(cast, initiative, "1", JUNE_30), give_time(cast, initiative, "1", JULY_1)
    verified = services.contribution_verify(contribution=a, verified_by=cast.officer)
    rejected = services.contribution_reject(
        contribution=b, rejected_by=cast.manager, reason="Not part of the scheme"
    )
    assert (verified.status, verified.verified_by) == (ContributionStatus.VERIFIED, cast.officer)
    assert verified.verified_at is not None
    assert (rejected.status, rejected.verified_by, rejected.rejection_reason) == (
        ContributionStatus.REJECTED,
        cast.manager,
        "Not part of the scheme",
    )


def test_reject_needs_a_reason_and_only_submitted_lines_are_decided(cast, initiative):
    a = give_time(cast, initiative, "1", JUNE_30)
    with pytest.raises(ValidationError) as error:
        services.contribution_reject(contribution=a, rejected_by=cast.officer, reason="  ")
    assert "reason" in error.value.message_dict
    services.contribution_verify(contribution=a, verified_by=cast.officer)
    with pytest.raises(ValidationError) as error:
        services.contribution_verify(contribution=a, verified_by=cast.officer)
    assert "status" in error.value.message_dict


@pytest.mark.parametrize("who", ["citizen", "member", "partner", "outsider"])
def test_only_staff_of_the_initiatives_organisations_verify(cast, initiative, who):
    line = give_time(cast, initiative, "1", JUNE_30, submitted_by=cast.citizen2)
    with pytest.raises(PermissionDenied):
        services.contribution_verify(contribution=line, verified_by=getattr(cast, who))
    line.refresh_from_db()
    assert line.status == ContributionStatus.SUBMITTED


def test_staff_of_a_partner_organisation_verify_but_not_their_own(cast, initiative):
    charity_officer = UserFactory(username="charity-officer")
    MembershipFactory(user=charity_officer, organisation=cast.charity, role="officer")
    take_part(charity_officer, initiative)
    line = give_time(cast, initiative, "1", JUNE_30)
    services.contribution_verify(contribution=line, verified_by=charity_officer)
    own = give_time(cast, initiative, "1", JUNE_30, submitted_by=charity_officer)
    with pytest.raises(PermissionDenied):
        services.contribution_verify(contribution=own, verified_by=charity_officer)


def test_verify_many_is_all_or_nothing(cast, initiative):
    a, b = give_time(cast, initiative, "1", JUNE_30), give_time(cast, initiative, "1", JULY_1)
    services.contribution_reject(contribution=b, rejected_by=cast.officer, reason="Duplicate")
    with pytest.raises(ValidationError):
        services.contributions_verify_many(contribution_ids=[a.pk, b.pk], verified_by=cast.officer)
    a.refresh_from_db()
    assert a.status == ContributionStatus.SUBMITTED
    with pytest.raises(ValidationError) as error:
        services.contributions_verify_many(contribution_ids=[a.pk, 99999], verified_by=cast.officer)
    assert "contribution_ids" in error.value.message_dict
    done = services.contributions_verify_many(contribution_ids=[a.pk], verified_by=cast.officer)
    assert [c.status for c in done] == [ContributionStatus.VERIFIED]


def test_editing_a_verified_contribution_returns_it_to_submitted_with_history(cast, initiative):
    line = give_time(cast, initiative, "2", JUNE_30)
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    edited = services.contribution_update(
        contribution=line, changed_by=cast.citizen, hours=D("3"), date=JULY_1
    )
    assert edited.status == ContributionStatus.SUBMITTED
    assert edited.verified_by is None and edited.verified_at is None
    assert (edited.value, edited.rate) == (D("45.00"), D("15.00"))  # revalued at July's rate
    history = list(edited.history.order_by("history_date"))
    assert [h.status for h in history] == ["submitted", "verified", "submitted"]
    assert history[1].value == D("28.00") and history[1].verified_by_id == cast.officer.pk
    assert history[-1].history_user == cast.citizen
    assert initiative_accounts(initiative=initiative).citizen_input_value == D("0.00")


def test_an_edit_obeys_the_same_rules_and_an_unchanged_edit_keeps_the_status(cast, initiative):
    line = give_time(cast, initiative, "2", JUNE_30)
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    with pytest.raises(ValidationError) as error:
        services.contribution_update(contribution=line, changed_by=cast.citizen, hours=D("0"))
    assert "hours" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.contribution_update(
            contribution=line, changed_by=cast.citizen, initiative=initiative
        )
    assert "initiative" in error.value.message_dict
    same = services.contribution_update(contribution=line, changed_by=cast.citizen, hours=D("2"))
    assert same.status == ContributionStatus.VERIFIED


def test_an_edit_does_not_count_its_own_hours_twice(cast, initiative):
    line = give_time(cast, initiative, "20", JUNE_30)
    edited = services.contribution_update(contribution=line, changed_by=cast.citizen, hours=D("23"))
    assert edited.hours == D("23")


# --- public inputs ------------------------------------------------------------------------------


def test_public_staff_time_at_the_fully_loaded_cost(cast, initiative):
    StaffCostRateFactory(
        organisation=cast.council,
        grade="manager-grade-9",
        hourly_rate=D("32.50"),
        oncost_percent=D("20"),
        overhead_percent=D("15"),
    )
    line = services.public_input_record(
        recorded_by=cast.manager,
        initiative=initiative,
        kind="staff_time",
        date=JUNE_30,
        hours=D("2.5"),
        grade="manager-grade-9",
    )
    assert (line.value, line.rate, line.method) == (D("112.13"), D("44.85"), "loaded_staff_cost")
    assert line.organisation == cast.council and line.recorded_by == cast.manager


@pytest.mark.parametrize(
    ("who", "kwargs", "field"),
    [
        ("citizen", {"kind": "spend", "amount": D("10")}, "initiative"),
        ("partner", {"kind": "spend", "amount": D("10")}, "initiative"),
        ("officer", {"kind": "staff_time", "hours": D("1"), "grade": "no-such-grade"}, "grade"),
        ("officer", {"kind": "staff_time", "hours": D("0"), "grade": GRADE}, "hours"),
        ("officer", {"kind": "spend", "amount": D("-3")}, "amount"),
        ("officer", {"kind": "spend"}, "amount"),
        ("officer", {"kind": "in_kind", "amount": D("80")}, "description"),
        ("officer", {"kind": "spend", "amount": D("10"), "currency": "USD"}, "currency"),
        (
            "officer",
            {"kind": "spend", "amount": D("10"), "date": datetime.date(2023, 1, 1)},
            "date",
        ),
    ],
)
def test_bad_public_input_is_refused_and_nothing_is_stored(cast, initiative, who, kwargs, field):
    kwargs = {"date": JUNE_30, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.public_input_record(
            recorded_by=getattr(cast, who), initiative=initiative, **kwargs
        )
    assert field in error.value.message_dict
    assert PublicInput.objects.count() == 0 and StaleBucket.objects.count() == 0


def test_public_input_of_a_partner_in_another_currency_is_refused(cast, initiative):
    euro_partner = OrganisationFactory(slug="euro-partner", currency="EUR")
    initiative.partner_organisations.add(euro_partner)
    officer = UserFactory(username="euro-officer")
    MembershipFactory(user=officer, organisation=euro_partner, role="officer")
    StaffCostRateFactory(organisation=euro_partner, grade=GRADE)
    with pytest.raises(ValidationError) as error:
        services.public_input_record(
            recorded_by=officer,
            initiative=initiative,
            kind="staff_time",
            date=JUNE_30,
            hours=D("1"),
            grade=GRADE,
        )
    assert "organisation" in error.value.message_dict


def test_public_input_update_and_delete_mark_their_months(cast, initiative):
    line = services.public_input_record(
        recorded_by=cast.officer, initiative=initiative, kind="spend", date=JUNE_30, amount=D("5")
    )
    StaleBucket.objects.all().delete()
    services.public_input_update(
        public_input=line, changed_by=cast.officer, date=JULY_1, amount=D("7")
    )
    assert months_marked(initiative) == [datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)]
    line.refresh_from_db()
    assert line.value == D("7.00")
    StaleBucket.objects.all().delete()
    with pytest.raises(PermissionDenied):
        services.public_input_delete(public_input=line, deleted_by=cast.member)
    services.public_input_delete(public_input=line, deleted_by=cast.officer)
    assert PublicInput.objects.count() == 0
    assert months_marked(initiative) == [datetime.date(2025, 7, 1)]
    assert PublicInput.history.filter(history_type="-").count() == 1


# --- stale marks, in the same transaction ----------------------------------------------------


def test_every_write_marks_its_month_stale(cast, initiative):
    line = give_time(cast, initiative, "1", JUNE_30)
    assert months_marked(initiative) == [datetime.date(2025, 6, 1)]
    StaleBucket.objects.all().delete()
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    assert months_marked(initiative) == [datetime.date(2025, 6, 1)]
    StaleBucket.objects.all().delete()
    services.contribution_update(contribution=line, changed_by=cast.citizen, date=JULY_1)
    assert months_marked(initiative) == [datetime.date(2025, 6, 1), datetime.date(2025, 7, 1)]
    StaleBucket.objects.all().delete()
    services.contribution_reject(contribution=line, rejected_by=cast.officer, reason="No")
    assert months_marked(initiative) == [datetime.date(2025, 7, 1)]


def test_marking_again_refreshes_the_mark_rather_than_duplicating_it(cast, initiative):
    give_time(cast, initiative, "1", JUNE_30)
    first = StaleBucket.objects.get().marked_at
    give_time(cast, initiative, "1", datetime.date(2025, 6, 2))
    assert StaleBucket.objects.count() == 1
    assert StaleBucket.objects.get().marked_at >= first


def _mark_then_fail(original):
    def failing(buckets):
        original(buckets)
        assert StaleBucket.objects.exists()  # the mark was written inside the transaction
        raise RuntimeError("the write fails after marking")

    return failing


def test_a_submission_that_fails_after_marking_leaves_no_mark_and_no_line(cast, initiative):
    failing = mock.patch.object(services, "_mark_stale", _mark_then_fail(services._mark_stale))
    with failing, pytest.raises(RuntimeError):
        give_time(cast, initiative, "1", JUNE_30)
    assert StaleBucket.objects.count() == 0 and Contribution.objects.count() == 0


def test_a_verification_that_fails_after_marking_leaves_no_mark_and_no_change(cast, initiative):
    line = give_time(cast, initiative, "1", JUNE_30)
    StaleBucket.objects.all().delete()
    failing = mock.patch.object(services, "_mark_stale", _mark_then_fail(services._mark_stale))
    with failing, pytest.raises(RuntimeError):
        services.contribution_verify(contribution=line, verified_by=cast.officer)
    line.refresh_from_db()
    assert line.status == ContributionStatus.SUBMITTED and StaleBucket.objects.count() == 0


# --- revaluation --------------------------------------------------------------------------------


def test_a_rate_with_an_earlier_effective_date_revalues_exactly_the_lines_it_covers(
    cast, initiative
):
    elsewhere = InitiativeFactory(
        lead_organisation=cast.other_council, start_date=datetime.date(2024, 1, 1)
    )
    take_part(cast.citizen, elsewhere)
    dates = [
        datetime.date(2025, 2, 1),
        datetime.date(2025, 3, 1),
        JUNE_30,
        JULY_1,
        datetime.date(2025, 8, 1),
    ]
    lines = {day: give_time(cast, initiative, "2", day) for day in dates}
    other_org = give_time(cast, elsewhere, "2", JUNE_30)
    services.contribution_verify(contribution=lines[JUNE_30], verified_by=cast.officer)
    StaleBucket.objects.all().delete()
    before = {c.pk: (c.value, c.rate_used_id) for c in Contribution.objects.all()}

    # A council rate of £16.00 from March, entered after the lines: it has no later council
    # version, so it covers every council-led line from 1 March on, and nothing else.
    council_rate = ActivityRateFactory(
        organisation=cast.council, hourly_rate=D("16.00"), effective_from=datetime.date(2025, 3, 1)
    )
    assert services.rates_revalue(rates=[council_rate]) == 4
    after = {c.pk: (c.value, c.rate_used_id) for c in Contribution.objects.all()}
    covered = {lines[d].pk for d in dates[1:]}
    for pk, (value, rate_id) in after.items():
        if pk in covered:
            assert (value, rate_id) == (D("32.00"), council_rate.pk)
        else:
            assert (value, rate_id) == before[pk]
    assert other_org.pk not in covered
    assert months_marked(initiative) == [datetime.date(2025, m, 1) for m in (3, 6, 7, 8)]
    assert months_marked(elsewhere) == []
    # A verified line stays verified, its history says why it changed.
    verified = Contribution.objects.get(pk=lines[JUNE_30].pk)
    assert verified.status == ContributionStatus.VERIFIED
    assert verified.history.first().history_change_reason == "revalued: rate change"
    # Revaluing again changes nothing.
    assert services.rates_revalue(rates=[council_rate]) == 0


def test_a_platform_rate_inserted_between_versions_covers_only_up_to_the_next(cast, initiative):
    lines = {
        day: give_time(cast, initiative, "2", day)
        for day in (datetime.date(2025, 2, 1), datetime.date(2025, 4, 1), JUNE_30, JULY_1)
    }
    april = ActivityRateFactory(hourly_rate=D("14.50"), effective_from=datetime.date(2025, 4, 1))
    assert services.rates_revalue(rates=[april]) == 2
    values = {day: Contribution.objects.get(pk=c.pk).value for day, c in lines.items()}
    assert values == {
        datetime.date(2025, 2, 1): D("28.00"),
        datetime.date(2025, 4, 1): D("29.00"),
        JUNE_30: D("29.00"),
        JULY_1: D("30.00"),
    }


def test_a_new_specific_rate_moves_lines_off_the_generalist_fallback(cast, initiative):
    ActivityRateFactory(activity="*", hourly_rate=D("12.00"))
    design = give_time(cast, initiative, "2", JUNE_30, activity="co-design")
    performing = give_time(cast, initiative, "2", JUNE_30)
    assert design.method == ContributionMethod.REPLACEMENT_COST_GENERALIST
    specific = ActivityRateFactory(activity="co-design", hourly_rate=D("16.50"))
    assert services.rates_revalue(rates=[specific]) == 1
    design.refresh_from_db()
    performing.refresh_from_db()
    assert (design.value, design.method) == (
        D("33.00"),
        ContributionMethod.REPLACEMENT_COST_SPECIALIST,
    )
    assert performing.value == D("28.00")


def test_activity_rate_save_revalues_an_edited_rate(cast, initiative):
    line = give_time(cast, initiative, "2", JUNE_30)
    rate = line.rate_used
    rate.hourly_rate = D("14.25")
    assert services.activity_rate_save(rate=rate) == 1
    line.refresh_from_db()
    assert line.value == D("28.50")
    assert services.activity_rate_save(rate=rate) == 0  # saved again unchanged: nothing moves


def test_staff_cost_changes_revalue_staff_time(cast, initiative):
    line = services.public_input_record(
        recorded_by=cast.officer,
        initiative=initiative,
        kind="staff_time",
        date=JUNE_30,
        hours=D("10"),
        grade=GRADE,
    )
    raise_ = StaffCostRateFactory(
        organisation=cast.council,
        grade=GRADE,
        hourly_rate=D("33.00"),
        effective_from=datetime.date(2025, 6, 1),
    )
    assert services.staff_costs_revalue(rates=[raise_]) == 1
    line.refresh_from_db()
    assert (line.value, line.rate_used) == (D("330.00"), raise_)
