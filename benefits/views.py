"""Benefits pages of this module: the roll-ups' freshness page (with its JSON status for the
progress bar and the "Rebuild now" button) and an initiative's accounts.

Views check access with rules and the scoped selectors, call services for every write, and
hand templates everything they show. (The dashboards are in views_dashboards.py.)
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from initiatives.models import Initiative
from ledger import exports
from ledger.forms import PeriodForm
from ledger.models import ActivityRate, StaffCostRate
from ledger.selectors import (
    activity_choices_for,
    initiative_ledger_lines,
    initiatives_with_accounts_visible_to,
)

from .models import RollupRun
from .selectors import MixedCurrencyError, initiative_accounts, rollup_freshness
from .services import rollup_rebuild_request
from .sroi import initiative_outcome_figures

LINES_PER_PAGE = 20


def _check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("Only managers can see the roll-ups' freshness."))


def _run_json(run: RollupRun | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "kind": run.kind,
        "kind_label": run.get_kind_display(),
        "outcome": run.outcome,
        "outcome_label": run.get_outcome_display(),
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "buckets_total": run.buckets_total,
        "buckets_done": run.buckets_done,
        "percent": run.progress_percent,
        "drift_corrected": run.drift_corrected,
        "message": run.message,
    }


@login_required
@require_GET
def rollup_freshness_page(request: HttpRequest) -> HttpResponse:
    """When the roll-ups were last computed, what waits, and a rebuild's progress."""
    _check(request, "benefits.view_rollup_freshness")
    freshness = rollup_freshness()
    return render(
        request,
        "benefits/rollup_freshness.html",
        {
            "freshness": freshness,
            "running": freshness.running_rebuild,
            "can_rebuild": request.user.has_perm("benefits.rebuild_rollups"),
        },
    )


@login_required
@require_GET
@never_cache
def rollup_freshness_status(request: HttpRequest) -> JsonResponse:
    """The figures the freshness page's progress bar polls every two seconds."""
    _check(request, "benefits.view_rollup_freshness")
    freshness = rollup_freshness(limit=1)
    return JsonResponse(
        {
            "running": _run_json(freshness.running_rebuild),
            "stale_buckets": freshness.stale_buckets,
            "oldest_stale_mark": (
                freshness.oldest_stale_mark.isoformat() if freshness.oldest_stale_mark else None
            ),
            "last_success": _run_json(freshness.last_success),
        }
    )


@login_required
@require_POST
def rollup_rebuild_now(request: HttpRequest) -> HttpResponse:
    """"Rebuild now": queue a full rebuild (it starts when this request commits)."""
    _check(request, "benefits.rebuild_rollups")
    run, created = rollup_rebuild_request(requested_by=request.user)
    if created:
        messages.success(request, _("A full rebuild of the roll-ups has started."))
    else:
        messages.info(request, _("A full rebuild is already running; its progress is below."))
    return redirect("rollup-freshness")


# --- an initiative's accounts --------------------------------------------------------------


def _accounts_initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = (
        initiatives_with_accounts_visible_to(request.user)
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations")
        .filter(pk=pk)
        .first()
    )
    if initiative is None or not request.user.has_perm("ledger.view_accounts", initiative):
        raise Http404(_("No such page, or not one you can see."))
    return initiative


def _page(request: HttpRequest, items, *, param: str) -> Page:
    return Paginator(items, LINES_PER_PAGE).get_page(request.GET.get(param))


def _page_links(request: HttpRequest, page: Page, *, param: str) -> list[dict]:
    """The links of a pager whose page number travels in `param` (the page has two lists)."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number):
        if number == page.paginator.ELLIPSIS:
            links.append({"ellipsis": True})
            continue
        query = request.GET.copy()
        query[param] = number
        links.append(
            {"number": number, "url": f"?{query.urlencode()}", "current": number == page.number}
        )
    return links


def _rates_behind(contributions: QuerySet, public_inputs: QuerySet):
    """The rate versions the period's lines used, for the "how calculated" section."""
    activity_rates = list(
        ActivityRate.objects.filter(pk__in=contributions.values("rate_used"))
        .select_related("organisation")
        .order_by("activity", "effective_from")
    )
    staff_costs = list(
        StaffCostRate.objects.filter(pk__in=public_inputs.values("rate_used"))
        .select_related("organisation")
        .order_by("organisation__name", "grade", "effective_from")
    )
    return activity_rates, staff_costs


@login_required
@require_GET
def initiative_accounts_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The accounts of ACCOUNTING.md for a period, from the roll-ups, with the ledger lines
    behind them (read from the ledger: they are the ledger) and the method."""
    initiative = _accounts_initiative(request, pk)
    period_form = PeriodForm(request.GET)
    context = {
        "initiative": initiative,
        "period_form": period_form,
        "accounts": None,
        "mixed_currency": None,
        "can_record": request.user.has_perm("ledger.record_public_input", initiative),
    }
    if period_form.is_valid():
        date_from, date_to = period_form.period()
        try:
            accounts = initiative_accounts(
                initiative=initiative, date_from=date_from, date_to=date_to
            )
        except MixedCurrencyError as error:
            context["mixed_currency"] = str(error)
        else:
            contributions, public_inputs = initiative_ledger_lines(
                initiative=initiative, date_from=date_from, date_to=date_to
            )
            public_inputs = public_inputs.select_related("rate_used__organisation")
            contribution_page = _page(request, contributions, param="lines")
            public_page = _page(request, public_inputs, param="inputs")
            activity_names = dict(activity_choices_for(initiative))
            contribution_lines = list(contribution_page.object_list)
            for line in contribution_lines:
                line.activity_name = activity_names.get(line.activity, line.activity)
            public_lines = list(public_page.object_list)
            for line in public_lines:
                line.source_text = exports.staff_cost_source(line.rate_used)
            activity_rates, staff_costs = _rates_behind(contributions, public_inputs)
            csv_query = urlencode(
                {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
            )
            context.update(
                accounts=accounts,
                outcomes=initiative_outcome_figures(
                    initiative=initiative, accounts=accounts, date_from=date_from, date_to=date_to
                ),
                contribution_page=contribution_page,
                contribution_lines=contribution_lines,
                contribution_links=_page_links(request, contribution_page, param="lines"),
                public_page=public_page,
                public_lines=public_lines,
                public_links=_page_links(request, public_page, param="inputs"),
                activity_rates=activity_rates,
                any_illustrative=any(r.is_illustrative for r in activity_rates),
                staff_costs=staff_costs,
                csv_url=reverse("initiative-accounts-csv", args=[initiative.pk])
                + (f"?{csv_query}" if csv_query else ""),
                freshness_url=(
                    reverse("rollup-freshness")
                    if request.user.has_perm("benefits.view_rollup_freshness")
                    else None
                ),
            )
    return render(request, "benefits/initiative_accounts.html", context)
