"""Demo co-assessment for `manage.py seed_demo`: outcomes with measurements and financial proxies,
citizens' ratings, a completed tenant inspection with the council's responses, two surveys with
responses, and two maturity self-assessments of the council a year apart.

Run after `people.demo.seed()` and `initiatives.demo.seed()`. Everything is written through the
services, so every rule holds (readings after the baseline and never in the future, ratings by
citizens, an inspection team of current inspectors, anonymous responses unlinked). Seeding twice
adds nothing: each part is skipped where it already exists. Drawn from `random.Random` seeded by
name, so the data is the same on every run (relative to today's date).

The financial proxies are illustrative figures for the demo, labelled as such in their source.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from initiatives.models import Initiative
from people.demo import COUNCIL, EXTRA_CITIZENS
from people.models import Organisation, User

from .maturity import PRINCIPLES
from .models import (
    Inspection,
    MaturityAssessment,
    OutcomeIndicator,
    OutcomeMeasurement,
    QuestionKind,
    Rating,
    Response,
    Survey,
)
from .selectors import inspectors_of
from .services import (
    inspection_complete,
    inspection_create,
    maturity_assessment_create,
    outcome_indicator_create,
    outcome_measurement_record,
    rating_comment_hide,
    rating_create,
    recommendation_respond,
    survey_create_from_template,
    survey_respond,
)

SEED = 2027
PERIOD_DAYS = 91  # readings are quarterly

STEADY_STEPS = "steady-steps-falls-prevention"
BEFRIENDING = "befriending-older-neighbours"
FOOD_LARDER = "community-food-larder"
TENANT_INSPECTORS = "eastfield-tenant-inspectors"
GP_RATINGS = "gp-practice-patient-ratings"
LIBRARY_FRIENDS = "library-friends-groups"
PARKS = "parks-clean-up-days"


@dataclass(frozen=True)
class DemoOutcome:
    initiative: str
    recorded_by: str  # a professional of the initiative's organisations
    fields: dict
    readings: tuple[float, float]  # the range a quarter's reading is drawn from
    trend: float = 0.0  # added to the range each quarter (levels that improve)


OUTCOMES: list[DemoOutcome] = [
    DemoOutcome(
        STEADY_STEPS,
        "nhs-officer",
        {
            "name": "Falls prevented",
            "description": "Falls avoided among people attending the peer-led classes, against "
                           "the falls clinic's expected rate for their risk score.",
            "unit": "falls",
            "measure": "count",
            "better": "higher",
            "baseline_value": Decimal("0"),
            "target_value": Decimal("60"),
            "financial_proxy": Decimal("1500.00"),
            "proxy_source_title": "Cost to health and social care of a fall needing treatment "
                                  "(illustrative figure for the demo, after the Unit Costs of "
                                  "Health and Social Care)",
            "proxy_source_publisher": "PSSRU, University of Kent (illustrative)",
            "proxy_source_year": 2024,
            "deadweight": Decimal("25"),
            "displacement": Decimal("10"),
            "attribution": Decimal("20"),
            "drop_off": Decimal("10"),
            "duration_years": 3,
        },
        (2, 5),
    ),
    DemoOutcome(
        STEADY_STEPS,
        "nhs-officer",
        {
            "name": "Confidence walking outdoors",
            "description": "Mean score (0–10) of attenders on the falls-efficacy questions.",
            "unit": "points",
            "measure": "level",
            "better": "higher",
            "baseline_value": Decimal("4.2"),
            "target_value": Decimal("7.0"),
        },
        (4.2, 4.8),
        trend=0.35,
    ),
    DemoOutcome(
        BEFRIENDING,
        "officer",
        {
            "name": "People less lonely",
            "description": "Befriended neighbours whose loneliness score improved by two "
                           "points or more over three months.",
            "unit": "people",
            "measure": "count",
            "better": "higher",
            "baseline_value": Decimal("0"),
            "target_value": Decimal("40"),
            "financial_proxy": Decimal("850.00"),
            "proxy_source_title": "Wellbeing value of no longer feeling lonely (illustrative "
                                  "figure for the demo)",
            "proxy_source_publisher": "Northbridge City Council demo data",
            "proxy_source_year": 2025,
            "deadweight": Decimal("30"),
            "displacement": Decimal("0"),
            "attribution": Decimal("15"),
            "drop_off": Decimal("20"),
            "duration_years": 2,
        },
        (1, 4),
    ),
    DemoOutcome(
        FOOD_LARDER,
        "officer",
        {
            "name": "Households supported",
            "description": "Households using the larder at least once in the quarter.",
            "unit": "households",
            "measure": "count",
            "better": "higher",
            "baseline_value": Decimal("0"),
        },
        (35, 70),
    ),
    DemoOutcome(
        TENANT_INSPECTORS,
        "officer2",
        {
            "name": "Repairs right first time",
            "description": "Share of responsive repairs completed at the first visit.",
            "unit": "%",
            "measure": "level",
            "better": "higher",
            "baseline_value": Decimal("72"),
            "target_value": Decimal("85"),
        },
        (71, 74),
        trend=1.2,
    ),
]
# A reading a tenant inspector submits for staff to verify (the queue is not empty).
SUBMITTED_READING = (TENANT_INSPECTORS, "Repairs right first time", "citizen2")

RATED: dict[str, tuple[int, tuple[int, ...]]] = {
    # initiative slug → (how many citizens rate it, the scores drawn from)
    BEFRIENDING: (9, (3, 4, 4, 5, 5, 5)),
    STEADY_STEPS: (8, (3, 4, 4, 5, 5)),
    TENANT_INSPECTORS: (6, (2, 3, 3, 4, 4)),
    FOOD_LARDER: (7, (4, 4, 5, 5)),
    GP_RATINGS: (10, (1, 2, 3, 3, 4, 4, 5)),
    LIBRARY_FRIENDS: (5, (3, 4, 5)),
    PARKS: (6, (2, 3, 4, 4, 5)),
}
COMMENTS = {
    5: ["Brilliant: friendly, reliable and it has made a real difference.",
        "The volunteers go out of their way to help."],
    4: ["Good, though it took a while to get started.",
        "Well run. More evening sessions would help people who work."],
    3: ["It is fine, but nobody told us when things changed.",
        "Useful, but the venue is hard to reach by bus."],
    2: ["Sessions were cancelled twice without notice.",
        "Hard to get through on the phone."],
    1: ["I waited three weeks for an answer."],
}
HIDDEN = (BEFRIENDING, "The volunteer called Dave on Tuesdays is useless, ring him on 07700 900461 "
                       "and tell him so.", "Names a volunteer and gives a private phone number.")

INSPECTION_TITLE = "Empty homes (voids) standard inspection"
STANDARDS = [
    ("Empty homes are clean and free of rubbish when let", 4,
     "Four of the five homes visited were clean; one had rubbish left in the garden."),
    ("Repairs are finished before a new tenant moves in", 2,
     "Two homes had open repair orders on the day of letting."),
    ("New tenants get a home safety pack", 5, "Every home had the pack and smoke alarms tested."),
    ("Homes are let within 28 days of becoming empty", 3,
     "Average of 34 days; delays waiting for gas safety checks."),
]
RECOMMENDATIONS = [
    "Check that every repair order is signed off before the keys are handed over.",
    "Book the gas safety check on the day a home becomes empty.",
    "Photograph each room at letting, so tenants and staff agree on its condition.",
    "Invite tenant inspectors to one voids inspection each quarter.",
]

SURVEYS = [
    # (template key, organisation slug, created by, opens days ago, closes in days, respondents)
    ("community-coproduction", COUNCIL, "officer", 40, 20, "citizens"),
    ("frontline-job-satisfaction", COUNCIL, "manager", 30, 30, "staff"),
]
STAFF_RESPONDENTS = ["officer2", "manager"]  # the demo officer is left to answer it
COMMUNITY_RESPONDENTS = 16
TEXTS = [
    "More evening sessions, please.",
    "Tell us what happened after we gave our views.",
    "I would help with the park if someone organised it.",
    "Childcare would let me take part.",
    "Fewer forms to fill in.",
    "Time to talk with colleagues about what residents tell us.",
]

# Maturity: the council's scores per principle (its three statements, in the bank's order), last
# year and this year. Valuing contributions is its weakest principle both times.
MATURITY = [
    (372, "First self-assessment: the senior leadership team with two tenants' representatives.",
     {"people-as-assets": (3, 3, 2), "valuing-contributions": (2, 1, 2),
      "reciprocity": (2, 2, 3), "networks": (3, 3, 2), "shared-roles": (2, 3, 2),
      "catalysts": (3, 2, 3)}),
    (7, "A year on: the same group, joined by the voluntary sector forum.",
     {"people-as-assets": (4, 4, 3), "valuing-contributions": (3, 2, 2),
      "reciprocity": (3, 3, 4), "networks": (4, 3, 3), "shared-roles": (3, 4, 3),
      "catalysts": (4, 3, 4)}),
]


@dataclass
class Seeded:
    outcomes: int = 0
    measurements: int = 0
    ratings: int = 0
    inspections: int = 0
    surveys: int = 0
    responses: int = 0
    maturity: int = 0
    skipped: list[str] = field(default_factory=list)


def _rng(name: str) -> random.Random:
    return random.Random(f"{SEED}:{name}")


def _quarters(first: datetime.date, today: datetime.date) -> list[tuple[datetime.date,
                                                                          datetime.date]]:
    """Consecutive quarters from `first`, each ended before today."""
    periods = []
    start = first
    while start + datetime.timedelta(days=PERIOD_DAYS - 1) < today:
        end = start + datetime.timedelta(days=PERIOD_DAYS - 1)
        periods.append((start, end))
        start = end + datetime.timedelta(days=1)
    return periods


def _reading(outcome: DemoOutcome, quarter: int, rng: random.Random) -> Decimal:
    low, high = outcome.readings
    shift = outcome.trend * quarter
    if outcome.fields["measure"] == "count":
        return Decimal(rng.randint(int(low), int(high)))
    value = rng.uniform(low + shift, high + shift)
    return Decimal(str(round(value, 1)))


def _seed_outcomes(initiatives, users, today: datetime.date, seeded: Seeded) -> None:
    done = set(
        OutcomeIndicator.objects.filter(initiative__slug__in=[o.initiative for o in OUTCOMES])
        .values_list("initiative__slug", "name")
    )
    for position, outcome in enumerate(OUTCOMES):
        initiative = initiatives.get(outcome.initiative)
        if initiative is None or (outcome.initiative, outcome.fields["name"]) in done:
            continue
        recorder = users[outcome.recorded_by]
        fields = dict(outcome.fields)
        if "target_value" in fields:
            fields["target_date"] = initiative.start_date + datetime.timedelta(days=3 * 365)
        indicator = outcome_indicator_create(
            created_by=recorder, initiative=initiative, baseline_date=initiative.start_date,
            position=position, **fields,
        )
        seeded.outcomes += 1
        rng = _rng(f"outcome:{outcome.initiative}:{outcome.fields['name']}")
        for quarter, (start, end) in enumerate(_quarters(initiative.start_date, today)):
            outcome_measurement_record(
                recorded_by=recorder, indicator=indicator, value=_reading(outcome, quarter, rng),
                period_start=start, period_end=end,
                evidence=rng.choice(["Service records", "Quarterly monitoring return",
                                     "Counted at the sessions"]),
            )
            seeded.measurements += 1
    slug, name, username = SUBMITTED_READING
    indicator = OutcomeIndicator.objects.filter(initiative__slug=slug, name=name).first()
    if indicator is not None and not OutcomeMeasurement.objects.filter(
        indicator=indicator, recorded_by__username=username
    ).exists():
        last_end = indicator.measurements.order_by("-period_end").values_list(
            "period_end", flat=True
        ).first()
        start = (last_end or indicator.baseline_date) + datetime.timedelta(days=1)
        if start <= today:
            outcome_measurement_record(
                recorded_by=users[username], indicator=indicator, value=Decimal("81.5"),
                period_start=start, period_end=today,
                evidence="Inspectors' sample of 40 repairs this quarter, from tenants' "
                         "repair cards.",
            )
            seeded.measurements += 1


def _seed_ratings(initiatives, users, seeded: Seeded) -> None:
    rated = set(
        Rating.objects.filter(initiative__slug__in=RATED).values_list(
            "initiative__slug", flat=True
        )
    )
    raters = ["citizen2"] + [person.username for person in EXTRA_CITIZENS]
    for slug, (count, scores) in RATED.items():
        initiative = initiatives.get(slug)
        if initiative is None or slug in rated:
            continue
        rng = _rng(f"ratings:{slug}")
        for username in rng.sample(raters, count):
            score = rng.choice(scores)
            comment = rng.choice(COMMENTS[score]) if rng.random() < 0.5 else ""
            rating_create(user=users[username], initiative=initiative, score=score,
                          comment=comment)
            seeded.ratings += 1
        if slug == HIDDEN[0]:
            author = next(u for u in raters if not Rating.objects.filter(
                initiative=initiative, user=users[u]).exists())
            rating = rating_create(user=users[author], initiative=initiative, score=1,
                                   comment=HIDDEN[1])
            rating_comment_hide(rating=rating, hidden_by=users["officer"], reason=HIDDEN[2])
            seeded.ratings += 1


def _seed_inspection(initiatives, users, today: datetime.date, seeded: Seeded) -> None:
    initiative = initiatives.get(TENANT_INSPECTORS)
    if initiative is None or Inspection.objects.filter(
        initiative=initiative, title=INSPECTION_TITLE
    ).exists():
        return
    inspectors = list(inspectors_of(initiative))
    team = [u for u in inspectors if u.username == "citizen2"] + [
        u for u in inspectors if u.username != "citizen2"
    ][:3]
    inspected_on = today - datetime.timedelta(days=75)
    staff = users["officer2"]
    inspection = inspection_create(
        created_by=staff,
        initiative=initiative,
        title=INSPECTION_TITLE,
        summary="Tenant inspectors visited five homes let in the last quarter and checked them "
                "against the council's lettable standard.",
        inspected_on=inspected_on,
        team=team,
        standards=[{"statement": s, "score": score, "finding": f} for s, score, f in STANDARDS],
        recommendations=RECOMMENDATIONS,
    )
    inspection_complete(inspection=inspection, completed_by=staff)
    first, second, third, _fourth = inspection.recommendations.order_by("position")
    recommendation_respond(
        recommendation=first, responded_by=staff, decision="accepted",
        action="A sign-off sheet is now part of the voids checklist; keys are not released "
               "until every repair order on it is closed.",
        due_date=inspected_on + datetime.timedelta(days=30),
        done_at=inspected_on + datetime.timedelta(days=24),
    )
    recommendation_respond(
        recommendation=second, responded_by=staff, decision="accepted",
        action="Agreed with the gas contractor: checks booked on the day notice is given.",
        due_date=today + datetime.timedelta(days=45),
    )
    recommendation_respond(
        recommendation=third, responded_by=staff, decision="declined",
        action="Tenants' panel advised against photographs inside homes; a signed room-by-room "
               "checklist is used instead.",
    )
    seeded.inspections += 1


def _answer(question, rng: random.Random):
    if question.kind == QuestionKind.SCALE:
        return rng.choice((2, 3, 3, 4, 4, 4, 5, 5))
    if question.kind == QuestionKind.YES_NO:
        return rng.random() < 0.6
    if question.kind == QuestionKind.NUMBER:
        return rng.choice((0, 0, 1, 2, 2, 3, 4, 6, 8))
    if question.required or rng.random() < 0.6:
        return rng.choice(TEXTS)
    return ""


def _seed_surveys(organisations, users, today: datetime.date, seeded: Seeded) -> None:
    for key, organisation_slug, creator, opened, closes, respondents in SURVEYS:
        organisation = organisations.get(organisation_slug)
        if organisation is None or Survey.objects.filter(
            organisation=organisation, template_key=key
        ).exists():
            continue
        opens_on = today - datetime.timedelta(days=opened)
        survey = survey_create_from_template(
            template_key=key, organisation=organisation, created_by=users[creator],
            opens_on=opens_on, closes_on=today + datetime.timedelta(days=closes),
        )
        seeded.surveys += 1
        rng = _rng(f"survey:{key}")
        if respondents == "staff":
            people = STAFF_RESPONDENTS
        else:
            pool = ["citizen2"] + [person.username for person in EXTRA_CITIZENS]
            people = rng.sample(pool, COMMUNITY_RESPONDENTS)
        questions = list(survey.questions.order_by("position"))
        for username in people:
            submitted_on = opens_on + datetime.timedelta(days=rng.randint(0, opened))
            survey_respond(
                survey=survey, respondent=users[username],
                answers={q.pk: _answer(q, rng) for q in questions}, today=submitted_on,
            )
            seeded.responses += 1


def _seed_maturity(organisations, users, today: datetime.date, seeded: Seeded) -> None:
    council = organisations.get(COUNCIL)
    if council is None or MaturityAssessment.objects.filter(organisation=council).exists():
        return
    for days_ago, notes, by_principle in MATURITY:
        scores = {
            statement.key: score
            for principle in PRINCIPLES
            for statement, score in zip(principle.statements, by_principle[principle.key],
                                        strict=True)
        }
        maturity_assessment_create(
            assessed_by=users["manager"], organisation=council,
            assessed_on=today - datetime.timedelta(days=days_ago), scores=scores, notes=notes,
        )
        seeded.maturity += 1


def seed() -> Seeded:
    """Create whatever part of the demo co-assessment is not there yet."""
    today = timezone.localdate()
    seeded = Seeded()
    organisations = Organisation.objects.in_bulk(field_name="slug")
    initiatives = {
        i.slug: i
        for i in Initiative.objects.filter(
            slug__in={o.initiative for o in OUTCOMES} | set(RATED) | {TENANT_INSPECTORS}
        ).prefetch_related("partner_organisations")
    }
    users = User.objects.in_bulk(field_name="username")
    _seed_outcomes(initiatives, users, today, seeded)
    _seed_ratings(initiatives, users, seeded)
    _seed_inspection(initiatives, users, today, seeded)
    _seed_surveys(organisations, users, today, seeded)
    _seed_maturity(organisations, users, today, seeded)
    return seeded


def summary_lines() -> list[str]:
    surveys = Survey.objects.annotate(n=Count("responses")).order_by("id")
    return [
        f"Outcome indicators: {OutcomeIndicator.objects.count()} "
        f"({OutcomeMeasurement.objects.count()} measurements)",
        f"Ratings: {Rating.objects.count()}",
        f"Inspections: {Inspection.objects.count()}",
        "Surveys: " + ("; ".join(f"{s.title} ({s.n} responses)" for s in surveys) or "none")
        + f" — {Response.objects.count()} responses in all",
        f"Maturity self-assessments: {MaturityAssessment.objects.count()}",
    ]
