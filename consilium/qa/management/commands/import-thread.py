"""Import question threads from a JSON or JSON Lines file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from consilium.consensus.services import refresh_consensus
from consilium.consensus.tasks import recompute_consensus
from consilium.qa.services import ThreadImportError, import_threads
from consilium.qa.thread_format import ThreadFormatError, read_thread_file
from consilium.search.services import schedule_embedding


class Command(BaseCommand):
    help = "Import a thread (JSON) or many (JSON Lines, one a line); all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the thread file")
        parser.add_argument(
            "--defer-consensus",
            action="store_true",
            help="Queue the consensus computations for the task worker instead of waiting "
            "for them (for large files).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            threads = read_thread_file(options["file"])
            questions = import_threads(threads)
        except (ThreadFormatError, ThreadImportError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        # The search index follows the rows by itself; their embeddings are queued work.
        schedule_embedding()
        for question in questions:
            if options["defer_consensus"]:
                recompute_consensus.enqueue(question.pk)
            else:
                refresh_consensus(question.pk)
            url = settings.SITE_URL + question.get_absolute_url()
            self.stdout.write(f"Imported question {question.pk}: {url}")
