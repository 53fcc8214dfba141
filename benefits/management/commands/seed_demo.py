"""`manage.py seed_demo`: load the fictional demo data. Running it again adds nothing.

People and organisations, then initiatives, then the ledger, then co-assessment (outcomes,
ratings, an inspection, surveys, maturity), then the benefit priorities, in one transaction: a
failure half way leaves nothing behind. Then a full roll-up, so the dashboards have figures.
The command lives in `benefits`, the top app, because it is the one app that may call every
other app's demo.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from assessment import demo as assessment_demo
from benefits import demo as benefits_demo
from initiatives import demo as initiatives_demo
from ledger import demo as ledger_demo
from people import demo as people_demo


class Command(BaseCommand):
    help = (
        "Load the demo organisations, people, initiatives, contributions, public inputs and "
        "benefit priorities, then roll the accounts up; safe to run again."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        with transaction.atomic():
            people_demo.seed()
            initiatives_demo.seed()
            ledger_demo.seed()
            assessment_demo.seed()
            benefits_demo.seed()
        # The roll-up commits chunk by chunk, so it runs after the demo rows are committed.
        benefits_demo.rebuild_rollups()
        for line in (
            people_demo.summary_lines()
            + initiatives_demo.summary_lines()
            + ledger_demo.summary_lines()
            + assessment_demo.summary_lines()
            + benefits_demo.summary_lines()
        ):
            self.stdout.write(line)
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f} s.")
