"""Citizen contributions, public inputs, the rate tables that value them, and stale-bucket marks.

Every line carries the value it was given, the rate and the rate version used, and the method,
so a finance officer can follow any total back to its lines (ACCOUNTING.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.models import Initiative
from people.models import CURRENCY_CHOICES, Organisation

GENERALIST_ACTIVITY = "*"


def _source_text(title: str, publisher: str, year: int | None) -> str:
    return ", ".join(part for part in (title, publisher, str(year) if year else "") if part)


class ActivityRate(models.Model):
    """A replacement-cost rate: what an hour of an activity costs at market wage, from a date.

    Scope is the platform default (no organisation) or one organisation. Activity `*` is the
    generalist fallback used where an activity has no rate of its own.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_rates",
        verbose_name=_("organisation"),
        help_text=_("Leave empty for the platform default."),
    )
    activity = models.CharField(
        _("activity"),
        max_length=80,
        help_text=_(
            "A co-production type slug (e.g. co-performing), an organisation's activity key, "
            "or * for the generalist fallback."
        ),
    )
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    effective_from = models.DateField(_("effective from"))
    source_title = models.CharField(_("source title"), max_length=300, blank=True)
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(_("source year"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("A demonstration figure, not a published rate."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["activity", "currency", "organisation__name", "effective_from"]
        verbose_name = _("activity rate")
        verbose_name_plural = _("activity rates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity", "currency", "effective_from"],
                condition=Q(organisation__isnull=False),
                name="activity_rate_unique_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["activity", "currency", "effective_from"],
                condition=Q(organisation__isnull=True),
                name="activity_rate_unique_platform_default",
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="activity_rate_positive"),
        ]

    def __str__(self) -> str:
        scope = self.organisation.name if self.organisation_id else _("platform default")
        return (
            f"{self.activity} {self.hourly_rate} {self.currency}/h "
            f"from {self.effective_from} ({scope})"
        )

    @property
    def is_generalist(self) -> bool:
        return self.activity == GENERALIST_ACTIVITY

    @property
    def source(self) -> str:
        """Title, publisher and year as one line, for ledgers and exports."""
        return _source_text(self.source_title, self.source_publisher, self.source_year)


class Activity(models.Model):
    """A named activity an organisation defines; its key can pick a rate like a type slug."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    key = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="activity_unique_key")
        ]

    def __str__(self) -> str:
        return self.name


class StaffCostRate(models.Model):
    """The fully loaded hourly cost of one staff grade of an organisation, from a date."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff_cost_rates",
        verbose_name=_("organisation"),
    )
    grade = models.CharField(_("grade"), max_length=80)
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Salary-based hourly rate, before on-costs and overhead."),
    )
    oncost_percent = models.DecimalField(
        _("on-cost %"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    overhead_percent = models.DecimalField(
        _("overhead %"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    effective_from = models.DateField(_("effective from"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["organisation__name", "grade", "effective_from"]
        verbose_name = _("staff cost rate")
        verbose_name_plural = _("staff cost rates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "grade", "effective_from"],
                name="staff_cost_rate_unique",
            ),
            models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="staff_cost_rate_positive"),
            models.CheckConstraint(
                condition=Q(oncost_percent__gte=0) & Q(overhead_percent__gte=0),
                name="staff_cost_rate_percentages_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.grade} from {self.effective_from}"

    @property
    def loaded_hourly_cost(self) -> Decimal:
        """hourly rate × (1 + on-cost) × (1 + overhead), unrounded: only line values round."""
        hundred = Decimal(100)
        return (
            self.hourly_rate
            * (1 + self.oncost_percent / hundred)
            * (1 + self.overhead_percent / hundred)
        )


class Kind(models.TextChoices):
    TIME = "time", _("Time")
    IN_KIND = "in_kind", _("In kind")
    MONEY = "money", _("Money")
    EXPENSES = "expenses", _("Expenses")


class ContributionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class ContributionMethod(models.TextChoices):
    REPLACEMENT_COST_SPECIALIST = (
        "replacement_cost_specialist",
        _("Replacement cost (specialist rate for the activity)"),
    )
    REPLACEMENT_COST_GENERALIST = (
        "replacement_cost_generalist",
        _("Replacement cost (generalist fallback rate)"),
    )
    DECLARED_VALUE = "declared_value", _("Declared market value")
    FACE_VALUE = "face_value", _("Face value")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def verified(self) -> ContributionQuerySet:
        return self.filter(status=ContributionStatus.VERIFIED)

    def pending(self) -> ContributionQuerySet:
        return self.filter(status=ContributionStatus.SUBMITTED)


class Contribution(models.Model):
    """A citizen input: time, goods or services in kind, money, or unreimbursed expenses."""

    # The three foreign keys lead composite indexes (Meta.indexes), which serve them too.
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("initiative"),
        db_index=False,
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("contributor"),
        help_text=_("Empty for a partner organisation's own volunteer."),
        db_index=False,
    )
    volunteer_ref = models.CharField(
        _("volunteer reference"),
        max_length=100,
        blank=True,
        help_text=_("The submitting organisation's own reference for its volunteer."),
    )
    submitted_by_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submitted_contributions",
        verbose_name=_("submitted by organisation"),
        db_index=False,
    )
    # NULL, not "", when absent, so the per-organisation uniqueness ignores unreferenced rows.
    external_ref = models.CharField(  # noqa: DJ001
        _("external reference"),
        max_length=100,
        null=True,
        blank=True,
        help_text=_(
            "The submitting organisation's reference for this line; unique per organisation."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    activity = models.CharField(_("activity"), max_length=80, blank=True)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    stipend_per_hour = models.DecimalField(
        _("stipend per hour"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Any payment per hour the volunteer received (expenses excepted)."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus.choices,
        default=ContributionStatus.SUBMITTED,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("Who verified or rejected it."),
    )
    verified_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, help_text=_("When it was verified or rejected.")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    rate = models.DecimalField(_("rate"), max_digits=10, decimal_places=2, null=True, blank=True)
    rate_used = models.ForeignKey(
        ActivityRate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("rate version used"),
    )
    method = models.CharField(_("method"), max_length=32, choices=ContributionMethod.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by_organisation", "external_ref"],
                condition=Q(external_ref__isnull=False)
                & Q(submitted_by_organisation__isnull=False),
                name="contribution_unique_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="contribution_value_not_negative"
            ),
        ]
        indexes = [
            # Carries every column the roll-ups read (benefits.sql.CONTRIBUTION_COLUMNS), so
            # recomputing a stale bucket reads the index alone on PostgreSQL; other databases
            # index the key columns only.
            models.Index(
                fields=["initiative", "date"],
                include=[
                    "kind", "status", "currency", "hours", "value", "contributor",
                    "submitted_by_organisation", "volunteer_ref",
                ],
                name="contribution_initiative_date",
            ),
            models.Index(fields=["status"]),
            models.Index(fields=["contributor", "date"]),
            models.Index(fields=["submitted_by_organisation", "volunteer_ref", "date"]),
            models.Index(fields=["activity", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.value} {self.currency}"

    @property
    def rate_source(self) -> str:
        return self.rate_used.source if self.rate_used_id else ""

    @property
    def month(self):
        return self.date.replace(day=1)


class PublicInputKind(models.TextChoices):
    STAFF_TIME = "staff_time", _("Staff time")
    SPEND = "spend", _("Spend")
    IN_KIND = "in_kind", _("Public in kind (premises, equipment)")


class PublicInputMethod(models.TextChoices):
    LOADED_STAFF_COST = "loaded_staff_cost", _("Fully loaded staff cost")
    FACE_VALUE = "face_value", _("Face value")
    MARKET_VALUE = "market_value", _("Market rent or depreciation")


class PublicInput(models.Model):
    """What the public side puts in: staff time, spend, premises and equipment."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="public_inputs",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="public_inputs",
        verbose_name=_("organisation"),
        help_text=_("The organisation that provides the input (the lead or a partner)."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PublicInputKind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=80, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    description = models.TextField(_("description"), blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    rate = models.DecimalField(
        _("rate"),
        max_digits=22,
        decimal_places=10,
        null=True,
        blank=True,
        help_text=_("The fully loaded hourly cost used, unrounded."),
    )
    rate_used = models.ForeignKey(
        StaffCostRate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_inputs",
        verbose_name=_("staff cost rate used"),
    )
    method = models.CharField(_("method"), max_length=20, choices=PublicInputMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("public input")
        verbose_name_plural = _("public inputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0), name="public_input_value_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "date"]),
            models.Index(fields=["organisation", "grade", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.value} {self.currency}"

    @property
    def month(self):
        return self.date.replace(day=1)


class StaleBucket(models.Model):
    """An initiative × month whose figures changed; the roll-up jobs (in `benefits`) consume it.

    Written in the same transaction as the change, so a committed change always leaves a mark.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="+", verbose_name=_("initiative")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        ordering = ["marked_at"]
        verbose_name = _("stale bucket")
        verbose_name_plural = _("stale buckets")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "month"], name="stale_bucket_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.month:%Y-%m}"
