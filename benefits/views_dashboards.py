"""Dashboard pages: the dashboards' home, an organisation's dashboard, one ward's, a partner's,
each table as CSV (`?format=csv&table=<name>`), and the benefit priorities page.

Views check access with the rules of rules_dashboards (an organisation or area outside the
user's reach is a 404), read figures through benefits.dashboards (roll-ups only), write through
benefits.priorities, and hand templates everything they show.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from initiatives.models import Area
from people.models import Organisation

from . import rules_dashboards  # noqa: F401 (registers the dashboard permissions)
from .cache import keep, kept
from .dashboards import Reach, dashboard_filter_choices, organisation_dashboard
from .exports_dashboards import (
    TABLES,
    benefit_cards,
    dashboard_tables,
    headline_cards,
    period_label,
    table_filename,
    write_table_csv,
)
from .forms import BenefitPrioritiesForm, DashboardFilterForm, dashboard_filters
from .priorities import (
    benefit_priorities_of,
    benefit_priorities_set,
    stakeholder_groups_with_benefits,
)
from .rules_dashboards import organisations_managed_by, organisations_with_dashboards


def _not_found() -> Http404:
    return Http404(_("No such page, or not one you can see."))


def _organisation(slug: str, user, permission: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm(permission, organisation):
        raise _not_found()
    return organisation


# --- the dashboards' home -----------------------------------------------------------------


@login_required
@require_GET
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """Straight to the one dashboard a user reads; a choice where there are several."""
    own, partner = organisations_with_dashboards(request.user)
    if not own and not partner:
        raise PermissionDenied(_("Dashboards are for staff, elected members and partners."))
    if len(own) + len(partner) == 1:
        if own:
            return redirect("dashboard-organisation", slug=own[0].slug)
        return redirect("dashboard-partner", slug=partner[0].slug)
    return render(
        request,
        "benefits/dashboard_home.html",
        {
            "own": own,
            "partner": partner,
            "managed": {o.pk for o in organisations_managed_by(request.user)},
        },
    )


# --- the dashboards -----------------------------------------------------------------------


def _render_dashboard(
    request: HttpRequest,
    *,
    organisation: Organisation,
    reach: str,
    area: Area | None = None,
    title: str,
    page_url: str,
) -> HttpResponse:
    """The page, or one of its tables as CSV. The page's content depends only on the view,
    the query, two permissions and what the roll-up generation covers (benefits.cache and
    benefits.signals), so it is rendered once per generation and kept; a request for kept
    content reads no roll-up and renders only the page around it."""
    wants_csv = request.GET.get("format") == "csv"
    can_manage = request.user.has_perm("benefits.set_benefit_priorities", organisation)
    sees_wards = reach == Reach.TAKES_PART and request.user.has_perm(
        "benefits.view_area_dashboard", organisation
    )
    content_key = (
        "dashboard-page",
        organisation.pk,
        reach,
        area.pk if area else None,
        page_url,
        # The default period moves with the month.
        timezone.localdate().replace(day=1).isoformat(),
        urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values)),
        can_manage,
        sees_wards,
    )
    # The whole page, for a reader who has it already: who is signed in and their CSRF cookie
    # (the sign-out form's token) are in its key. Not when messages wait to be shown.
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    page_key = (*content_key, "page", request.user.pk, csrf_cookie)
    whole_page = bool(csrf_cookie) and not len(messages.get_messages(request))
    if not wants_csv:
        if whole_page:
            page = kept(page_key)
            if isinstance(page, bytes):
                return _kept_page(request, page)
        body = kept(content_key)
        if isinstance(body, str):
            return _page(request, title, body, keep_as=page_key if whole_page else None)

    choices = dashboard_filter_choices(organisation, reach)
    form = DashboardFilterForm(
        request.GET,
        areas=choices["area_choices"],
        service_areas=choices["service_area_choices"],
        types=choices["type_choices"],
        initiatives=choices["initiative_choices"],
        with_area=area is None,
    )
    if not form.is_valid():
        if wants_csv:
            return HttpResponse(
                " ".join(e for errors in form.errors.values() for e in errors),
                status=400, content_type="text/plain; charset=utf-8",
            )
        body = render_to_string(
            "benefits/includes/dashboard_body.html",
            {"organisation": organisation, "form": form, "dashboard": None, "title": title,
             "area": area, "page_url": page_url},
            request=request,
        )
        return _page(request, title, body, status=400)
    dashboard = organisation_dashboard(
        organisation=organisation,
        period=form.period(),
        filters=dashboard_filters(
            form,
            areas=choices["areas"],
            service_areas=choices["service_areas"],
            types=choices["types"],
            initiatives=choices["initiatives"],
            area=area,
        ),
        reach=reach,
        cached=True,  # access was checked by the caller; the filters by the form
    )
    tables = dashboard_tables(dashboard)
    if wants_csv:
        table = tables.get(request.GET.get("table", ""))
        if table is None:
            raise _not_found()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = table_filename(dashboard, table, area_slug=area.slug if area else "")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        write_table_csv(response, table)
        return response
    query = {k: v for k, v in request.GET.items() if k not in ("format", "table") and v}
    csv_urls = {
        name: f"{page_url}?{urlencode({**query, 'format': 'csv', 'table': name})}"
        for name in TABLES
    }
    body = render_to_string(
        "benefits/includes/dashboard_body.html",
        {
            "organisation": organisation,
            "area": area,
            "title": title,
            "page_url": page_url,
            "form": form,
            "dashboard": dashboard,
            # Templates cannot look up "by-type": the same tables under by_type.
            "tables": {name.replace("-", "_"): table for name, table in tables.items()},
            "csv_urls": {name.replace("-", "_"): url for name, url in csv_urls.items()},
            "charts": {name: t.chart for name, t in tables.items() if t.chart},
            "period_text": period_label(dashboard.period.first, dashboard.period.last),
            "previous_text": period_label(
                dashboard.previous_period.first, dashboard.previous_period.last
            ),
            "headline_cards": headline_cards(dashboard),
            "priorities": benefit_cards(e for e in dashboard.benefits if e.is_priority),
            "other_benefits": _grouped(
                benefit_cards(e for e in dashboard.benefits if not e.is_priority)
            ),
            "can_set_priorities": can_manage,
            # Managers look after the roll-ups: the freshness page, with "rebuild now".
            "freshness_url": reverse("rollup-freshness") if can_manage else None,
            "ward_links": _ward_links(organisation, area) if sees_wards else [],
        },
        request=request,
    )
    keep(content_key, body)
    return _page(request, title, body, keep_as=page_key if whole_page else None)


def _page(
    request: HttpRequest, title: str, body: str, *, status: int = 200, keep_as=None
) -> HttpResponse:
    """The page around its content (the header says who is signed in), kept under `keep_as`
    if given."""
    response = render(
        request,
        "benefits/dashboard_organisation.html",
        {"title": title, "body": mark_safe(body)},  # noqa: S308 - rendered by our template
        status=status,
    )
    if keep_as is not None:
        # Kept compressed, as it is served to every browser (they all accept gzip). Random
        # bytes in the gzip header vary its length, as GZipMiddleware's do (BREACH); the
        # CSRF token in it is masked afresh for every page rendered, too.
        keep(
            keep_as,
            compress_string(response.content, max_random_bytes=GZipMiddleware.max_random_bytes),
        )
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _kept_page(request: HttpRequest, compressed: bytes) -> HttpResponse:
    """A kept page as it was kept (gzip) to a client that accepts that, else unpacked."""
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(compressed)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed))
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _grouped(entries) -> list[dict]:
    """Benefits that are not priorities, under their stakeholder group, in catalogue order."""
    groups: list[dict] = []
    for entry in entries:
        if not groups or groups[-1]["group"].pk != entry["group"].pk:
            groups.append({"group": entry["group"], "entries": []})
        groups[-1]["entries"].append(entry)
    return groups


def _ward_links(organisation: Organisation, area: Area | None) -> list:
    return [
        {
            "name": ward.name,
            "url": reverse("dashboard-area", args=[organisation.slug, ward.slug]),
            "current": area is not None and ward.pk == area.pk,
        }
        for ward in Area.objects.filter(organisation=organisation).order_by("name")
    ]


@login_required
@require_GET
def dashboard_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug, request.user, "benefits.view_organisation_dashboard")
    return _render_dashboard(
        request,
        organisation=organisation,
        reach=Reach.TAKES_PART,
        title=_("%(organisation)s: dashboard") % {"organisation": organisation.name},
        page_url=reverse("dashboard-organisation", args=[organisation.slug]),
    )


@login_required
@require_GET
def dashboard_area(request: HttpRequest, slug: str, area_slug: str) -> HttpResponse:
    organisation = _organisation(slug, request.user, "benefits.view_area_dashboard")
    area = Area.objects.filter(organisation=organisation, slug=area_slug).first()
    if area is None:
        raise _not_found()
    return _render_dashboard(
        request,
        organisation=organisation,
        reach=Reach.TAKES_PART,
        area=area,
        title=_("%(area)s: %(organisation)s dashboard")
        % {"area": area.name, "organisation": organisation.name},
        page_url=reverse("dashboard-area", args=[organisation.slug, area.slug]),
    )


@login_required
@require_GET
def dashboard_partner(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug, request.user, "benefits.view_partner_dashboard")
    return _render_dashboard(
        request,
        organisation=organisation,
        reach=Reach.PARTNERS_IN,
        title=_("%(organisation)s: the initiatives it partners in")
        % {"organisation": organisation.name},
        page_url=reverse("dashboard-partner", args=[organisation.slug]),
    )


# --- benefit priorities -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def benefit_priorities(request: HttpRequest) -> HttpResponse:
    """A manager ranks and weights the benefits that are the organisation's priorities."""
    managed = organisations_managed_by(request.user)
    if not managed:
        raise PermissionDenied(_("Only managers set an organisation's benefit priorities."))
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    if wanted:
        organisation = next((o for o in managed if o.slug == wanted), None)
        if organisation is None:
            raise _not_found()
    else:
        organisation = managed[0]
    groups = stakeholder_groups_with_benefits()
    current = benefit_priorities_of(organisation)
    form = BenefitPrioritiesForm(
        request.POST if request.method == "POST" else None, groups=groups, current=current
    )
    names = {b.pk: b.name for g in groups for b in g.benefits.all()}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                benefit_priorities_set(
                    organisation=organisation, priorities=form.priorities(), set_by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The benefit priorities of %(organisation)s are saved. Dashboards lead "
                      "with them.") % {"organisation": organisation.name},
                )
                query = urlencode({"organisation": organisation.slug})
                return redirect(f"{reverse('benefit-priorities')}?{query}")
        status = 400
    return render(
        request,
        "benefits/priorities.html",
        {
            "organisation": organisation,
            "managed": managed,
            "form": form,
            "rows": form.rows(),
            "current": [
                {"rank": p.rank, "weight": p.weight, "name": names.get(p.benefit_id, "")}
                for p in sorted(current.values(), key=lambda p: p.rank)
            ],
        },
        status=status,
    )

