"""Factories and helpers for assessment tests: outcome indicators, the "Steady Steps" worked
example of ACCOUNTING.md, surveys, inspections and maturity scores."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessment import services
from assessment.maturity import STATEMENTS
from assessment.models import OutcomeIndicator
from initiatives.models import Participation, ParticipationRole

from ..factories import InitiativeFactory

BASELINE = datetime.date(2025, 1, 1)


class OutcomeIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = OutcomeIndicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Outcome {n}")
    unit = "people"
    baseline_value = Decimal("0")
    baseline_date = BASELINE


def take_part(user, initiative, role=ParticipationRole.PARTICIPANT) -> Participation:
    return Participation.objects.create(user=user, initiative=initiative, role=role)


def steady_steps(cast):
    """ACCOUNTING.md's second worked example: "Steady Steps" (peer-led falls prevention) led by
    the council with the charity as partner, and its outcome "falls prevented": proxy £1,500.00
    each (cited), deadweight 25%, displacement 10%, attribution 20%, drop-off 10% a year, three
    years. Returns (initiative, indicator)."""
    initiative = InitiativeFactory(
        slug="steady-steps",
        title="Steady Steps",
        lead_organisation=cast.council,
        partner_organisations=[cast.charity],
        start_date=datetime.date(2024, 6, 1),
    )
    indicator = services.outcome_indicator_create(
        created_by=cast.officer,
        initiative=initiative,
        name="Falls prevented",
        unit="falls",
        measure="count",
        better="higher",
        baseline_value=Decimal("0"),
        baseline_date=BASELINE,
        financial_proxy=Decimal("1500.00"),
        proxy_source_title="Unit Costs of Health and Social Care (illustrative)",
        proxy_source_publisher="PSSRU",
        proxy_source_year=2024,
        deadweight=Decimal("25"),
        displacement=Decimal("10"),
        attribution=Decimal("20"),
        drop_off=Decimal("10"),
        duration_years=3,
    )
    return initiative, indicator


def record_falls(cast, indicator, *, per_quarter=(3, 3, 3, 3), year=2025):
    """Verified quarterly readings for a year (12 falls prevented by default)."""
    starts = [datetime.date(year, m, 1) for m in (1, 4, 7, 10)]
    ends = [datetime.date(year, 3, 31), datetime.date(year, 6, 30),
            datetime.date(year, 9, 30), datetime.date(year, 12, 31)]
    return [
        services.outcome_measurement_record(
            recorded_by=cast.officer,
            indicator=indicator,
            value=Decimal(value),
            period_start=start,
            period_end=end,
            evidence="Falls clinic records",
        )
        for value, start, end in zip(per_quarter, starts, ends, strict=True)
    ]


def all_scores(value=3, **overrides):
    """A full set of maturity scores: every statement `value`, except those overridden."""
    scores = dict.fromkeys(STATEMENTS, value)
    scores.update(overrides)
    return scores


def open_survey(cast, *, audience="community", anonymous=True, initiative=None, **extra):
    """A survey of the council open for all of 2025 … 2030, with one question of each kind."""
    return services.survey_create(
        created_by=extra.pop("created_by", cast.officer),
        organisation=cast.council,
        title=extra.pop("title", "Our services"),
        audience=audience,
        anonymous=anonymous,
        initiative=initiative,
        opens_on=extra.pop("opens_on", datetime.date(2025, 1, 1)),
        closes_on=extra.pop("closes_on", datetime.date(2030, 12, 31)),
        questions=extra.pop(
            "questions",
            [
                {"text": "How good is the service?", "kind": "scale"},
                {"text": "Would you recommend it?", "kind": "yes_no"},
                {"text": "Hours a month you help", "kind": "number", "required": False},
                {"text": "Anything else?", "kind": "text", "required": False},
            ],
        ),
        **extra,
    )


def answers_for(survey, scale=4, yes=True, number="3", text=""):
    questions = {q.kind: q for q in survey.questions.all()}
    answers = {}
    if "scale" in questions:
        answers[questions["scale"].pk] = scale
    if "yes_no" in questions:
        answers[questions["yes_no"].pk] = yes
    if "number" in questions:
        answers[questions["number"].pk] = number
    if "text" in questions:
        answers[questions["text"].pk] = text
    return answers


class nothing_stored:  # noqa: N801 - used as a context manager, reads like a phrase
    """Assert that the block leaves every assessment (and benefits link) table as it was."""

    def __enter__(self):
        self.before = _snapshot()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            raise AssertionError("the block was expected to raise")
        assert _snapshot() == self.before, "something was stored"
        return False


def _snapshot():
    from django.apps import apps

    rows = {}
    for model in apps.get_app_config("assessment").get_models():
        rows[model._meta.label] = sorted(
            tuple(sorted((k, str(v)) for k, v in row.items()))
            for row in model.objects.values()
        )
    return rows
