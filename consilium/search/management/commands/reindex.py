"""Rebuild the search index from the questions and answers, and embed what needs it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, OutputWrapper

from consilium.qa.models import Question
from consilium.search.embedding import get_embedder
from consilium.search.selectors import questions_awaiting_embedding
from consilium.search.services import (
    embed_all_questions,
    embed_pending_questions,
    queue_stale_embeddings,
    rebuild_index,
)

BAR_WIDTH = 30


def progress_bar(out: OutputWrapper, total: int) -> Callable[[int], None]:
    """A callback drawing `[#####.....] done/total` on one line, redrawn in place."""

    def draw(done: int) -> None:
        filled = BAR_WIDTH * min(done, total) // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        out.write(f"\rEmbedding [{bar}] {done}/{total}", ending="")
        out.flush()

    return draw


class Command(BaseCommand):
    help = "Rebuild the full-text index and its triggers; embed questions that need it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-embeddings",
            action="store_true",
            help="embed every question again (a model whose vectors changed is found anyway)",
        )
        parser.add_argument(
            "--no-embeddings", action="store_true", help="rebuild the full-text index only"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        started = time.perf_counter()
        rebuild_index(using)
        self.stdout.write(f"Full-text index rebuilt in {time.perf_counter() - started:.1f} s.")
        if options["no_embeddings"]:
            return
        if get_embedder() is None:
            self.stdout.write("No embedding model installed; similar questions stay lexical.")
            return
        started = time.perf_counter()
        if options["all_embeddings"]:
            total = Question.objects.using(using).count()
            count = embed_all_questions(using, progress=progress_bar(self.stdout, total))
        else:
            queue_stale_embeddings(using)
            total = questions_awaiting_embedding(using)
            count = embed_pending_questions(using, progress=progress_bar(self.stdout, total))
        if count:
            self.stdout.write("")
        self.stdout.write(f"Embedded {count} questions in {time.perf_counter() - started:.1f} s.")
