"""Ledger pages: logging a contribution (a citizen's own, or staff for a participant), a
citizen's contributions and impact, the verification queue, one contribution with its history,
recording public inputs, and the CSV export of an initiative's ledger lines. (The accounts page
itself reads the roll-ups: benefits/views.py.)

Views check access with rules and the scoped selectors (anything outside a user's scope is a
404), call the services for every write, and hand templates everything they show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from initiatives.models import Initiative
from people.models import STAFF_ROLES, Organisation, User
from people.selectors import organisation_ids_with_roles

from . import exports
from .forms import (
    ContributionForm,
    DecisionForm,
    PeriodForm,
    PublicInputForm,
    QueueFilterForm,
    RejectForm,
    StatusFilterForm,
)
from .models import (
    Contribution,
    ContributionStatus,
    StaffCostRate,
)
from .selectors import (
    activity_choices_for,
    contribution_list_visible_to,
    contribution_verification_queue,
    contributor_impact,
    initiative_ledger_lines,
    initiatives_open_for_contribution,
    initiatives_staffed_by,
    initiatives_with_accounts_visible_to,
)
from .services import (
    contribution_reject,
    contribution_submit,
    contribution_update,
    contribution_verify,
    contributions_reject_many,
    contributions_verify_many,
    public_input_record,
)
from .templatetags.ledger_format import format_money

PAGE_SIZE = 20


def _not_found() -> Http404:
    return Http404(_("No such page, or not one you can see."))


def _page(request: HttpRequest, items, *, param: str = "page") -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get(param))


def _page_links(request: HttpRequest, page: Page, *, param: str) -> list[dict]:
    """The links of a pager whose page number travels in `param` (pages with two lists)."""
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


def _staffed_initiative(request: HttpRequest, pk: int) -> Initiative:
    try:
        return initiatives_staffed_by(request.user).select_related("lead_organisation").get(pk=pk)
    except Initiative.DoesNotExist as exc:
        raise _not_found() from exc


def _visible_contribution(request: HttpRequest, pk: int) -> Contribution:
    try:
        return contribution_list_visible_to(request.user).get(pk=pk)
    except Contribution.DoesNotExist as exc:
        raise _not_found() from exc


def _value_message(contribution: Contribution) -> str:
    return _(
        "Thank you: your contribution is logged, valued at %(value)s. It counts in the "
        "accounts once staff of the initiative verify it."
    ) % {"value": format_money(contribution.value, contribution.currency)}


# --- logging a contribution ---------------------------------------------------------------


def _activity_choices(initiatives: list[Initiative]) -> list[tuple[str, str]]:
    """Every activity a contribution to one of these initiatives may name, without repeats."""
    choices: dict[str, str] = {}
    for initiative in initiatives:
        for key, name in activity_choices_for(initiative):
            choices.setdefault(key, name)
    return list(choices.items())


def _default_activity(initiative: Initiative | None) -> str:
    if initiative is None:
        return ""
    first_type = initiative.coproduction_types.order_by("position").first()
    return first_type.slug if first_type else ""


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest) -> HttpResponse:
    """"Log a contribution": a citizen's own, to an initiative they take part in."""
    open_initiatives = initiatives_open_for_contribution(request.user).select_related(
        "lead_organisation"
    )
    initiatives = list(open_initiatives)
    wanted = request.GET.get("initiative", "")
    chosen = next((i for i in initiatives if str(i.pk) == wanted), None)
    if chosen is None and len(initiatives) == 1:
        chosen = initiatives[0]
    currencies = sorted({i.lead_organisation.currency for i in initiatives})
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        initiatives=open_initiatives,
        activity_choices=_activity_choices(initiatives),
        currency=currencies[0] if len(currencies) == 1 else "",
        initial={
            "initiative": chosen.pk if chosen else None,
            "activity": _default_activity(chosen),
        },
    )
    if form.is_bound and form.is_valid():
        try:
            contribution = contribution_submit(
                submitted_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _value_message(contribution))
            return redirect("my-contributions")
    return render(
        request,
        "ledger/contribution_form.html",
        {"form": form, "initiatives": initiatives, "initiative": None, "contribution": None},
    )


def _participants(initiative: Initiative) -> QuerySet[User]:
    return (
        User.objects.filter(participations__initiative=initiative)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create_for(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff log a contribution on a participant's behalf."""
    initiative = _staffed_initiative(request, pk)
    if not request.user.has_perm("ledger.log_contribution_for_others", initiative):
        raise _not_found()
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        initiative=initiative,
        contributors=_participants(initiative),
        activity_choices=activity_choices_for(initiative),
        currency=initiative.lead_organisation.currency,
        initial={"activity": _default_activity(initiative)},
    )
    if form.is_bound and form.is_valid():
        try:
            contribution = contribution_submit(
                submitted_by=request.user, initiative=initiative, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The contribution is logged for %(person)s, valued at %(value)s.")
                % {
                    "person": contribution.contributor,
                    "value": format_money(contribution.value, contribution.currency),
                },
            )
            return redirect("contribution-detail", pk=contribution.pk)
    return render(
        request,
        "ledger/contribution_form.html",
        {"form": form, "initiatives": [initiative], "initiative": initiative,
         "contribution": None},
    )


# --- a citizen's own contributions and impact ---------------------------------------------


@login_required
@require_GET
def my_contributions(request: HttpRequest) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    contributions = contribution_list_visible_to(request.user).filter(contributor=request.user)
    if status:
        contributions = contributions.filter(status=status)
    page = _page(request, contributions.order_by("-date", "-id"))
    return render(
        request,
        "ledger/my_contributions.html",
        {
            "filter_form": filter_form,
            "status": status,
            "page": page,
            "contributions": list(page.object_list),
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "result_count": page.paginator.count,
            "can_log": initiatives_open_for_contribution(request.user).exists(),
        },
    )


@dataclass(frozen=True)
class ChartBar:
    month: datetime.date
    hours: Decimal
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal


CHART_WIDTH, CHART_HEIGHT, CHART_GAP = 600, 200, 4


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _impact_chart(months) -> list[ChartBar]:
    """Bars of verified hours for every month from the first to the last, gaps included."""
    if not months:
        return []
    hours_of = {m.month: m.hours for m in months}
    span = _months_between(months[0].month, months[-1].month)
    highest = max(hours_of.values()) or Decimal(1)
    slot = Decimal(CHART_WIDTH) / len(span)
    bars = []
    for index, month in enumerate(span):
        hours = hours_of.get(month, Decimal(0))
        height = (Decimal(CHART_HEIGHT) * hours / highest).quantize(Decimal("0.1"))
        bars.append(
            ChartBar(
                month=month,
                hours=hours,
                x=(slot * index + Decimal(CHART_GAP) / 2).quantize(Decimal("0.1")),
                y=Decimal(CHART_HEIGHT) - height,
                width=max(slot - CHART_GAP, Decimal(1)).quantize(Decimal("0.1")),
                height=height,
            )
        )
    return bars


@login_required
@require_GET
def my_impact(request: HttpRequest) -> HttpResponse:
    impact = contributor_impact(user=request.user)
    currencies = sorted(set(impact.value_by_currency) | set(impact.pending_by_currency))
    months = [
        {
            "month": month.month,
            "hours": month.hours,
            "values": [(c, month.value_by_currency.get(c)) for c in currencies],
        }
        for month in reversed(impact.months)
    ]
    return render(
        request,
        "ledger/my_impact.html",
        {
            "impact": impact,
            "currencies": currencies,
            "values": sorted(impact.value_by_currency.items()),
            "pending": sorted(impact.pending_by_currency.items()),
            "months": months,
            "bars": _impact_chart(impact.months),
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
        },
    )


# --- the verification queue -----------------------------------------------------------------


def _decide_many(request: HttpRequest, form: DecisionForm) -> list[Contribution] | None:
    ids = form.cleaned_data["contribution_ids"]
    try:
        if form.cleaned_data["action"] == DecisionForm.VERIFY:
            return contributions_verify_many(contribution_ids=ids, verified_by=request.user)
        return contributions_reject_many(
            contribution_ids=ids, rejected_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "contribution_ids" in error.error_dict:
            error = ValidationError(
                {"contribution_ids": [_("Some of the selected contributions do not exist.")]}
            )
        form.add_service_errors(error)
    except PermissionDenied as denied:
        form.add_error("contribution_ids", str(denied) or _("You cannot decide on these."))
    return None


def _decided_message(decided: list[Contribution], action: str) -> str:
    totals: dict[str, Decimal] = {}
    for contribution in decided:
        totals[contribution.currency] = totals.get(contribution.currency, 0) + contribution.value
    value = ", ".join(format_money(v, c) for c, v in sorted(totals.items()))
    if action == DecisionForm.VERIFY:
        return _("Verified %(count)d contribution(s), worth %(value)s.") % {
            "count": len(decided), "value": value
        }
    return _("Rejected %(count)d contribution(s).") % {"count": len(decided)}


@login_required
@permission_required("ledger.view_verification_queue", raise_exception=True)
@require_http_methods(["GET", "POST"])
def verification_queue(request: HttpRequest) -> HttpResponse:
    staffed = initiatives_staffed_by(request.user)
    filter_form = QueueFilterForm(request.GET, initiatives=staffed)
    initiative = filter_form.cleaned_data["initiative"] if filter_form.is_valid() else None
    decision = DecisionForm(request.POST if request.method == "POST" else None)
    if decision.is_bound and decision.is_valid():
        decided = _decide_many(request, decision)
        if decided is not None:
            messages.success(request, _decided_message(decided, decision.cleaned_data["action"]))
            query = f"?{urlencode({'initiative': initiative.pk})}" if initiative else ""
            return redirect(reverse("verification-queue") + query)
    # Keep the boxes ticked when the page comes back with an error.
    selected = {
        int(value) for value in request.POST.getlist("contribution_ids") if value.isdigit()
    }
    queue = contribution_verification_queue(request.user, initiative=initiative)
    page = _page(request, queue)
    return render(
        request,
        "ledger/verification_queue.html",
        {
            "filter_form": filter_form,
            "initiative": initiative,
            "form": decision,
            "page": page,
            "contributions": list(page.object_list),
            "selected": selected,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "result_count": page.paginator.count,
        },
        status=400 if decision.is_bound else 200,
    )


# --- one contribution -----------------------------------------------------------------------


HISTORY_FIELDS = [
    ("kind", gettext_lazy("kind")),
    ("activity", gettext_lazy("activity")),
    ("date", gettext_lazy("date")),
    ("hours", gettext_lazy("hours")),
    ("amount", gettext_lazy("amount")),
    ("stipend_per_hour", gettext_lazy("stipend per hour")),
    ("description", gettext_lazy("description")),
    ("status", gettext_lazy("status")),
    ("rejection_reason", gettext_lazy("reason for rejection")),
    ("rate", gettext_lazy("rate")),
    ("value", gettext_lazy("value")),
]


def _history(contribution: Contribution) -> list[dict]:
    """Each version, newest first, with what changed from the one before."""
    records = list(
        contribution.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for name, label in HISTORY_FIELDS:
                before, after = getattr(previous, name), getattr(record, name)
                if before != after:
                    changes.append({"field": str(label), "before": before, "after": after})
        entries.append(
            {
                "record": record,
                "created": previous is None,
                "changes": changes,
                "status": record.get_status_display(),
            }
        )
        previous = record
    return list(reversed(entries))


def _render_detail(
    request: HttpRequest,
    contribution: Contribution,
    *,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_history = user.has_perm("ledger.view_contribution_history", contribution)
    is_pending = contribution.status == ContributionStatus.SUBMITTED
    activity_names = dict(activity_choices_for(contribution.initiative))
    return render(
        request,
        "ledger/contribution_detail.html",
        {
            "contribution": contribution,
            "activity_name": activity_names.get(contribution.activity, contribution.activity),
            "rate_source": contribution.rate_source,
            "can_change": user.has_perm("ledger.change_contribution", contribution),
            "can_verify": is_pending and user.has_perm("ledger.verify_contribution", contribution),
            "can_reject": is_pending and user.has_perm("ledger.reject_contribution", contribution),
            "reject_form": reject_form or RejectForm(),
            "history": _history(contribution) if can_history else None,
            "is_own": contribution.contributor_id == user.pk,
        },
        status=status,
    )


@login_required
@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_contribution(request, pk))


@login_required
@require_POST
def contribution_verify_page(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _visible_contribution(request, pk)
    if not request.user.has_perm("ledger.verify_contribution", contribution):
        raise PermissionDenied
    try:
        contribution_verify(contribution=contribution, verified_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Verified: %(value)s now counts in the accounts.")
            % {"value": format_money(contribution.value, contribution.currency)},
        )
    return redirect("contribution-detail", pk=contribution.pk)


@login_required
@require_POST
def contribution_reject_page(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _visible_contribution(request, pk)
    if not request.user.has_perm("ledger.reject_contribution", contribution):
        raise PermissionDenied
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            contribution_reject(
                contribution=contribution,
                rejected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The contribution was rejected."))
            return redirect("contribution-detail", pk=contribution.pk)
    return _render_detail(request, contribution, reject_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _visible_contribution(request, pk)
    if not request.user.has_perm("ledger.change_contribution", contribution):
        raise PermissionDenied
    initiative = contribution.initiative
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        initiative=initiative,
        activity_choices=activity_choices_for(initiative),
        currency=contribution.currency,
        initial=ContributionForm.initial_for(contribution),
    )
    if form.is_bound and form.is_valid():
        was_decided = contribution.status != ContributionStatus.SUBMITTED
        try:
            updated = contribution_update(
                contribution=contribution, changed_by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            message = _("Your changes were saved; the contribution is now valued at %(value)s.")
            if was_decided and updated.status == ContributionStatus.SUBMITTED:
                message += " " + _("It waits for verification again.")
            messages.success(
                request, message % {"value": format_money(updated.value, updated.currency)}
            )
            return redirect("contribution-detail", pk=contribution.pk)
    return render(
        request,
        "ledger/contribution_form.html",
        {"form": form, "initiatives": [initiative], "initiative": initiative,
         "contribution": contribution},
    )


# --- public inputs ---------------------------------------------------------------------------


def _recording_organisations(request: HttpRequest, initiative: Initiative):
    ids = initiative.organisation_ids()
    if not request.user.is_superuser:
        ids &= organisation_ids_with_roles(request.user, STAFF_ROLES)
    # The lead first: it is whose input it usually is.
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _grade_choices(organisations) -> list[tuple[str, str]]:
    grades: dict[str, list[str]] = {}
    for grade, organisation in (
        StaffCostRate.objects.filter(organisation__in=organisations)
        .values_list("grade", "organisation__name")
        .order_by("grade", "organisation__name")
        .distinct()
    ):
        grades.setdefault(grade, []).append(organisation)
    return [(grade, f"{grade} ({', '.join(names)})") for grade, names in grades.items()]


@login_required
@require_http_methods(["GET", "POST"])
def public_input_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _staffed_initiative(request, pk)
    if not request.user.has_perm("ledger.record_public_input", initiative):
        raise _not_found()
    organisations = _recording_organisations(request, initiative)
    choices = list(organisations)
    lead = initiative.lead_organisation_id
    default = lead if any(o.pk == lead for o in choices) else (choices[0].pk if choices else None)
    form = PublicInputForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        grade_choices=_grade_choices(choices),
        currency=initiative.lead_organisation.currency,
        initial={"organisation": default},
    )
    if form.is_bound and form.is_valid():
        try:
            public_input = public_input_record(
                recorded_by=request.user, initiative=initiative, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("Recorded %(kind)s worth %(value)s.")
                % {
                    "kind": public_input.get_kind_display().lower(),
                    "value": format_money(public_input.value, public_input.currency),
                },
            )
            return redirect("initiative-accounts", pk=initiative.pk)
    return render(
        request, "ledger/public_input_form.html", {"form": form, "initiative": initiative}
    )


# --- the accounts -----------------------------------------------------------------------------


def _accounts_initiative(request: HttpRequest, pk: int) -> Initiative:
    try:
        initiative = (
            initiatives_with_accounts_visible_to(request.user)
            .select_related("lead_organisation")
            .prefetch_related("partner_organisations")
            .get(pk=pk)
        )
    except Initiative.DoesNotExist as exc:
        raise _not_found() from exc
    if not request.user.has_perm("ledger.view_accounts", initiative):
        raise _not_found()
    return initiative


@login_required
@require_GET
def initiative_accounts_csv(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _accounts_initiative(request, pk)
    period_form = PeriodForm(request.GET)
    if not period_form.is_valid():
        return HttpResponse(
            " ".join(e for errors in period_form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    date_from, date_to = period_form.period()
    contributions, public_inputs = initiative_ledger_lines(
        initiative=initiative, date_from=date_from, date_to=date_to
    )
    public_inputs = public_inputs.select_related("rate_used__organisation")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = exports.accounts_filename(
        initiative, date_from=date_from, date_to=date_to, today=timezone.localdate()
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    exports.write_ledger_csv(response, contributions=contributions, public_inputs=public_inputs)
    return response

