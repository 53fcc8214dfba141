"""The co-production maturity self-assessment: a fixed bank of statements under six principles,
and the bands a total falls in.

Each statement is scored 1 (not at all true of us) to 5 (true of us everywhere, all the time).
With 6 principles × 3 statements the total runs from 18 to 90. The band is decided by the mean
score per statement, so it does not move if the bank grows:

| band          | mean score        | total (18 statements) |
| ------------- | ----------------- | --------------------- |
| emerging      | below 2.0         | 18–35                 |
| developing    | 2.0 to below 3.0  | 36–53                 |
| established   | 3.0 to below 4.0  | 54–71                 |
| leading       | 4.0 and above     | 72–90                 |

Statement keys are stable (stored with each score); wording may be improved without losing
history.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 5


@dataclass(frozen=True)
class Statement:
    key: str
    principle: str
    text: str


@dataclass(frozen=True)
class Principle:
    key: str
    name: str
    statements: tuple[Statement, ...]


def _principle(key: str, name, statements: list[tuple[str, object]]) -> Principle:
    return Principle(
        key=key,
        name=name,
        statements=tuple(Statement(key=f"{key}-{k}", principle=key, text=t) for k, t in statements),
    )


PRINCIPLES: tuple[Principle, ...] = (
    _principle(
        "people-as-assets",
        _("People as assets"),
        [
            ("capabilities", _("We start from what citizens and service users can do, not only "
                               "from what they need.")),
            ("expertise", _("We treat people's lived experience as expertise equal to "
                            "professional knowledge.")),
            ("roles", _("Service users and carers hold real roles in designing and delivering "
                        "our services.")),
        ],
    ),
    _principle(
        "valuing-contributions",
        _("Valuing contributions"),
        [
            ("recorded", _("We record what citizens put in (time, goods, money) beside what we "
                           "put in.")),
            ("valued", _("Citizens' contributions are valued in money by a stated method in our "
                         "accounts.")),
            ("recognised", _("We recognise and thank contributors in ways they say matter "
                             "to them.")),
        ],
    ),
    _principle(
        "reciprocity",
        _("Reciprocity"),
        [
            ("two-way", _("People who give to our services get something back that they "
                          "value.")),
            ("mutual-obligation", _("Expectations between professionals and citizens are "
                                    "agreed and kept on both sides.")),
            ("feedback", _("We tell people what happened as a result of their contribution "
                           "(\"you said, we did\").")),
        ],
    ),
    _principle(
        "networks",
        _("Peer support networks"),
        [
            ("peer-support", _("We support peer networks alongside professional services.")),
            ("community-groups", _("We work with community groups as partners, not only as "
                                   "suppliers.")),
            ("connections", _("We help people connect with others who share their "
                              "situation.")),
        ],
    ),
    _principle(
        "shared-roles",
        _("Blurring roles"),
        [
            ("shared-decisions", _("Decisions about services are shared between professionals "
                                   "and citizens.")),
            ("shared-delivery", _("Citizens and staff deliver parts of services together.")),
            ("shared-assessment", _("Citizens take part in inspecting and evaluating our "
                                    "services.")),
        ],
    ),
    _principle(
        "catalysts",
        _("Facilitating rather than delivering"),
        [
            ("staff-role", _("Our staff see their role as enabling citizens, not only doing "
                             "things for them.")),
            ("training", _("Staff are trained and supported to work with citizens as "
                           "partners.")),
            ("leadership", _("Senior leaders champion co-production and remove barriers "
                             "to it.")),
        ],
    ),
)

STATEMENTS: dict[str, Statement] = {s.key: s for p in PRINCIPLES for s in p.statements}
PRINCIPLE_BY_KEY: dict[str, Principle] = {p.key: p for p in PRINCIPLES}
PRINCIPLE_CHOICES = [(p.key, p.name) for p in PRINCIPLES]


class Band:
    EMERGING = "emerging"
    DEVELOPING = "developing"
    ESTABLISHED = "established"
    LEADING = "leading"


BAND_NAMES = {
    Band.EMERGING: _("Emerging"),
    Band.DEVELOPING: _("Developing"),
    Band.ESTABLISHED: _("Established"),
    Band.LEADING: _("Leading"),
}
# (lowest mean score per statement, band), highest first.
BAND_THRESHOLDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal("4"), Band.LEADING),
    (Decimal("3"), Band.ESTABLISHED),
    (Decimal("2"), Band.DEVELOPING),
    (Decimal("0"), Band.EMERGING),
)


def band_for(total: int, statements: int) -> str:
    """The band of a total over a number of statements (see the table above)."""
    if statements <= 0:
        return Band.EMERGING
    mean = Decimal(total) / Decimal(statements)
    for lowest, band in BAND_THRESHOLDS:
        if mean >= lowest:
            return band
    return Band.EMERGING
