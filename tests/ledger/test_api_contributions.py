"""/api/v1/contributions/: list with filters, create, retrieve, partial update, verify, reject."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from ledger import services
from ledger.models import Contribution, ContributionStatus, StaleBucket
from ledger.serializers import ContributionSerializer

from ..factories import InitiativeFactory, MembershipFactory, UserFactory
from .factories import befriending, take_part

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions/"
DESIGN_FIELDS = {
    "id",
    "initiative",
    "contributor",
    "submitted_by_organisation",
    "external_ref",
    "kind",
    "activity",
    "date",
    "hours",
    "amount",
    "currency",
    "description",
    "status",
    "value",
    "rate",
    "method",
}


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def time_line(initiative, **extra):
    return {
        "initiative": initiative.pk,
        "kind": "time",
        "activity": "co-performing",
        "date": "2025-06-30",
        "hours": "2",
        **extra,
    }


def submit(cast, initiative, *, by=None, day=datetime.date(2025, 6, 30), hours="2", **extra):
    return services.contribution_submit(
        submitted_by=by or cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=day,
        hours=D(hours),
        **extra,
    )


def partner_line(cast, initiative, ref, day=datetime.date(2025, 6, 30)):
    return services.contribution_submit(
        submitted_by=cast.partner,
        submitted_by_organisation=cast.charity,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=day,
        hours=D("1"),
        volunteer_ref="V",
        external_ref=ref,
    )


# --- create and read ----------------------------------------------------------------------------


def test_a_citizen_logs_a_contribution_and_value_is_computed_not_taken(cast, initiative, api_as):
    response = api_as(cast.citizen).post(
        URL, time_line(initiative, value="9999.00", status="verified", rate="99"), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= DESIGN_FIELDS
    assert (body["value"], body["rate"], body["status"]) == ("28.00", "14.00", "submitted")
    assert body["contributor"] == cast.citizen.pk and body["submitted_by_organisation"] is None
    assert body["rate_source"] == "Illustrative demo rate, Co-production platform, 2025"
    assert body["hours"] == "2.00" and body["amount"] is None
    stored = Contribution.objects.get()
    assert stored.value == D("28.00") and stored.created_by == cast.citizen


def test_retrieve_shows_the_line_with_its_method_and_who_verified(cast, initiative, api_as):
    line = submit(cast, initiative)
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    body = api_as(cast.citizen).get(f"{URL}{line.pk}/").json()
    assert body["status"] == "verified" and body["verified_by"] == cast.officer.pk
    assert body["verified_at"] and body["method"] == "replacement_cost_specialist"


def test_list_filters(cast, initiative, api_as):
    other = InitiativeFactory(lead_organisation=cast.council)
    take_part(cast.citizen, other)
    june = submit(cast, initiative)
    july = submit(cast, initiative, day=datetime.date(2025, 7, 1))
    elsewhere = submit(cast, other, day=datetime.date(2025, 7, 2))
    money = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="money",
        date=datetime.date(2025, 7, 3),
        amount=D("5"),
    )
    services.contribution_verify(contribution=july, verified_by=cast.officer)
    client = api_as(cast.officer)

    def ids(query):
        body = client.get(URL + "?" + query).json()
        return {row["id"] for row in body["results"]}

    assert ids(f"initiative={initiative.pk}") == {june.pk, july.pk, money.pk}
    assert ids("status=verified") == {july.pk}
    assert ids("kind=money") == {money.pk}
    assert ids("date_after=2025-07-01&date_before=2025-07-02") == {july.pk, elsewhere.pk}
    body = client.get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 4


def test_a_partner_posts_one_line_for_its_volunteer_and_resubmitting_answers_the_stored_row(
    cast, initiative, api_as
):
    client = api_as(cast.partner)
    row = time_line(initiative, volunteer_ref="AC-7", external_ref="ext-1")
    first = client.post(URL, row, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["submitted_by_organisation"] == cast.charity.pk  # inferred
    again = client.post(URL, {**row, "hours": "5"}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["hours"] == "2.00"
    assert Contribution.objects.count() == 1


# --- every bad input, through the API: 400 naming the field, nothing stored -------------------


def _tomorrow():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


BAD = [
    ("zero hours", "citizen", {"hours": "0"}, "hours"),
    ("negative hours", "citizen", {"hours": "-2"}, "hours"),
    ("negative amount", "citizen", {"kind": "money", "hours": None, "amount": "-1"}, "amount"),
    ("zero amount", "citizen", {"kind": "expenses", "hours": None, "amount": "0"}, "amount"),
    ("over 24 hours", "citizen", {"hours": "25"}, "hours"),
    ("future date", "citizen", {"date": "tomorrow"}, "date"),
    ("before the initiative existed", "citizen", {"date": "2023-06-30"}, "date"),
    ("stipend at a third", "citizen", {"stipend_per_hour": "4.67"}, "stipend_per_hour"),
    (
        "in kind without description",
        "citizen",
        {"kind": "in_kind", "hours": None, "amount": "40"},
        "description",
    ),
    ("another currency", "citizen", {"currency": "EUR"}, "currency"),
    ("no part in it", "outsider", {}, "initiative"),
    ("not a participant", "nobody", {}, "initiative"),
    (
        "partner of another initiative",
        "outsider",
        {"submitted_by_organisation": "other_council", "volunteer_ref": "X"},
        "initiative",
    ),
    ("unknown activity", "citizen", {"activity": "juggling"}, "activity"),
    ("three decimal places", "citizen", {"hours": "1.255"}, "hours"),
]


@pytest.mark.parametrize(("what", "who", "change", "field"), BAD, ids=[b[0] for b in BAD])
def test_every_bad_input_is_a_field_error_and_leaves_the_database_unchanged(
    cast, initiative, api_as, what, who, change, field
):
    submit(cast, initiative, by=cast.citizen2, hours="1")  # something already there
    row = time_line(initiative, **change)
    if row["date"] == "tomorrow":
        row["date"] = _tomorrow()
    if "submitted_by_organisation" in row:
        row["submitted_by_organisation"] = getattr(cast, row["submitted_by_organisation"]).pk
    row = {k: v for k, v in row.items() if v is not None}
    before = (
        Contribution.objects.count(),
        Contribution.history.count(),
        StaleBucket.objects.count(),
        list(Contribution.objects.values_list("value")),
    )
    response = api_as(getattr(cast, who)).post(URL, row, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (
        Contribution.objects.count(),
        Contribution.history.count(),
        StaleBucket.objects.count(),
        list(Contribution.objects.values_list("value")),
    ) == before


def test_hours_over_24_summed_over_a_day_through_the_api(cast, initiative, api_as):
    submit(cast, initiative, hours="20")
    response = api_as(cast.citizen).post(URL, time_line(initiative, hours="4.5"), format="json")
    assert response.status_code == 400 and "hours" in response.json()
    assert Contribution.objects.count() == 1


# --- partial update -----------------------------------------------------------------------------


def test_patch_revalues_and_returns_a_verified_line_to_submitted(cast, initiative, api_as):
    line = submit(cast, initiative)
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    response = api_as(cast.citizen).patch(
        f"{URL}{line.pk}/", {"hours": "3", "value": "1.00", "initiative": 999}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["hours"], body["value"], body["status"]) == ("3.00", "42.00", "submitted")
    assert body["initiative"] == initiative.pk
    assert line.history.count() == 3


def test_patch_obeys_the_rules(cast, initiative, api_as):
    line = submit(cast, initiative)
    response = api_as(cast.citizen).patch(f"{URL}{line.pk}/", {"hours": "-1"}, format="json")
    assert response.status_code == 400 and "hours" in response.json()
    line.refresh_from_db()
    assert line.hours == D("2.00")


def test_put_and_delete_are_not_offered(cast, initiative, api_as):
    line = submit(cast, initiative)
    client = api_as(cast.officer)
    assert client.put(f"{URL}{line.pk}/", time_line(initiative), format="json").status_code == 405
    assert client.delete(f"{URL}{line.pk}/").status_code == 405


# --- verify and reject --------------------------------------------------------------------------


def test_an_officer_verifies_and_rejects(cast, initiative, api_as):
    a, b = submit(cast, initiative), submit(cast, initiative, day=datetime.date(2025, 7, 1))
    client = api_as(cast.officer)
    verified = client.post(f"{URL}{a.pk}/verify/")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    no_reason = client.post(f"{URL}{b.pk}/reject/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    rejected = client.post(f"{URL}{b.pk}/reject/", {"reason": "Not this scheme"}, format="json")
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "Not this scheme"
    again = client.post(f"{URL}{a.pk}/verify/")
    assert again.status_code == 400 and "status" in again.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer", 200),
        ("manager", 200),
        ("citizen", 403),  # sees their own line, may not verify it
        ("citizen2", 404),
        ("member", 404),  # elected members read accounts, not individual lines
        ("partner", 404),  # sees only its own organisation's submissions
        ("outsider", 404),  # officer of an unrelated organisation
        ("nobody", 404),
    ],
)
def test_who_may_verify(cast, initiative, api_as, who, status):
    line = submit(cast, initiative)
    response = api_as(getattr(cast, who)).post(f"{URL}{line.pk}/verify/")
    assert response.status_code == status
    line.refresh_from_db()
    expected = ContributionStatus.VERIFIED if status == 200 else ContributionStatus.SUBMITTED
    assert line.status == expected


def test_a_partner_sees_its_submission_but_may_not_verify_or_reject_it(cast, initiative, api_as):
    line = partner_line(cast, initiative, "p-1")
    client = api_as(cast.partner)
    assert client.get(f"{URL}{line.pk}/").status_code == 200
    assert client.post(f"{URL}{line.pk}/verify/").status_code == 403
    assert client.post(f"{URL}{line.pk}/reject/", {"reason": "x"}, format="json").status_code == 403


def test_staff_of_a_partner_organisation_verify(cast, initiative, api_as):
    charity_officer = UserFactory(username="charity-officer")
    MembershipFactory(user=charity_officer, organisation=cast.charity, role="officer")
    line = submit(cast, initiative)
    assert api_as(charity_officer).post(f"{URL}{line.pk}/verify/").status_code == 200


# --- scoping ----------------------------------------------------------------------------------


def test_scoping_of_lists_and_details(cast, initiative, api_as):
    mine = submit(cast, initiative)
    theirs = submit(cast, initiative, by=cast.citizen2)
    partners = partner_line(cast, initiative, "p-1")
    by_officer = submit(
        cast, initiative, by=cast.officer, contributor=cast.citizen2, day=datetime.date(2025, 7, 1)
    )

    def visible(who):
        body = api_as(getattr(cast, who)).get(URL).json()
        return {row["id"] for row in body["results"]}

    everything = {mine.pk, theirs.pk, partners.pk, by_officer.pk}
    assert visible("citizen") == {mine.pk}
    assert visible("citizen2") == {theirs.pk, by_officer.pk}
    assert visible("partner") == {partners.pk}
    assert visible("officer") == everything and visible("manager") == everything
    assert visible("outsider") == set() and visible("nobody") == set()
    assert visible("member") == set()
    citizen = api_as(cast.citizen)
    assert citizen.get(f"{URL}{theirs.pk}/").status_code == 404
    assert citizen.patch(f"{URL}{theirs.pk}/", {"hours": "1"}, format="json").status_code == 404
    assert api_as(cast.outsider).get(f"{URL}{mine.pk}/").status_code == 404


def test_schema_documents_the_ledger_paths(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in [
        "/api/v1/contributions/",
        "/api/v1/contributions/{id}/",
        "/api/v1/contributions/{id}/verify/",
        "/api/v1/contributions/{id}/reject/",
        "/api/v1/contributions/bulk/",
        "/api/v1/public-inputs/",
        "/api/v1/public-inputs/{id}/",
        "/api/v1/initiatives/{id}/accounts/",
    ]:
        assert path in paths, path
    filters = {p["name"] for p in paths["/api/v1/contributions/"]["get"]["parameters"]}
    assert filters >= {"initiative", "status", "kind", "date_after", "date_before"}
    accounts = paths["/api/v1/initiatives/{id}/accounts/"]["get"]
    body = accounts["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Accounts"}  # one object, not a list
    contribution = schema["components"]["schemas"]["Contribution"]["properties"]
    assert contribution["value"]["readOnly"] is True


def test_the_contribution_representation_has_exactly_its_declared_fields(cast, initiative):
    line = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 6, 30),
        hours=D("1.5"),
        stipend_per_hour=D("1"),
    )
    services.contribution_verify(contribution=line, verified_by=cast.officer)
    serializer = ContributionSerializer(line)
    assert list(serializer.data) == list(serializer.fields)
    # Each hand-written format matches what DRF's declared field would give.
    for name, field in serializer.fields.items():
        attribute = field.get_attribute(line)
        expected = None if attribute is None else field.to_representation(attribute)
        assert serializer.data[name] == expected, name
