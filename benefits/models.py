"""Stakeholder groups, benefits, indicators and priorities; the roll-up tables and their runs.

Roll-up rows are derived from the ledger's source rows and can be rebuilt at any time.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import OutcomeIndicator, Question
from initiatives.models import Initiative
from people.models import Organisation


class StakeholderGroup(models.Model):
    """One of the five groups of DESIGN §4. Slugs are part of the public API."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")

    def __str__(self) -> str:
        return self.name


class Benefit(models.Model):
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.CASCADE, related_name="benefits",
        verbose_name=_("stakeholder group"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["group__position", "position"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")

    def __str__(self) -> str:
        return self.name


class IndicatorSource(models.TextChoices):
    """Where an indicator's values come from."""

    LEVERAGE = "leverage", _("Leverage (citizen ÷ public input value)")
    COPRODUCTION_SHARE = "coproduction_share", _("Co-production share of all inputs")
    HOURS_PER_CONTRIBUTOR = "hours_per_contributor", _("Verified hours per contributor")
    DISTINCT_CONTRIBUTORS = "distinct_contributors", _("Distinct contributors")
    CITIZEN_INPUT_VALUE = "citizen_input_value", _("Citizen input value")
    PUBLIC_INPUT_PER_INITIATIVE = "public_input_per_initiative", _(
        "Public input value per initiative"
    )
    COST_PER_OUTCOME = "cost_per_outcome", _("Cost per outcome (public ÷ outcome units)")
    SURVEY_QUESTION = "survey_question", _("A survey question's mean")
    OUTCOME_MEASURE = "outcome_measure", _("An outcome measure")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(models.Model):
    benefit = models.ForeignKey(
        Benefit, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("benefit")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. GBP, hours, ratio, %"))
    better = models.CharField(
        _("better direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("source"), max_length=32, choices=IndicatorSource.choices)
    # For survey and outcome sources (the assessment app) the key of what is measured.
    source_key = models.CharField(_("source key"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["benefit", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorLink(models.Model):
    """Attaches a survey question or an outcome indicator (assessment) to a benefit indicator,
    so the dashboards carry its values (benefits/assessment_values.py). Exactly one is set.

    The link belongs to the organisation that owns what it links: the survey's organisation,
    or the organisations of the outcome indicator's initiative.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="links", verbose_name=_("indicator")
    )
    survey_question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="benefit_links",
        verbose_name=_("survey question"),
    )
    outcome_indicator = models.ForeignKey(
        OutcomeIndicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="benefit_links",
        verbose_name=_("outcome indicator"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "id"]
        verbose_name = _("indicator link")
        verbose_name_plural = _("indicator links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(survey_question__isnull=False, outcome_indicator__isnull=True)
                    | models.Q(survey_question__isnull=True, outcome_indicator__isnull=False)
                ),
                name="indicator_link_exactly_one_source",
            ),
            models.UniqueConstraint(
                fields=["indicator", "survey_question"],
                condition=models.Q(survey_question__isnull=False),
                name="indicator_link_unique_question",
            ),
            models.UniqueConstraint(
                fields=["indicator", "outcome_indicator"],
                condition=models.Q(outcome_indicator__isnull=False),
                name="indicator_link_unique_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.survey_question or self.outcome_indicator}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (self.survey_question_id is None) == (self.outcome_indicator_id is None):
            raise ValidationError(
                _("Link either a survey question or an outcome indicator, not both or neither.")
            )
        if self.indicator_id is None:
            return
        wanted = (
            IndicatorSource.SURVEY_QUESTION
            if self.survey_question_id is not None
            else IndicatorSource.OUTCOME_MEASURE
        )
        if self.indicator.source != wanted:
            field = "survey_question" if self.survey_question_id else "outcome_indicator"
            raise ValidationError(
                {field: _("This indicator is measured by %(source)s.")
                 % {"source": self.indicator.get_source_display()}}
            )


class BenefitPriority(models.Model):
    """An organisation's current priorities: a rank (1 = first) and a weight."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="benefit_priorities"
    )
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="priorities")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0–100; how much this benefit counts among the organisation's priorities."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), auto_now=True)

    class Meta:
        ordering = ["organisation", "rank"]
        verbose_name = _("benefit priority")
        verbose_name_plural = _("benefit priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "benefit"], name="priority_one_per_benefit"
            ),
            models.UniqueConstraint(fields=["organisation", "rank"], name="priority_unique_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.rank}. {self.benefit}"


# ---- roll-ups ------------------------------------------------------------------------------


class ContributionRollup(models.Model):
    """Contributions of one initiative × month × kind × status: hours, value and count."""

    # Derived rows, rebuilt from source: no database constraint or index of its own (the
    # unique key leads with the initiative); deleting an initiative deletes them in Django.
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", db_constraint=False,
        db_index=False,
    )
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=10)
    status = models.CharField(_("status"), max_length=10)
    currency = models.CharField(_("currency"), max_length=3)
    hours = models.DecimalField(_("hours"), max_digits=14, decimal_places=2)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    count = models.PositiveIntegerField(_("count"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("contribution roll-up")
        verbose_name_plural = _("contribution roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "month", "kind", "status"], name="contribution_rollup_key"
            )
        ]
        # Every read names its initiatives, so the key's index serves it; an index on the
        # month alone went unused and cost a rebuild a write per row.

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m} {self.kind} {self.status}"


class PublicInputRollup(models.Model):
    """Public inputs of one initiative × month × kind: hours, value and count."""

    # Derived rows, rebuilt from source: no database constraint or index of its own (the
    # unique key leads with the initiative); deleting an initiative deletes them in Django.
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", db_constraint=False,
        db_index=False,
    )
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=12)
    currency = models.CharField(_("currency"), max_length=3)
    hours = models.DecimalField(_("hours"), max_digits=14, decimal_places=2)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    count = models.PositiveIntegerField(_("count"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("public input roll-up")
        verbose_name_plural = _("public input roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "month", "kind"], name="public_input_rollup_key"
            )
        ]
        # Every read names its initiatives, so the key's index serves it; an index on the
        # month alone went unused and cost a rebuild a write per row.

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m} {self.kind}"


class ContributorRollup(models.Model):
    """One verified contributor's activity in one initiative × month.

    Distinct counts do not add up across months or initiatives, so the roll-up keeps one
    row per contributor (a user, or a partner's volunteer reference) and counts DISTINCT
    contributor_key over whichever months and initiatives a figure covers.
    """

    # Derived rows, rebuilt from source: no database constraint or index of its own (the
    # unique key leads with the initiative); deleting an initiative deletes them in Django.
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", db_constraint=False,
        db_index=False,
    )
    month = models.DateField(_("month"))
    contributor_key = models.CharField(
        _("contributor"), max_length=160,
        help_text=_("u:<user id>, or v:<organisation id>:<volunteer reference>"),
    )
    hours = models.DecimalField(_("hours"), max_digits=14, decimal_places=2)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    count = models.PositiveIntegerField(_("count"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("contributor roll-up")
        verbose_name_plural = _("contributor roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "month", "contributor_key"], name="contributor_rollup_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m} {self.contributor_key}"


class RollupRun(models.Model):
    """One run of a roll-up job: what it did and how it ended. Feeds the freshness page."""

    class Kind(models.TextChoices):
        INCREMENTAL = "incremental", _("Stale buckets")
        FULL = "full", _("Full rebuild")

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        ABANDONED = "abandoned", _("Abandoned (worker stopped)")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    buckets_total = models.PositiveIntegerField(_("buckets to do"), default=0)
    buckets_done = models.PositiveIntegerField(_("buckets done"), default=0)
    drift_corrected = models.PositiveIntegerField(
        _("rows corrected"), default=0,
        help_text=_("Roll-up rows a full rebuild found different from source and corrected."),
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("roll-up run")
        verbose_name_plural = _("roll-up runs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"

    @property
    def progress_percent(self) -> int:
        if not self.buckets_total:
            return 100 if self.outcome == self.Outcome.SUCCEEDED else 0
        return min(100, round(100 * self.buckets_done / self.buckets_total))
