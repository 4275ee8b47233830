"""Recompute every consensus that is missing or was stored by an older method."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from consilium.consensus.method import METHOD_VERSION
from consilium.consensus.selectors import questions_needing_consensus
from consilium.consensus.services import refresh_consensus


class Command(BaseCommand):
    help = (
        "Recompute the consensus of questions that have none (an import stopped after its "
        "commit) or whose stored consensus predates the current method; print their ids."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the questions that need it."
        )
        parser.add_argument(
            "--quiet-if-current",
            action="store_true",
            help="Print nothing when every consensus is current (for start-up scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = questions_needing_consensus()
        if not ids:
            if options["quiet_if_current"]:
                return
            self.stdout.write(f"Every consensus is current (method version {METHOD_VERSION}).")
            return
        for question_id in ids:
            if options["dry_run"]:
                self.stdout.write(f"Would recompute question {question_id}")
            else:
                refresh_consensus(question_id)
                self.stdout.write(f"Recomputed question {question_id}")
        done = "would be recomputed" if options["dry_run"] else "recomputed"
        self.stdout.write(f"{len(ids)} consensus {done} (method version {METHOD_VERSION}).")
