"""Co-assessment pages: an initiative's outcomes and their measurements (with the queue staff
verify from), ratings and their summary, inspections with the organisation's responses, the
public "You said, we did" pages, surveys (created, answered and their results), and the
co-production maturity self-assessment with its trend.

Objects come through the scoped selectors (outside a user's scope they do not exist: 404); the
rules decide what a user may do to what they see (403); every write goes through a service, whose
errors land on the form's fields; templates get everything they show, so they never query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from initiatives.models import Initiative
from initiatives.selectors import initiative_list_visible_to
from people.models import INSIDER_ROLES, STAFF_ROLES, Organisation
from people.selectors import has_any_role, organisation_ids_with_roles, staff_organisations

from .forms import (
    HideCommentForm,
    InspectionForm,
    MaturityAssessmentForm,
    MeasurementForm,
    OutcomeIndicatorForm,
    RatingForm,
    RecommendationResponseForm,
    SurveyAnswerForm,
    SurveyForm,
    SurveyFromTemplateForm,
)
from .maturity import BAND_NAMES, PRINCIPLES, STATEMENTS
from .models import (
    Audience,
    Inspection,
    MaturityAssessment,
    Measure,
    MeasurementStatus,
    OutcomeIndicator,
    OutcomeMeasurement,
    QuestionKind,
    Rating,
    Recommendation,
    Survey,
)
from .selectors import (
    OutcomeProgress,
    initiative_outcomes,
    initiatives_with_role,
    inspection_list_visible_to,
    inspectors_of,
    is_insider_of_initiative,
    is_staff_of_initiative,
    maturity_assessment_list_visible_to,
    maturity_summary,
    maturity_trend,
    outcome_indicator_list_visible_to,
    outcome_measurement_list_visible_to,
    outcome_measurement_queue,
    rating_list_visible_to,
    rating_of,
    rating_summary,
    recommendations_awaiting_response,
    survey_audience_includes,
    survey_detail,
    survey_has_responded,
    survey_list_visible_to,
    survey_results,
    surveys_open_to,
    you_said_we_did,
)
from .services import (
    inspection_complete,
    inspection_create,
    inspection_update,
    maturity_assessment_create,
    outcome_indicator_create,
    outcome_indicator_update,
    outcome_measurement_delete,
    outcome_measurement_record,
    outcome_measurement_verify,
    rating_comment_hide,
    rating_comment_show,
    rating_save,
    recommendation_respond,
    survey_create,
    survey_create_from_template,
    survey_respond,
)
from .survey_templates import TEMPLATE_BY_KEY, TEMPLATES

HUNDRED = Decimal(100)
CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def _not_found() -> Http404:
    return Http404(_("No such page, or not one you can see."))


M = TypeVar("M", bound=Model)


def _visible(rows: QuerySet[M], pk: int) -> M:
    """The row of `rows` (what the user may see) with this pk; otherwise 404, the same
    answer whether it does not exist or is someone else's."""
    try:
        return rows.get(pk=pk)
    except rows.model.DoesNotExist as exc:
        raise _not_found() from exc


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    shown = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{shown}" if symbol else f"{shown} {currency}"


def _figure(value: Decimal | None) -> str:
    """A measured figure as people write it: 6, 5.4, 1,250.5 (at most two places)."""
    if value is None:
        return ""
    shown = f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    return shown.rstrip("0").rstrip(".")


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    """The initiative if the user may see it (with what the rules ask for); otherwise 404."""
    return _visible(
        initiative_list_visible_to(request.user)
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations"),
        pk,
    )


def _require(request: HttpRequest, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _is_staff_anywhere(user) -> bool:
    return bool(user.is_superuser or has_any_role(user, STAFF_ROLES))


# --- outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    progress: OutcomeProgress
    current: Decimal | None  # count: the total so far; level: the latest reading
    percent: int | None  # of the way from the baseline to the target
    bar: int  # percent, held to 0–100 for the bar
    proxy: str
    readings: list[dict[str, Any]]
    figures: dict[str, str]  # baseline, target, current and percentages, written for people

    @property
    def indicator(self) -> OutcomeIndicator:
        return self.progress.indicator


def _current_and_percent(progress: OutcomeProgress) -> tuple[Decimal | None, int | None]:
    indicator = progress.indicator
    if not progress.readings:
        return None, None
    if indicator.measure == Measure.COUNT:
        current = indicator.baseline_value + sum(r.value for r in progress.readings)
    else:
        current = progress.latest.value
    if indicator.target_value is None or indicator.target_value == indicator.baseline_value:
        return current, None
    share = (current - indicator.baseline_value) / (
        indicator.target_value - indicator.baseline_value
    )
    percent = int((share * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return current, percent


def _indicator_rows(progress_list, currency: str, *, show_recorder: bool) -> list[IndicatorRow]:
    rows = []
    for progress in progress_list:
        current, percent = _current_and_percent(progress)
        rows.append(
            IndicatorRow(
                progress=progress,
                current=current,
                percent=percent,
                bar=max(0, min(100, percent or 0)),
                proxy=_money(progress.indicator.financial_proxy, currency),
                readings=[
                    {
                        "measurement": m,
                        "value": _figure(m.value),
                        "recorder": _person(m.recorded_by) if show_recorder else "",
                    }
                    for m in reversed(progress.readings)
                ],
                figures={
                    name: _figure(getattr(progress.indicator, name))
                    for name in ("baseline_value", "target_value", "deadweight",
                                 "displacement", "attribution", "drop_off")
                } | {"current": _figure(current)},
            )
        )
    return rows


@login_required
@require_GET
def initiative_outcomes_page(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    user = request.user
    insider = is_insider_of_initiative(user, initiative)
    can_record = user.has_perm("assessment.record_measurement", initiative)
    rows = _indicator_rows(
        initiative_outcomes(initiative=initiative, viewer=user),
        initiative.lead_organisation.currency,
        show_recorder=insider,
    )
    return render(
        request,
        "assessment/initiative_outcomes.html",
        {
            "initiative": initiative,
            "rows": rows,
            "can_manage": user.has_perm("assessment.manage_outcomes", initiative),
            "can_record": can_record,
            "insider": insider,
            "currency": initiative.lead_organisation.currency,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    _require(request, "assessment.manage_outcomes", initiative)
    form = OutcomeIndicatorForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            indicator = outcome_indicator_create(
                created_by=request.user, initiative=initiative, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("The outcome “%(name)s” is added.") % {"name": indicator.name}
            )
            return redirect("assessment-outcomes", pk=initiative.pk)
    return render(
        request,
        "assessment/indicator_form.html",
        {"form": form, "initiative": initiative, "indicator": None,
         "currency": initiative.lead_organisation.currency},
        status=400 if form.is_bound else 200,
    )


def _visible_indicator(request: HttpRequest, pk: int) -> OutcomeIndicator:
    return _visible(
        outcome_indicator_list_visible_to(request.user)
        .prefetch_related("initiative__partner_organisations"),
        pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _visible_indicator(request, pk)
    initiative = indicator.initiative
    _require(request, "assessment.change_outcome_indicator", indicator)
    if request.method == "POST":
        form = OutcomeIndicatorForm(request.POST)
        if form.is_valid():
            try:
                outcome_indicator_update(
                    indicator=indicator, changed_by=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The outcome is saved."))
                return redirect("assessment-outcomes", pk=initiative.pk)
    else:
        form = OutcomeIndicatorForm(initial=OutcomeIndicatorForm.initial_for(indicator))
    return render(
        request,
        "assessment/indicator_form.html",
        {"form": form, "initiative": initiative, "indicator": indicator,
         "currency": initiative.lead_organisation.currency},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _visible_indicator(request, pk)
    initiative = indicator.initiative
    _require(request, "assessment.record_measurement", indicator)
    form = MeasurementForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            measurement = outcome_measurement_record(
                recorded_by=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if measurement.status == MeasurementStatus.VERIFIED:
                messages.success(request, _("The measurement is recorded."))
            else:
                messages.success(
                    request,
                    _("Thank you: the measurement is recorded. It counts once staff of the "
                      "initiative verify it."),
                )
            return redirect("assessment-outcomes", pk=initiative.pk)
    return render(
        request,
        "assessment/measurement_form.html",
        {"form": form, "indicator": indicator, "initiative": initiative},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def measurement_queue(request: HttpRequest) -> HttpResponse:
    if not _is_staff_anywhere(request.user):
        raise PermissionDenied
    waiting = list(outcome_measurement_queue(request.user))
    return render(
        request,
        "assessment/measurement_queue.html",
        {
            "rows": [
                {
                    "measurement": m,
                    "value": _figure(m.value),
                    "recorder": _person(m.recorded_by),
                    "own": m.recorded_by_id == request.user.pk,
                }
                for m in waiting
            ],
        },
    )


def _visible_measurement(request: HttpRequest, pk: int) -> OutcomeMeasurement:
    return _visible(
        outcome_measurement_list_visible_to(request.user)
        .prefetch_related("indicator__initiative__partner_organisations"),
        pk,
    )


@login_required
@require_POST
def measurement_verify(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = _visible_measurement(request, pk)
    if measurement.status == MeasurementStatus.SUBMITTED:
        _require(request, "assessment.verify_measurement", measurement)
    try:
        outcome_measurement_verify(measurement=measurement, verified_by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The measurement is verified and now counts."))
    return redirect("assessment-measurement-queue")


@login_required
@require_POST
def measurement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = _visible_measurement(request, pk)
    _require(request, "assessment.delete_measurement", measurement)
    outcome_measurement_delete(measurement=measurement, deleted_by=request.user)
    messages.success(request, _("The measurement is removed."))
    return redirect("assessment-measurement-queue")


# --- ratings ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rate_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    """"Rate this service": one rating per citizen, changed on the same form."""
    initiative = _visible_initiative(request, pk)
    _require(request, "assessment.rate_initiative", initiative)
    existing = rating_of(request.user, initiative)
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                rating_save(
                    user=request.user,
                    initiative=initiative,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("Thank you: your rating is changed.") if existing
                    else _("Thank you for rating this service."),
                )
                return redirect("assessment-ratings", pk=initiative.pk)
    else:
        initial = {"score": str(existing.score), "comment": existing.comment} if existing else {}
        form = RatingForm(initial=initial)
    return render(
        request,
        "assessment/rating_form.html",
        {"form": form, "initiative": initiative, "rating": existing},
        status=400 if form.is_bound else 200,
    )


def _render_ratings(
    request: HttpRequest,
    initiative: Initiative,
    *,
    failed_hide: tuple[int, HideCommentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    summary = rating_summary(initiative=initiative)
    can_hide = user.has_perm("assessment.hide_rating_comment", initiative)
    hidden = []
    if can_hide:
        hidden = list(
            rating_list_visible_to(user)
            .filter(initiative=initiative, comment_hidden=True)
            .order_by("-hidden_at", "-id")
        )
    comments = []
    for comment in summary.comments:
        form = None
        if can_hide:
            form = (
                failed_hide[1]
                if failed_hide and failed_hide[0] == comment.rating_id
                else HideCommentForm(prefix=f"hide-{comment.rating_id}")
            )
        comments.append({"comment": comment, "hide_form": form})
    own = rating_of(user, initiative)
    return render(
        request,
        "assessment/rating_summary.html",
        {
            "initiative": initiative,
            "summary": summary,
            "comments": comments,
            "can_hide": can_hide,
            "hidden": [
                {"rating": r, "hidden_by": _person(r.hidden_by)} for r in hidden
            ],
            "own": own,
            "can_rate": user.has_perm("assessment.rate_initiative", initiative),
        },
        status=status,
    )


@login_required
@require_GET
def rating_summary_page(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    _require(request, "assessment.view_rating_summary", initiative)
    return _render_ratings(request, initiative)


def _visible_rating(request: HttpRequest, pk: int) -> Rating:
    return _visible(
        rating_list_visible_to(request.user)
        .prefetch_related("initiative__partner_organisations"),
        pk,
    )


@login_required
@require_POST
def rating_hide(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible_rating(request, pk)
    _require(request, "assessment.hide_rating_comment", rating)
    form = HideCommentForm(request.POST, prefix=f"hide-{rating.pk}")
    if form.is_valid():
        try:
            rating_comment_hide(
                rating=rating, hidden_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The comment is hidden; its score still counts."))
            return redirect("assessment-ratings", pk=rating.initiative_id)
    initiative = _visible_initiative(request, rating.initiative_id)
    return _render_ratings(request, initiative, failed_hide=(rating.pk, form), status=400)


@login_required
@require_POST
def rating_show(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible_rating(request, pk)
    _require(request, "assessment.hide_rating_comment", rating)
    rating_comment_show(rating=rating, shown_by=request.user)
    messages.success(request, _("The comment is shown again."))
    return redirect("assessment-ratings", pk=rating.initiative_id)


# --- inspections ------------------------------------------------------------------------------


@login_required
@require_GET
def inspection_list(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    inspections = list(inspection_list_visible_to(request.user).filter(initiative=initiative))
    return render(
        request,
        "assessment/inspection_list.html",
        {
            "initiative": initiative,
            "inspections": [
                {
                    "inspection": i,
                    "standards": len(i.standards.all()),
                    "recommendations": len(i.recommendations.all()),
                }
                for i in inspections
            ],
            "can_add": request.user.has_perm("assessment.add_inspection", initiative),
            "is_staff": is_staff_of_initiative(request.user, initiative),
        },
    )


def _render_inspection_form(request, form, initiative, inspection=None, *, status=200):
    return render(
        request,
        "assessment/inspection_form.html",
        {"form": form, "initiative": initiative, "inspection": inspection,
         "has_inspectors": bool(form.fields["team"].widget.choices)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    _require(request, "assessment.add_inspection", initiative)
    form = InspectionForm(
        request.POST if request.method == "POST" else None,
        initiative=initiative,
        inspectors=inspectors_of(initiative),
        initial={"inspected_on": timezone.localdate()},
    )
    if form.is_bound and form.is_valid():
        try:
            inspection = inspection_create(
                created_by=request.user, initiative=initiative, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("The inspection is saved as a draft. Complete it when every standard is "
                  "scored."),
            )
            return redirect("assessment-inspection-detail", pk=inspection.pk)
    return _render_inspection_form(request, form, initiative,
                                   status=400 if form.is_bound else 200)


def _visible_inspection(request: HttpRequest, pk: int) -> Inspection:
    return _visible(
        inspection_list_visible_to(request.user)
        .prefetch_related("initiative__partner_organisations"),
        pk,
    )


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _visible_inspection(request, pk)
    user = request.user
    can_respond = user.has_perm("assessment.respond_to_recommendation", inspection)
    return render(
        request,
        "assessment/inspection_detail.html",
        {
            "inspection": inspection,
            "initiative": inspection.initiative,
            "team": [_person(member) for member in inspection.team.all()],
            "standards": list(inspection.standards.all()),
            "recommendations": [
                {
                    "recommendation": r,
                    "response": getattr(r, "response", None),
                    "responded_by": _person(getattr(getattr(r, "response", None),
                                                    "responded_by", None)),
                }
                for r in inspection.recommendations.all()
            ],
            "can_change": user.has_perm("assessment.change_inspection", inspection),
            "can_respond": can_respond,
            "show_team": is_insider_of_initiative(user, inspection.initiative)
            or any(member.pk == user.pk for member in inspection.team.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _visible_inspection(request, pk)
    _require(request, "assessment.change_inspection", inspection)
    initiative = inspection.initiative
    if request.method == "POST":
        form = InspectionForm(request.POST, initiative=initiative,
                              inspectors=inspectors_of(initiative))
        if form.is_valid():
            try:
                inspection_update(
                    inspection=inspection, changed_by=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The inspection is saved."))
                return redirect("assessment-inspection-detail", pk=inspection.pk)
    else:
        form = InspectionForm(
            initiative=initiative,
            inspectors=inspectors_of(initiative),
            initial=InspectionForm.initial_for(
                inspection, list(inspection.standards.all()),
                list(inspection.recommendations.all()),
            ),
        )
    return _render_inspection_form(request, form, initiative, inspection,
                                   status=400 if form.is_bound else 200)


@login_required
@require_POST
def inspection_complete_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _visible_inspection(request, pk)
    _require(request, "assessment.change_inspection", inspection)
    try:
        inspection_complete(inspection=inspection, completed_by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The inspection is completed. Its recommendations now wait for the "
              "organisation's response."),
        )
    return redirect("assessment-inspection-detail", pk=inspection.pk)


def _visible_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    return _visible(
        Recommendation.objects.select_related(
            "inspection", "inspection__initiative", "response"
        )
        .prefetch_related("inspection__initiative__partner_organisations")
        .filter(inspection__in=inspection_list_visible_to(request.user).values("id")),
        pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_respond_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's response to one recommendation. A POST always reaches the service, so
    someone of another organisation is told why they cannot answer (403, nothing stored)."""
    recommendation = _visible_recommendation(request, pk)
    inspection = recommendation.inspection
    existing = getattr(recommendation, "response", None)
    status = 200
    if request.method == "POST":
        form = RecommendationResponseForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                recommendation_respond(
                    recommendation=recommendation, responded_by=request.user,
                    **form.cleaned_data,
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Your response is saved and shown publicly."))
                return redirect("assessment-inspection-detail", pk=inspection.pk)
    else:
        _require(request, "assessment.respond_to_recommendation", inspection)
        initial = {}
        if existing is not None:
            initial = {
                "decision": existing.decision, "action": existing.action,
                "due_date": existing.due_date, "done_at": existing.done_at,
            }
        form = RecommendationResponseForm(initial=initial)
    return render(
        request,
        "assessment/recommendation_respond.html",
        {"form": form, "recommendation": recommendation, "inspection": inspection,
         "initiative": inspection.initiative, "response": existing},
        status=status,
    )


@login_required
@require_GET
def recommendations_awaiting(request: HttpRequest) -> HttpResponse:
    if not _is_staff_anywhere(request.user):
        raise PermissionDenied
    return render(
        request,
        "assessment/recommendations_awaiting.html",
        {"recommendations": list(recommendations_awaiting_response(request.user))},
    )


# --- you said, we did (public) ----------------------------------------------------------------


@require_GET
def you_said_we_did_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        initiative = (
            initiative_list_visible_to(request.user)
            .select_related("lead_organisation")
            .get(pk=pk)
        )
    except Initiative.DoesNotExist as exc:
        raise _not_found() from exc
    return render(
        request,
        "assessment/you_said_we_did.html",
        {"initiative": initiative, "organisation": None,
         "rows": you_said_we_did(initiative=initiative)},
    )


@require_GET
def you_said_we_did_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "assessment/you_said_we_did.html",
        {"initiative": None, "organisation": organisation,
         "rows": you_said_we_did(organisation=organisation)},
    )


# --- surveys ----------------------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """"Surveys for you", and for insiders the surveys of their organisations."""
    user = request.user
    insider_of = (
        set(Organisation.objects.values_list("id", flat=True)) if user.is_superuser
        else organisation_ids_with_roles(user, INSIDER_ROLES)
    )
    own_surveys = list(
        survey_list_visible_to(user)
        .filter(organisation_id__in=insider_of)
        .annotate(response_count=Count("responses", distinct=True))
        .order_by("organisation__name", "-opens_on", "-id")
    )
    today = timezone.localdate()
    groups: dict[int, dict[str, Any]] = {}
    for survey in own_surveys:
        group = groups.setdefault(
            survey.organisation_id, {"organisation": survey.organisation, "surveys": []}
        )
        group["surveys"].append(
            {"survey": survey, "open": survey.is_open_on(today),
             "upcoming": today < survey.opens_on}
        )
    can_create = bool(user.is_superuser or has_any_role(user, STAFF_ROLES))
    return render(
        request,
        "assessment/survey_list.html",
        {
            "open_surveys": list(surveys_open_to(user, today=today)),
            "groups": list(groups.values()),
            "can_create": can_create,
            "templates": TEMPLATES if can_create else (),
        },
    )


def _survey_form_choices(user) -> dict[str, Any]:
    return {
        "organisations": staff_organisations(user),
        "initiatives": Initiative.objects.filter(
            id__in=initiatives_with_role(user, STAFF_ROLES)
        ).order_by("title"),
    }


def _default_dates() -> dict[str, datetime.date]:
    today = timezone.localdate()
    return {"opens_on": today, "closes_on": today + datetime.timedelta(days=28)}


def _single_organisation(organisations) -> dict[str, Any]:
    """Preselect the organisation when the user staffs only one."""
    ids = [organisation.pk for organisation in organisations]
    return {"organisation": ids[0]} if len(ids) == 1 else {}


@login_required
@require_http_methods(["GET", "POST"])
def survey_create_page(request: HttpRequest) -> HttpResponse:
    if not _is_staff_anywhere(request.user):
        raise PermissionDenied
    choices = _survey_form_choices(request.user)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        initial={**_default_dates(), **_single_organisation(choices["organisations"])},
        **choices,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_create(
                created_by=request.user,
                organisation=data["organisation"],
                title=data["title"],
                introduction=data["introduction"],
                audience=data["audience"],
                anonymous=data["anonymous"],
                initiative=data["initiative"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                questions=form.questions(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as refusal:
            form.add_error("organisation", str(refusal))
        else:
            messages.success(request, _("The survey “%(title)s” is ready.") % {"title": survey})
            return redirect("assessment-survey-answer", pk=survey.pk)
    return render(
        request, "assessment/survey_form.html", {"form": form, "template": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create_from_template_page(request: HttpRequest, key: str) -> HttpResponse:
    template = TEMPLATE_BY_KEY.get(key)
    if template is None:
        raise _not_found()
    if not _is_staff_anywhere(request.user):
        raise PermissionDenied
    choices = _survey_form_choices(request.user)
    form = SurveyFromTemplateForm(
        request.POST if request.method == "POST" else None,
        initial={"title": str(template.title), **_default_dates(),
                 **_single_organisation(choices["organisations"])},
        **choices,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_create_from_template(
                template_key=template.key,
                created_by=request.user,
                organisation=data["organisation"],
                title=data["title"],
                initiative=data["initiative"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as refusal:
            form.add_error("organisation", str(refusal))
        else:
            messages.success(request, _("The survey “%(title)s” is ready.") % {"title": survey})
            return redirect("assessment-survey-answer", pk=survey.pk)
    kinds = dict(QuestionKind.choices)
    return render(
        request,
        "assessment/survey_form.html",
        {
            "form": form,
            "template": template,
            "template_audience": dict(Audience.choices)[template.audience],
            "template_questions": [(str(q.text), kinds[q.kind]) for q in template.questions],
        },
        status=400 if form.is_bound else 200,
    )


def _visible_survey(request: HttpRequest, pk: int) -> Survey:
    try:
        return survey_detail(pk, request.user)
    except Survey.DoesNotExist as exc:
        raise _not_found() from exc


def _why_not(survey: Survey, user, today: datetime.date) -> str:
    if not survey_audience_includes(survey, user):
        return _("This survey is for %(audience)s, so it is not one for you to answer.") % {
            "audience": survey.get_audience_display().lower()
        }
    if survey_has_responded(survey, user):
        return _("You have answered this survey. Thank you.")
    if today < survey.opens_on:
        return _("This survey opens on %(date)s.") % {"date": survey.opens_on.isoformat()}
    if today > survey.closes_on:
        return _("This survey closed on %(date)s.") % {"date": survey.closes_on.isoformat()}
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's questions, each by its kind. A POST always reaches the service, which refuses
    a closed survey, a second answer or someone outside the audience, storing nothing."""
    survey = _visible_survey(request, pk)
    user = request.user
    questions = list(survey.questions.all())
    today = timezone.localdate()
    may_answer = user.has_perm("assessment.answer_survey", survey)
    status = 200
    if request.method == "POST":
        form = SurveyAnswerForm(request.POST, questions=questions)
        status = 400
        if form.is_valid():
            try:
                survey_respond(survey=survey, respondent=user, answers=form.answers())
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 403
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("assessment-surveys")
    else:
        form = SurveyAnswerForm(questions=questions)
    return render(
        request,
        "assessment/survey_answer.html",
        {
            "survey": survey,
            "form": form,
            "show_form": may_answer or form.is_bound,
            "why_not": "" if may_answer else _why_not(survey, user, today),
            "can_see_results": user.has_perm("assessment.view_survey_results", survey),
        },
        status=status,
    )


@login_required
@require_GET
def survey_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _visible_survey(request, pk)
    _require(request, "assessment.view_survey_results", survey)
    results = survey_results(
        survey=survey,
        include_texts=request.user.has_perm("assessment.view_survey_texts", survey),
    )
    return render(
        request,
        "assessment/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "questions": [
                {
                    "result": result,
                    "no_percent": None if result.yes_percent is None
                    else 100 - result.yes_percent,
                }
                for result in results.questions
            ],
            "open": survey.is_open_on(timezone.localdate()),
        },
    )


# --- maturity ---------------------------------------------------------------------------------


def _insider_organisations(user):
    if user.is_superuser:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        id__in=organisation_ids_with_roles(user, INSIDER_ROLES)
    ).order_by("name")


@login_required
@require_GET
def maturity_home(request: HttpRequest) -> HttpResponse:
    organisations = list(_insider_organisations(request.user))
    if len(organisations) == 1:
        return redirect("assessment-maturity", slug=organisations[0].slug)
    return render(request, "assessment/maturity_home.html", {"organisations": organisations})


def _maturity_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not request.user.has_perm("assessment.view_maturity", organisation):
        raise _not_found()
    return organisation


@login_required
@require_GET
def maturity_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _maturity_organisation(request, slug)
    trend = maturity_trend(organisation=organisation)
    assessments = list(
        maturity_assessment_list_visible_to(request.user)
        .filter(organisation=organisation)
        .order_by("-assessed_on", "-id")
    )
    rows = []
    for assessment in assessments:
        summary = maturity_summary(assessment)
        rows.append({"assessment": assessment, "summary": summary,
                     "assessed_by": _person(assessment.assessed_by)})
    latest = rows[0]["summary"] if rows else None
    latest_all_equal = bool(latest) and len(latest.weakest) == len(latest.principles) > 1
    principle_names = [(p.key, str(p.name)) for p in PRINCIPLES]
    chart = {
        "labels": [date_format(point.assessed_on, "j M Y") for point in trend],
        "totals": [point.total for point in trend],
        "maximum": trend[-1].maximum if trend else 5 * len(STATEMENTS),
        "label": _("Total score"),
        "axis": _("Total score (of %(maximum)s)")
        % {"maximum": trend[-1].maximum if trend else 5 * len(STATEMENTS)},
    }
    return render(
        request,
        "assessment/maturity.html",
        {
            "organisation": organisation,
            "trend": [
                {"point": point, "band_name": str(BAND_NAMES[point.band])} for point in trend
            ],
            "principle_rows": [
                {"name": name, "means": [point.principle_means.get(key) for point in trend]}
                for key, name in principle_names
            ],
            "rows": rows,
            "latest": latest,
            "latest_all_equal": latest_all_equal,
            "chart": chart,
            "can_add": request.user.has_perm("assessment.add_maturity_assessment", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def maturity_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _maturity_organisation(request, slug)
    _require(request, "assessment.add_maturity_assessment", organisation)
    form = MaturityAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"assessed_on": timezone.localdate()},
    )
    if form.is_bound and form.is_valid():
        try:
            assessment = maturity_assessment_create(
                assessed_by=request.user,
                organisation=organisation,
                assessed_on=form.cleaned_data["assessed_on"],
                service_area=form.cleaned_data["service_area"],
                notes=form.cleaned_data["notes"],
                scores=form.scores(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The self-assessment is saved."))
            return redirect("assessment-maturity-detail", pk=assessment.pk)
    return render(
        request,
        "assessment/maturity_form.html",
        {"form": form, "organisation": organisation},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def maturity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        assessment = maturity_assessment_list_visible_to(request.user).get(pk=pk)
    except MaturityAssessment.DoesNotExist as exc:
        raise _not_found() from exc
    summary = maturity_summary(assessment)
    scores = {score.statement: score.score for score in assessment.scores.all()}
    principles = []
    by_key = {p.key: p for p in summary.principles}
    weakest = {p.key for p in summary.weakest}
    for principle in PRINCIPLES:
        if principle.key not in by_key:
            continue
        score = by_key[principle.key]
        principles.append(
            {
                "score": score,
                "percent": round(100 * score.total / score.maximum) if score.maximum else 0,
                "weakest": principle.key in weakest,
                "statements": [
                    {"text": str(s.text), "score": scores.get(s.key)}
                    for s in principle.statements
                ],
            }
        )
    return render(
        request,
        "assessment/maturity_detail.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "summary": summary,
            "principles": principles,
            "weakest_names": [p.name for p in summary.weakest],
            "all_equal": len(summary.weakest) == len(summary.principles) > 1,
            "assessed_by": _person(assessment.assessed_by),
        },
    )
