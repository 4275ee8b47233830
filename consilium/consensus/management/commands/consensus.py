"""Print the consensus of a thread file as JSON, without touching the database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consilium.consensus.method import compute_consensus, load_taxonomy
from consilium.consensus.thread_input import answers_of
from consilium.qa.thread_format import ThreadFormatError, read_thread_file


class Command(BaseCommand):
    help = "Compute what the doctors of a thread file agree on and print it as JSON."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a thread in the import-thread format")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            threads = read_thread_file(options["file"])
        except ThreadFormatError as error:
            raise CommandError(str(error)) from None
        taxonomy = load_taxonomy()
        results = [
            compute_consensus(thread.title, thread.body, answers_of(thread), taxonomy)
            for thread in threads
        ]
        output = results[0] if len(results) == 1 else results
        self.stdout.write(json.dumps(output, indent=2, sort_keys=True, ensure_ascii=False))
