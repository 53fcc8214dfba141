"""The "large county" of DESIGN §9, written straight into the product's tables with set-based SQL.

2,000 initiatives of two councils (four partner charities and groups), 100,000 citizens with
memberships and participations, rate tables, about one public input per initiative per month,
and N contributions over five years. Every line is valued as the ledger would value it: time
at round(hours × rate) with the rate version in force on its date (the product's own RateBook
picks it), other kinds at their amount, GBP throughout, mostly verified. Bulk-loaded rows get no
history records (django-simple-history) — the audit trail is not what is being measured.
"""

from __future__ import annotations

import datetime
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from psycopg2.extras import execute_values

INITIATIVES = 2_000
CITIZENS = 100_000
YEARS = 5
# Each initiative has COHORT citizens who log their own time; ACTIVE_PER_MONTH of them are
# active in any month (the cohort rotates), so distinct contributors behave like real ones.
COHORT = CITIZENS // INITIATIVES
ACTIVE_PER_MONTH = 20
PARTNER_VOLUNTEERS = 30
CHUNK_ROWS = 250_000
LOADER_THREADS = 2
# Starts with "!": Django treats it as an unusable password, so nobody can sign in with it.
UNUSABLE_PASSWORD = "!bench-generated-user"  # noqa: S105

# slug, name, kind, wards
COUNCILS = [
    ("bench-county", "Bench County Council", "public_agency", 40),
    ("bench-city", "Bench City Council", "public_agency", 12),
]
PARTNERS = [
    ("bench-carers", "Bench Carers Trust", "third_sector", 0),
    ("bench-youth", "Bench Youth Action", "third_sector", 0),
    ("bench-green", "Bench Green Streets", "community_group", 0),
    ("bench-neighbours", "Bench Good Neighbours", "community_group", 0),
]
# An initiative's first co-production type is the activity its time is logged under.
# co-financing and co-assessment have no rate of their own: the generalist fallback values them.
PRIMARY_TYPES = [
    ("co-performing", "Befriending circle"),
    ("co-performing", "Volunteer drivers"),
    ("co-management", "Community-run centre"),
    ("co-design", "Service design panel"),
    ("co-planning", "Neighbourhood plan group"),
    ("co-prioritisation", "Participatory budget"),
    ("co-financing", "Community share scheme"),
    ("co-assessment", "Peer inspection team"),
]
PLATFORM_RATES = {
    "co-performing": Decimal("14.50"),
    "co-management": Decimal("16.00"),
    "co-design": Decimal("18.00"),
    "co-planning": Decimal("17.00"),
    "co-prioritisation": Decimal("15.00"),
    "*": Decimal("12.00"),
}
COUNTY_RATES = {"co-performing": Decimal("15.20")}
STAFF_GRADES = {
    "officer": Decimal("19.50"),
    "senior-officer": Decimal("24.00"),
    "manager": Decimal("31.00"),
}
ONCOST_PERCENT = Decimal("28.50")
OVERHEAD_PERCENT = Decimal("15.00")
YEARLY_RISE = Decimal("1.03")


class Progress:
    """A one-line progress bar drawn with carriage returns (no dependency)."""

    def __init__(self, label: str, total: int, unit: str) -> None:
        self.label, self.total, self.unit = label, max(total, 1), unit
        self.done = 0
        self.started = time.perf_counter()
        self._lock = threading.Lock()
        self._draw()

    def advance(self, amount: int) -> None:
        with self._lock:
            self.done += amount
            self._draw()

    def _draw(self) -> None:
        width = 30
        filled = min(width, int(width * self.done / self.total))
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        sys.stdout.write(
            f"\r  {self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:,}/{self.total:,} {self.unit} ({rate:,.0f}/s)"
        )
        if self.done >= self.total:
            sys.stdout.write(f" in {elapsed:,.1f} s\n")
        sys.stdout.flush()


def _step(label: str):
    """Print a step and, when the block ends, how long it took."""

    class _Timer:
        def __enter__(self):
            self.started = time.perf_counter()
            sys.stdout.write(f"  {label} ...")
            sys.stdout.flush()
            return self

        def __exit__(self, *exc):
            if exc[0] is None:
                sys.stdout.write(f" {time.perf_counter() - self.started:,.1f} s\n")
                sys.stdout.flush()
            return False

    return _Timer()


@dataclass
class County:
    """What the measurements need to know about the generated county."""

    today: datetime.date
    start: datetime.date
    organisation_ids: dict[str, int] = field(default_factory=dict)
    manager_id: int = 0
    partner_user_id: int = 0
    partner_organisation_id: int = 0
    staff_ids: dict[str, list[int]] = field(default_factory=dict)
    citizen_base: int = 0
    initiative_base: int = 0
    contributions: int = 0

    @property
    def dashboard_slug(self) -> str:
        return COUNCILS[0][0]


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def lead_index(idx: int) -> int:
    """Four initiatives in five are the county's, the rest the city's."""
    return 1 if idx % 5 == 4 else 0


def partner_index(idx: int) -> int | None:
    return None if idx % 3 == 2 else idx % len(PARTNERS)


def build_county(db, *, today: datetime.date | None = None) -> County:
    """Organisations, wards, people, initiatives, rates: everything but the ledger lines."""
    today = today or datetime.date.today()
    county = County(today=today, start=_months_back(today, 12 * YEARS))
    connection = db.connect(loader=True)
    try:
        with connection.cursor() as cursor:
            with _step("organisations, wards, staff and 100,000 citizens"):
                _organisations_and_people(cursor, county)
            with _step("2,000 initiatives with types, areas, partners and participations"):
                _initiatives(cursor, county)
            with _step("activity rates and staff cost rates"):
                _rates(cursor, county)
        connection.commit()
    finally:
        connection.close()
    return county


def _organisations_and_people(cursor, county: County) -> None:
    now = datetime.datetime.now(datetime.UTC)
    rows = execute_values(
        cursor,
        "INSERT INTO people_organisation (slug, name, kind, currency, created_at) "
        "VALUES %s RETURNING id, slug",
        [(slug, name, kind, "GBP", now) for slug, name, kind, _ in COUNCILS + PARTNERS],
        fetch=True,
    )
    county.organisation_ids = {slug: pk for pk, slug in rows}
    for slug, _, _, wards in COUNCILS:
        cursor.execute(
            "INSERT INTO initiatives_area (organisation_id, slug, name, kind) "
            "SELECT %s, 'ward-' || w, 'Ward ' || w, 'ward' FROM generate_series(1, %s) w",
            [county.organisation_ids[slug], wards],
        )

    # Staff: officers and managers of the councils, elected members, partners' own people.
    staff: list[tuple[str, str, str]] = []
    for slug, *_ in COUNCILS:
        staff += [(f"{slug}-officer-{i}", slug, "officer") for i in range(1, 6)]
        staff += [(f"{slug}-manager-{i}", slug, "manager") for i in range(1, 3)]
        staff += [(f"{slug}-member-{i}", slug, "member") for i in range(1, 11)]
    for slug, *_ in PARTNERS:
        staff += [(f"{slug}-partner-{i}", slug, "partner") for i in range(1, 4)]
    users = execute_values(
        cursor,
        "INSERT INTO people_user (password, is_superuser, username, first_name, last_name, "
        "email, is_staff, is_active, date_joined) VALUES %s RETURNING id, username",
        [(UNUSABLE_PASSWORD, False, name, "", "", "", False, True, now) for name, _, _ in staff],
        fetch=True,
    )
    user_ids = {name: pk for pk, name in users}
    execute_values(
        cursor,
        "INSERT INTO people_membership (role, is_active, created_at, user_id, organisation_id) "
        "VALUES %s",
        [
            (role, True, now, user_ids[name], county.organisation_ids[slug])
            for name, slug, role in staff
        ],
    )
    county.manager_id = user_ids[f"{COUNCILS[0][0]}-manager-1"]
    county.partner_user_id = user_ids[f"{PARTNERS[0][0]}-partner-1"]
    county.partner_organisation_id = county.organisation_ids[PARTNERS[0][0]]

    # Citizens with explicit ids, so a line's contributor is arithmetic rather than a join.
    cursor.execute("SELECT coalesce(max(id), 0) + 1000 FROM people_user")
    county.citizen_base = cursor.fetchone()[0]
    cursor.execute(
        "INSERT INTO people_user (id, password, is_superuser, username, first_name, last_name, "
        "email, is_staff, is_active, date_joined) "
        "SELECT %(base)s + c, %(password)s, false, 'bench-citizen-' || lpad(c::text, 6, '0'), "
        "'', '', '', false, true, %(start)s::timestamptz + mod(c, 1500) * interval '1 day' "
        "FROM generate_series(0, %(citizens)s - 1) c",
        {
            "base": county.citizen_base,
            "password": UNUSABLE_PASSWORD,
            "start": county.start,
            "citizens": CITIZENS,
        },
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('people_user', 'id'), "
        "(SELECT max(id) FROM people_user))"
    )
    # Citizens belong to the council of the initiatives they take part in most.
    cursor.execute(
        "INSERT INTO people_membership (role, is_active, created_at, user_id, organisation_id) "
        "SELECT 'citizen', true, now(), %(base)s + c, "
        "CASE WHEN mod(mod(c, %(initiatives)s), 5) = 4 THEN %(city)s ELSE %(county)s END "
        "FROM generate_series(0, %(citizens)s - 1) c",
        {
            "base": county.citizen_base,
            "initiatives": INITIATIVES,
            "citizens": CITIZENS,
            "county": county.organisation_ids[COUNCILS[0][0]],
            "city": county.organisation_ids[COUNCILS[1][0]],
        },
    )
    county.staff_ids = {
        slug: [user_ids[name] for name, s, role in staff if s == slug and role == "officer"]
        or [user_ids[name] for name, s, role in staff if s == slug]
        for slug, *_ in COUNCILS + PARTNERS
    }


def _initiatives(cursor, county: County) -> None:
    now = datetime.datetime.now(datetime.UTC)
    cursor.execute("SELECT slug, id FROM initiatives_coproductiontype")
    type_ids = dict(cursor.fetchall())
    cursor.execute("SELECT id FROM initiatives_servicearea ORDER BY id")
    service_areas = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT organisation_id, id FROM initiatives_area ORDER BY id")
    wards: dict[int, list[int]] = {}
    for organisation_id, area_id in cursor.fetchall():
        wards.setdefault(organisation_id, []).append(area_id)
    cursor.execute("SELECT coalesce(max(id), 0) + 1000 FROM initiatives_initiative")
    county.initiative_base = base = cursor.fetchone()[0]

    council_ids = [county.organisation_ids[slug] for slug, *_ in COUNCILS]
    partner_ids = [county.organisation_ids[slug] for slug, *_ in PARTNERS]
    staff_ids = county.staff_ids
    initiatives, types, areas, partners, facts = [], [], [], [], []
    for idx in range(INITIATIVES):
        lead_slug = COUNCILS[lead_index(idx)][0]
        lead = council_ids[lead_index(idx)]
        officer = staff_ids[lead_slug][idx % len(staff_ids[lead_slug])]
        activity, label = PRIMARY_TYPES[idx % len(PRIMARY_TYPES)]
        start_date = county.start + datetime.timedelta(days=(idx * 37) % 365)
        initiatives.append((
            base + idx, f"bench-initiative-{idx + 1:04d}", f"{label} {idx + 1:04d}",
            f"{label}: a benchmark initiative.", "", start_date, None,
            "individual" if idx % 6 == 0 else "collective",
            "paused" if idx % 20 == 19 else "active",
            now, now, officer, lead, officer, service_areas[idx % len(service_areas)],
        ))
        types.append((base + idx, type_ids[activity]))
        if idx % 4 == 0 and activity != "co-assessment":
            types.append((base + idx, type_ids["co-assessment"]))
        own_wards = wards[lead]
        areas.append((base + idx, own_wards[idx % len(own_wards)]))
        if idx % 3 == 0:
            areas.append((base + idx, own_wards[(idx * 7 + 1) % len(own_wards)]))
        partner = partner_index(idx)
        partner_user = None
        if partner is not None:
            partners.append((base + idx, partner_ids[partner]))
            partner_user = staff_ids[PARTNERS[partner][0]][0]
        facts.append((
            idx, base + idx, start_date, (county.today - start_date).days + 1, lead,
            partner_ids[partner] if partner is not None else None, partner_user, officer,
            activity,
        ))
    execute_values(
        cursor,
        "INSERT INTO initiatives_initiative (id, slug, title, summary, description, start_date, "
        "end_date, mode, status, created_at, updated_at, created_by_id, lead_organisation_id, "
        "lead_professional_id, service_area_id) VALUES %s",
        initiatives,
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('initiatives_initiative', 'id'), "
        "(SELECT max(id) FROM initiatives_initiative))"
    )
    execute_values(
        cursor,
        "INSERT INTO initiatives_initiative_coproduction_types "
        "(initiative_id, coproductiontype_id) VALUES %s",
        types,
    )
    execute_values(
        cursor, "INSERT INTO initiatives_initiative_areas (initiative_id, area_id) VALUES %s", areas
    )
    execute_values(
        cursor,
        "INSERT INTO initiatives_initiative_partner_organisations "
        "(initiative_id, organisation_id) VALUES %s",
        partners,
    )
    # The loader's own lookup table (the database is dropped after the run).
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_initiative (idx integer PRIMARY KEY, initiative_id bigint, "
        "start_date date, span integer, lead_organisation_id bigint, partner_organisation_id "
        "bigint, partner_user_id bigint, officer_id bigint, activity text)"
    )
    execute_values(cursor, "INSERT INTO bench_initiative VALUES %s", facts)
    # Two participations a citizen: as a volunteer of initiative c mod 2,000 (the cohort that
    # logs time there) and as a participant of another.
    cursor.execute(
        "INSERT INTO initiatives_participation (role, joined_at, left_at, initiative_id, user_id) "
        "SELECT 'volunteer', %(start)s::timestamptz, NULL::timestamptz, "
        "%(ibase)s + mod(c, %(n)s), %(cbase)s + c "
        "FROM generate_series(0, %(citizens)s - 1) c "
        "UNION ALL "
        "SELECT 'participant', %(start)s::timestamptz, NULL, %(ibase)s + mod(c * 7 + 13, %(n)s), "
        "%(cbase)s + c FROM generate_series(0, %(citizens)s - 1) c",
        {
            "start": county.start,
            "ibase": base,
            "cbase": county.citizen_base,
            "n": INITIATIVES,
            "citizens": CITIZENS,
        },
    )


def _yearly(rate: Decimal, years_after: int) -> Decimal:
    return (rate * YEARLY_RISE**years_after).quantize(Decimal("0.01"))


def _rates(cursor, county: County) -> None:
    """Yearly rate versions (each from 1 January); the product's RateBook picks each line's."""
    from ledger.models import ActivityRate
    from ledger.valuation import RateBook

    now = datetime.datetime.now(datetime.UTC)
    years = range(county.start.year, county.today.year + 1)
    county_id = county.organisation_ids[COUNCILS[0][0]]
    activity_rows = []
    for scope, table in ((None, PLATFORM_RATES), (county_id, COUNTY_RATES)):
        for activity, rate in table.items():
            for year in years:
                activity_rows.append((
                    scope, activity, _yearly(rate, year - county.start.year), "GBP",
                    datetime.date(year, 1, 1), "Benchmark replacement-cost rate", "bench",
                    year, True, now, now,
                ))
    execute_values(
        cursor,
        "INSERT INTO ledger_activityrate (organisation_id, activity, hourly_rate, currency, "
        "effective_from, source_title, source_publisher, source_year, is_illustrative, "
        "created_at, updated_at) VALUES %s",
        activity_rows,
    )
    staff_rows = []
    for slug, *_ in COUNCILS:
        for grade, rate in STAFF_GRADES.items():
            for year in years:
                staff_rows.append((
                    county.organisation_ids[slug], grade, _yearly(rate, year - county.start.year),
                    ONCOST_PERCENT, OVERHEAD_PERCENT, datetime.date(year, 1, 1), now, now,
                ))
    execute_values(
        cursor,
        "INSERT INTO ledger_staffcostrate (organisation_id, grade, hourly_rate, oncost_percent, "
        "overhead_percent, effective_from, created_at, updated_at) VALUES %s",
        staff_rows,
    )

    # Each initiative's rate for each year, chosen by the ledger's own look-up order.
    cursor.execute(
        "SELECT id, organisation_id, activity, hourly_rate, currency, effective_from "
        "FROM ledger_activityrate"
    )
    rates = [
        ActivityRate(
            id=pk, organisation_id=org, activity=activity, hourly_rate=rate, currency=currency,
            effective_from=effective,
        )
        for pk, org, activity, rate, currency, effective in cursor.fetchall()
    ]
    book = RateBook(rates)
    cursor.execute("SELECT idx, lead_organisation_id, activity FROM bench_initiative")
    chosen = []
    for idx, lead, activity in cursor.fetchall():
        for year in years:
            choice = book.choose(
                organisation_id=lead, activity=activity, currency="GBP",
                on=datetime.date(year, 1, 1),
            )
            chosen.append((idx, year, choice.rate.pk, choice.hourly_rate, str(choice.method)))
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_initiative_rate (idx integer, year integer, rate_id bigint, "
        "hourly_rate numeric(10, 2), method text, PRIMARY KEY (idx, year))"
    )
    execute_values(cursor, "INSERT INTO bench_initiative_rate VALUES %s", chosen)
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_staff_rate AS "
        "SELECT organisation_id, grade, extract(year FROM effective_from)::integer AS year, "
        "id AS rate_id, hourly_rate * (1 + oncost_percent / 100) * (1 + overhead_percent / 100) "
        "AS loaded FROM ledger_staffcostrate"
    )


# --- ledger lines ------------------------------------------------------------------------------

# One statement per chunk of line numbers [first, last]. The innermost subquery draws the
# random numbers once per line (OFFSET 0 keeps PostgreSQL from inlining it and redrawing).
CONTRIBUTIONS_SQL = """
INSERT INTO ledger_contribution (
    volunteer_ref, external_ref, kind, activity, date, hours, amount, stipend_per_hour,
    currency, description, status, rejection_reason, verified_at, value, rate, method,
    created_at, updated_at, contributor_id, created_by_id, initiative_id, rate_used_id,
    submitted_by_organisation_id, verified_by_id
)
SELECT
    CASE WHEN by_partner THEN 'V' || idx || '-' || who ELSE '' END,
    CASE WHEN by_partner THEN 'bench-' || n END,
    kind,
    CASE WHEN kind = 'time' THEN activity ELSE '' END,
    day, hours, amount, NULL, 'GBP',
    CASE WHEN kind = 'in_kind' THEN 'Donated materials and refreshments' ELSE '' END,
    status,
    CASE WHEN status = 'rejected' THEN 'Duplicate of an earlier line.' ELSE '' END,
    decided_at,
    CASE WHEN kind = 'time' THEN round(hours * hourly_rate, 2) ELSE amount END,
    CASE WHEN kind = 'time' THEN hourly_rate END,
    CASE kind WHEN 'time' THEN method WHEN 'in_kind' THEN 'declared_value' ELSE 'face_value' END,
    created_at,
    coalesce(decided_at, created_at),
    CASE WHEN NOT by_partner THEN citizen_id END,
    CASE WHEN by_partner THEN partner_user_id ELSE citizen_id END,
    initiative_id,
    CASE WHEN kind = 'time' THEN rate_id END,
    CASE WHEN by_partner THEN partner_organisation_id END,
    CASE WHEN decided_at IS NOT NULL THEN officer_id END
FROM (
    SELECT valued.*,
        CASE WHEN kind = 'time' THEN ((1 + floor(r_quantity * 16)) * 0.25)::numeric(6, 2) END
            AS hours,
        CASE WHEN kind <> 'time' THEN round((2 + r_quantity * 118)::numeric, 2) END AS amount,
        CASE WHEN status <> 'submitted'
            THEN least((day + 3)::timestamptz + interval '10 hours', now()) END AS decided_at,
        least(day::timestamptz + interval '19 hours', now()) AS created_at,
        %(citizen_base)s + idx + %(initiatives)s * who AS citizen_id
    FROM (
        SELECT dated.*, rate.rate_id, rate.hourly_rate, rate.method,
            CASE WHEN r_kind < 0.82 THEN 'time' WHEN r_kind < 0.90 THEN 'in_kind'
                 WHEN r_kind < 0.96 THEN 'expenses' ELSE 'money' END AS kind,
            CASE WHEN r_status < 0.05 THEN 'rejected'
                 WHEN r_status < 0.12 OR (day > %(today)s::date - 30 AND r_status < 0.6)
                 THEN 'submitted' ELSE 'verified' END AS status,
            CASE WHEN by_partner
                 THEN mod(floor(r_who * 12)::integer + month_number * 5, %(volunteers)s)
                 ELSE mod(floor(r_who * %(active)s)::integer + month_number * 7, %(cohort)s)
            END AS who
        FROM (
            SELECT drawn.*, i.initiative_id, i.activity, i.officer_id, i.partner_user_id,
                i.partner_organisation_id,
                i.partner_organisation_id IS NOT NULL AND drawn.r_partner < 0.25 AS by_partner,
                i.start_date + floor(drawn.r_day * i.span)::integer AS day,
                (extract(year FROM i.start_date + floor(drawn.r_day * i.span)::integer) * 12
                 + extract(month FROM i.start_date + floor(drawn.r_day * i.span)::integer)
                )::integer AS month_number
            FROM (
                SELECT n, mod(n, %(initiatives)s)::integer AS idx, random() AS r_day,
                    random() AS r_kind, random() AS r_status, random() AS r_quantity,
                    random() AS r_who, random() AS r_partner
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g(n)
                OFFSET 0
            ) drawn
            JOIN bench_initiative i ON i.idx = drawn.idx
        ) dated
        JOIN bench_initiative_rate rate
            ON rate.idx = dated.idx AND rate.year = extract(year FROM dated.day)::integer
    ) valued
) line
"""

PUBLIC_INPUTS_SQL = """
INSERT INTO ledger_publicinput (
    kind, date, hours, grade, amount, currency, description, value, rate, method,
    created_at, updated_at, initiative_id, organisation_id, recorded_by_id, rate_used_id
)
SELECT kind, day, hours, grade, amount, 'GBP', description,
    CASE WHEN kind = 'staff_time' THEN round(hours * loaded, 2) ELSE amount END,
    CASE WHEN kind = 'staff_time' THEN loaded END,
    CASE kind WHEN 'staff_time' THEN 'loaded_staff_cost' WHEN 'spend' THEN 'face_value'
        ELSE 'market_value' END,
    created_at, created_at, initiative_id, lead_organisation_id, officer_id,
    CASE WHEN kind = 'staff_time' THEN rate_id END
FROM (
    SELECT kinded.*, staff.rate_id, staff.loaded,
        CASE WHEN kind = 'staff_time' THEN (4 + floor(r_quantity * 36))::numeric(8, 2) END
            AS hours,
        CASE kind WHEN 'spend' THEN round((50 + r_quantity * 1950)::numeric, 2)
            WHEN 'in_kind' THEN round((100 + r_quantity * 400)::numeric, 2) END AS amount,
        CASE kind WHEN 'spend' THEN 'Materials and room costs'
            WHEN 'in_kind' THEN 'Community centre room at market rent' ELSE '' END
            AS description,
        least(day::timestamptz + interval '17 hours', now()) AS created_at
    FROM (
        SELECT monthly.*,
            least(greatest(month + 14, start_date), %(today)s::date) AS day,
            CASE WHEN r_kind < 0.7 THEN 'staff_time' WHEN r_kind < 0.9 THEN 'spend'
                ELSE 'in_kind' END AS kind,
            CASE WHEN r_kind < 0.7 THEN (ARRAY['officer', 'senior-officer', 'manager'])[
                1 + mod(idx, 3)] ELSE '' END AS grade
        FROM (
            SELECT i.*, m.month::date AS month, random() AS r_kind, random() AS r_quantity
            FROM bench_initiative i
            CROSS JOIN LATERAL generate_series(
                date_trunc('month', i.start_date), %(today)s::date, interval '1 month'
            ) AS m(month)
            OFFSET 0
        ) monthly
    ) kinded
    LEFT JOIN bench_staff_rate staff
        ON staff.organisation_id = kinded.lead_organisation_id AND staff.grade = kinded.grade
        AND staff.year = extract(year FROM kinded.day)::integer
) line
"""


def load_public_inputs(db, county: County) -> int:
    connection = db.connect(loader=True)
    try:
        with _step("public inputs, one per initiative per month"), connection.cursor() as cursor:
            cursor.execute(PUBLIC_INPUTS_SQL, {"today": county.today})
            count = cursor.rowcount
        connection.commit()
    finally:
        connection.close()
    return count


def secondary_indexes(db, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of a table's indexes that back no constraint."""
    connection = db.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class c ON c.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid) "
                "ORDER BY c.relname",
                [table],
            )
            return cursor.fetchall()
    finally:
        connection.close()


def _drop_indexes(db, indexes: list[tuple[str, str]]) -> None:
    connection = db.connect()
    try:
        with connection.cursor() as cursor:
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        connection.commit()
    finally:
        connection.close()


def _in_parallel(db, statements: list[tuple[str, dict | None, int]], progress: Progress) -> None:
    """Run statements on LOADER_THREADS connections of their own; each adds its weight."""
    work: queue.Queue = queue.Queue()
    for item in statements:
        work.put(item)
    failures: list[BaseException] = []

    def drain() -> None:
        connection = db.connect(loader=True)
        try:
            with connection.cursor() as cursor:
                while not failures:
                    try:
                        statement, parameters, weight = work.get_nowait()
                    except queue.Empty:
                        return
                    cursor.execute(statement, parameters)
                    connection.commit()
                    progress.advance(weight)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=drain) for _ in range(LOADER_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def load_contributions(db, county: County, count: int) -> None:
    """Add `count` contributions, spread over every initiative's life so far.

    Secondary indexes of the ledger table are dropped for the load and rebuilt after it, so
    the measurements always see the product's full set of indexes.
    """
    indexes = secondary_indexes(db, "ledger_contribution")
    _drop_indexes(db, indexes)
    first = county.contributions
    statements = []
    for start in range(first, first + count, CHUNK_ROWS):
        last = min(start + CHUNK_ROWS, first + count) - 1
        parameters = {
            "first": start, "last": last, "today": county.today,
            "citizen_base": county.citizen_base, "initiatives": INITIATIVES,
            "cohort": COHORT, "active": ACTIVE_PER_MONTH, "volunteers": PARTNER_VOLUNTEERS,
        }
        statements.append((CONTRIBUTIONS_SQL, parameters, last - start + 1))
    _in_parallel(db, statements, Progress("contributions", count, "rows"))
    county.contributions += count
    if indexes:
        _in_parallel(
            db,
            [(statement, None, 1) for _, statement in indexes],
            Progress("ledger indexes", len(indexes), "indexes"),
        )


def vacuum_analyze(db) -> None:
    """VACUUM (ANALYZE) the whole database: fresh statistics and visibility maps, so no
    autovacuum starts in the middle of a measurement."""
    connection = db.connect()
    connection.autocommit = True
    try:
        with _step("VACUUM (ANALYZE)"), connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()
