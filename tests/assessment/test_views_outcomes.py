"""An initiative's outcomes page, adding and editing outcome indicators, recording measurements
(staff verified at once, co-monitoring citizens submitted) and the queue staff verify from."""

import datetime
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.urls import reverse

from assessment import services
from assessment.models import MeasurementStatus, OutcomeIndicator, OutcomeMeasurement
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory
from .factories import record_falls, steady_steps, take_part

pytestmark = pytest.mark.django_db


def stored() -> dict[str, list]:
    """Every row of every assessment table (history included), to show nothing changed."""
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_app_config("assessment").get_models()
    }


@pytest.fixture
def steps(cast):
    return steady_steps(cast)


def outcomes_url(initiative):
    return reverse("assessment-outcomes", args=[initiative.pk])


def create_url(initiative):
    return reverse("assessment-indicator-create", args=[initiative.pk])


def record_url(indicator):
    return reverse("assessment-measurement-create", args=[indicator.pk])


GOOD_INDICATOR = {
    "name": "People less lonely",
    "description": "Counted with the befriending scale.",
    "unit": "people",
    "measure": "count",
    "better": "higher",
    "baseline_value": "0",
    "baseline_date": "2025-01-01",
    "target_value": "40",
    "target_date": "2025-12-31",
    "financial_proxy": "1000",
    "proxy_source_title": "Illustrative loneliness proxy",
    "proxy_source_publisher": "Demo",
    "proxy_source_year": "2024",
    "deadweight": "20",
    "displacement": "0",
    "attribution": "10",
    "drop_off": "25",
    "duration_years": "2",
}


# --- the outcomes page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, can_manage",
    [
        ("officer", True),
        ("manager", True),
        ("citizen", False),
        ("citizen2", False),
        ("partner", False),
        ("outsider", False),  # a public initiative: anyone signed in may read its outcomes
    ],
)
def test_the_outcomes_page_by_persona(client, cast, steps, persona, can_manage):
    initiative, _ = steps
    client.force_login(getattr(cast, persona))

    response = client.get(outcomes_url(initiative))

    assert response.status_code == 200
    assert response.context["can_manage"] is can_manage
    assert (create_url(initiative) in response.content.decode()) is can_manage


def test_anonymous_is_sent_to_sign_in(client, steps):
    initiative, indicator = steps
    for url in (outcomes_url(initiative), create_url(initiative), record_url(indicator),
                reverse("assessment-measurement-queue")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["citizen", "outsider", "nobody"])
def test_an_initiative_not_yet_public_is_not_found(client, cast, persona):
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    indicator = services.outcome_indicator_create(
        created_by=cast.officer, initiative=proposed, name="Homes visited", unit="homes",
        baseline_value=D("0"), baseline_date=datetime.date(2025, 1, 1),
    )
    client.force_login(getattr(cast, persona))

    assert client.get(outcomes_url(proposed)).status_code == 404
    assert client.get(create_url(proposed)).status_code == 404
    assert client.get(record_url(indicator)).status_code == 404
    assert client.get(
        reverse("assessment-indicator-edit", args=[indicator.pk])
    ).status_code == 404


def test_the_page_shows_baseline_target_latest_progress_and_readings(client, cast, steps):
    initiative, indicator = steps
    services.outcome_indicator_update(
        indicator=indicator, changed_by=cast.officer, target_value=D("24"),
        target_date=datetime.date(2025, 12, 31),
    )
    record_falls(cast, indicator, per_quarter=(3, 3, 3, 3))
    client.force_login(cast.citizen)

    response = client.get(outcomes_url(initiative))

    body = response.content.decode()
    row = response.context["rows"][0]
    assert row.current == D("12")
    assert row.percent == 50
    assert "Falls prevented" in body
    assert "Total so far" in body and "12 falls" in body
    assert "24 falls" in body  # the target
    assert "50% of the way from the baseline to the target" in body
    assert "<caption>Verified readings of Falls prevented, newest first</caption>" in body
    assert body.count("Falls clinic records") == 4
    # How one unit is valued, with every assumption beside the proxy.
    assert "£1,500.00 per unit" in body
    assert "Unit Costs of Health and Social Care (illustrative), PSSRU, 2024" in body
    for figure in ("25%", "10%", "20%", "3 years"):
        assert figure in body
    # Citizens do not see who recorded a reading.
    assert "Recorded by" not in body


def test_insiders_see_who_recorded_and_what_waits(client, cast, steps):
    initiative, indicator = steps
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    services.outcome_measurement_record(
        recorded_by=cast.citizen, indicator=indicator, value=D("2"),
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 3, 31),
    )
    record_falls(cast, indicator, per_quarter=(1, 1, 1, 1))
    client.force_login(cast.partner)

    body = client.get(outcomes_url(initiative)).content.decode()

    assert "Recorded by" in body
    assert "1 reading waits for verification." in body


# --- adding and editing an indicator ----------------------------------------------------------


def test_every_field_of_the_indicator_form_has_help_text(client, cast, steps):
    initiative, _ = steps
    client.force_login(cast.officer)

    response = client.get(create_url(initiative))

    assert response.status_code == 200
    form = response.context["form"]
    body = response.content.decode()
    for name, field in form.fields.items():
        assert field.help_text, f"{name} has no help text"
        assert f'id="id_{name}_helptext"' in body
    assert "would have happened anyway" in body  # deadweight in plain English


def test_staff_add_an_indicator(client, cast, steps):
    initiative, _ = steps
    client.force_login(cast.officer)

    response = client.post(create_url(initiative), GOOD_INDICATOR)

    assert response.status_code == 302
    assert response.url == outcomes_url(initiative)
    indicator = OutcomeIndicator.objects.get(name="People less lonely")
    assert indicator.initiative == initiative
    assert indicator.created_by == cast.officer
    assert (indicator.deadweight, indicator.drop_off, indicator.duration_years) == (
        D("20"), D("25"), 2,
    )
    assert indicator.proxy_source == "Illustrative loneliness proxy, Demo, 2024"


def test_empty_percentages_count_as_zero(client, cast, steps):
    initiative, _ = steps
    client.force_login(cast.officer)
    data = {**GOOD_INDICATOR, "deadweight": "", "displacement": "", "attribution": "",
            "drop_off": ""}

    assert client.post(create_url(initiative), data).status_code == 302

    indicator = OutcomeIndicator.objects.get(name="People less lonely")
    assert indicator.deadweight == indicator.drop_off == D("0")


@pytest.mark.parametrize("field", ["deadweight", "displacement", "attribution", "drop_off"])
@pytest.mark.parametrize("value", ["-1", "100.01", "150"])
def test_a_percentage_outside_0_to_100_is_refused_on_its_field(
    client, cast, steps, field, value
):
    initiative, _ = steps
    client.force_login(cast.officer)
    before = stored()

    response = client.post(create_url(initiative), {**GOOD_INDICATOR, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors[field] == ["A percentage runs from 0 to 100."]
    assert stored() == before


def test_a_duration_of_zero_years_is_refused_on_its_field(client, cast, steps):
    initiative, _ = steps
    client.force_login(cast.officer)
    before = stored()

    response = client.post(create_url(initiative), {**GOOD_INDICATOR, "duration_years": "0"})

    assert response.status_code == 400
    assert response.context["form"].errors["duration_years"] == [
        "An outcome lasts at least one year."
    ]
    body = response.content.decode()
    assert 'href="#id_duration_years"' in body  # the error summary links to the field
    assert stored() == before


def test_a_proxy_without_its_source_is_refused(client, cast, steps):
    initiative, _ = steps
    client.force_login(cast.officer)
    before = stored()

    response = client.post(create_url(initiative), {**GOOD_INDICATOR, "proxy_source_title": ""})

    assert response.status_code == 400
    assert "proxy_source_title" in response.context["form"].errors
    assert stored() == before


@pytest.mark.parametrize("persona", ["citizen", "partner", "member", "outsider"])
def test_only_staff_of_the_initiative_may_add_or_edit_indicators(client, cast, steps, persona):
    initiative, indicator = steps
    client.force_login(getattr(cast, persona))
    before = stored()

    assert client.get(create_url(initiative)).status_code == 403
    assert client.post(create_url(initiative), GOOD_INDICATOR).status_code == 403
    edit = reverse("assessment-indicator-edit", args=[indicator.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, GOOD_INDICATOR).status_code == 403
    assert stored() == before


def test_staff_edit_an_indicator(client, cast, steps):
    initiative, indicator = steps
    client.force_login(cast.manager)
    edit = reverse("assessment-indicator-edit", args=[indicator.pk])

    form = client.get(edit).context["form"]
    assert form.initial["name"] == "Falls prevented"
    assert form.initial["deadweight"] == D("25")

    response = client.post(edit, {**GOOD_INDICATOR, "name": "Falls avoided"})

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Falls avoided"


def test_editing_a_percentage_outside_0_to_100_changes_nothing(client, cast, steps):
    _, indicator = steps
    client.force_login(cast.officer)
    before = stored()

    response = client.post(
        reverse("assessment-indicator-edit", args=[indicator.pk]),
        {**GOOD_INDICATOR, "attribution": "101"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["attribution"] == ["A percentage runs from 0 to 100."]
    assert stored() == before


# --- recording measurements -------------------------------------------------------------------


MEASUREMENT = {
    "value": "4",
    "period_start": "2025-01-01",
    "period_end": "2025-03-31",
    "evidence": "Falls clinic records",
}


def test_staff_record_a_verified_measurement(client, cast, steps):
    initiative, indicator = steps
    client.force_login(cast.officer)

    response = client.post(record_url(indicator), MEASUREMENT, follow=True)

    measurement = OutcomeMeasurement.objects.get()
    assert measurement.status == MeasurementStatus.VERIFIED
    assert measurement.recorded_by == cast.officer
    assert measurement.value == D("4")
    assert "The measurement is recorded." in response.content.decode()
    assert response.redirect_chain[-1][0] == outcomes_url(initiative)


def test_a_co_monitoring_citizen_submits_a_measurement_for_staff_to_verify(
    client, cast, steps
):
    initiative, indicator = steps
    take_part(cast.citizen, initiative, ParticipationRole.PARTICIPANT)
    client.force_login(cast.citizen)

    assert client.get(outcomes_url(initiative)).context["can_record"] is True
    response = client.post(record_url(indicator), MEASUREMENT, follow=True)

    measurement = OutcomeMeasurement.objects.get()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert "It counts once staff of the initiative verify it." in response.content.decode()


@pytest.mark.parametrize("persona", ["citizen2", "partner", "member", "outsider"])
def test_anyone_else_may_not_record(client, cast, steps, persona):
    initiative, indicator = steps
    client.force_login(getattr(cast, persona))

    assert client.get(outcomes_url(initiative)).context["can_record"] is False
    assert client.get(record_url(indicator)).status_code == 403
    assert client.post(record_url(indicator), MEASUREMENT).status_code == 403
    assert not OutcomeMeasurement.objects.exists()


def test_a_measurement_dated_before_the_baseline_is_refused_on_its_field(client, cast, steps):
    _, indicator = steps  # baseline 1 January 2025
    client.force_login(cast.officer)
    before = stored()

    response = client.post(
        record_url(indicator),
        {**MEASUREMENT, "period_start": "2024-12-01", "period_end": "2024-12-31"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["period_start"] == [
        "The indicator's baseline is 2025-01-01; a measurement cannot be dated before it."
    ]
    assert stored() == before


def test_a_period_ending_before_it_starts_is_refused(client, cast, steps):
    _, indicator = steps
    client.force_login(cast.officer)

    response = client.post(
        record_url(indicator), {**MEASUREMENT, "period_end": "2024-12-31"}
    )

    assert response.status_code == 400
    assert "period_end" in response.context["form"].errors
    assert not OutcomeMeasurement.objects.exists()


# --- the queue --------------------------------------------------------------------------------


@pytest.fixture
def submitted(cast, steps):
    initiative, indicator = steps
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    return services.outcome_measurement_record(
        recorded_by=cast.citizen, indicator=indicator, value=D("3"),
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2025, 6, 30),
        evidence="Counted at the class",
    )


def test_staff_see_submitted_measurements_and_verify_them(client, cast, submitted):
    client.force_login(cast.officer)

    body = client.get(reverse("assessment-measurement-queue")).content.decode()
    assert "Counted at the class" in body
    assert "recorded by citizen" in body

    response = client.post(
        reverse("assessment-measurement-verify", args=[submitted.pk]), follow=True
    )

    submitted.refresh_from_db()
    assert submitted.status == MeasurementStatus.VERIFIED
    assert submitted.verified_by == cast.officer
    assert "Nothing is waiting for verification." in response.content.decode()


def test_staff_remove_a_measurement_that_cannot_be_checked(client, cast, submitted):
    client.force_login(cast.manager)

    response = client.post(reverse("assessment-measurement-remove", args=[submitted.pk]))

    assert response.status_code == 302
    assert not OutcomeMeasurement.objects.exists()


def test_verifying_twice_says_so(client, cast, submitted):
    client.force_login(cast.officer)
    url = reverse("assessment-measurement-verify", args=[submitted.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "This measurement is already verified." in response.content.decode()


@pytest.mark.parametrize("persona", ["citizen", "partner", "member"])
def test_the_queue_is_for_staff(client, cast, submitted, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(reverse("assessment-measurement-queue")).status_code == 403
    assert client.post(
        reverse("assessment-measurement-verify", args=[submitted.pk])
    ).status_code == 403
    assert client.post(
        reverse("assessment-measurement-remove", args=[submitted.pk])
    ).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == MeasurementStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["outsider", "citizen2"])
def test_a_submitted_measurement_is_not_found_outside_its_scope(client, cast, submitted, persona):
    client.force_login(getattr(cast, persona))

    assert client.post(
        reverse("assessment-measurement-verify", args=[submitted.pk])
    ).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == MeasurementStatus.SUBMITTED
