"""Who may see and do what in co-assessment. One set of predicates for pages and the API.

Staff (officers and managers) of an initiative's lead or partner organisations manage its
outcomes, inspections and ratings' comments; staff of an organisation manage its surveys and
maturity self-assessments. Citizens see public things and their own. The list selectors
(`*_list_visible_to`) express the same visibility as querysets; outside it the answer is 404.
"""

import rules
from django.utils import timezone

from initiatives.rules import can_view_initiative
from people.models import INSIDER_ROLES, STAFF_ROLES, Role
from people.selectors import has_any_role, has_role_in

from .models import InspectionStatus, MeasurementStatus
from .selectors import (
    RATEABLE_STATUSES,
    current_participation_roles,
    is_co_monitor,
    is_insider_of_initiative,
    is_staff_of_initiative,
    survey_audience_includes,
    survey_has_responded,
)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def _initiative_of(obj):
    """The initiative an assessment object belongs to (or the object itself)."""
    for path in ("initiative", "indicator.initiative", "inspection.initiative",
                 "recommendation.inspection.initiative"):
        target = obj
        for part in path.split("."):
            target = getattr(target, part, None)
            if target is None:
                break
        if target is not None:
            return target
    return obj


@rules.predicate
def is_staff_of_its_initiative(user, obj) -> bool:
    return obj is not None and is_staff_of_initiative(user, _initiative_of(obj))


@rules.predicate
def is_insider_of_its_initiative(user, obj) -> bool:
    return obj is not None and is_insider_of_initiative(user, _initiative_of(obj))


@rules.predicate
def can_view_its_initiative(user, obj) -> bool:
    return obj is not None and can_view_initiative(user, _initiative_of(obj))


@rules.predicate
def is_co_monitor_of_its_initiative(user, obj) -> bool:
    return obj is not None and is_co_monitor(user, _initiative_of(obj))


@rules.predicate
def is_inspector_of_its_initiative(user, obj) -> bool:
    return obj is not None and "inspector" in current_participation_roles(user, _initiative_of(obj))


# --- outcomes ---------------------------------------------------------------------------------


@rules.predicate
def is_verified_measurement(user, measurement) -> bool:
    return measurement is not None and measurement.status == MeasurementStatus.VERIFIED


@rules.predicate
def is_submitted_measurement(user, measurement) -> bool:
    return measurement is not None and measurement.status == MeasurementStatus.SUBMITTED


@rules.predicate
def recorded_it(user, measurement) -> bool:
    return measurement is not None and measurement.recorded_by_id == getattr(user, "pk", None)


# --- ratings ----------------------------------------------------------------------------------


@rules.predicate
def is_rateable(user, initiative) -> bool:
    return initiative is not None and initiative.status in RATEABLE_STATUSES


@rules.predicate
def is_citizen_or_takes_part(user, initiative) -> bool:
    return has_any_role(user, {Role.CITIZEN}) or bool(
        current_participation_roles(user, initiative)
    )


@rules.predicate
def is_own_rating(user, rating) -> bool:
    return rating is not None and rating.user_id == getattr(user, "pk", None)


# --- inspections ------------------------------------------------------------------------------


@rules.predicate
def is_completed_inspection(user, inspection) -> bool:
    return inspection is not None and inspection.status == InspectionStatus.COMPLETED


@rules.predicate
def is_draft_inspection(user, inspection) -> bool:
    return inspection is not None and inspection.status == InspectionStatus.DRAFT


@rules.predicate
def is_on_team(user, inspection) -> bool:
    if inspection is None or not getattr(user, "is_authenticated", False):
        return False
    return any(member.pk == user.pk for member in inspection.team.all())


# --- surveys and maturity ---------------------------------------------------------------------


def _organisation_id(obj):
    return getattr(obj, "organisation_id", None) or getattr(obj, "pk", None)


@rules.predicate
def is_staff_of_its_organisation(user, obj) -> bool:
    return obj is not None and has_role_in(user, _organisation_id(obj), STAFF_ROLES)


@rules.predicate
def is_insider_of_its_organisation(user, obj) -> bool:
    return obj is not None and has_role_in(user, _organisation_id(obj), INSIDER_ROLES)


@rules.predicate
def is_in_audience(user, survey) -> bool:
    return survey is not None and survey_audience_includes(survey, user)


@rules.predicate
def is_open_today(user, survey) -> bool:
    return survey is not None and survey.is_open_on(timezone.localdate())


@rules.predicate
def has_answered(user, survey) -> bool:
    return survey is not None and survey_has_responded(survey, user)


# Outcomes
rules.add_perm("assessment.view_outcome_indicator", is_superuser | can_view_its_initiative)
rules.add_perm("assessment.manage_outcomes", is_superuser | is_staff_of_its_initiative)
rules.add_perm("assessment.change_outcome_indicator", is_superuser | is_staff_of_its_initiative)
rules.add_perm(
    "assessment.record_measurement",
    is_superuser | is_staff_of_its_initiative | is_co_monitor_of_its_initiative,
)
rules.add_perm(
    "assessment.view_measurement",
    is_superuser
    | (is_verified_measurement & can_view_its_initiative)
    | is_insider_of_its_initiative
    | recorded_it,
)
rules.add_perm(
    "assessment.change_measurement",
    is_superuser | is_staff_of_its_initiative | (recorded_it & is_submitted_measurement),
)
rules.add_perm(
    "assessment.verify_measurement",
    is_superuser | (is_staff_of_its_initiative & is_submitted_measurement & ~recorded_it),
)
rules.add_perm("assessment.delete_measurement", is_superuser | is_staff_of_its_initiative)
# Ratings (object: an initiative, or a rating)
rules.add_perm(
    "assessment.rate_initiative",
    is_rateable & (is_superuser | (is_citizen_or_takes_part & ~is_staff_of_its_initiative)),
)
rules.add_perm(
    "assessment.view_rating", is_superuser | is_own_rating | is_insider_of_its_initiative
)
rules.add_perm("assessment.change_rating", is_own_rating)
rules.add_perm("assessment.hide_rating_comment", is_superuser | is_staff_of_its_initiative)
rules.add_perm("assessment.view_rating_summary", is_superuser | can_view_its_initiative)
# Inspections (object: an initiative to add; an inspection otherwise)
rules.add_perm(
    "assessment.add_inspection",
    is_superuser | is_staff_of_its_initiative | is_inspector_of_its_initiative,
)
rules.add_perm(
    "assessment.view_inspection",
    is_superuser
    | (is_completed_inspection & can_view_its_initiative)
    | is_on_team
    | is_insider_of_its_initiative,
)
rules.add_perm(
    "assessment.change_inspection",
    is_draft_inspection
    & (is_superuser | is_staff_of_its_initiative | (is_on_team & is_inspector_of_its_initiative)),
)
rules.add_perm(
    "assessment.respond_to_recommendation",
    is_completed_inspection & (is_superuser | is_staff_of_its_initiative),
)
rules.add_perm("assessment.view_you_said_we_did", rules.always_allow)
# Surveys (object: an organisation to add; a survey otherwise)
rules.add_perm("assessment.add_survey", is_superuser | is_staff_of_its_organisation)
rules.add_perm(
    "assessment.view_survey", is_superuser | is_insider_of_its_organisation | is_in_audience
)
rules.add_perm("assessment.change_survey", is_superuser | is_staff_of_its_organisation)
rules.add_perm("assessment.answer_survey", is_in_audience & is_open_today & ~has_answered)
rules.add_perm(
    "assessment.view_survey_results", is_superuser | is_insider_of_its_organisation
)
rules.add_perm("assessment.view_survey_texts", is_superuser | is_staff_of_its_organisation)
# Maturity (object: an organisation to add; an assessment or organisation to view)
rules.add_perm(
    "assessment.add_maturity_assessment", is_superuser | is_staff_of_its_organisation
)
rules.add_perm(
    "assessment.view_maturity", is_superuser | is_insider_of_its_organisation
)
