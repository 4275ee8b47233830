"""Rebuild the search index from the questions and answers, and embed what needs it."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from consilium.search.embedding import get_embedder
from consilium.search.services import (
    embed_all_questions,
    embed_pending_questions,
    rebuild_index,
)


class Command(BaseCommand):
    help = "Rebuild the full-text index and its triggers; embed questions that need it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-embeddings",
            action="store_true",
            help="embed every question again (after changing the embedding model)",
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
            count = embed_all_questions(using)
        else:
            count = embed_pending_questions(using)
        self.stdout.write(f"Embedded {count} questions in {time.perf_counter() - started:.1f} s.")
