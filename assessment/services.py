"""Every write of co-assessment. Forms, the API, demo data and the admin come through here, so
each rule ("bad input gets a clear error and nothing stored") is enforced once.

Errors: a `ValidationError` whose dict names the field for bad input; `PermissionDenied` for a
person who may not do this to this object (the API answers 403; objects outside a person's
scope never reach here, the API answers 404 for them).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative, ParticipationRole, ServiceArea
from people.models import STAFF_ROLES, Organisation, Role, User
from people.selectors import has_any_role, has_role_in

from .maturity import SCORE_MAX, SCORE_MIN, STATEMENTS
from .models import (
    Answer,
    Audience,
    Decision,
    Inspection,
    InspectionStandard,
    InspectionStatus,
    MaturityAssessment,
    MaturityScore,
    Measure,
    MeasurementStatus,
    OutcomeIndicator,
    OutcomeMeasurement,
    Question,
    QuestionKind,
    Rating,
    Recommendation,
    RecommendationResponse,
    Response,
    ResponseAuthor,
    Survey,
    SurveyRespondent,
)
from .selectors import (
    RATEABLE_STATUSES,
    current_participation_roles,
    initiative_ids_of_organisations,
    is_co_monitor,
    is_staff_of_initiative,
    survey_audience_includes,
)
from .survey_templates import TEMPLATE_BY_KEY

MAX_TEXT_ANSWER = 2000
MAX_COMMENT = 2000
HUNDRED = Decimal("100")

OUTCOME_INDICATOR_FIELDS = frozenset(
    {
        "name",
        "description",
        "unit",
        "measure",
        "better",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "financial_proxy",
        "proxy_source_title",
        "proxy_source_publisher",
        "proxy_source_year",
        "deadweight",
        "displacement",
        "attribution",
        "drop_off",
        "duration_years",
        "position",
    }
)
PERCENT_FIELDS = ("deadweight", "displacement", "attribution", "drop_off")
DECIMAL_FIELDS = ("baseline_value", "target_value", "financial_proxy", *PERCENT_FIELDS)
MEASUREMENT_FIELDS = frozenset({"value", "period_start", "period_end", "evidence"})
INSPECTION_FIELDS = frozenset(
    {"title", "summary", "inspected_on", "team", "standards", "recommendations"}
)
SURVEY_FIELDS = frozenset(
    {"title", "introduction", "opens_on", "closes_on", "audience", "anonymous", "initiative",
     "questions"}
)
# What may change once a survey has responses: changing the rest would change what people
# answered, or who may see whom.
SURVEY_FIELDS_AFTER_RESPONSES = frozenset({"title", "introduction", "opens_on", "closes_on"})


class _Errors(dict):
    def add(self, field_name: str, message) -> None:
        self.setdefault(field_name, []).append(str(message))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _today() -> datetime.date:
    return timezone.localdate()


def _is_superuser(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _is_staff_of_organisation(user: User, organisation_id: int) -> bool:
    return _is_superuser(user) or has_role_in(user, organisation_id, STAFF_ROLES)


def _require_staff_of_initiative(user: User, initiative: Initiative, message) -> None:
    if not is_staff_of_initiative(user, initiative):
        raise PermissionDenied(message)


def _to_decimal(value: Any, field_name: str, errors: _Errors) -> Decimal | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        errors.add(field_name, _("Enter a number."))
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field_name, _("Enter a number."))
        return None
    if not number.is_finite():
        errors.add(field_name, _("Enter a number."))
        return None
    return number


def _clean_model(instance, errors: _Errors, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's own validation, adding its messages to ours under the same field names."""
    exclude = set(exclude) | set(errors)  # one clear message per field is enough
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(field_name, []):
                    errors.add(field_name, message)


# --- outcome indicators -----------------------------------------------------------------------


def _check_outcome_indicator(indicator: OutcomeIndicator, errors: _Errors) -> None:
    for name in PERCENT_FIELDS:
        value = getattr(indicator, name)
        if value is not None and not (Decimal(0) <= value <= HUNDRED):
            errors.add(name, _("A percentage runs from 0 to 100."))
    if indicator.duration_years is not None and indicator.duration_years < 1:
        errors.add("duration_years", _("An outcome lasts at least one year."))
    if indicator.financial_proxy is not None:
        if indicator.financial_proxy < 0:
            errors.add("financial_proxy", _("A financial proxy cannot be negative."))
        if not (indicator.proxy_source_title or "").strip():
            errors.add(
                "proxy_source_title",
                _("Cite the source of the financial proxy (title, publisher, year)."),
            )
    if (
        indicator.target_date is not None
        and indicator.baseline_date is not None
        and indicator.target_date < indicator.baseline_date
    ):
        errors.add("target_date", _("The target date cannot be before the baseline date."))
    if indicator.target_date is not None and indicator.target_value is None:
        errors.add("target_value", _("Give the target value for the target date."))
    _clean_model(indicator, errors, exclude=["initiative", "created_by"])


def _assign_indicator_fields(indicator: OutcomeIndicator, fields: Mapping[str, Any],
                             errors: _Errors) -> None:
    unknown = set(fields) - OUTCOME_INDICATOR_FIELDS
    if unknown:
        raise TypeError(f"Not fields of an outcome indicator: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name in DECIMAL_FIELDS:
            value = _to_decimal(value, name, errors)
            if value is None and name in PERCENT_FIELDS:
                value = Decimal("0")
        if name in {"description", "proxy_source_title", "proxy_source_publisher"}:
            value = (value or "").strip()
        setattr(indicator, name, value)


@transaction.atomic
def outcome_indicator_create(
    *, created_by: User, initiative: Initiative, **fields: Any
) -> OutcomeIndicator:
    """Add an outcome indicator to an initiative (staff of its organisations only).

    Fields: name, unit, baseline_value, baseline_date (required); description, measure
    (count/level), better (higher/lower), target_value, target_date, financial_proxy with
    proxy_source_title/publisher/year, deadweight, displacement, attribution, drop_off (0–100),
    duration_years (≥ 1), position. Raises PermissionDenied or ValidationError naming the field.
    """
    _require_staff_of_initiative(
        created_by, initiative,
        _("Only staff of the initiative's organisations can add outcome indicators."),
    )
    errors = _Errors()
    indicator = OutcomeIndicator(initiative=initiative, created_by=created_by)
    _assign_indicator_fields(indicator, fields, errors)
    _check_outcome_indicator(indicator, errors)
    errors.raise_if_any()
    indicator._history_user = created_by  # noqa: SLF001
    indicator.save()
    return indicator


@transaction.atomic
def outcome_indicator_update(
    *, indicator: OutcomeIndicator, changed_by: User, **fields: Any
) -> OutcomeIndicator:
    """Change an outcome indicator (staff only). Moving the baseline date after a measurement
    already recorded is refused. Raises like outcome_indicator_create."""
    locked = OutcomeIndicator.objects.select_for_update().select_related("initiative").get(
        pk=indicator.pk
    )
    _require_staff_of_initiative(
        changed_by, locked.initiative,
        _("Only staff of the initiative's organisations can change outcome indicators."),
    )
    errors = _Errors()
    _assign_indicator_fields(locked, fields, errors)
    _check_outcome_indicator(locked, errors)
    if "baseline_date" in fields and locked.baseline_date is not None:
        earlier = locked.measurements.filter(period_start__lt=locked.baseline_date).exists()
        if earlier:
            errors.add(
                "baseline_date",
                _("Some measurements are dated before this baseline date; move or remove "
                  "them first."),
            )
    errors.raise_if_any()
    locked._history_user = changed_by  # noqa: SLF001
    locked.save()
    for name in fields:
        setattr(indicator, name, getattr(locked, name))
    return locked


# --- outcome measurements ---------------------------------------------------------------------


def _check_measurement(measurement: OutcomeMeasurement, errors: _Errors) -> None:
    indicator = measurement.indicator
    start, end = measurement.period_start, measurement.period_end
    if start is None:
        errors.add("period_start", _("Give the first day of the period measured."))
    if end is None:
        errors.add("period_end", _("Give the last day of the period measured."))
    if start and end and end < start:
        errors.add("period_end", _("The period cannot end before it starts."))
    if start and start < indicator.baseline_date:
        errors.add(
            "period_start",
            _("The indicator's baseline is %(date)s; a measurement cannot be dated before it.")
            % {"date": indicator.baseline_date.isoformat()},
        )
    if start and start > _today():
        errors.add("period_start", _("A period that has not started cannot be measured yet."))
    if measurement.value is None:
        errors.add("value", _("Enter the value measured."))
    elif indicator.measure == Measure.COUNT and measurement.value < 0:
        errors.add("value", _("A count cannot be negative."))
    _clean_model(measurement, errors, exclude=["indicator", "recorded_by", "verified_by"])


@transaction.atomic
def outcome_measurement_record(
    *,
    recorded_by: User,
    indicator: OutcomeIndicator,
    value: Decimal,
    period_start: datetime.date,
    period_end: datetime.date,
    evidence: str = "",
) -> OutcomeMeasurement:
    """Record a reading of an outcome indicator for a period.

    Staff of the initiative's organisations record verified readings; a citizen taking part now
    as an inspector or participant (co-monitoring) records a submitted one that staff then
    verify. Raises PermissionDenied (anyone else) or ValidationError naming the field (period
    ends before it starts, starts before the baseline date or in the future, a negative count)."""
    initiative = indicator.initiative
    staff = is_staff_of_initiative(recorded_by, initiative)
    if not staff and not is_co_monitor(recorded_by, initiative):
        raise PermissionDenied(
            _("Only staff of the initiative's organisations, and citizens monitoring it as "
              "inspectors or participants, can record its outcomes.")
        )
    errors = _Errors()
    measurement = OutcomeMeasurement(
        indicator=indicator,
        value=_to_decimal(value, "value", errors),
        period_start=period_start,
        period_end=period_end,
        evidence=(evidence or "").strip(),
        recorded_by=recorded_by,
    )
    _check_measurement(measurement, errors)
    errors.raise_if_any()
    if staff:
        measurement.status = MeasurementStatus.VERIFIED
        measurement.verified_by = recorded_by
        measurement.verified_at = timezone.now()
    measurement._history_user = recorded_by  # noqa: SLF001
    measurement.save()
    return measurement


@transaction.atomic
def outcome_measurement_update(
    *, measurement: OutcomeMeasurement, changed_by: User, **fields: Any
) -> OutcomeMeasurement:
    """Correct a reading: staff of the initiative at any time (it stays verified), or the citizen
    who submitted it while it is still submitted. Raises like outcome_measurement_record."""
    unknown = set(fields) - MEASUREMENT_FIELDS
    if unknown:
        raise TypeError(f"Not fields of a measurement: {', '.join(sorted(unknown))}")
    locked = OutcomeMeasurement.objects.select_for_update().select_related(
        "indicator", "indicator__initiative"
    ).get(pk=measurement.pk)
    staff = is_staff_of_initiative(changed_by, locked.indicator.initiative)
    own_pending = (
        locked.recorded_by_id == changed_by.pk and locked.status == MeasurementStatus.SUBMITTED
    )
    if not (staff or own_pending):
        raise PermissionDenied(_("You cannot change this measurement."))
    errors = _Errors()
    for name, value in fields.items():
        if name == "value":
            value = _to_decimal(value, "value", errors)
        if name == "evidence":
            value = (value or "").strip()
        setattr(locked, name, value)
    _check_measurement(locked, errors)
    errors.raise_if_any()
    locked._history_user = changed_by  # noqa: SLF001
    locked.save()
    return locked


@transaction.atomic
def outcome_measurement_verify(
    *, measurement: OutcomeMeasurement, verified_by: User
) -> OutcomeMeasurement:
    """Verify a citizen's submitted reading (staff of the initiative's organisations, not on a
    reading they recorded). Raises PermissionDenied, or ValidationError if already verified."""
    locked = OutcomeMeasurement.objects.select_for_update().select_related(
        "indicator", "indicator__initiative"
    ).get(pk=measurement.pk)
    _require_staff_of_initiative(
        verified_by, locked.indicator.initiative,
        _("Only staff of the initiative's organisations can verify its outcome measurements."),
    )
    if locked.recorded_by_id == verified_by.pk and not _is_superuser(verified_by):
        raise PermissionDenied(_("You cannot verify a measurement you recorded."))
    if locked.status != MeasurementStatus.SUBMITTED:
        raise ValidationError({"status": [_("This measurement is already verified.")]})
    locked.status = MeasurementStatus.VERIFIED
    locked.verified_by = verified_by
    locked.verified_at = timezone.now()
    locked._history_user = verified_by  # noqa: SLF001
    locked.save(update_fields=["status", "verified_by", "verified_at"])
    measurement.status, measurement.verified_by, measurement.verified_at = (
        locked.status, locked.verified_by, locked.verified_at,
    )
    return locked


@transaction.atomic
def outcome_measurement_delete(*, measurement: OutcomeMeasurement, deleted_by: User) -> None:
    """Remove a reading (staff of the initiative), e.g. a submission that cannot be verified.
    Its history record keeps what it was."""
    initiative = measurement.indicator.initiative
    _require_staff_of_initiative(
        deleted_by, initiative,
        _("Only staff of the initiative's organisations can remove outcome measurements."),
    )
    measurement._history_user = deleted_by  # noqa: SLF001
    measurement.delete()


# --- ratings ----------------------------------------------------------------------------------


def _score(value: Any, field_name: str, errors: _Errors, *, message=None) -> int | None:
    message = message or _("Choose a score from 1 to 5.")
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        errors.add(field_name, message)
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field_name, message)
        return None
    if not number.is_finite() or number != number.to_integral_value():
        errors.add(field_name, message)
        return None
    score = int(number)
    if not SCORE_MIN <= score <= SCORE_MAX:
        errors.add(field_name, message)
        return None
    return score


def _comment(value: Any, errors: _Errors) -> str:
    comment = (value or "").strip()
    if len(comment) > MAX_COMMENT:
        errors.add("comment", _("Keep the comment to %(n)d characters.") % {"n": MAX_COMMENT})
    return comment


def check_may_rate(user: User, initiative: Initiative) -> None:
    """Raise unless the user may rate this initiative: active, paused or completed; rated by a
    citizen (a citizen of any organisation, or someone taking part in it), not by its staff."""
    if initiative.status not in RATEABLE_STATUSES:
        raise ValidationError(
            {"initiative": [_("Only active, paused or completed initiatives can be rated.")]}
        )
    if is_staff_of_initiative(user, initiative) and not _is_superuser(user):
        raise PermissionDenied(_("Staff cannot rate their own organisation's service."))
    citizen = has_any_role(user, {Role.CITIZEN}) or bool(
        current_participation_roles(user, initiative)
    )
    if not citizen and not _is_superuser(user):
        raise PermissionDenied(_("Only citizens can rate a service."))


@transaction.atomic
def rating_create(
    *, user: User, initiative: Initiative, score: int, comment: str = ""
) -> Rating:
    """Rate an initiative's service 1–5 with an optional comment. One rating per citizen per
    initiative: a second is refused (change the first with rating_update or rating_save).
    Raises ValidationError (score, comment, initiative) or PermissionDenied."""
    check_may_rate(user, initiative)
    errors = _Errors()
    checked_score = _score(score, "score", errors)
    checked_comment = _comment(comment, errors)
    if Rating.objects.filter(initiative=initiative, user=user).exists():
        errors.add(
            "initiative",
            _("You have already rated this initiative; change your rating instead."),
        )
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return Rating.objects.create(
                initiative=initiative, user=user, score=checked_score, comment=checked_comment
            )
    except IntegrityError as exc:  # a second request won the race
        raise ValidationError(
            {"initiative": [_("You have already rated this initiative; change your rating "
                              "instead.")]}
        ) from exc


@transaction.atomic
def rating_update(
    *, rating: Rating, user: User, score: int | None = None, comment: str | None = None
) -> Rating:
    """Change one's own rating. A hidden comment stays hidden until staff show it again."""
    locked = Rating.objects.select_for_update().select_related("initiative").get(pk=rating.pk)
    if locked.user_id != user.pk:
        raise PermissionDenied(_("You can change only your own rating."))
    errors = _Errors()
    if score is not None:
        locked.score = _score(score, "score", errors)
    if comment is not None:
        locked.comment = _comment(comment, errors)
    errors.raise_if_any()
    locked.save()
    rating.score, rating.comment = locked.score, locked.comment
    return locked


@transaction.atomic
def rating_save(*, user: User, initiative: Initiative, score: int, comment: str = "") -> Rating:
    """Create the user's rating of an initiative, or update it if they rated it before (the web
    form). Raises like rating_create."""
    existing = Rating.objects.filter(initiative=initiative, user=user).first()
    if existing is None:
        return rating_create(user=user, initiative=initiative, score=score, comment=comment)
    check_may_rate(user, initiative)
    return rating_update(rating=existing, user=user, score=score, comment=comment)


@transaction.atomic
def rating_comment_hide(*, rating: Rating, hidden_by: User, reason: str) -> Rating:
    """Hide a rating's comment from everyone but its author and staff, with a reason (required).
    The score still counts. Staff of the initiative's organisations only."""
    locked = Rating.objects.select_for_update().select_related("initiative").get(pk=rating.pk)
    _require_staff_of_initiative(
        hidden_by, locked.initiative,
        _("Only staff of the initiative's organisations can hide comments."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the comment is hidden.")]})
    locked.comment_hidden = True
    locked.hidden_reason = reason
    locked.hidden_by = hidden_by
    locked.hidden_at = timezone.now()
    locked.save(update_fields=["comment_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return locked


@transaction.atomic
def rating_comment_show(*, rating: Rating, shown_by: User) -> Rating:
    """Show a hidden comment again (staff of the initiative's organisations)."""
    locked = Rating.objects.select_for_update().select_related("initiative").get(pk=rating.pk)
    _require_staff_of_initiative(
        shown_by, locked.initiative,
        _("Only staff of the initiative's organisations can show comments."),
    )
    locked.comment_hidden = False
    locked.hidden_reason = ""
    locked.hidden_by = None
    locked.hidden_at = None
    locked.save(update_fields=["comment_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    return locked


# --- inspections ------------------------------------------------------------------------------


def _check_team(initiative: Initiative, team: Sequence[User], errors: _Errors) -> list[User]:
    team = list(dict.fromkeys(team))
    if not team:
        errors.add("team", _("Name at least one inspector."))
        return team
    inspectors = set(
        initiative.participations.current()
        .filter(role=ParticipationRole.INSPECTOR, user__in=team)
        .values_list("user_id", flat=True)
    )
    outside = [str(user) for user in team if user.pk not in inspectors]
    if outside:
        errors.add(
            "team",
            _("Not inspectors of this initiative: %(names)s. Team members must take part in it "
              "as inspectors.") % {"names": ", ".join(outside)},
        )
    return team


def _standards(items: Sequence[Mapping[str, Any]], errors: _Errors) -> list[InspectionStandard]:
    standards = []
    for position, item in enumerate(items):
        statement = (item.get("statement") or "").strip()
        if not statement:
            errors.add("standards", _("Standard %(n)d: state the standard.") % {"n": position + 1})
        score = item.get("score")
        if score not in (None, ""):
            score = _score(
                score, "standards", errors,
                message=_("Standard %(n)d: a score runs from 1 to 5.") % {"n": position + 1},
            )
        else:
            score = None
        standards.append(
            InspectionStandard(
                statement=statement[:500],
                score=score,
                finding=(item.get("finding") or "").strip(),
                position=position,
            )
        )
    return standards


def _recommendations(items: Sequence[Any], errors: _Errors) -> list[Recommendation]:
    recommendations = []
    for position, item in enumerate(items):
        text = (item.get("text") if isinstance(item, Mapping) else item) or ""
        text = str(text).strip()
        if not text:
            errors.add(
                "recommendations",
                _("Recommendation %(n)d: write the recommendation.") % {"n": position + 1},
            )
        recommendations.append(Recommendation(text=text, position=position))
    return recommendations


def _may_edit_inspection(user: User, inspection: Inspection) -> bool:
    if is_staff_of_initiative(user, inspection.initiative):
        return True
    return (
        ParticipationRole.INSPECTOR in current_participation_roles(user, inspection.initiative)
        and inspection.team.filter(pk=user.pk).exists()
    )


@transaction.atomic
def inspection_create(
    *,
    created_by: User,
    initiative: Initiative,
    title: str,
    inspected_on: datetime.date,
    team: Sequence[User],
    summary: str = "",
    standards: Sequence[Mapping[str, Any]] = (),
    recommendations: Sequence[Any] = (),
) -> Inspection:
    """Start an inspection (a draft) of an initiative's service.

    By staff of its organisations or by a citizen inspecting it (who joins the team). The team
    are citizens taking part in the initiative as inspectors now. `standards`: dicts with
    statement, score (1–5 or empty while draft) and finding; `recommendations`: texts (or dicts
    with text). Raises PermissionDenied or ValidationError naming the field."""
    inspector = ParticipationRole.INSPECTOR in current_participation_roles(created_by, initiative)
    if not (is_staff_of_initiative(created_by, initiative) or inspector):
        raise PermissionDenied(
            _("Only staff of the initiative's organisations and its inspectors can record "
              "inspections.")
        )
    errors = _Errors()
    team = list(team)
    if inspector and created_by not in team:
        team.append(created_by)
    team = _check_team(initiative, team, errors)
    title = (title or "").strip()
    if not title:
        errors.add("title", _("Give the inspection a title."))
    if inspected_on is None:
        errors.add("inspected_on", _("Give the date of the inspection."))
    elif inspected_on < initiative.start_date:
        errors.add("inspected_on", _("The inspection cannot be before the initiative started."))
    checked_standards = _standards(standards, errors)
    checked_recommendations = _recommendations(recommendations, errors)
    errors.raise_if_any()
    inspection = Inspection.objects.create(
        initiative=initiative,
        title=title[:200],
        summary=(summary or "").strip(),
        inspected_on=inspected_on,
        created_by=created_by,
    )
    inspection.team.set(team)
    for item in checked_standards:
        item.inspection = inspection
    InspectionStandard.objects.bulk_create(checked_standards)
    for item in checked_recommendations:
        item.inspection = inspection
    Recommendation.objects.bulk_create(checked_recommendations)
    return inspection


@transaction.atomic
def inspection_update(*, inspection: Inspection, changed_by: User, **fields: Any) -> Inspection:
    """Change a draft inspection: title, summary, inspected_on, team, and the standards and
    recommendations (each list replaces the old one). Staff or the inspection's team only;
    a completed inspection is final. Raises PermissionDenied or ValidationError."""
    unknown = set(fields) - INSPECTION_FIELDS
    if unknown:
        raise TypeError(f"Not fields of an inspection: {', '.join(sorted(unknown))}")
    locked = Inspection.objects.select_for_update().select_related("initiative").get(
        pk=inspection.pk
    )
    if not _may_edit_inspection(changed_by, locked):
        raise PermissionDenied(_("Only staff and the inspection team can change an inspection."))
    if locked.status != InspectionStatus.DRAFT:
        raise ValidationError({"status": [_("A completed inspection cannot be changed.")]})
    errors = _Errors()
    team = _check_team(locked.initiative, fields["team"], errors) if "team" in fields else None
    if "title" in fields:
        locked.title = (fields["title"] or "").strip()[:200]
        if not locked.title:
            errors.add("title", _("Give the inspection a title."))
    if "summary" in fields:
        locked.summary = (fields["summary"] or "").strip()
    if "inspected_on" in fields:
        locked.inspected_on = fields["inspected_on"]
        if locked.inspected_on is None:
            errors.add("inspected_on", _("Give the date of the inspection."))
        elif locked.inspected_on < locked.initiative.start_date:
            errors.add(
                "inspected_on", _("The inspection cannot be before the initiative started.")
            )
    standards = _standards(fields["standards"], errors) if "standards" in fields else None
    recommendations = (
        _recommendations(fields["recommendations"], errors)
        if "recommendations" in fields
        else None
    )
    errors.raise_if_any()
    locked.save()
    for name in {"title", "summary", "inspected_on"} & set(fields):
        setattr(inspection, name, getattr(locked, name))
    if team is not None:
        locked.team.set(team)
    if standards is not None:
        locked.standards.all().delete()
        for item in standards:
            item.inspection = locked
        InspectionStandard.objects.bulk_create(standards)
    if recommendations is not None:
        locked.recommendations.all().delete()
        for item in recommendations:
            item.inspection = locked
        Recommendation.objects.bulk_create(recommendations)
    return locked


@transaction.atomic
def inspection_complete(*, inspection: Inspection, completed_by: User) -> Inspection:
    """Complete a draft inspection: it needs at least one standard, every standard scored, and a
    date not in the future. Then it is public (for a public initiative) and final, and its
    recommendations await the organisation's response."""
    locked = Inspection.objects.select_for_update().select_related("initiative").get(
        pk=inspection.pk
    )
    if not _may_edit_inspection(completed_by, locked):
        raise PermissionDenied(_("Only staff and the inspection team can complete an inspection."))
    if locked.status != InspectionStatus.DRAFT:
        raise ValidationError({"status": [_("This inspection is already completed.")]})
    errors = _Errors()
    standards = list(locked.standards.all())
    if not standards:
        errors.add("standards", _("Add at least one standard inspected against."))
    unscored = [s.position + 1 for s in standards if s.score is None]
    if unscored:
        errors.add(
            "standards",
            _("Score every standard before completing; not scored: %(numbers)s.")
            % {"numbers": ", ".join(map(str, unscored))},
        )
    if locked.inspected_on > _today():
        errors.add("inspected_on", _("An inspection cannot be completed before its date."))
    errors.raise_if_any()
    locked.status = InspectionStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.save(update_fields=["status", "completed_at"])
    inspection.status, inspection.completed_at = locked.status, locked.completed_at
    return locked


@transaction.atomic
def recommendation_respond(
    *,
    recommendation: Recommendation,
    responded_by: User,
    decision: str,
    action: str,
    due_date: datetime.date | None = None,
    done_at: datetime.date | None = None,
) -> RecommendationResponse:
    """The organisation's response to a recommendation of a completed inspection: accepted or
    declined, the action (or why declined), the due date (required when accepted) and when it
    was done. One response per recommendation: responding again updates it.

    Only staff of the inspected initiative's organisations: a response to a recommendation of
    another organisation raises PermissionDenied. Bad input raises ValidationError."""
    locked = Recommendation.objects.select_for_update().select_related(
        "inspection", "inspection__initiative"
    ).get(pk=recommendation.pk)
    initiative = locked.inspection.initiative
    if not is_staff_of_initiative(responded_by, initiative):
        raise PermissionDenied(
            _("This recommendation is to another organisation: only staff of %(initiative)s's "
              "organisations can respond to it.") % {"initiative": initiative.title}
        )
    errors = _Errors()
    if locked.inspection.status != InspectionStatus.COMPLETED:
        errors.add(
            "recommendation",
            _("Respond once the inspection is completed."),
        )
    if decision not in Decision.values:
        errors.add("decision", _("Choose accepted or declined."))
    action = (action or "").strip()
    if not action:
        errors.add("action", _("Say what will be done, or why the recommendation is declined."))
    if decision == Decision.ACCEPTED and due_date is None:
        errors.add("due_date", _("Give a due date for an accepted recommendation."))
    if decision == Decision.DECLINED and done_at is not None:
        errors.add("done_at", _("A declined recommendation cannot be marked done."))
    if done_at is not None and done_at > _today():
        errors.add("done_at", _("It cannot be done on a date still to come."))
    if done_at is not None and done_at < locked.inspection.inspected_on:
        errors.add("done_at", _("It cannot be done before the inspection."))
    errors.raise_if_any()
    response, _created = RecommendationResponse.objects.update_or_create(
        recommendation=locked,
        defaults={
            "decision": decision,
            "action": action,
            "due_date": due_date,
            "done_at": done_at,
            "responded_by": responded_by,
        },
    )
    return response


# --- surveys ----------------------------------------------------------------------------------


def _questions(items: Sequence[Mapping[str, Any]], errors: _Errors) -> list[Question]:
    questions = []
    if not items:
        errors.add("questions", _("Add at least one question."))
    for position, item in enumerate(items):
        text = (item.get("text") or "").strip()
        kind = item.get("kind")
        if not text:
            errors.add("questions", _("Question %(n)d: write the question.") % {"n": position + 1})
        if kind not in QuestionKind.values:
            errors.add(
                "questions",
                _("Question %(n)d: choose scale, yes_no, number or text.") % {"n": position + 1},
            )
        questions.append(
            Question(
                text=text[:500],
                help_text=str(item.get("help_text") or "").strip()[:300],
                kind=kind,
                position=position,
                required=bool(item.get("required", True)),
                key=str(item.get("key") or "")[:60],
            )
        )
    return questions


def _check_survey(survey: Survey, errors: _Errors) -> None:
    if not (survey.title or "").strip():
        errors.add("title", _("Give the survey a title."))
    if survey.audience not in Audience.values:
        errors.add("audience", _("Choose community, service_users or staff."))
    if survey.opens_on is None:
        errors.add("opens_on", _("Give the date the survey opens."))
    if survey.closes_on is None:
        errors.add("closes_on", _("Give the date the survey closes."))
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        errors.add("closes_on", _("The survey cannot close before it opens."))
    if survey.initiative_id is not None:
        own = initiative_ids_of_organisations([survey.organisation_id]).filter(
            id=survey.initiative_id
        )
        if not own.exists():
            errors.add(
                "initiative", _("The initiative must be one the organisation leads or partners.")
            )


@transaction.atomic
def survey_create(
    *,
    created_by: User,
    organisation: Organisation,
    title: str,
    audience: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    anonymous: bool = True,
    initiative: Initiative | None = None,
    introduction: str = "",
    questions: Sequence[Mapping[str, Any]] = (),
    template_key: str = "",
) -> Survey:
    """Create a survey with its questions (dicts: text, kind scale/yes_no/number/text, required,
    help_text, key). Staff of the organisation only. Raises PermissionDenied or ValidationError
    naming the field."""
    if not _is_staff_of_organisation(created_by, organisation.pk):
        raise PermissionDenied(_("Only officers and managers of the organisation can create "
                                 "its surveys."))
    errors = _Errors()
    survey = Survey(
        organisation=organisation,
        initiative=initiative,
        title=(title or "").strip()[:200],
        introduction=(introduction or "").strip(),
        audience=audience,
        anonymous=bool(anonymous),
        opens_on=opens_on,
        closes_on=closes_on,
        template_key=template_key,
        created_by=created_by,
    )
    _check_survey(survey, errors)
    checked = _questions(questions, errors)
    errors.raise_if_any()
    survey.save()
    for question in checked:
        question.survey = survey
    Question.objects.bulk_create(checked)
    return survey


@transaction.atomic
def survey_create_from_template(
    *,
    template_key: str,
    organisation: Organisation,
    created_by: User,
    opens_on: datetime.date,
    closes_on: datetime.date,
    initiative: Initiative | None = None,
    title: str | None = None,
    audience: str | None = None,
    anonymous: bool | None = None,
    introduction: str | None = None,
) -> Survey:
    """A new survey with a ready-made template's questions (see survey_templates.TEMPLATES);
    the template's title, audience and anonymity unless given. Raises like survey_create, and
    ValidationError on template_key for an unknown template."""
    template = TEMPLATE_BY_KEY.get(template_key)
    if template is None:
        raise ValidationError({"template_key": [_("No such survey template.")]})
    return survey_create(
        created_by=created_by,
        organisation=organisation,
        initiative=initiative,
        title=str(template.title) if title is None else title,
        introduction=str(template.introduction) if introduction is None else introduction,
        audience=template.audience if audience is None else audience,
        anonymous=template.anonymous if anonymous is None else anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        template_key=template.key,
        questions=[
            {
                "key": q.key,
                "text": str(q.text),
                "kind": q.kind,
                "required": q.required,
                "help_text": str(q.help_text),
            }
            for q in template.questions
        ],
    )


@transaction.atomic
def survey_update(*, survey: Survey, changed_by: User, **fields: Any) -> Survey:
    """Change a survey (staff of its organisation). Once anyone has answered, only the title,
    introduction and dates may change; `questions` replaces the question list before that.
    Raises PermissionDenied or ValidationError naming the field."""
    unknown = set(fields) - SURVEY_FIELDS
    if unknown:
        raise TypeError(f"Not fields of a survey: {', '.join(sorted(unknown))}")
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if not _is_staff_of_organisation(changed_by, locked.organisation_id):
        raise PermissionDenied(_("Only officers and managers of the organisation can change "
                                 "its surveys."))
    errors = _Errors()
    if locked.responses.exists():
        for name in sorted(set(fields) - SURVEY_FIELDS_AFTER_RESPONSES):
            errors.add(name, _("People have answered this survey; this can no longer change."))
        errors.raise_if_any()
    for name, value in fields.items():
        if name == "questions":
            continue
        if name in {"title", "introduction"}:
            value = (value or "").strip()
        setattr(locked, name, value)
    _check_survey(locked, errors)
    questions = _questions(fields["questions"], errors) if "questions" in fields else None
    errors.raise_if_any()
    locked.save()
    for name in set(fields) - {"questions"}:
        setattr(survey, name, getattr(locked, name))
    if questions is not None:
        locked.questions.all().delete()
        for question in questions:
            question.survey = locked
        Question.objects.bulk_create(questions)
    return locked


_YES = {"yes", "true", "1", "y", "on"}
_NO = {"no", "false", "0", "n", "off"}


def _answer(question: Question, value: Any, errors: _Errors) -> Answer | None:
    """A checked answer to one question, or None when it is left blank."""
    name = f"question_{question.pk}"
    blank = value is None or (isinstance(value, str) and value.strip() == "")
    if blank:
        if question.required:
            errors.add(name, _("This question needs an answer."))
        return None
    answer = Answer(question=question)
    if question.kind == QuestionKind.SCALE:
        answer.scale_value = _score(
            value, name, errors, message=_("Choose a number from 1 to 5.")
        )
    elif question.kind == QuestionKind.YES_NO:
        if isinstance(value, bool):
            answer.yes_no_value = value
        elif str(value).strip().lower() in _YES:
            answer.yes_no_value = True
        elif str(value).strip().lower() in _NO:
            answer.yes_no_value = False
        else:
            errors.add(name, _("Answer yes or no."))
    elif question.kind == QuestionKind.NUMBER:
        number = _to_decimal(value, name, errors)
        if number is not None:
            if abs(number) >= Decimal("1e12"):
                errors.add(name, _("Enter a smaller number."))
            elif number != number.quantize(Decimal("0.01")):
                errors.add(name, _("Use at most two decimal places."))
            else:
                answer.number_value = number
    else:
        text = str(value).strip()
        if len(text) > MAX_TEXT_ANSWER:
            errors.add(
                name, _("Keep the answer to %(n)d characters.") % {"n": MAX_TEXT_ANSWER}
            )
        answer.text_value = text
    return answer


@transaction.atomic
def survey_respond(
    *,
    survey: Survey,
    respondent: User,
    answers: Mapping[Any, Any],
    today: datetime.date | None = None,
) -> Response:
    """Answer a survey once. `answers` maps question ids (int or str) to values: 1–5 for a
    scale, yes/no (or a bool) for yes_no, a number (two places at most) for number, text (2,000
    characters at most) for text.

    Raises ValidationError: the survey is not open today (key `survey`), answered before
    (`survey`), an answer is missing or wrong (`question_<id>`), a question of another survey
    (`answers`). Raises PermissionDenied when the survey's audience excludes the respondent.

    Anonymous surveys store the answers with the date only, and record that the person has
    answered in a separate table with no link to the response; named surveys also store who
    gave the response (ResponseAuthor)."""
    today = today or _today()
    if not survey_audience_includes(survey, respondent):
        raise PermissionDenied(
            _("This survey is for %(audience)s; you are not in its audience.")
            % {"audience": survey.get_audience_display().lower()}
        )
    errors = _Errors()
    if today < survey.opens_on:
        errors.add(
            "survey",
            _("This survey opens on %(date)s.") % {"date": survey.opens_on.isoformat()},
        )
    elif today > survey.closes_on:
        errors.add(
            "survey",
            _("This survey closed on %(date)s.") % {"date": survey.closes_on.isoformat()},
        )
    if SurveyRespondent.objects.filter(survey=survey, user=respondent).exists():
        errors.add("survey", _("You have already answered this survey."))
    errors.raise_if_any()
    questions = {q.pk: q for q in Question.objects.filter(survey=survey)}
    given: dict[int, Any] = {}
    for key, value in dict(answers).items():
        try:
            question_id = int(str(key).removeprefix("question_"))
        except ValueError:
            question_id = None
        if question_id not in questions:
            errors.add("answers", _("%(key)s is not a question of this survey.") % {"key": key})
            continue
        given[question_id] = value
    checked = [
        answer
        for question in sorted(questions.values(), key=lambda q: (q.position, q.pk))
        if (answer := _answer(question, given.get(question.pk), errors)) is not None
    ]
    errors.raise_if_any()
    try:
        with transaction.atomic():
            SurveyRespondent.objects.create(survey=survey, user=respondent)
    except IntegrityError as exc:  # a second request won the race
        raise ValidationError({"survey": [_("You have already answered this survey.")]}) from exc
    response = Response.objects.create(survey=survey, submitted_on=today)
    if not survey.anonymous:
        ResponseAuthor.objects.create(response=response, user=respondent)
    for answer in checked:
        answer.response = response
    Answer.objects.bulk_create(checked)
    return response


# --- maturity ---------------------------------------------------------------------------------


@transaction.atomic
def maturity_assessment_create(
    *,
    assessed_by: User,
    organisation: Organisation,
    assessed_on: datetime.date,
    scores: Mapping[str, Any],
    service_area: ServiceArea | None = None,
    notes: str = "",
) -> MaturityAssessment:
    """Record a co-production maturity self-assessment: every statement of the bank
    (assessment.maturity) scored 1–5, keyed by statement key. Staff of the organisation only.
    Raises PermissionDenied, or ValidationError keyed by the statement (a missing or bad score),
    `scores` (an unknown statement) or `assessed_on` (in the future)."""
    if not _is_staff_of_organisation(assessed_by, organisation.pk):
        raise PermissionDenied(
            _("Only officers and managers of the organisation can assess its maturity.")
        )
    errors = _Errors()
    if assessed_on is None:
        errors.add("assessed_on", _("Give the date of the assessment."))
    elif assessed_on > _today():
        errors.add("assessed_on", _("An assessment cannot be dated in the future."))
    unknown = sorted(set(scores) - set(STATEMENTS))
    if unknown:
        errors.add(
            "scores", _("Not statements of the bank: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    rows = []
    for key, statement in STATEMENTS.items():
        score = _score(
            scores.get(key), key, errors, message=_("Score this statement from 1 to 5.")
        )
        rows.append(MaturityScore(principle=statement.principle, statement=key, score=score))
    errors.raise_if_any()
    assessment = MaturityAssessment.objects.create(
        organisation=organisation,
        service_area=service_area,
        assessed_on=assessed_on,
        assessed_by=assessed_by,
        notes=(notes or "").strip(),
    )
    for row in rows:
        row.assessment = assessment
    MaturityScore.objects.bulk_create(rows)
    return assessment
