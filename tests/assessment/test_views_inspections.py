"""Inspections: the list per initiative, recording one (staff or an inspector, with a team of
eligible inspectors, standards and recommendations), completing it, the detail page, the
organisation's responses to each recommendation, and the public "You said, we did" pages."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import Inspection, InspectionStatus, RecommendationResponse
from initiatives.models import ParticipationRole, Status

from ..factories import InitiativeFactory, OrganisationFactory
from .factories import take_part

pytestmark = pytest.mark.django_db

INSPECTED_ON = datetime.date(2025, 3, 10)


def stored() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_app_config("assessment").get_models()
    }


@pytest.fixture
def initiative(cast):
    initiative = InitiativeFactory(
        title="Eastfield tenant inspectors", lead_organisation=cast.council,
        partner_organisations=[cast.charity], start_date=datetime.date(2024, 1, 1),
    )
    take_part(cast.citizen, initiative, ParticipationRole.INSPECTOR)
    take_part(cast.citizen2, initiative, ParticipationRole.INSPECTOR)
    return initiative


def make_inspection(cast, initiative, *, complete=True):
    inspection = services.inspection_create(
        created_by=cast.officer,
        initiative=initiative,
        title="Void repairs inspection",
        summary="Five empty homes visited.",
        inspected_on=INSPECTED_ON,
        team=[cast.citizen, cast.citizen2],
        standards=[
            {"statement": "Homes are clean when let", "score": 4, "finding": "Mostly clean"},
            {"statement": "Repairs finished before letting", "score": 2,
             "finding": "Two homes had open repairs"},
        ],
        recommendations=["Check every repair is signed off", "Photograph each home"],
    )
    if complete:
        services.inspection_complete(inspection=inspection, completed_by=cast.officer)
    return inspection


@pytest.fixture
def completed(cast, initiative):
    return make_inspection(cast, initiative)


@pytest.fixture
def draft(cast, initiative):
    return make_inspection(cast, initiative, complete=False)


def list_url(initiative):
    return reverse("assessment-inspections", args=[initiative.pk])


def create_url(initiative):
    return reverse("assessment-inspection-create", args=[initiative.pk])


def detail_url(inspection):
    return reverse("assessment-inspection-detail", args=[inspection.pk])


def respond_url(recommendation):
    return reverse("assessment-recommendation-respond", args=[recommendation.pk])


def new_inspection(cast, **overrides):
    data = {
        "title": "Estate walkabout",
        "inspected_on": "2025-04-01",
        "summary": "",
        "team": [cast.citizen.pk],
        "standard_1_statement": "Communal areas are clean",
        "standard_1_score": "3",
        "standard_1_finding": "Stairwells need attention",
        "standard_2_statement": "Lights work",
        "standard_2_score": "",
        "recommendation_1": "Clean stairwells weekly",
    }
    data.update(overrides)
    return data


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, sees_draft, can_add",
    [
        ("officer", True, True),
        ("manager", True, True),
        ("partner", True, False),
        ("member", True, False),
        ("citizen", True, True),  # on the team, and an inspector of the initiative
        ("outsider", False, False),
    ],
)
def test_the_list_by_persona(client, cast, initiative, completed, persona, sees_draft, can_add):
    draft = make_inspection(cast, initiative, complete=False)
    client.force_login(getattr(cast, persona))

    response = client.get(list_url(initiative))

    assert response.status_code == 200
    shown = {item["inspection"].pk for item in response.context["inspections"]}
    assert completed.pk in shown
    assert (draft.pk in shown) is sees_draft
    assert response.context["can_add"] is can_add


def test_a_draft_is_not_found_outside_its_team_and_insiders(client, cast, draft):
    client.force_login(cast.outsider)

    assert client.get(detail_url(draft)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, initiative, completed):
    for url in (list_url(initiative), create_url(initiative), detail_url(completed)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_initiative_outside_scope_is_not_found(client, cast):
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)
    client.force_login(cast.outsider)

    assert client.get(list_url(proposed)).status_code == 404
    assert client.get(create_url(proposed)).status_code == 404


# --- recording one ----------------------------------------------------------------------------


def test_the_form_offers_the_initiatives_inspectors_and_blank_rows(client, cast, initiative):
    take_part(cast.partner, initiative, ParticipationRole.VOLUNTEER)  # not an inspector
    client.force_login(cast.officer)

    response = client.get(create_url(initiative))

    form = response.context["form"]
    assert {pk for pk, _ in form.fields["team"].widget.choices} == {
        cast.citizen.pk, cast.citizen2.pk,
    }
    body = response.content.decode()
    assert "<legend>Inspection team</legend>" in body
    for n in range(1, 6):
        assert f'name="standard_{n}_statement"' in body
        assert f'name="recommendation_{n}"' in body


def test_staff_record_a_draft_inspection(client, cast, initiative):
    client.force_login(cast.officer)

    response = client.post(create_url(initiative), new_inspection(cast))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(inspection)
    assert inspection.status == InspectionStatus.DRAFT
    assert list(inspection.team.all()) == [cast.citizen]
    assert [(s.statement, s.score) for s in inspection.standards.all()] == [
        ("Communal areas are clean", 3), ("Lights work", None),
    ]
    assert [r.text for r in inspection.recommendations.all()] == ["Clean stairwells weekly"]


def test_an_inspector_records_one_and_joins_the_team(client, cast, initiative):
    client.force_login(cast.citizen2)

    response = client.post(create_url(initiative), new_inspection(cast, team=[]))

    assert response.status_code == 302
    assert set(Inspection.objects.get().team.all()) == {cast.citizen2}


def test_a_team_member_who_is_not_an_inspector_is_refused(client, cast, initiative):
    client.force_login(cast.officer)
    before = stored()

    response = client.post(create_url(initiative), new_inspection(cast, team=[cast.partner.pk]))

    assert response.status_code == 400
    assert "team" in response.context["form"].errors
    assert stored() == before


def test_an_empty_team_is_refused_on_its_field(client, cast, initiative):
    client.force_login(cast.officer)

    response = client.post(create_url(initiative), new_inspection(cast, team=[]))

    assert response.status_code == 400
    assert response.context["form"].errors["team"] == ["Name at least one inspector."]
    assert not Inspection.objects.exists()


def test_a_score_outside_1_to_5_is_refused(client, cast, initiative):
    client.force_login(cast.officer)

    response = client.post(create_url(initiative), new_inspection(cast, standard_1_score="6"))

    assert response.status_code == 400
    assert response.context["form"].errors["standard_1_score"] == ["Choose a score from 1 to 5."]
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "member", "outsider", "nobody"])
def test_others_may_not_record_an_inspection(client, cast, initiative, persona):
    client.force_login(getattr(cast, persona))

    assert client.get(create_url(initiative)).status_code == 403
    assert client.post(create_url(initiative), new_inspection(cast)).status_code == 403
    assert not Inspection.objects.exists()


def test_staff_edit_a_draft(client, cast, draft):
    client.force_login(cast.officer)
    edit = reverse("assessment-inspection-edit", args=[draft.pk])

    form = client.get(edit).context["form"]
    assert form.initial["standard_2_statement"] == "Repairs finished before letting"
    assert form.initial["recommendation_2"] == "Photograph each home"

    data = new_inspection(cast, title="Void repairs inspection (revised)",
                          team=[cast.citizen.pk, cast.citizen2.pk])
    assert client.post(edit, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Void repairs inspection (revised)"


def test_completing_an_inspection(client, cast, draft):
    client.force_login(cast.citizen)  # on the team

    response = client.post(
        reverse("assessment-inspection-complete", args=[draft.pk]), follow=True
    )

    draft.refresh_from_db()
    assert draft.status == InspectionStatus.COMPLETED
    assert "The inspection is completed." in response.content.decode()


def test_completing_with_an_unscored_standard_says_why(client, cast, initiative):
    client.force_login(cast.officer)
    client.post(create_url(initiative), new_inspection(cast))  # standard 2 not scored
    inspection = Inspection.objects.get()

    response = client.post(
        reverse("assessment-inspection-complete", args=[inspection.pk]), follow=True
    )

    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT
    assert "not scored: 2" in response.content.decode()


def test_a_completed_inspection_cannot_be_changed(client, cast, completed):
    client.force_login(cast.officer)

    assert client.get(reverse("assessment-inspection-edit", args=[completed.pk])).status_code == 403
    assert client.post(
        reverse("assessment-inspection-complete", args=[completed.pk])
    ).status_code == 403


# --- the detail page and responses ------------------------------------------------------------


def test_the_detail_shows_standards_and_recommendations(client, cast, completed):
    client.force_login(cast.outsider)

    response = client.get(detail_url(completed))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Repairs finished before letting" in body and "2 of 5" in body
    assert "Two homes had open repairs" in body
    assert "Check every repair is signed off" in body
    assert "Waiting for the organisation's response." in body
    assert not response.context["can_respond"]
    assert "Inspection team:" not in body  # citizens' names stay with insiders and the team


def test_staff_respond_to_each_recommendation(client, cast, completed):
    first, second = completed.recommendations.all()
    client.force_login(cast.manager)

    assert client.get(detail_url(completed)).context["can_respond"]
    response = client.post(respond_url(first), {
        "decision": "accepted", "action": "Sign-off sheet added to the voids checklist.",
        "due_date": "2025-06-30", "done_at": "2025-05-02",
    })
    assert response.status_code == 302
    client.post(respond_url(second), {
        "decision": "declined", "action": "Photographs would breach tenants' privacy.",
    })

    answers = {r.recommendation_id: r for r in RecommendationResponse.objects.all()}
    assert answers[first.pk].decision == "accepted"
    assert answers[first.pk].done_at == datetime.date(2025, 5, 2)
    assert answers[first.pk].responded_by == cast.manager
    assert answers[second.pk].decision == "declined"
    body = client.get(detail_url(completed)).content.decode()
    assert "Sign-off sheet added" in body and "Done on 2 May 2025." in body


def test_an_accepted_recommendation_needs_a_due_date(client, cast, completed):
    recommendation = completed.recommendations.first()
    client.force_login(cast.officer)

    response = client.post(respond_url(recommendation), {"decision": "accepted",
                                                         "action": "We will."})

    assert response.status_code == 400
    assert response.context["form"].errors["due_date"] == [
        "Give a due date for an accepted recommendation."
    ]
    assert not RecommendationResponse.objects.exists()


def test_a_response_to_a_recommendation_of_another_organisation_is_refused(
    client, cast, completed
):
    recommendation = completed.recommendations.first()
    client.force_login(cast.outsider)  # an officer of another council
    before = stored()

    assert client.get(respond_url(recommendation)).status_code == 403
    response = client.post(respond_url(recommendation), {
        "decision": "accepted", "action": "We will.", "due_date": "2025-06-30",
    })

    assert response.status_code == 403
    assert "This recommendation is to another organisation" in (
        response.context["form"].non_field_errors()[0]
    )
    assert "This recommendation is to another organisation" in response.content.decode()
    assert stored() == before


def test_responding_before_the_inspection_is_completed_is_refused(client, cast, draft):
    client.force_login(cast.officer)

    response = client.post(respond_url(draft.recommendations.first()), {
        "decision": "declined", "action": "No.",
    })

    assert response.status_code == 400
    assert "Respond once the inspection is completed." in response.content.decode()
    assert not RecommendationResponse.objects.exists()


def test_staff_see_what_awaits_a_response(client, cast, completed):
    client.force_login(cast.officer)

    body = client.get(reverse("assessment-recommendations-awaiting")).content.decode()

    assert "Check every repair is signed off" in body
    client.force_login(cast.citizen)
    assert client.get(reverse("assessment-recommendations-awaiting")).status_code == 403


# --- you said, we did -------------------------------------------------------------------------


def test_you_said_we_did_is_public_per_initiative_and_per_organisation(
    client, cast, initiative, completed
):
    first = completed.recommendations.first()
    services.recommendation_respond(
        recommendation=first, responded_by=cast.officer, decision="accepted",
        action="Sign-off sheet added.", due_date=timezone.localdate(),
    )

    for url in (
        reverse("assessment-you-said-we-did", args=[initiative.pk]),
        reverse("assessment-you-said-we-did-organisation", args=[cast.council.slug]),
        reverse("assessment-you-said-we-did-organisation", args=[cast.charity.slug]),
    ):
        response = client.get(url)  # nobody signed in
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "Check every repair is signed off" in body
        assert "Sign-off sheet added." in body
        assert "Photograph each home" in body  # still awaiting a response
        assert "Waiting for the organisation's response." in body


def test_you_said_we_did_leaves_out_drafts_and_other_organisations(client, cast, initiative,
                                                                   draft):
    other = OrganisationFactory(slug="elsewhere")

    body = client.get(
        reverse("assessment-you-said-we-did", args=[initiative.pk])
    ).content.decode()
    assert "Check every repair is signed off" not in body
    assert "No completed inspections" in body
    assert client.get(
        reverse("assessment-you-said-we-did-organisation", args=[other.slug])
    ).status_code == 200
    assert client.get(
        reverse("assessment-you-said-we-did-organisation", args=["no-such-org"])
    ).status_code == 404


def test_you_said_we_did_of_an_initiative_not_yet_public_is_not_found(client, cast):
    proposed = InitiativeFactory(lead_organisation=cast.council, status=Status.PROPOSED)

    assert client.get(
        reverse("assessment-you-said-we-did", args=[proposed.pk])
    ).status_code == 404


@pytest.mark.parametrize("persona, linked", [("officer", True), ("partner", False),
                                             ("citizen", False)])
def test_staff_reach_the_recommendations_awaiting_a_response_from_the_list(
    client, cast, initiative, completed, persona, linked
):
    client.force_login(getattr(cast, persona))

    body = client.get(list_url(initiative)).content.decode()

    assert (reverse("assessment-recommendations-awaiting") in body) is linked


def test_the_initiative_page_links_to_the_organisations_page(client, cast, initiative):
    body = client.get(
        reverse("assessment-you-said-we-did", args=[initiative.pk])
    ).content.decode()

    assert reverse("assessment-you-said-we-did-organisation", args=[cast.council.slug]) in body
