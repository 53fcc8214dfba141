from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits and dashboards")

    def ready(self) -> None:
        from ledger.signals import buckets_marked

        from .signals import enqueue_rollup_on_commit

        buckets_marked.connect(enqueue_rollup_on_commit, dispatch_uid="benefits-rollup-on-commit")

        # What co-assessment measures, and the dimensions the dashboards name and filter by,
        # feed the dashboards' cached figures and pages.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from assessment.models import OutcomeIndicator, OutcomeMeasurement, Question, Response
        from initiatives.models import Area, CoproductionType, Initiative, ServiceArea
        from people.models import Membership, Organisation

        from .models import Benefit, Indicator, IndicatorLink, StakeholderGroup
        from .signals import bump_dashboards_on_write

        for model in (
            Response, OutcomeMeasurement, OutcomeIndicator, Question, IndicatorLink,
            Organisation, Membership, Area, Initiative, ServiceArea, CoproductionType,
            StakeholderGroup, Benefit, Indicator,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_dashboards_on_write,
                    sender=model,
                    dispatch_uid=f"benefits-dashboards-{model._meta.label_lower}-{id(signal)}",
                )
        for relation in (
            Initiative.areas, Initiative.partner_organisations, Initiative.coproduction_types
        ):
            m2m_changed.connect(
                bump_dashboards_on_write,
                sender=relation.through,
                dispatch_uid=f"benefits-dashboards-{relation.through._meta.label_lower}",
            )
