"""manage.py import_rates FILE.csv — replacement-cost rates, all or nothing, safe to repeat."""

from ledger.services import RATE_COLUMNS, rate_import_csv

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import replacement-cost rates from CSV with the columns "
        "organisation,activity,hourly_rate,currency,effective_from,source "
        "(empty organisation = platform default; activity * = the generalist fallback; "
        "source = 'title; publisher; year'). Importing the same file twice changes nothing; "
        "a bad row is reported with its line number and nothing is stored."
    )
    columns = RATE_COLUMNS
    noun = "rates"

    def run_import(self, file):
        return rate_import_csv(file=file)
