"""manage.py import_rates / import_staff_costs: the CSV contract, idempotence, all or nothing."""

import datetime
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ledger import services
from ledger.models import ActivityRate, Contribution, StaffCostRate

from .factories import befriending

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "ledger" / "fixtures" / "illustrative_rates.csv"
RATES_HEADER = "organisation,activity,hourly_rate,currency,effective_from,source\n"
STAFF_HEADER = "organisation,grade,hourly_rate,oncost_percent,overhead_percent,effective_from\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(command, path):
    out, err = StringIO(), StringIO()
    call_command(command, path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot(model):
    return sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))


def test_the_shipped_illustrative_rates_import_and_are_labelled(db):
    out, _err = run("import_rates", str(FIXTURE))
    assert "13 rates created" in out
    rate = ActivityRate.objects.get(activity="co-performing", effective_from="2025-01-01")
    assert (rate.organisation, rate.hourly_rate, rate.currency) == (None, D("14.00"), "GBP")
    assert (rate.source_title, rate.source_publisher, rate.source_year) == (
        "Illustrative demo rate",
        "Co-production platform",
        2025,
    )
    assert not ActivityRate.objects.filter(is_illustrative=False).exists()
    assert ActivityRate.objects.filter(activity="*").count() == 2


def test_importing_the_same_file_twice_changes_nothing(db):
    run("import_rates", str(FIXTURE))
    before = snapshot(ActivityRate)
    history = ActivityRate.history.count()
    out, _err = run("import_rates", str(FIXTURE))
    assert "0 rates created, 0 updated, 13 unchanged" in out
    assert snapshot(ActivityRate) == before  # updated_at included: nothing was saved
    assert ActivityRate.history.count() == history


def test_organisation_rates_sources_and_a_changed_rate(cast, tmp_path):
    path = write(
        tmp_path,
        "rates.csv",
        RATES_HEADER
        + (
            "northbridge,co-performing,16.00,GBP,2025-01-01,"
            "Value of Volunteer Time; Independent Sector; 2022\n"
            ",*,12.60,GBP,2025-01-01,ONS annual survey of hours and earnings\n"
        ),
    )
    run("import_rates", path)
    council = ActivityRate.objects.get(organisation=cast.council)
    assert (council.source_title, council.source_publisher, council.source_year) == (
        "Value of Volunteer Time",
        "Independent Sector",
        2022,
    )
    assert council.is_illustrative is False
    generalist = ActivityRate.objects.get(activity="*")
    assert generalist.source_title == "ONS annual survey of hours and earnings"
    changed = write(
        tmp_path,
        "changed.csv",
        RATES_HEADER
        + (
            "northbridge,co-performing,16.50,GBP,2025-01-01,"
            "Value of Volunteer Time; Independent Sector; 2022\n"
        ),
    )
    out, _err = run("import_rates", changed)
    assert "0 rates created, 1 updated, 0 unchanged" in out
    assert ActivityRate.objects.get(organisation=cast.council).hourly_rate == D("16.50")


BAD_ROWS = [
    (
        "unknown organisation",
        "nowhere,co-performing,14.00,GBP,2025-01-01,Src; Pub; 2025",
        "organisation",
    ),
    ("zero rate", ",co-performing,0,GBP,2025-01-01,Src; Pub; 2025", "hourly_rate"),
    ("not a number", ",co-performing,fourteen,GBP,2025-01-01,Src; Pub; 2025", "hourly_rate"),
    ("bad date", ",co-performing,14.00,GBP,01/01/2025,Src; Pub; 2025", "effective_from"),
    ("unknown currency", ",co-performing,14.00,XYZ,2025-01-01,Src; Pub; 2025", "currency"),
    (
        "organisation's other currency",
        "northbridge,co-performing,14.00,EUR,2025-01-01,Src; Pub; 2025",
        "currency",
    ),
    ("no source", ",co-performing,14.00,GBP,2025-01-01,", "source"),
    ("bad activity key", ",Co Performing,14.00,GBP,2025-01-01,Src; Pub; 2025", "activity"),
    ("repeated row", ",co-design,16.00,GBP,2024-01-01,Src; Pub; 2025", "effective_from"),
    ("short row", ",co-performing,14.00", "row"),
]


@pytest.mark.parametrize(("what", "row", "field"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_a_bad_row_is_reported_by_line_and_nothing_of_the_file_is_stored(
    cast, tmp_path, what, row, field
):
    path = write(
        tmp_path,
        "bad.csv",
        RATES_HEADER
        + (
            ",co-design,16.00,GBP,2024-01-01,Src; Pub; 2024\n"
            ",co-performing,14.00,GBP,2025-01-01,Src; Pub; 2025\n"
            f"{row}\n"
            ",*,12.60,GBP,2025-01-01,Src; Pub; 2025\n"
        ),
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing of bad.csv was imported"):
        call_command("import_rates", path, stdout=StringIO(), stderr=err)
    assert f"Line 4: {field}:" in err.getvalue(), err.getvalue()
    assert ActivityRate.objects.count() == 0


def test_every_bad_row_is_listed(db, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        RATES_HEADER
        + (
            ",co-design,-1,GBP,2024-01-01,Src\n"
            ",co-design,16.00,GBP,2024-02-01,Src\n"
            ",co-planning,16.00,GBP,yesterday,Src\n"
        ),
    )
    with open(path, encoding="utf-8") as file, pytest.raises(ValidationError) as error:
        services.rate_import_csv(file=file)
    messages = error.value.messages
    assert [m.split(":")[0] for m in messages] == ["Line 2", "Line 4"]


def test_the_columns_are_a_contract(db, tmp_path):
    path = write(
        tmp_path,
        "cols.csv",
        "organisation,activity,rate,currency,effective_from,source\n"
        ",co-design,16.00,GBP,2024-01-01,Src\n",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_rates", path, stdout=StringIO(), stderr=err)
    assert "Line 1" in err.getvalue() and "hourly_rate" in err.getvalue()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_rates", str(tmp_path / "missing.csv"))


def test_an_imported_rate_with_an_earlier_date_revalues_the_lines_it_covers(cast, tmp_path):
    initiative = befriending(cast)
    june = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 6, 30),
        hours=D("2"),
    )
    july = services.contribution_submit(
        submitted_by=cast.citizen,
        initiative=initiative,
        kind="time",
        activity="co-performing",
        date=datetime.date(2025, 7, 1),
        hours=D("2"),
    )
    path = write(
        tmp_path,
        "april.csv",
        RATES_HEADER + ",co-performing,14.50,GBP,2025-04-01,Revised rate; Platform; 2025\n",
    )
    out, _err = run("import_rates", path)
    assert "1 ledger line(s) revalued" in out
    assert Contribution.objects.get(pk=june.pk).value == D("29.00")
    assert Contribution.objects.get(pk=july.pk).value == D("30.00")
    out, _err = run("import_rates", path)
    assert "0 ledger line(s) revalued" in out


# --- staff costs --------------------------------------------------------------------------------


def test_staff_costs_import_once_and_compute_the_loaded_cost(cast, tmp_path):
    path = write(
        tmp_path,
        "staff.csv",
        STAFF_HEADER
        + (
            "northbridge,officer-scale-6,32.50,20,15,2025-01-01\n"
            "northbridge,manager-grade-9,41.00,,,2025-01-01\n"
        ),
    )
    out, _err = run("import_staff_costs", path)
    assert "2 staff costs created" in out
    officer = StaffCostRate.objects.get(grade="officer-scale-6")
    assert officer.loaded_hourly_cost == D("44.85")
    assert StaffCostRate.objects.get(grade="manager-grade-9").oncost_percent == D("0")
    before = snapshot(StaffCostRate)
    out, _err = run("import_staff_costs", path)
    assert "0 staff costs created, 0 updated, 2 unchanged" in out
    assert snapshot(StaffCostRate) == before


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (",officer,30,0,0,2025-01-01", "organisation"),
        ("nowhere,officer,30,0,0,2025-01-01", "organisation"),
        ("northbridge,,30,0,0,2025-01-01", "grade"),
        ("northbridge,officer,0,0,0,2025-01-01", "hourly_rate"),
        ("northbridge,officer,30,-1,0,2025-01-01", "oncost_percent"),
        ("northbridge,officer,30,0,x,2025-01-01", "overhead_percent"),
        ("northbridge,officer,30,0,0,", "effective_from"),
    ],
)
def test_a_bad_staff_cost_row_is_reported_by_line_and_nothing_is_stored(cast, tmp_path, row, field):
    path = write(
        tmp_path,
        "staff.csv",
        STAFF_HEADER + "northbridge,officer-scale-6,32.50,20,15,2025-01-01\n" + row + "\n",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_staff_costs", path, stdout=StringIO(), stderr=err)
    assert f"Line 3: {field}:" in err.getvalue(), err.getvalue()
    assert StaffCostRate.objects.count() == 0


def test_an_imported_staff_cost_revalues_staff_time(cast, tmp_path):
    initiative = befriending(cast)
    line = services.public_input_record(
        recorded_by=cast.officer,
        initiative=initiative,
        kind="staff_time",
        date=datetime.date(2025, 6, 30),
        hours=D("10"),
        grade="officer-scale-6",
    )
    assert line.value == D("325.00")
    path = write(
        tmp_path, "staff.csv", STAFF_HEADER + "northbridge,officer-scale-6,32.50,20,15,2025-06-01\n"
    )
    out, _err = run("import_staff_costs", path)
    assert "1 ledger line(s) revalued" in out
    line.refresh_from_db()
    assert line.value == D("448.50")
