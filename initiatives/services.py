"""Every write to initiatives and participation. Views, the API and tasks call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from people.models import STAFF_ROLES, Organisation, User
from people.selectors import has_role_in

from .models import (
    ALLOWED_TRANSITIONS,
    Area,
    CoproductionType,
    Initiative,
    Participation,
    ServiceArea,
    Status,
    StatusChange,
)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "service_area",
    "start_date",
    "end_date",
    "lead_professional",
    "mode",
)


def _unique_slug(title: str, *, exclude_id: int | None = None) -> str:
    base = slugify(title)[:200] or "initiative"
    slug, n = base, 2
    taken = Initiative.objects.exclude(pk=exclude_id) if exclude_id else Initiative.objects
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_relations(
    *,
    lead_organisation: Organisation,
    coproduction_types: Sequence[CoproductionType],
    partner_organisations: Sequence[Organisation],
    areas: Sequence[Area],
    lead_professional: User | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not coproduction_types:
        errors["coproduction_types"] = [_("Choose at least one co-production type.")]
    if any(p.pk == lead_organisation.pk for p in partner_organisations):
        errors["partner_organisations"] = [
            _("The lead organisation cannot also be a partner.")
        ]
    allowed_area_owners = {lead_organisation.pk} | {p.pk for p in partner_organisations}
    foreign = [a.name for a in areas if a.organisation_id not in allowed_area_owners]
    if foreign:
        errors["areas"] = [
            _("These areas belong to neither the lead nor a partner organisation: %(names)s")
            % {"names": ", ".join(foreign)}
        ]
    if lead_professional is not None and not any(
        has_role_in(lead_professional, org_id, STAFF_ROLES) for org_id in allowed_area_owners
    ):
        errors["lead_professional"] = [
            _("The lead professional must be an officer or manager of the lead or a partner "
              "organisation.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def initiative_create(
    *,
    created_by: User | None,
    title: str,
    summary: str,
    lead_organisation: Organisation,
    service_area: ServiceArea,
    coproduction_types: Iterable[CoproductionType],
    start_date: datetime.date,
    description: str = "",
    partner_organisations: Iterable[Organisation] = (),
    areas: Iterable[Area] = (),
    end_date: datetime.date | None = None,
    lead_professional: User | None = None,
    mode: str = "collective",
) -> Initiative:
    """Create an initiative; it starts `proposed` and its history records who proposed it."""
    types, partners, area_list = list(coproduction_types), list(partner_organisations), list(areas)
    initiative = Initiative(
        slug=_unique_slug(title),
        title=title,
        summary=summary,
        description=description,
        lead_organisation=lead_organisation,
        service_area=service_area,
        start_date=start_date,
        end_date=end_date,
        lead_professional=lead_professional,
        mode=mode,
        status=Status.PROPOSED,
        created_by=created_by,
    )
    initiative.full_clean()
    _check_relations(
        lead_organisation=lead_organisation,
        coproduction_types=types,
        partner_organisations=partners,
        areas=area_list,
        lead_professional=lead_professional,
    )
    initiative.save()
    initiative.coproduction_types.set(types)
    initiative.partner_organisations.set(partners)
    initiative.areas.set(area_list)
    StatusChange.objects.create(
        initiative=initiative,
        from_status="",
        to_status=Status.PROPOSED,
        reason=_("Proposed"),
        changed_by=created_by,
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    changed_by: User | None,
    coproduction_types: Iterable[CoproductionType] | None = None,
    partner_organisations: Iterable[Organisation] | None = None,
    areas: Iterable[Area] | None = None,
    **fields,
) -> Initiative:
    """Change an initiative's details. Status changes go through initiative_transition."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    for name, value in fields.items():
        setattr(initiative, name, value)
    if "title" in fields:
        initiative.slug = _unique_slug(initiative.title, exclude_id=initiative.pk)
    initiative.full_clean()
    types = list(coproduction_types) if coproduction_types is not None else list(
        initiative.coproduction_types.all()
    )
    partners = list(partner_organisations) if partner_organisations is not None else list(
        initiative.partner_organisations.all()
    )
    area_list = list(areas) if areas is not None else list(initiative.areas.all())
    _check_relations(
        lead_organisation=initiative.lead_organisation,
        coproduction_types=types,
        partner_organisations=partners,
        areas=area_list,
        lead_professional=initiative.lead_professional if "lead_professional" in fields else None,
    )
    initiative._history_user = changed_by  # noqa: SLF001 (simple-history's documented hook)
    initiative.save()
    if coproduction_types is not None:
        initiative.coproduction_types.set(types)
    if partner_organisations is not None:
        initiative.partner_organisations.set(partners)
    if areas is not None:
        initiative.areas.set(area_list)
    return initiative


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, to_status: str, reason: str, changed_by: User | None
) -> StatusChange:
    """Move an initiative along its lifecycle, recording who, when and why."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if to_status not in Status.values:
        message = _("“%(status)s” is not a status.") % {"status": to_status}
        raise ValidationError({"status": [message]})
    allowed = ALLOWED_TRANSITIONS[locked.status]
    if to_status not in allowed:
        allowed_text = ", ".join(sorted(allowed)) or _("none: this status is final")
        raise ValidationError(
            {
                "status": [
                    _(
                        "An initiative that is %(current)s cannot become %(target)s. "
                        "Allowed: %(allowed)s."
                    )
                    % {"current": locked.status, "target": to_status, "allowed": allowed_text}
                ]
            }
        )
    reason = (reason or "").strip()
    if to_status == Status.WITHDRAWN and not reason:
        raise ValidationError({"reason": [_("Say why the initiative is withdrawn.")]})
    change = StatusChange.objects.create(
        initiative=locked,
        from_status=locked.status,
        to_status=to_status,
        reason=reason,
        changed_by=changed_by,
    )
    locked.status = to_status
    locked._history_user = changed_by  # noqa: SLF001
    locked.save(update_fields=["status", "updated_at"])
    initiative.status = to_status
    return change


@transaction.atomic
def participation_join(*, initiative: Initiative, user: User, role: str) -> Participation:
    """A citizen joins an active initiative in a role."""
    if initiative.status != Status.ACTIVE:
        raise ValidationError(_("Only active initiatives can be joined."))
    if Participation.objects.current().filter(initiative=initiative, user=user, role=role).exists():
        message = _("You already take part in this initiative in that role.")
        raise ValidationError({"role": [message]})
    participation = Participation(initiative=initiative, user=user, role=role)
    participation.full_clean(exclude=["left_at"])
    participation.save()
    return participation


@transaction.atomic
def participation_leave(*, participation: Participation) -> Participation:
    """Leaving keeps the row, so the history of who took part stays true."""
    if participation.left_at is None:
        participation.left_at = timezone.now()
        participation.save(update_fields=["left_at"])
    return participation


def close_ended_initiatives(*, today: datetime.date | None = None) -> int:
    """Complete active or paused initiatives whose end date has passed. Safe to rerun."""
    today = today or timezone.localdate()
    closed = 0
    due = Initiative.objects.filter(
        status__in=[Status.ACTIVE, Status.PAUSED], end_date__lt=today
    ).values_list("pk", flat=True)
    for initiative_id in list(due):
        with transaction.atomic():
            initiative = Initiative.objects.select_for_update().get(pk=initiative_id)
            if initiative.status not in (Status.ACTIVE, Status.PAUSED):
                continue  # another run got here first
            initiative_transition(
                initiative=initiative,
                to_status=Status.COMPLETED,
                reason=_("End date passed."),
                changed_by=None,
            )
            closed += 1
    return closed
