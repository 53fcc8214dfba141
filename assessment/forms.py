"""Forms of the co-assessment pages. They collect and tidy input; the services decide what is
valid, and their errors land on the fields named here (the same names as the services')."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.forms import DateInput, ServiceErrorsMixin, freeze_choices
from initiatives.models import Initiative, ServiceArea
from people.models import Organisation, User

from .maturity import PRINCIPLES
from .models import Audience, Decision, Direction, Measure, Question, QuestionKind

STANDARD_ROWS = 5
RECOMMENDATION_ROWS = 5
QUESTION_ROWS = 8

RATING_CHOICES = [
    ("1", _("1 – Very poor")),
    ("2", _("2 – Poor")),
    ("3", _("3 – Fair")),
    ("4", _("4 – Good")),
    ("5", _("5 – Very good")),
]
MATURITY_CHOICES = [
    ("1", _("1 – Not at all")),
    ("2", _("2 – In a few places")),
    ("3", _("3 – In some places")),
    ("4", _("4 – In most places")),
    ("5", _("5 – Everywhere, all the time")),
]
SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
STANDARD_SCORE_CHOICES = [("", _("Not scored yet")), *RATING_CHOICES]
SCORE_ERROR = {"invalid_choice": _("Choose a score from 1 to 5.")}


class DecimalInput(forms.TextInput):
    """A text box that brings up the number keyboard on a phone (no spinner, no browser rules:
    the service explains what is wrong)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class WholeNumberInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


def _scale(label, choices, *, required=False, help_text="") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        error_messages=SCORE_ERROR,
    )


def _person_label(user: User) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


# --- outcomes ---------------------------------------------------------------------------------


def _percent(label, help_text) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, widget=DecimalInput, help_text=help_text
    )


class OutcomeIndicatorForm(ServiceErrorsMixin, forms.Form):
    """An outcome indicator and how one unit of it is valued (the SROI guide's adjustments)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("What changes for people, for example “Falls prevented”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the outcome is counted and by whom."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=60, help_text=_("For example falls, people, households.")
    )
    measure = forms.ChoiceField(
        label=_("How it is measured"),
        choices=Measure.choices,
        initial=Measure.COUNT,
        widget=forms.RadioSelect,
        help_text=_(
            "A count adds up the units of each period; a level is a reading, and the outcome is "
            "its change from the baseline."
        ),
    )
    better = forms.ChoiceField(
        label=_("Better direction"),
        choices=Direction.choices,
        initial=Direction.HIGHER,
        widget=forms.RadioSelect,
        help_text=_("Whether a higher or a lower figure is the better outcome."),
    )
    baseline_value = forms.DecimalField(
        label=_("Baseline value"),
        widget=DecimalInput,
        help_text=_("The figure before the initiative made a difference (0 for a count)."),
    )
    baseline_date = forms.DateField(
        label=_("Baseline date"),
        widget=DateInput,
        help_text=_("When the baseline was measured. No measurement may be dated before it."),
    )
    target_value = forms.DecimalField(
        label=_("Target value"),
        required=False,
        widget=DecimalInput,
        help_text=_("The figure the initiative aims for."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=DateInput,
        help_text=_("When the target should be met. Needs a target value."),
    )
    financial_proxy = forms.DecimalField(
        label=_("Financial proxy per unit"),
        required=False,
        widget=DecimalInput,
        help_text=_(
            "What one unit of the outcome is worth in money, in the initiative's currency, for "
            "example the cost to public services of one fall. Leave empty if it is not valued."
        ),
    )
    proxy_source_title = forms.CharField(
        label=_("Source of the proxy: title"),
        required=False,
        max_length=300,
        help_text=_("Where the proxy comes from. Required with a proxy, so anyone can check it."),
    )
    proxy_source_publisher = forms.CharField(
        label=_("Source of the proxy: publisher"),
        required=False,
        max_length=200,
        help_text=_("Who published it, for example PSSRU or HM Treasury."),
    )
    proxy_source_year = forms.IntegerField(
        label=_("Source of the proxy: year"),
        required=False,
        widget=WholeNumberInput,
        help_text=_("The year of the edition used."),
    )
    deadweight = _percent(
        _("Deadweight %"),
        _(
            "How much of the outcome would have happened anyway, without the initiative, "
            "from 0 to 100. For example 25 if one in four falls would have been avoided anyway."
        ),
    )
    displacement = _percent(
        _("Displacement %"),
        _(
            "How much of the outcome only moved a problem somewhere else, from 0 to 100. "
            "Use 0 if nothing was displaced."
        ),
    )
    attribution = _percent(
        _("Attribution %"),
        _(
            "How much of the outcome is owed to other people's or organisations' work, "
            "from 0 to 100."
        ),
    )
    drop_off = _percent(
        _("Drop-off %"),
        _(
            "How much the outcome fades each year after the first, from 0 to 100. For example "
            "10 if a tenth of the benefit is lost every year."
        ),
    )
    duration_years = forms.IntegerField(
        label=_("Duration in years"),
        initial=1,
        widget=WholeNumberInput,
        help_text=_("How many years the outcome lasts, counting the first; at least 1."),
    )

    field_order = [
        "name", "description", "unit", "measure", "better", "baseline_value", "baseline_date",
        "target_value", "target_date", "financial_proxy", "proxy_source_title",
        "proxy_source_publisher", "proxy_source_year", "deadweight", "displacement",
        "attribution", "drop_off", "duration_years",
    ]
    VALUATION_FIELDS = (
        "financial_proxy", "proxy_source_title", "proxy_source_publisher", "proxy_source_year",
    )
    ADJUSTMENT_FIELDS = ("deadweight", "displacement", "attribution", "drop_off", "duration_years")

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("deadweight", "displacement", "attribution", "drop_off"):
            if data[name] is None:
                data[name] = 0
        return data

    def group(self, names: Iterable[str]) -> list:
        return [self[name] for name in names]

    def description_fields(self) -> list:
        return self.group(self.field_order[:9])

    def valuation_fields(self) -> list:
        return self.group(self.VALUATION_FIELDS)

    def adjustment_fields(self) -> list:
        return self.group(self.ADJUSTMENT_FIELDS)

    @classmethod
    def initial_for(cls, indicator) -> dict[str, Any]:
        return {name: getattr(indicator, name) for name in cls.field_order}


class MeasurementForm(ServiceErrorsMixin, forms.Form):
    value = forms.DecimalField(
        label=_("Value"),
        widget=DecimalInput,
        help_text=_("For a count, the units achieved in the period; for a level, the reading."),
    )
    period_start = forms.DateField(
        label=_("Period start"), widget=DateInput, help_text=_("The first day measured.")
    )
    period_end = forms.DateField(
        label=_("Period end"), widget=DateInput, help_text=_("The last day measured.")
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figure comes from, for example clinic records or a head count."),
    )


# --- ratings ----------------------------------------------------------------------------------


class RatingForm(ServiceErrorsMixin, forms.Form):
    score = _scale(
        _("How good is this service?"),
        RATING_CHOICES,
        required=True,
        help_text=_("1 is very poor, 5 is very good."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What works, and what could be better. Shown without your name; staff may hide a "
            "comment that breaks the house rules, and say why."
        ),
    )
    field_order = ["score", "comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].error_messages["required"] = _("Choose a score from 1 to 5.")


class HideCommentForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why hide this comment?"),
        required=False,
        max_length=1000,
        help_text=_("Recorded with your name; the author can see it."),
    )


# --- inspections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardRow:
    number: int
    statement: forms.BoundField
    score: forms.BoundField
    finding: forms.BoundField


class InspectionForm(ServiceErrorsMixin, forms.Form):
    """An inspection with its team, up to five standards (statement, score, finding) and up to
    five recommendations. Blank rows are left out."""

    title = forms.CharField(label=_("Title"), max_length=200)
    inspected_on = forms.DateField(
        label=_("Date of inspection"), widget=DateInput,
        help_text=_("Not before the initiative started."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Inspection team"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Citizens taking part in this initiative as inspectors."),
    )

    def __init__(self, *args, initiative: Initiative, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["team"].queryset = inspectors
        self.fields["team"].label_from_instance = _person_label
        for n in range(1, STANDARD_ROWS + 1):
            self.fields[f"standard_{n}_statement"] = forms.CharField(
                label=_("Standard %(n)d") % {"n": n}, required=False, max_length=500,
                help_text=_("What the service should do, for example “Repairs are booked "
                            "within five working days”.") if n == 1 else "",
            )
            self.fields[f"standard_{n}_score"] = forms.ChoiceField(
                label=_("Score for standard %(n)d") % {"n": n}, required=False,
                choices=STANDARD_SCORE_CHOICES, error_messages=SCORE_ERROR,
            )
            self.fields[f"standard_{n}_finding"] = forms.CharField(
                label=_("Finding for standard %(n)d") % {"n": n}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        for n in range(1, RECOMMENDATION_ROWS + 1):
            self.fields[f"recommendation_{n}"] = forms.CharField(
                label=_("Recommendation %(n)d") % {"n": n}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        freeze_choices(self)

    def standard_rows(self) -> list[StandardRow]:
        return [
            StandardRow(
                n, self[f"standard_{n}_statement"], self[f"standard_{n}_score"],
                self[f"standard_{n}_finding"],
            )
            for n in range(1, STANDARD_ROWS + 1)
        ]

    def recommendation_fields(self) -> list:
        return [self[f"recommendation_{n}"] for n in range(1, RECOMMENDATION_ROWS + 1)]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        standards = []
        for n in range(1, STANDARD_ROWS + 1):
            row = {
                "statement": data.get(f"standard_{n}_statement", ""),
                "score": data.get(f"standard_{n}_score") or None,
                "finding": data.get(f"standard_{n}_finding", ""),
            }
            if row["statement"] or row["score"] or row["finding"]:
                standards.append(row)
        recommendations = [
            data[f"recommendation_{n}"]
            for n in range(1, RECOMMENDATION_ROWS + 1)
            if data.get(f"recommendation_{n}")
        ]
        return {
            "title": data["title"],
            "inspected_on": data["inspected_on"],
            "summary": data["summary"],
            "team": list(data["team"]),
            "standards": standards,
            "recommendations": recommendations,
        }

    @classmethod
    def initial_for(cls, inspection, standards, recommendations) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": inspection.title,
            "inspected_on": inspection.inspected_on,
            "summary": inspection.summary,
            "team": [member.pk for member in inspection.team.all()],
        }
        for n, standard in enumerate(standards[:STANDARD_ROWS], start=1):
            initial[f"standard_{n}_statement"] = standard.statement
            initial[f"standard_{n}_score"] = str(standard.score or "")
            initial[f"standard_{n}_finding"] = standard.finding
        for n, recommendation in enumerate(recommendations[:RECOMMENDATION_ROWS], start=1):
            initial[f"recommendation_{n}"] = recommendation.text
        return initial


class RecommendationResponseForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done, or why the recommendation is declined. Shown publicly."),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=DateInput,
        help_text=_("Needed when the recommendation is accepted."),
    )
    done_at = forms.DateField(
        label=_("Done on"), required=False, widget=DateInput,
        help_text=_("When the action was completed. Leave empty while it is still to do."),
    )


# --- surveys ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    number: int
    text: forms.BoundField
    kind: forms.BoundField
    required: forms.BoundField


class SurveyFormBase(ServiceErrorsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        help_text=_("The organisation running the survey: its staff see the results."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Not about one initiative"),
        help_text=_("Optional: a survey about one initiative the organisation leads or "
                    "partners."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)

    def __init__(self, *args, organisations, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["initiative"].queryset = initiatives
        self.fields["initiative"].label_from_instance = lambda i: i.title
        freeze_choices(self)


class SurveyFromTemplateForm(SurveyFormBase):
    field_order = ["organisation", "title", "initiative", "opens_on", "closes_on"]


class SurveyForm(SurveyFormBase):
    """A blank survey: its settings and up to eight questions; blank rows are left out."""

    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you ask, and what you will do with the answers."),
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        initial=Audience.COMMUNITY,
        widget=forms.RadioSelect,
        help_text=_("Who may answer."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_("Nothing stored will link a response to the person who gave it."),
    )
    field_order = [
        "organisation", "title", "introduction", "audience", "anonymous", "initiative",
        "opens_on", "closes_on",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, QUESTION_ROWS + 1):
            self.fields[f"question_{n}_text"] = forms.CharField(
                label=_("Question %(n)d") % {"n": n}, required=False, max_length=500,
            )
            self.fields[f"question_{n}_kind"] = forms.ChoiceField(
                label=_("Kind of answer to question %(n)d") % {"n": n},
                choices=QuestionKind.choices, initial=QuestionKind.SCALE,
            )
            self.fields[f"question_{n}_required"] = forms.BooleanField(
                label=_("Question %(n)d needs an answer") % {"n": n}, required=False,
                initial=True,
            )

    def question_rows(self) -> list[QuestionRow]:
        return [
            QuestionRow(n, self[f"question_{n}_text"], self[f"question_{n}_kind"],
                        self[f"question_{n}_required"])
            for n in range(1, QUESTION_ROWS + 1)
        ]

    def questions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "text": data[f"question_{n}_text"],
                "kind": data[f"question_{n}_kind"],
                "required": data[f"question_{n}_required"],
            }
            for n in range(1, QUESTION_ROWS + 1)
            if data.get(f"question_{n}_text")
        ]


class SurveyAnswerForm(ServiceErrorsMixin, forms.Form):
    """One field per question, named `question_<id>` like the service's errors. Every field is
    optional here: the service says which answers are required."""

    def __init__(self, *args, questions: Iterable[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.optional: set[str] = set()
        for question in questions:
            name = f"question_{question.pk}"
            self.fields[name] = self._field(question)
            if not question.required:
                self.optional.add(name)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label = question.text
        help_text = question.help_text
        if question.kind == QuestionKind.SCALE:
            return _scale(label, SCALE_CHOICES,
                          help_text=help_text or _("1 is the lowest, 5 the highest."))
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                label=label, choices=YES_NO_CHOICES, required=False, help_text=help_text,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={"invalid_choice": _("Answer yes or no.")},
            )
        if question.kind == QuestionKind.NUMBER:
            return forms.CharField(
                label=label, required=False, help_text=help_text or _("A number."),
                widget=DecimalInput,
            )
        return forms.CharField(
            label=label, required=False, help_text=help_text, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- maturity ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrincipleGroup:
    key: str
    name: str
    fields: list


class MaturityAssessmentForm(ServiceErrorsMixin, forms.Form):
    """Every statement of the bank as a 1–5 choice, named by the statement's key."""

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput)
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.order_by("name"),
        required=False,
        empty_label=_("The whole organisation"),
        help_text=_("Assess one service area, or the whole organisation."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who took part in the assessment, and anything to remember next time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for principle in PRINCIPLES:
            for statement in principle.statements:
                self.fields[statement.key] = _scale(statement.text, MATURITY_CHOICES)
        freeze_choices(self)

    def principle_groups(self) -> list[PrincipleGroup]:
        return [
            PrincipleGroup(
                principle.key, str(principle.name),
                [self[statement.key] for statement in principle.statements],
            )
            for principle in PRINCIPLES
        ]

    def scores(self) -> dict[str, Any]:
        return {
            statement.key: self.cleaned_data.get(statement.key) or None
            for principle in PRINCIPLES
            for statement in principle.statements
        }
