"""Ready-made surveys an officer can start from. Plain data: the service copies a template's
questions into a new survey, which can then be changed like any other before it opens.

Question keys are stable, so a benefit indicator can be attached to, say, every
`job-satisfaction` question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Audience, QuestionKind


@dataclass(frozen=True)
class TemplateQuestion:
    key: str
    text: object
    kind: str
    required: bool = True
    help_text: object = ""


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    title: object
    introduction: object
    audience: str
    anonymous: bool
    questions: tuple[TemplateQuestion, ...]


SCALE, YES_NO, NUMBER, TEXT = (
    QuestionKind.SCALE,
    QuestionKind.YES_NO,
    QuestionKind.NUMBER,
    QuestionKind.TEXT,
)
AGREE = _("1 = strongly disagree, 5 = strongly agree")

TEMPLATES: tuple[SurveyTemplate, ...] = (
    SurveyTemplate(
        key="community-coproduction",
        title=_("Working together on local services"),
        introduction=_(
            "We want to know how you already help to run local services, and whether you "
            "would like to do more."
        ),
        audience=Audience.COMMUNITY,
        anonymous=True,
        questions=(
            TemplateQuestion(
                "already-coproduces",
                _("In the last year, have you helped to plan, run or check a local service "
                  "(for example as a volunteer, in a residents' group or as a carer)?"),
                YES_NO,
            ),
            TemplateQuestion(
                "hours-per-month",
                _("About how many hours a month do you give to this?"),
                NUMBER,
                required=False,
            ),
            TemplateQuestion(
                "would-do-more",
                _("Would you like to do more to improve local services?"),
                YES_NO,
            ),
            TemplateQuestion(
                "willing-to-help",
                _("I would be willing to work with the council to improve services in my "
                  "area."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "how-involved",
                _("How would you most like to be involved (for example giving views, helping "
                  "to design a service, volunteering, checking quality)?"),
                TEXT,
                required=False,
            ),
        ),
    ),
    SurveyTemplate(
        key="staff-coproduction",
        title=_("Working with citizens: staff survey"),
        introduction=_(
            "How much do you work with citizens and service users now, and what gets in "
            "the way?"
        ),
        audience=Audience.STAFF,
        anonymous=True,
        questions=(
            TemplateQuestion(
                "collaborates-now",
                _("In your current role, do you work with citizens or service users to plan, "
                  "deliver or check services?"),
                YES_NO,
            ),
            TemplateQuestion(
                "willingness",
                _("I would like to work more with citizens and service users as partners."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "supported",
                _("I have the time, training and support to work with citizens as partners."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "barriers",
                _("What gets in the way of working with citizens more?"),
                TEXT,
                required=False,
            ),
        ),
    ),
    SurveyTemplate(
        key="frontline-job-satisfaction",
        title=_("Frontline job satisfaction"),
        introduction=_("A short, anonymous check on how satisfying your work is."),
        audience=Audience.STAFF,
        anonymous=True,
        questions=(
            TemplateQuestion(
                "job-satisfaction",
                _("Overall, I am satisfied with my job."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "responsibility",
                _("I am trusted to make decisions about the people I work with."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "difference",
                _("I can see the difference my work makes to people's lives."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "recommend-workplace",
                _("Would you recommend this organisation as a place to work?"),
                YES_NO,
            ),
            TemplateQuestion(
                "one-change",
                _("What one change would make your work more satisfying?"),
                TEXT,
                required=False,
            ),
        ),
    ),
    SurveyTemplate(
        key="cohesion-reassurance",
        title=_("Your neighbourhood: cohesion and reassurance"),
        introduction=_("How you feel about your area and about the services you may need."),
        audience=Audience.COMMUNITY,
        anonymous=True,
        questions=(
            TemplateQuestion(
                "cohesion",
                _("People from different backgrounds get on well together in my area."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "belonging",
                _("I feel I belong to my neighbourhood."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "trust-neighbours",
                _("If I needed help, there are people nearby I could turn to."),
                YES_NO,
            ),
            TemplateQuestion(
                "reassurance",
                _("I am confident that good local services will be there when I or my family "
                  "need them."),
                SCALE,
                help_text=AGREE,
            ),
            TemplateQuestion(
                "safety",
                _("I feel safe walking alone in my area after dark."),
                SCALE,
                help_text=AGREE,
            ),
        ),
    ),
)

TEMPLATE_BY_KEY: dict[str, SurveyTemplate] = {t.key: t for t in TEMPLATES}
