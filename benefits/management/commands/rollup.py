"""Roll up the ledger now: the stale buckets, or with --full everything (with a drift report)."""

from django.core.management.base import BaseCommand

from benefits.services import rollup_rebuild_all, rollup_stale_buckets


class Command(BaseCommand):
    help = "Recompute the roll-ups of stale buckets, or with --full rebuild them all."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="Rebuild every roll-up and report drift."
        )

    def handle(self, *args, full: bool = False, **options) -> None:
        run = rollup_rebuild_all() if full else rollup_stale_buckets()
        if run.pk is None:
            self.stdout.write("No stale buckets were waiting.")
            return
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"{run.get_kind_display()} #{run.pk}: {run.outcome}, {run.buckets_done} of "
            f"{run.buckets_total} {'initiatives' if full else 'buckets'} in {seconds:.2f}s, "
            f"{run.drift_corrected} rows corrected. {run.message}".rstrip()
        )
