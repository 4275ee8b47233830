"""Replace the database and patients' photos with a backup's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consilium.web.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and photos with those of an archive made by `backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that everything written since the backup is to be replaced.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "Restoring replaces every question, account and photo with the backup's. "
                "Stop the site, then run again with --yes."
            )
        try:
            summary = restore(options["archive"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {summary.vendor} database, {summary.photos} photo(s) and "
            f"{summary.documents} application document(s) "
            f"from {summary.path}"
        )
