"""Initiative pages: the list with filters, detail, create and edit, status changes,
joining and leaving, and the map of where co-production happens.

Views check access with decorators and rules, call the services for every write, and
hand templates everything they show, so templates never query.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people.selectors import organisation_list_visible_to

from .filters import InitiativeFilter
from .forms import InitiativeForm, JoinForm, LeaveForm, TransitionForm, freeze_choices
from .models import CoproductionType, Initiative, Status
from .selectors import (
    coproduction_map,
    coproduction_type_tree,
    initiative_detail,
    initiative_list_for_display,
    initiative_list_visible_to,
    participation_current_for,
)
from .services import (
    initiative_create,
    initiative_transition,
    initiative_update,
    participation_join,
    participation_leave,
)

PAGE_SIZE = 20
staff_required = permission_required("initiatives.add_initiative", raise_exception=True)


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    """The initiative if the user may see it; otherwise it does not exist for them."""
    try:
        return initiative_detail(pk, request.user)
    except Initiative.DoesNotExist as exc:
        raise Http404(_("No such initiative.")) from exc


# --- list -----------------------------------------------------------------------------


def _prepare_filter_form(form) -> None:
    any_label = gettext_lazy("Any")
    for name in ("type", "service_area", "organisation", "area"):
        form.fields[name].empty_label = any_label
    form.fields["status"].widget.choices = [("", any_label), *Status.choices]
    form.fields["area"].label_from_instance = lambda area: (
        f"{area.name} ({area.organisation.name})"
    )
    form.fields["search"].widget.input_type = "search"
    freeze_choices(form)


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilter(
        request.GET, queryset=initiative_list_visible_to(request.user), request=request
    )
    _prepare_filter_form(filterset.form)
    filters_valid = filterset.is_valid()
    # A filter that makes no sense shows its error rather than an unfiltered list.
    initiatives = filterset.qs if filters_valid else Initiative.objects.none()
    paginator = Paginator(
        initiative_list_for_display(initiatives.order_by("title", "pk")), PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    filtered = any(request.GET.get(name) for name in filterset.form.fields)
    # On a phone the filters other than search fold away, unless one of them is in use.
    more_filters_open = not filters_valid or any(
        request.GET.get(name) for name in filterset.form.fields if name != "search"
    )
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter_form": filterset.form,
            "filters_valid": filters_valid,
            "filtered": filtered,
            "more_filters_open": more_filters_open,
            "page": page,
            "initiatives": list(page.object_list),
            "result_count": paginator.count,
            "page_range": list(paginator.get_elided_page_range(page.number)),
        },
    )


# --- detail and the actions on it -------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    initiative: Initiative,
    *,
    transition_form: TransitionForm | None = None,
    join_form: JoinForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    parents = {t.pk: t for t in coproduction_type_tree()}
    can_transition = user.has_perm("initiatives.transition_initiative", initiative)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "types": [(t, parents.get(t.parent_id)) for t in initiative.coproduction_types.all()],
            "partners": list(initiative.partner_organisations.all()),
            "areas": list(initiative.areas.all()),
            "status_changes": list(initiative.status_changes.all()),
            "can_change": user.has_perm("initiatives.change_initiative", initiative),
            "can_transition": can_transition and bool(initiative.allowed_next_statuses),
            "transition_form": transition_form or TransitionForm(initiative=initiative),
            "can_join": user.has_perm("initiatives.join_initiative", initiative),
            "join_form": join_form or JoinForm(),
            "participations": participation_current_for(user, initiative),
        },
        status=status,
    )


@require_GET
def initiative_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_initiative(request, pk))


@login_required
@require_POST
def initiative_transition_page(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    if not request.user.has_perm("initiatives.transition_initiative", initiative):
        raise PermissionDenied
    form = TransitionForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            change = initiative_transition(
                initiative=initiative,
                to_status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                changed_by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The initiative is now %(status)s.") % {"status": change.get_to_status_display()},
            )
            return redirect("initiative-detail", pk=initiative.pk)
    # Re-shown with the errors; 400 so scripts and tests see the refusal.
    return _render_detail(request, initiative, transition_form=form, status=400)


@login_required
@require_POST
def initiative_join(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    if not request.user.has_perm("initiatives.join_initiative", initiative):
        raise PermissionDenied
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            participation = participation_join(
                initiative=initiative, user=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("You joined as %(role)s.") % {"role": participation.get_role_display()},
            )
            return redirect("initiative-detail", pk=initiative.pk)
    return _render_detail(request, initiative, join_form=form, status=400)


@login_required
@require_POST
def initiative_leave(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    form = LeaveForm(request.POST)
    current = participation_current_for(request.user, initiative)
    role = form.cleaned_data["role"] if form.is_valid() else None
    leaving = [p for p in current if p.role == role]
    if not leaving:
        messages.error(request, _("You do not take part in this initiative in that role."))
        return redirect("initiative-detail", pk=initiative.pk)
    for participation in leaving:
        participation_leave(participation=participation)
    messages.success(
        request, _("You left the %(role)s role.") % {"role": leaving[0].get_role_display()}
    )
    return redirect("initiative-detail", pk=initiative.pk)


# --- create and edit -------------------------------------------------------------------


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def initiative_create_page(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            initiative = initiative_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The initiative was proposed."))
            return redirect("initiative-detail", pk=initiative.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": None})


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def initiative_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    form = InitiativeForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initiative=initiative,
        initial=InitiativeForm.initial_for(initiative),
    )
    if form.is_bound and form.is_valid():
        try:
            initiative_update(initiative=initiative, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("initiative-detail", pk=initiative.pk)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


# --- the map ----------------------------------------------------------------------------


def _map_columns(types: list[CoproductionType]) -> tuple[list[dict], list[CoproductionType]]:
    """Header groups (a top-level type over its sub-types) and the columns in that order."""
    groups, columns = [], []
    for parent in (t for t in types if t.parent_id is None):
        children = [t for t in types if t.parent_id == parent.pk]
        groups.append({"type": parent, "children": children, "span": len(children) + 1})
        columns.extend([parent, *children])
    return groups, columns


@require_GET
def coproduction_map_page(request: HttpRequest) -> HttpResponse:
    organisations = list(organisation_list_visible_to(request.user))
    wanted = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if o.slug == wanted), None)
    grid = coproduction_map(request.user, organisation=organisation)
    groups, columns = _map_columns(grid["types"])
    rows = []
    for row in grid["rows"]:
        cell_of = {cell.coproduction_type.pk: cell for cell in row.cells}
        rows.append(
            {
                "service_area": row.service_area,
                "cells": [cell_of[column.pk] for column in columns],
                "total": row.total,
            }
        )
    return render(
        request,
        "initiatives/coproduction_map.html",
        {
            "organisations": organisations,
            "organisation": organisation,
            "unknown_organisation": bool(wanted) and organisation is None,
            "groups": groups,
            "rows": rows,
            "total": grid["total"],
        },
    )
