"""`manage.py seed_demo`: load the fictional demo data. Running it again adds nothing.

People and organisations, then initiatives, then the ledger, in one transaction: a failure
half way leaves nothing behind.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from initiatives import demo as initiatives_demo
from ledger import demo as ledger_demo
from people import demo as people_demo


class Command(BaseCommand):
    help = (
        "Load the demo organisations, people, initiatives, contributions and public inputs; "
        "safe to run again."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        with transaction.atomic():
            people_demo.seed()
            initiatives_demo.seed()
            ledger_demo.seed()
        for line in (
            people_demo.summary_lines()
            + initiatives_demo.summary_lines()
            + ledger_demo.summary_lines()
        ):
            self.stdout.write(line)
        self.stdout.write(f"Demo data ready in {time.monotonic() - started:.1f} s.")
