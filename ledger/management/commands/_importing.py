"""What the two rate import commands share: read the file, call the service, report."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class ImportCommand(BaseCommand):
    columns: list[str] = []
    noun = "rows"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV with the columns: " + ",".join(self.columns))

    def run_import(self, file):  # pragma: no cover - each command supplies its service
        raise NotImplementedError

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open(encoding="utf-8-sig", newline="") as file:
                result = self.run_import(file)
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text.") from exc
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"Nothing of {path.name} was imported: {len(exc.messages)} error(s)."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {result.created} {self.noun} created, {result.updated} updated, "
                f"{result.unchanged} unchanged; {result.revalued} ledger line(s) revalued."
            )
        )
