"""manage.py import_staff_costs FILE.csv — staff grade costs, all or nothing, safe to repeat."""

from ledger.services import STAFF_COST_COLUMNS, staff_cost_import_csv

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import staff grade costs from CSV with the columns "
        "organisation,grade,hourly_rate,oncost_percent,overhead_percent,effective_from. "
        "The fully loaded cost is hourly_rate × (1 + on-cost) × (1 + overhead). Importing the "
        "same file twice changes nothing; a bad row is reported with its line number and "
        "nothing is stored."
    )
    columns = STAFF_COST_COLUMNS
    noun = "staff costs"

    def run_import(self, file):
        return staff_cost_import_csv(file=file)
