"""Proposing an initiative through the form: who may, and every kind of bad input."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative, StatusChange
from tests.factories import AreaFactory, coproduction_type, service_area

pytestmark = pytest.mark.django_db
URL = reverse("initiative-create")


def form_data(cast, **overrides) -> dict:
    data = {
        "title": "Tenant inspectors for Riverside estates",
        "summary": "Tenants inspect the repairs service and report what they find.",
        "description": "Training in March, first inspections in April.",
        "lead_organisation": cast.council.pk,
        "partner_organisations": [cast.charity.pk],
        "service_area": service_area("housing").pk,
        "coproduction_types": [coproduction_type("co-assessment").pk],
        "start_date": "2025-04-01",
        "end_date": "2025-12-31",
        "lead_professional": cast.officer.pk,
        "mode": "collective",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def field_errors(response, name: str) -> list[str]:
    return response.context["form"].errors.get(name, [])


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["citizen", "member", "partner", "nobody"])
def test_non_staff_are_refused(client, cast, persona):
    client.force_login(getattr(cast, persona))

    response = client.get(URL)

    assert response.status_code == 403
    assert "You cannot do that" in response.content.decode()
    assert client.post(URL, form_data(cast)).status_code == 403
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "manager", "outsider"])
def test_staff_get_the_form(client, cast, persona):
    client.force_login(getattr(cast, persona))

    response = client.get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    for name in (
        "title",
        "summary",
        "description",
        "lead_organisation",
        "service_area",
        "start_date",
        "end_date",
        "lead_professional",
    ):
        assert f'<label for="id_{name}">' in body, name
    assert 'type="date"' in body


def test_lead_organisation_is_limited_to_the_users_staff_organisations(client, cast):
    client.force_login(cast.officer)

    form = client.get(URL).context["form"]

    offered = [value for value, _ in form.fields["lead_organisation"].widget.choices if value]
    assert [str(v) for v in offered] == [str(cast.council.pk)]


def test_types_are_checkboxes_grouped_by_parent(client, cast):
    client.force_login(cast.officer)

    response = client.get(URL)

    groups = response.context["form"].type_groups()
    assert [g.parent.type.slug for g in groups] == [
        "co-commissioning",
        "co-design",
        "co-delivery",
        "co-assessment",
    ]
    assert [c.type.slug for c in groups[2].children] == ["co-management", "co-performing"]
    assert response.content.decode().count('type="checkbox" name="coproduction_types"') == 9


def test_valid_input_proposes_the_initiative_with_a_history_row(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast))

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiative-detail", args=[initiative.pk])
    assert initiative.status == "proposed"
    assert initiative.lead_organisation == cast.council
    assert list(initiative.partner_organisations.all()) == [cast.charity]
    assert [t.slug for t in initiative.coproduction_types.all()] == ["co-assessment"]
    assert initiative.lead_professional == cast.officer
    assert initiative.created_by == cast.officer
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "",
        "proposed",
        cast.officer,
    )


def test_no_type_is_an_error_on_the_types_and_stores_nothing(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, coproduction_types=None))

    assert response.status_code == 200
    assert field_errors(response, "coproduction_types") == [
        "Choose at least one co-production type."
    ]
    body = response.content.decode()
    assert 'href="#id_coproduction_types_0"' in body
    assert 'id="id_coproduction_types_error"' in body
    assert not Initiative.objects.exists()


def test_end_before_start_is_an_error_on_the_end_date(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, start_date="2025-06-01", end_date="2025-05-01"))

    assert field_errors(response, "end_date") == ["The end date cannot be before the start date."]
    body = response.content.decode()
    assert 'href="#id_end_date"' in body
    assert 'aria-invalid="true"' in body
    assert not Initiative.objects.exists()


def test_a_title_of_ten_thousand_characters_is_an_error_on_the_title(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, title="x" * 10_000))

    assert field_errors(response, "title")
    assert "at most 200 characters" in field_errors(response, "title")[0]
    assert 'href="#id_title"' in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_unknown_type_is_an_error(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, coproduction_types=["999999"]))

    assert field_errors(response, "coproduction_types")
    assert not Initiative.objects.exists()


def test_a_partner_that_does_not_exist_is_an_error(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, partner_organisations=["999999"]))

    assert field_errors(response, "partner_organisations")
    assert not Initiative.objects.exists()


def test_leading_for_an_organisation_one_is_not_staff_of_is_an_error(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, lead_organisation=cast.other_council.pk))

    assert field_errors(response, "lead_organisation")
    assert not Initiative.objects.exists()


def test_the_lead_cannot_also_be_a_partner(client, cast):
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, partner_organisations=[cast.council.pk]))

    assert field_errors(response, "partner_organisations")
    assert not Initiative.objects.exists()


def test_a_service_error_lands_on_the_field_it_names(client, cast):
    """Areas must belong to the lead or a partner: only the service knows that."""
    foreign_ward = AreaFactory(organisation=cast.other_council, name="Southport Central")
    client.force_login(cast.officer)

    response = client.post(URL, form_data(cast, areas=[foreign_ward.pk]))

    assert response.status_code == 200
    assert "Southport Central" in field_errors(response, "areas")[0]
    assert 'href="#id_areas_0"' in response.content.decode()
    assert not Initiative.objects.exists()
