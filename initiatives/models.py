"""The co-production taxonomy, service areas, areas, initiatives and participation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from people.models import Organisation


class CoproductionType(models.Model):
    """One node of the taxonomy (DESIGN §3). Slugs are part of the public API."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    description = models.TextField(_("description"), blank=True)
    examples = models.TextField(
        _("examples"), blank=True, help_text=_("Comma-separated examples of this kind of work.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("co-production type")
        verbose_name_plural = _("co-production types")

    def __str__(self) -> str:
        return self.name

    @property
    def example_list(self) -> list[str]:
        return [e.strip() for e in self.examples.split(",") if e.strip()]


class ServiceArea(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A ward or neighbourhood of one organisation."""

    class Kind(models.TextChoices):
        WARD = "ward", _("Ward")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="areas", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WARD)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="area_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The lifecycle: proposed → active ⇄ paused → completed, or withdrawn before completion.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.ACTIVE: frozenset({Status.PAUSED, Status.COMPLETED, Status.WITHDRAWN}),
    Status.PAUSED: frozenset({Status.ACTIVE, Status.COMPLETED, Status.WITHDRAWN}),
    Status.COMPLETED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
PUBLIC_STATUSES = frozenset({Status.ACTIVE, Status.PAUSED, Status.COMPLETED})


class Mode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def of_type(self, slug: str) -> InitiativeQuerySet:
        """Initiatives of a type or of any of its sub-types."""
        return self.filter(
            Q(coproduction_types__slug=slug) | Q(coproduction_types__parent__slug=slug)
        ).distinct()


class Initiative(models.Model):
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists.")
    )
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        verbose_name=_("lead organisation"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="partnered_initiatives",
        verbose_name=_("partner organisations"),
    )
    service_area = models.ForeignKey(
        ServiceArea,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("service area"),
    )
    coproduction_types = models.ManyToManyField(
        CoproductionType, related_name="initiatives", verbose_name=_("co-production types")
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="initiatives", verbose_name=_("areas")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_initiatives",
        verbose_name=_("lead professional"),
    )
    mode = models.CharField(
        _("mode"),
        max_length=12,
        choices=Mode.choices,
        default=Mode.COLLECTIVE,
        help_text=_("Individual: one citizen with professionals. Collective: groups of citizens."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
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
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="initiative_end_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["lead_organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # The check constraint guards the database; this names the field for people.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}
            )

    def organisation_ids(self) -> set[int]:
        """The lead and every partner: the organisations whose staff run this initiative."""
        ids = {self.lead_organisation_id}
        ids.update(o.pk for o in self.partner_organisations.all())
        return ids

    @property
    def allowed_next_statuses(self) -> list[str]:
        return sorted(ALLOWED_TRANSITIONS[self.status])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class StatusChange(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status or '—'} → {self.to_status}"


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    VOLUNTEER = "volunteer", _("Volunteer")
    SERVICE_USER = "service_user", _("Service user")
    INSPECTOR = "inspector", _("Inspector")
    CO_DESIGNER = "co_designer", _("Co-designer")


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def current(self) -> ParticipationQuerySet:
        return self.filter(left_at__isnull=True)


class Participation(models.Model):
    """A citizen taking part in an initiative in a role; leaving keeps the row."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "user", "role"],
                condition=Q(left_at__isnull=True),
                name="participation_one_current_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.initiative}"


class CitizenInterests(models.Model):
    """What a citizen cares about, for targeting ("rifle, not blunderbuss")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests"
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("home area")
    )
    service_areas = models.ManyToManyField(
        ServiceArea, blank=True, verbose_name=_("services you use")
    )
    coproduction_types = models.ManyToManyField(
        CoproductionType, blank=True, verbose_name=_("ways you would like to take part")
    )

    class Meta:
        verbose_name = _("citizen interests")
        verbose_name_plural = _("citizen interests")

    def __str__(self) -> str:
        return str(self.user)
