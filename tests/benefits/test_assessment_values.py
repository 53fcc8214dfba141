"""Survey questions and outcome indicators attached to benefit indicators (IndicatorLink) and
the values the dashboards read through them (benefits/assessment_values.py)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessment import services
from benefits.assessment_values import (
    indicator_link_create,
    linked_indicator_values,
    month_ranges,
)
from benefits.models import Indicator, IndicatorLink
from tests.assessment.factories import record_falls, steady_steps
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def staff_survey(cast, year):
    return services.survey_create_from_template(
        template_key="frontline-job-satisfaction", organisation=cast.council,
        created_by=cast.manager, opens_on=datetime.date(year, 1, 1),
        closes_on=datetime.date(year, 12, 31),
    )


def answer_satisfaction(survey, person, score, day, recommend=True):
    questions = {q.key: q for q in survey.questions.all()}
    services.survey_respond(
        survey=survey, respondent=person, today=day,
        answers={
            questions["job-satisfaction"].pk: score,
            questions["responsibility"].pk: 3,
            questions["difference"].pk: 3,
            questions["recommend-workplace"].pk: recommend,
        },
    )


def test_month_ranges():
    current, previous = month_ranges(datetime.date(2025, 1, 1), datetime.date(2025, 12, 1))
    assert (current.first, current.last) == (datetime.date(2025, 1, 1),
                                             datetime.date(2025, 12, 31))
    assert (previous.first, previous.last) == (datetime.date(2024, 1, 1),
                                               datetime.date(2024, 12, 31))
    current, previous = month_ranges(datetime.date(2025, 3, 15), datetime.date(2025, 3, 2))
    assert (current.last, previous.first) == (datetime.date(2025, 3, 31),
                                              datetime.date(2025, 2, 1))
    with pytest.raises(ValueError):
        month_ranges(datetime.date(2025, 3, 1), datetime.date(2025, 2, 1))


def test_a_yearly_staff_survey_and_an_outcome_feed_their_benefit_indicators(cast):
    staff = [cast.officer, cast.manager] + [
        MembershipFactory(organisation=cast.council, role="officer").user for _ in range(2)
    ]
    last_year, this_year = staff_survey(cast, 2024), staff_survey(cast, 2025)
    for person, score in zip(staff, [2, 3, 3, 4], strict=True):
        answer_satisfaction(last_year, person, score, datetime.date(2024, 6, 1))
    for person, score in zip(staff[:3], [4, 5, 4], strict=True):
        answer_satisfaction(this_year, person, score, datetime.date(2025, 6, 1),
                            recommend=person != cast.manager)
    satisfaction = Indicator.objects.get(slug="staff-job-satisfaction")
    for survey in (last_year, this_year):
        indicator_link_create(indicator=satisfaction, created_by=cast.manager,
                              survey_question=survey.questions.get(key="job-satisfaction"))
    _initiative, falls = steady_steps(cast)
    record_falls(cast, falls)
    outcomes = Indicator.objects.get(slug="users-outcome-measures")
    link = indicator_link_create(indicator=outcomes, outcome_indicator=falls)
    assert indicator_link_create(indicator=outcomes, outcome_indicator=falls) == link

    values = {
        v.indicator.slug: v
        for v in linked_indicator_values(
            organisation=cast.council, month_from=datetime.date(2025, 1, 1),
            month_to=datetime.date(2025, 12, 1),
        )
    }
    assert set(values) == {"staff-job-satisfaction", "users-outcome-measures"}
    job = values["staff-job-satisfaction"]
    assert (job.current.value, job.current.count) == (D("4.33"), 3)  # 13 / 3
    assert (job.previous.value, job.previous.count) == (D("3.00"), 4)
    assert job.change == D("1.33")
    assert [(link.current.count, link.previous.count) for link in job.links] == [(0, 4), (3, 0)]
    falls_value = values["users-outcome-measures"]
    assert (falls_value.current.value, falls_value.current.count) == (D("12.00"), 4)
    assert falls_value.previous.value is None and falls_value.change is None
    assert falls_value.links[0].label == "Falls prevented"
    # the charity partners in Steady Steps, so its dashboards see the outcome too, not the
    # council's staff survey; an unrelated council sees nothing
    charity = linked_indicator_values(organisation=cast.charity,
                                      month_from=datetime.date(2025, 1, 1),
                                      month_to=datetime.date(2025, 12, 1))
    assert [v.indicator.slug for v in charity] == ["users-outcome-measures"]
    assert linked_indicator_values(organisation=cast.other_council,
                                   month_from=datetime.date(2025, 1, 1),
                                   month_to=datetime.date(2025, 12, 1)) == []


def test_a_yes_no_question_reads_as_the_share_answering_yes(cast):
    survey = staff_survey(cast, 2025)
    answer_satisfaction(survey, cast.officer, 4, datetime.date(2025, 2, 1), recommend=True)
    answer_satisfaction(survey, cast.manager, 4, datetime.date(2025, 2, 1), recommend=False)
    satisfaction = Indicator.objects.get(slug="staff-job-satisfaction")
    indicator_link_create(indicator=satisfaction,
                          survey_question=survey.questions.get(key="recommend-workplace"))
    [value] = linked_indicator_values(organisation=cast.council,
                                      month_from=datetime.date(2025, 2, 1),
                                      month_to=datetime.date(2025, 2, 1))
    assert value.current.value == D("50.00") and value.links[0].unit == "%"


def test_a_link_has_exactly_one_source_of_the_indicators_kind(cast):
    survey = staff_survey(cast, 2025)
    question = survey.questions.get(key="job-satisfaction")
    _initiative, falls = steady_steps(cast)
    satisfaction = Indicator.objects.get(slug="staff-job-satisfaction")
    outcomes = Indicator.objects.get(slug="users-outcome-measures")
    with pytest.raises(ValidationError):
        indicator_link_create(indicator=satisfaction, survey_question=question,
                              outcome_indicator=falls)
    with pytest.raises(ValidationError) as info:
        indicator_link_create(indicator=outcomes, survey_question=question)
    assert "survey_question" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        indicator_link_create(indicator=satisfaction, outcome_indicator=falls)
    assert "outcome_indicator" in info.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorLink.objects.create(indicator=satisfaction)
    assert not IndicatorLink.objects.exists()
