"""Import question threads from a JSON or JSON Lines file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from consilium.consensus.selectors import questions_needing_consensus
from consilium.consensus.services import refresh_consensus
from consilium.consensus.tasks import recompute_consensus
from consilium.qa.services import ThreadImportError, import_threads
from consilium.qa.thread_format import ThreadFormatError, read_thread_file
from consilium.search.embedding import get_embedder
from consilium.search.selectors import questions_awaiting_embedding
from consilium.search.services import schedule_embedding


class Command(BaseCommand):
    help = (
        "Import a thread (JSON) or many (JSON Lines, one a line); all or nothing. Threads "
        "imported before (same source URL, or same content) are skipped, so a file can be "
        "run again safely."
    )

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
            result = import_threads(threads)
        except (ThreadFormatError, ThreadImportError) as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        # The search index follows the rows by itself; their embeddings are queued work.
        schedule_embedding()
        for question in result.created:
            url = settings.SITE_URL + question.get_absolute_url()
            self.stdout.write(f"Imported question {question.pk}: {url}")
        for title, question_id in result.skipped:
            where = f"question {question_id}" if question_id else "earlier in this file"
            self.stdout.write(f"Skipped (already imported as {where}): {title}")
        # A consensus is computed for the new questions, and for earlier ones a stopped run
        # left without one, so running the file again repairs it.
        earlier = [question_id for _, question_id in result.skipped if question_id]
        pending = [q.pk for q in result.created] + questions_needing_consensus(question_ids=earlier)
        for question_id in pending:
            if options["defer_consensus"]:
                recompute_consensus.enqueue(question_id)
            else:
                refresh_consensus(question_id)
        self.stdout.write(
            f"{len(result.created)} imported, {len(result.skipped)} skipped; consensus "
            f"{'queued' if options['defer_consensus'] else 'computed'} for {len(pending)}."
        )
        self.stdout.write(embedding_state())


def embedding_state() -> str:
    """One line on what similar questions can find of the import yet."""
    if get_embedder() is None:
        return "Similar questions are lexical: no embedding model is installed."
    waiting = questions_awaiting_embedding()
    if not waiting:
        return "Every question is embedded; similar questions are semantic."
    counted = "1 question waits" if waiting == 1 else f"{waiting} questions wait"
    return (
        f"{counted} for embedding; similar questions find them by their words until the "
        "task worker or `consilium reindex` embeds them."
    )
