"""Back up the database and patients' photos into one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from consilium.web.backups import BackupError, back_up


class Command(BaseCommand):
    help = "Write the database and every photo into a .tar.gz archive, readable by you only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write (default: backups/consilium-<time>.tar.gz in the data dir).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(settings.DATA_DIR) / "backups" / (
            f"consilium-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            summary = back_up(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {summary.vendor} database, {summary.photos} photo(s) and "
            f"{summary.documents} application document(s) "
            f"to {summary.path}"
        )
