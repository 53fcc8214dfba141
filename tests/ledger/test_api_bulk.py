"""POST /api/v1/contributions/bulk/ — a partner's batch: all or nothing, idempotent, fast."""

import datetime
import time
from decimal import Decimal as D

import pytest

from ledger import services
from ledger.models import Contribution, StaleBucket

from ..factories import InitiativeFactory, MembershipFactory
from .factories import befriending

pytestmark = pytest.mark.django_db

URL = "/api/v1/contributions/bulk/"


@pytest.fixture
def initiative(cast):
    return befriending(cast)


def batch(initiative, size=1000, prefix="ext"):
    """`size` rows: 100 volunteers on ten days of June and July 2025, a third in kind or money."""
    rows = []
    for i in range(size):
        day = datetime.date(2025, 6, 26) + datetime.timedelta(days=i % 10)
        row = {
            "initiative": initiative.pk,
            "volunteer_ref": f"AC-{i % 100:03d}",
            "external_ref": f"{prefix}-{i:04d}",
            "date": day.isoformat(),
        }
        if i % 3 == 2:
            row.update(kind="in_kind", amount="12.50", description="Cake for the tea party")
        else:
            row.update(kind="time", activity="co-performing", hours=1.5)  # a JSON number
        rows.append(row)
    return rows


def test_a_thousand_rows_in_one_call(cast, initiative, api_as):
    client = api_as(cast.partner)
    rows = batch(initiative)
    started = time.perf_counter()
    response = client.post(URL, {"contributions": rows}, format="json")
    elapsed = time.perf_counter() - started
    print(
        f"\nbulk: 1,000 rows validated and stored in {elapsed:.3f} s ({1000 / elapsed:,.0f} rows/s)"
    )
    assert response.status_code == 201, response.content[:500]
    body = response.json()
    assert (body["created"], body["duplicates"]) == (1000, 0)
    assert len(body["contributions"]) == 1000
    first = body["contributions"][0]
    assert first["outcome"] == "created" and first["external_ref"] == "ext-0000"
    assert first["submitted_by_organisation"] == cast.charity.pk and first["contributor"] is None
    assert Contribution.objects.count() == 1000
    # Each row's "created" history record: who, when, and the row as it was created.
    assert Contribution.history.filter(history_type="+", history_user=cast.partner).count() == 1000
    record = Contribution.history.get(external_ref="ext-0004")
    assert (record.value, record.hours, record.status) == (D("21.00"), D("1.50"), "submitted")
    assert record.instance == Contribution.objects.get(external_ref="ext-0004")
    # 26 June (time, £14.00) and 1 July (time, £15.00): the rate in force on each row's date.
    values = {c["external_ref"]: c["value"] for c in body["contributions"]}
    assert values["ext-0000"] == "21.00" and values["ext-0006"] == "22.50"
    assert values["ext-0002"] == "12.50"
    assert set(StaleBucket.objects.values_list("month", flat=True)) == {
        datetime.date(2025, 6, 1),
        datetime.date(2025, 7, 1),
    }


def test_one_bad_row_among_a_thousand_stores_nothing_and_names_its_index(cast, initiative, api_as):
    rows = batch(initiative)
    rows[617]["hours"] = 0
    rows[618]["date"] = "2025-13-01"
    response = api_as(cast.partner).post(URL, rows, format="json")  # a bare list works too
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["index"] for e in errors] == [617, 618]
    assert "hours" in errors[0]["errors"] and "date" in errors[1]["errors"]
    assert Contribution.objects.count() == 0 and StaleBucket.objects.count() == 0


def test_the_same_batch_twice_stores_it_once(cast, initiative, api_as):
    client = api_as(cast.partner)
    rows = batch(initiative, size=200)
    first = client.post(URL, {"contributions": rows}, format="json")
    second = client.post(URL, {"contributions": rows}, format="json")
    assert first.status_code == second.status_code == 201
    assert (second.json()["created"], second.json()["duplicates"]) == (0, 200)
    assert {c["outcome"] for c in second.json()["contributions"]} == {"duplicate"}
    assert [c["id"] for c in second.json()["contributions"]] == [
        c["id"] for c in first.json()["contributions"]
    ]
    assert Contribution.objects.count() == 200


def test_a_batch_mixing_stored_and_new_rows_creates_only_the_new(cast, initiative, api_as):
    client = api_as(cast.partner)
    rows = batch(initiative, size=10)
    client.post(URL, rows[:4], format="json")
    response = client.post(URL, rows, format="json")
    assert [c["outcome"] for c in response.json()["contributions"]] == ["duplicate"] * 4 + [
        "created"
    ] * 6
    assert Contribution.objects.count() == 10


def test_more_than_a_thousand_rows_is_refused(cast, initiative, api_as):
    response = api_as(cast.partner).post(URL, batch(initiative, size=1001), format="json")
    assert response.status_code == 400 and "contributions" in response.json()
    assert Contribution.objects.count() == 0


def test_row_rules_are_the_same_as_for_one_line(cast, initiative, api_as):
    unrelated = InitiativeFactory(lead_organisation=cast.other_council)
    rows = batch(initiative, size=6)
    rows[0]["initiative"] = unrelated.pk  # the charity has no part in it
    rows[1]["currency"] = "EUR"
    rows[2]["external_ref"] = rows[3]["external_ref"]  # repeated in the batch
    rows[4]["hours"] = 23  # AC-004 …
    rows.append({**rows[4], "external_ref": "more", "hours": 2})  # … and 2 more the same day
    response = api_as(cast.partner).post(URL, rows, format="json")
    errors = {e["index"]: e["errors"] for e in response.json()["errors"]}
    assert "initiative" in errors[0] and "currency" in errors[1]
    assert "external_ref" in errors[3] and "hours" in errors[6]
    assert Contribution.objects.count() == 0


def test_hours_already_stored_count_towards_a_volunteers_day(cast, initiative, api_as):
    services.contributions_bulk_submit(
        submitted_by=cast.partner,
        organisation=cast.charity,
        rows=[
            {
                "initiative": initiative.pk,
                "kind": "time",
                "activity": "co-performing",
                "date": "2025-06-30",
                "hours": "20",
                "volunteer_ref": "AC-1",
            }
        ],
    )
    response = api_as(cast.partner).post(
        URL,
        [
            {
                "initiative": initiative.pk,
                "kind": "time",
                "activity": "co-performing",
                "date": "2025-06-30",
                "hours": "5",
                "volunteer_ref": "AC-1",
            }
        ],
        format="json",
    )
    assert response.status_code == 400 and "hours" in response.json()["errors"][0]["errors"]


def test_a_citizen_has_no_organisation_to_submit_for(cast, initiative, api_as):
    response = api_as(cast.citizen).post(URL, batch(initiative, size=2), format="json")
    assert response.status_code == 400 and "organisation" in response.json()
    assert Contribution.objects.count() == 0


def test_someone_acting_for_two_organisations_names_one(cast, initiative, api_as):
    MembershipFactory(user=cast.partner, organisation=cast.council, role="partner")
    client = api_as(cast.partner)
    unclear = client.post(URL, batch(initiative, size=2), format="json")
    assert unclear.status_code == 400 and "organisation" in unclear.json()
    named = client.post(
        URL,
        {"organisation": cast.charity.pk, "contributions": batch(initiative, size=2)},
        format="json",
    )
    assert named.status_code == 201
    not_theirs = client.post(
        URL,
        {"organisation": cast.other_council.pk, "contributions": batch(initiative, size=2)},
        format="json",
    )
    assert not_theirs.status_code == 400
    assert Contribution.objects.count() == 2


def test_rows_must_be_objects_in_a_list(cast, initiative, api_as):
    client = api_as(cast.partner)
    assert client.post(URL, {"contributions": "nope"}, format="json").status_code == 400
    response = client.post(URL, [1, {"initiative": initiative.pk}], format="json")
    errors = response.json()["errors"]
    assert errors[0]["index"] == 0 and "non_field_errors" in errors[0]["errors"]


def test_a_partner_sees_its_bulk_rows_and_nobody_elses(cast, initiative, api_as):
    api_as(cast.partner).post(URL, batch(initiative, size=3), format="json")
    services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="money",
        date=datetime.date(2025, 6, 30),
        amount="3",
    )
    body = api_as(cast.partner).get("/api/v1/contributions/").json()
    assert body["count"] == 3
    assert {row["submitted_by_organisation"] for row in body["results"]} == {cast.charity.pk}
