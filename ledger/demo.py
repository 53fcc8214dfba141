"""Demo ledger for `manage.py seed_demo`: two years of citizen contributions and public inputs.

Run after `people.demo.seed()` and `initiatives.demo.seed()`. Rates come from the illustrative
CSVs in `ledger/fixtures/` (labelled as such); every line is written through the services,
so every rule of ACCOUNTING.md holds: dates within the initiative's active spells and never in
the future, at most a few hours a person a day, in-kind lines described. Some lines are left
waiting for verification and some are rejected with a reason. Partners submit their own
volunteers' hours with their references, in bulk.

Seeding twice adds nothing: an initiative that already has ledger lines is left as it is.
Everything is drawn from `random.Random` seeded per initiative, so the data is the same each run
(relative to today's date).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Sum
from django.utils import timezone

from initiatives.models import Initiative, ParticipationRole, Status
from people.demo import AGE_CONCERN, COUNCIL, FOOD_NETWORK
from people.demo import NHS_TRUST as NHS
from people.models import Organisation, User

from .models import (
    Activity,
    ActivityRate,
    Contribution,
    ContributionStatus,
    Kind,
    PublicInput,
    PublicInputKind,
    StaffCostRate,
)
from .services import (
    contribution_submit,
    contributions_bulk_submit,
    contributions_reject_many,
    contributions_verify_many,
    public_input_record,
    rate_import_csv,
    staff_cost_import_csv,
)

SEED = 2026
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RATES_CSV = FIXTURES / "illustrative_rates.csv"
STAFF_COSTS_CSV = FIXTURES / "illustrative_staff_costs.csv"

HISTORY_DAYS = 730  # two years of ledger
RECENT_DAYS = 42  # lines this recent are mostly still waiting for verification
MAX_HOURS_A_DAY = Decimal(8)  # believable, and well inside the 24-hour rule

# Contributions a participant makes in 30 days of an active spell, by role.
MONTHLY_RATE = {
    ParticipationRole.VOLUNTEER: 0.7,
    ParticipationRole.INSPECTOR: 0.5,
    ParticipationRole.CO_DESIGNER: 0.45,
    ParticipationRole.PARTICIPANT: 0.3,
    ParticipationRole.SERVICE_USER: 0.2,
}
PARTNER_MONTHLY_RATE = 1.1
PARTNER_VOLUNTEERS = 6  # a charity's own volunteers on each initiative it partners in

# Organisation-defined activities: valued at the generalist rate (no specific rate exists).
ACTIVITIES = [
    (COUNCIL, "volunteer-driving", "Volunteer driving"),
    (AGE_CONCERN, "befriending-visit", "Befriending visit"),
    (NHS, "peer-leading", "Peer-leading a session"),
    (FOOD_NETWORK, "food-sorting", "Sorting and packing food"),
]
# Initiative slug → activities its contributions use besides its co-production types.
EXTRA_ACTIVITIES = {
    "meals-on-wheels-volunteer-drivers": ["volunteer-driving"],
    "befriending-older-neighbours": ["befriending-visit"],
    "steady-steps-falls-prevention": ["peer-leading"],
    "community-food-larder": ["food-sorting"],
    "warm-spaces-network": ["food-sorting"],
}
PARTNER_USERS = {AGE_CONCERN: ("partner", "AC"), FOOD_NETWORK: ("partner2", "RFN")}

# Staff grades (see the staff-cost CSV): a lead professional's, and their manager's.
GRADES = {
    COUNCIL: ("PO3 senior officer", "Team manager"),
    NHS: ("Band 6", "Band 7"),
}
MANAGERS = {COUNCIL: "manager", NHS: "nhs-manager"}

# Hours of one session, by the initiative's first co-production type (quarter hours).
SESSION_HOURS = {
    "co-performing": (1.0, 4.0),
    "co-delivery": (1.5, 5.0),
    "co-management": (1.0, 4.0),
    "co-assessment": (1.5, 3.5),
    "co-design": (2.0, 3.5),
    "co-planning": (1.5, 3.0),
    "co-commissioning": (2.0, 3.0),
    "co-prioritisation": (1.0, 2.5),
    "co-financing": (1.0, 3.0),
}
IN_KIND = [
    ("Home-baked cakes for the session", 8, 20),
    ("Loan of a gazebo and tables for the open day", 25, 60),
    ("Gardening tools and gloves donated", 15, 45),
    ("Printing of leaflets, given free by my employer", 20, 80),
    ("Use of my car for deliveries, at its hire cost", 30, 55),
    ("Photographs of the event, given free by a professional", 120, 250),
    ("Second-hand laptop for the group's records", 90, 180),
]
EXPENSES = [
    ("Bus fares to and from the session", "2.80", "9.60"),
    ("Parking at the community centre", "3.00", "6.50"),
    ("Fuel for driving to visits, not reimbursed", "8.00", "25.00"),
    ("Tea, milk and biscuits for the group", "4.50", "12.00"),
]
MONEY = [
    ("Raffle at the summer fair", 40, 260),
    ("Sponsored walk", 60, 420),
    ("Cake sale", 25, 140),
    ("Personal donation", 10, 100),
]
SPEND = [
    ("Venue hire", 60, 240),
    ("Materials and printing", 20, 150),
    ("Volunteer training course", 150, 450),
    ("DBS checks for new volunteers", 40, 160),
    ("Refreshments for the group", 15, 60),
    ("Travel for staff visits", 20, 90),
]
PREMISES = [
    ("Community room in the library, at its market rent", 80, 150),
    ("Meeting room at the council offices, at its market rent", 60, 120),
    ("Equipment loan (projector and laptop), at its depreciation", 25, 45),
]
REJECTION_REASONS = [
    "Logged twice: the same session is already recorded.",
    "The session was cancelled that week.",
    "The hours look too high for one session; please check them and log it again.",
    "This was paid work for the organisation, not volunteering.",
    "Not one of this initiative's activities.",
]
EXPENSES_REJECTION = "These expenses were already reimbursed."


@dataclass
class Spell:
    start: datetime.date
    end: datetime.date

    def clip(self, start: datetime.date, end: datetime.date) -> Spell | None:
        clipped = Spell(max(self.start, start), min(self.end, end))
        return clipped if clipped.start <= clipped.end else None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Plan:
    """What to do once all lines are submitted: who verifies or rejects which, and when."""

    verify: dict[int, list[Contribution]] = field(default_factory=lambda: defaultdict(list))
    reject: dict[tuple[int, str], list[Contribution]] = field(
        default_factory=lambda: defaultdict(list)
    )
    verifiers: dict[int, User] = field(default_factory=dict)
    decided_on: dict[int, datetime.date] = field(default_factory=dict)


def _money(rng: random.Random, low, high, places: int = 2) -> Decimal:
    low, high = Decimal(str(low)), Decimal(str(high))
    step = Decimal(1).scaleb(-places)
    steps = int((high - low) / step)
    return low + step * rng.randint(0, steps)


def _hours(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randint(int(low * 4), int(high * 4))) / 4


def _day(rng: random.Random, spell: Spell) -> datetime.date:
    return spell.start + datetime.timedelta(days=rng.randint(0, spell.days - 1))


def _days_in(rng: random.Random, spell: Spell, per_month: float) -> list[datetime.date]:
    count = round(spell.days / 30 * per_month * rng.uniform(0.6, 1.4))
    return sorted(_day(rng, spell) for _ in range(count))


def _active_spells(initiative: Initiative, first: datetime.date, today: datetime.date):
    """When the initiative was active, from its status history, within [first, today]."""
    spells, opened = [], None
    for change in initiative.status_changes.all():
        day = timezone.localtime(change.changed_at).date()
        if change.to_status == Status.ACTIVE and opened is None:
            opened = day
        elif change.to_status != Status.ACTIVE and opened is not None:
            spells.append(Spell(opened, day - datetime.timedelta(days=1)))
            opened = None
    if opened is not None:
        spells.append(Spell(opened, today))
    end = min(initiative.end_date or today, today)
    start = max(initiative.start_date, first)
    return [s for s in (spell.clip(start, end) for spell in spells) if s]


def _rates_and_activities(organisations: dict[str, Organisation]) -> None:
    with RATES_CSV.open(encoding="utf-8", newline="") as file:
        rate_import_csv(file=file)
    with STAFF_COSTS_CSV.open(encoding="utf-8", newline="") as file:
        staff_cost_import_csv(file=file)
    for slug, key, name in ACTIVITIES:
        if slug in organisations:
            Activity.objects.get_or_create(
                organisation=organisations[slug], key=key, defaults={"name": name}
            )


class _Seeder:
    """Generates one initiative's ledger; hours per person per day are tracked across them."""

    def __init__(self, *, today: datetime.date, users: dict[str, User], plan: Plan) -> None:
        self.today = today
        self.first = today - datetime.timedelta(days=HISTORY_DAYS)
        self.users = users
        self.plan = plan
        self.hours_on: dict[tuple, Decimal] = defaultdict(Decimal)

    # -- shared helpers ------------------------------------------------------------------------

    def _fits(self, person: tuple, day: datetime.date, hours: Decimal) -> bool:
        if self.hours_on[(person, day)] + hours > MAX_HOURS_A_DAY:
            return False
        self.hours_on[(person, day)] += hours
        return True

    def _decide(
        self, rng: random.Random, contribution: Contribution, verifier: User
    ) -> None:
        recent = (self.today - contribution.date).days <= RECENT_DAYS
        roll = rng.random()
        decided_on = min(
            contribution.date + datetime.timedelta(days=rng.randint(1, 12)), self.today
        )
        if recent and roll < 0.7 or not recent and roll < 0.06:
            return  # left waiting for verification
        self.plan.verifiers[verifier.pk] = verifier
        self.plan.decided_on[contribution.pk] = decided_on
        if not recent and roll > 0.955:
            reason = (
                EXPENSES_REJECTION
                if contribution.kind == Kind.EXPENSES
                else rng.choice(REJECTION_REASONS)
            )
            self.plan.reject[(verifier.pk, reason)].append(contribution)
        else:
            self.plan.verify[verifier.pk].append(contribution)

    def _line(self, rng: random.Random, kind: str, activities: list[str], day, type_slug: str):
        """The fields of one citizen line of `kind` on `day`."""
        if kind == Kind.TIME:
            low, high = SESSION_HOURS.get(type_slug, (1.0, 3.0))
            fields = {"activity": rng.choice(activities), "hours": _hours(rng, low, high)}
            if rng.random() < 0.02:
                fields["stipend_per_hour"] = Decimal("2.00")
            return fields
        if kind == Kind.IN_KIND:
            description, low, high = rng.choice(IN_KIND)
            return {"amount": _money(rng, low, high, 0), "description": description}
        if kind == Kind.EXPENSES:
            description, low, high = rng.choice(EXPENSES)
            return {"amount": _money(rng, low, high), "description": description}
        description, low, high = rng.choice(MONEY)
        return {"amount": _money(rng, low, high, 0), "description": description}

    @staticmethod
    def _kind(rng: random.Random, financing: bool) -> str:
        roll = rng.random()
        if financing:
            return Kind.MONEY if roll < 0.45 else Kind.TIME if roll < 0.9 else Kind.EXPENSES
        if roll < 0.84:
            return Kind.TIME
        if roll < 0.91:
            return Kind.EXPENSES
        return Kind.IN_KIND if roll < 0.97 else Kind.MONEY

    # -- one initiative ------------------------------------------------------------------------

    def seed_initiative(self, initiative: Initiative) -> None:
        rng = random.Random(f"{SEED}:{initiative.slug}")
        spells = _active_spells(initiative, self.first, self.today)
        if not spells:
            return
        types = [t.slug for t in initiative.coproduction_types.all()]
        activities = types + EXTRA_ACTIVITIES.get(initiative.slug, [])
        lead_professional = initiative.lead_professional or self.users["officer"]
        self._citizens(rng, initiative, spells, types, activities, lead_professional)
        self._partners(rng, initiative, spells, activities, lead_professional)
        self._public_inputs(rng, initiative, spells, lead_professional)

    def _citizens(self, rng, initiative, spells, types, activities, lead_professional) -> None:
        financing = "co-financing" in types
        participations = sorted(
            initiative.participations.select_related("user"), key=lambda p: (p.joined_at, p.pk)
        )
        for participation in participations:
            joined = timezone.localtime(participation.joined_at).date()
            left = (
                timezone.localtime(participation.left_at).date() - datetime.timedelta(days=1)
                if participation.left_at
                else self.today
            )
            per_month = MONTHLY_RATE.get(participation.role, 0.6) * rng.uniform(0.5, 1.5)
            for spell in spells:
                own = spell.clip(joined, left)
                if own is None:
                    continue
                for day in _days_in(rng, own, per_month):
                    kind = self._kind(rng, financing)
                    fields = self._line(rng, kind, activities, day, types[0])
                    person = ("user", participation.user_id)
                    if kind == Kind.TIME and not self._fits(person, day, fields["hours"]):
                        continue
                    # Someone who has since left was logged for by staff at the time.
                    on_behalf = participation.left_at is not None
                    contribution = contribution_submit(
                        submitted_by=lead_professional if on_behalf else participation.user,
                        contributor=participation.user if on_behalf else None,
                        initiative=initiative,
                        kind=kind,
                        date=day,
                        **fields,
                    )
                    self._decide(rng, contribution, lead_professional)

    def _partners(self, rng, initiative, spells, activities, lead_professional) -> None:
        for organisation in initiative.partner_organisations.all():
            if organisation.slug not in PARTNER_USERS:
                continue
            username, prefix = PARTNER_USERS[organisation.slug]
            rows = []
            for number in range(1, PARTNER_VOLUNTEERS + 1):
                volunteer = f"{prefix}-V{number:03d}"
                per_month = PARTNER_MONTHLY_RATE * rng.uniform(0.4, 1.4)
                for spell in spells:
                    for day in _days_in(rng, spell, per_month):
                        hours = _hours(rng, 1.0, 4.0)
                        if not self._fits(("volunteer", organisation.pk, volunteer), day, hours):
                            continue
                        rows.append(
                            {
                                "initiative": initiative.pk,
                                "volunteer_ref": volunteer,
                                "kind": Kind.TIME,
                                "activity": rng.choice(activities),
                                "date": day,
                                "hours": hours,
                            }
                        )
            rows.sort(key=lambda row: (row["date"], row["volunteer_ref"]))
            for index, row in enumerate(rows, start=1):
                row["external_ref"] = f"{prefix}-{initiative.pk:03d}-{index:05d}"
            for start in range(0, len(rows), 1000):
                result = contributions_bulk_submit(
                    submitted_by=self.users[username],
                    organisation=organisation,
                    rows=rows[start : start + 1000],
                )
                for row in result.rows:
                    self._decide(rng, row.contribution, lead_professional)

    def _public_inputs(self, rng, initiative, spells, lead_professional) -> None:
        lead = initiative.lead_organisation
        officer_grade, manager_grade = GRADES.get(lead.slug, GRADES[COUNCIL])
        premises = rng.choice(PREMISES) if rng.random() < 0.4 else None
        council_partner = next(
            (o for o in initiative.partner_organisations.all() if o.slug == COUNCIL), None
        )
        for spell in spells:
            month = spell.start.replace(day=1)
            while month <= spell.end:
                in_month = Spell(
                    max(month, spell.start),
                    min((month + datetime.timedelta(days=32)).replace(day=1)
                        - datetime.timedelta(days=1), spell.end),
                )
                self._public_month(
                    rng, initiative, in_month, lead_professional, officer_grade, manager_grade,
                    premises, council_partner,
                )
                month = (month + datetime.timedelta(days=32)).replace(day=1)

    def _public_month(
        self, rng, initiative, in_month, lead_professional, officer_grade, manager_grade,
        premises, council_partner,
    ) -> None:
        def record(kind, **fields):
            public_input_record(
                recorded_by=fields.pop("by", lead_professional),
                initiative=initiative,
                kind=kind,
                date=_day(rng, in_month),
                **fields,
            )

        share = Decimal(in_month.days) / 30
        hours = (_hours(rng, 4, 16) * share).quantize(Decimal("0.25"))
        if hours > 0:
            record(PublicInputKind.STAFF_TIME, hours=hours, grade=officer_grade)
        if rng.random() < 0.25:
            record(PublicInputKind.STAFF_TIME, hours=_hours(rng, 1, 4), grade=manager_grade)
        if rng.random() < 0.25:
            description, low, high = rng.choice(SPEND)
            record(PublicInputKind.SPEND, amount=_money(rng, low, high), description=description)
        if premises is not None:
            description, low, high = premises
            record(PublicInputKind.IN_KIND, amount=_money(rng, low, high, 0),
                   description=description)
        if council_partner is not None and rng.random() < 0.3:
            record(
                PublicInputKind.STAFF_TIME,
                by=self.users["officer"],
                organisation=council_partner,
                hours=_hours(rng, 1, 5),
                grade=GRADES[COUNCIL][0],
            )


def _apply(plan: Plan) -> None:
    """Verify and reject in batches, as officers do in the queue."""
    for verifier_id, contributions in plan.verify.items():
        for start in range(0, len(contributions), 500):
            contributions_verify_many(
                contribution_ids=[c.pk for c in contributions[start : start + 500]],
                verified_by=plan.verifiers[verifier_id],
            )
    for (verifier_id, reason), contributions in plan.reject.items():
        contributions_reject_many(
            contribution_ids=[c.pk for c in contributions],
            rejected_by=plan.verifiers[verifier_id],
            reason=reason,
        )


def _moment(day: datetime.date, at: datetime.time, now: datetime.datetime) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, at)), now)


def _backdate(initiative_ids: list[int], plan: Plan) -> None:
    """The services stamp "now"; the demo's lines were logged, decided and recorded over the past
    two years, so their created and decided times, and their history, say so."""
    now = timezone.now()
    logged_at, decided_at = {}, {}
    lines = list(
        Contribution.objects.filter(initiative_id__in=initiative_ids).only(
            "pk", "date", "created_at", "verified_at"
        )
    )
    for line in lines:
        line.created_at = logged_at[line.pk] = _moment(line.date, datetime.time(19, 15), now)
        if line.pk in plan.decided_on:
            line.verified_at = decided_at[line.pk] = _moment(
                plan.decided_on[line.pk], datetime.time(10, 30), now
            )
    Contribution.objects.bulk_update(lines, ["created_at", "verified_at"], batch_size=500)
    records = list(
        Contribution.history.filter(initiative_id__in=initiative_ids).only(
            "history_id", "id", "history_type", "history_date"
        )
    )
    for record in records:
        moments = logged_at if record.history_type == "+" else decided_at
        record.history_date = moments.get(record.id, record.history_date)
    Contribution.history.model.objects.bulk_update(records, ["history_date"], batch_size=500)

    recorded_at = {}
    inputs = list(PublicInput.objects.filter(initiative_id__in=initiative_ids).only("pk", "date"))
    for public_input in inputs:
        public_input.created_at = recorded_at[public_input.pk] = _moment(
            public_input.date, datetime.time(16, 45), now
        )
    PublicInput.objects.bulk_update(inputs, ["created_at"], batch_size=500)
    records = list(
        PublicInput.history.filter(initiative_id__in=initiative_ids).only(
            "history_id", "id", "history_date"
        )
    )
    for record in records:
        record.history_date = recorded_at.get(record.id, record.history_date)
    PublicInput.history.model.objects.bulk_update(records, ["history_date"], batch_size=500)


def seed() -> None:
    """Import the illustrative rates, then give every demo initiative that has been active and
    has no ledger lines yet two years of contributions and public inputs."""
    organisations = Organisation.objects.in_bulk(field_name="slug")
    _rates_and_activities(organisations)
    today = timezone.localdate()
    users = User.objects.in_bulk(
        ["officer", "manager", "partner", "partner2", "nhs-officer", "nhs-manager"],
        field_name="username",
    )
    with_lines = set(Contribution.objects.values_list("initiative_id", flat=True).distinct()) | set(
        PublicInput.objects.values_list("initiative_id", flat=True).distinct()
    )
    initiatives = (
        Initiative.objects.filter(status__in=[Status.ACTIVE, Status.PAUSED, Status.COMPLETED])
        .exclude(pk__in=with_lines)
        .select_related("lead_organisation", "lead_professional")
        .prefetch_related("status_changes", "coproduction_types", "partner_organisations")
        .order_by("pk")
    )
    plan = Plan()
    seeder = _Seeder(today=today, users=users, plan=plan)
    seeded = []
    for initiative in initiatives:
        seeder.seed_initiative(initiative)
        seeded.append(initiative.pk)
    _apply(plan)
    _backdate(seeded, plan)


def summary_lines() -> list[str]:
    by_status = dict(
        Contribution.objects.order_by().values_list("status").annotate(n=Count("id"))
    )
    statuses = ", ".join(f"{by_status.get(s, 0)} {s}" for s in ContributionStatus.values)
    partner_rows = Contribution.objects.filter(submitted_by_organisation__isnull=False).count()
    public = PublicInput.objects.aggregate(total=Sum("value"))["total"] or 0
    return [
        f"Contributions: {sum(by_status.values())} ({statuses}; {partner_rows} from partners)",
        f"Public inputs: {PublicInput.objects.count()} (£{public:,.2f})",
        f"Rates: {ActivityRate.objects.count()} activity rates, "
        f"{StaffCostRate.objects.count()} staff costs (illustrative demo figures)",
]
