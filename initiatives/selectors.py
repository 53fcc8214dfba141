"""Reads about initiatives: what a user may see, and the map of where co-production happens."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from people.models import INSIDER_ROLES, Organisation, User
from people.selectors import organisation_ids_with_roles

from .models import (
    PUBLIC_STATUSES,
    CoproductionType,
    Initiative,
    Participation,
    ServiceArea,
)


def initiative_list_visible_to(user: User) -> QuerySet[Initiative]:
    """Active, paused and completed initiatives for anyone; the rest for their insiders."""
    initiatives = Initiative.objects.all()
    if getattr(user, "is_superuser", False):
        return initiatives
    visible = Q(status__in=PUBLIC_STATUSES)
    insider_of = organisation_ids_with_roles(user, INSIDER_ROLES)
    if insider_of:
        partnered = Initiative.partner_organisations.through.objects.filter(
            organisation_id__in=insider_of
        ).values("initiative_id")
        visible |= Q(lead_organisation_id__in=insider_of) | Q(id__in=partnered)
    return initiatives.filter(visible)


def initiative_list_for_display(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What a list page or API list needs, fetched up front."""
    return queryset.select_related("lead_organisation", "service_area").prefetch_related(
        Prefetch("coproduction_types", queryset=CoproductionType.objects.order_by("position")),
        "partner_organisations",
        "areas",
    )


def initiative_detail(initiative_id: int, user: User) -> Initiative:
    """One initiative the user may see, with its relations; DoesNotExist otherwise."""
    return (
        initiative_list_for_display(initiative_list_visible_to(user))
        .select_related("lead_professional")
        .prefetch_related("status_changes__changed_by")
        .annotate(
            participant_count=Count(
                "participations__user",
                filter=Q(participations__left_at__isnull=True),
                distinct=True,
            )
        )
        .get(pk=initiative_id)
    )


def participation_current_for(user: User, initiative: Initiative) -> list[Participation]:
    if not user.is_authenticated:
        return []
    return list(Participation.objects.current().filter(user=user, initiative=initiative))


def coproduction_type_tree() -> list[CoproductionType]:
    return list(CoproductionType.objects.select_related("parent").order_by("position"))


@dataclass(frozen=True)
class MapCell:
    service_area: ServiceArea
    coproduction_type: CoproductionType
    count: int


@dataclass(frozen=True)
class MapRow:
    service_area: ServiceArea
    cells: list[MapCell]
    total: int


def coproduction_map(user: User, *, organisation: Organisation | None = None) -> dict:
    """Service areas × co-production types with the number of initiatives in each cell.

    A parent type's cell counts initiatives of the parent or any of its children once.
    """
    visible = initiative_list_visible_to(user)
    if organisation is not None:
        visible = visible.filter(
            Q(lead_organisation=organisation) | Q(partner_organisations=organisation)
        ).distinct()
    types = coproduction_type_tree()
    parent_of = {t.pk: t.parent_id for t in types}
    pairs = (
        Initiative.coproduction_types.through.objects.filter(initiative__in=visible)
        .values_list("initiative__service_area_id", "coproductiontype_id", "initiative_id")
        .distinct()
    )
    members: dict[tuple[int, int], set[int]] = defaultdict(set)
    row_members: dict[int, set[int]] = defaultdict(set)
    for service_area_id, type_id, initiative_id in pairs:
        members[(service_area_id, type_id)].add(initiative_id)
        if parent_of.get(type_id):
            members[(service_area_id, parent_of[type_id])].add(initiative_id)
        row_members[service_area_id].add(initiative_id)
    rows = [
        MapRow(
            service_area=service_area,
            cells=[
                MapCell(service_area, t, len(members.get((service_area.pk, t.pk), ())))
                for t in types
            ],
            total=len(row_members.get(service_area.pk, ())),
        )
        for service_area in ServiceArea.objects.order_by("name")
    ]
    return {"types": types, "rows": rows, "total": visible.count()}
