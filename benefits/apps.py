from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits and dashboards")

    def ready(self) -> None:
        from ledger.signals import buckets_marked

        from .signals import enqueue_rollup_on_commit

        buckets_marked.connect(enqueue_rollup_on_commit, dispatch_uid="benefits-rollup-on-commit")
