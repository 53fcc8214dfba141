from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits and dashboards")

    def ready(self) -> None:
        from ledger.signals import buckets_marked

        from .signals import enqueue_rollup_on_commit

        buckets_marked.connect(enqueue_rollup_on_commit, dispatch_uid="benefits-rollup-on-commit")

        # What co-assessment measures feeds the dashboards' cached figures.
        from django.db.models.signals import post_delete, post_save

        from assessment.models import OutcomeIndicator, OutcomeMeasurement, Question, Response

        from .models import IndicatorLink
        from .signals import bump_dashboards_on_assessment_write

        for model in (Response, OutcomeMeasurement, OutcomeIndicator, Question, IndicatorLink):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_dashboards_on_assessment_write,
                    sender=model,
                    dispatch_uid=f"benefits-dashboards-{model._meta.label_lower}-{id(signal)}",
                )
