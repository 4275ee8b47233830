"""Run the embedding service that web processes given CONSILIUM_EMBEDDING_SOCKET ask."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consilium.search.embedding import local_embedder
from consilium.search.embedding_service import serve


class Command(BaseCommand):
    help = "Hold the embedding model in one process and embed query texts for web processes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--socket", required=True, help="Unix socket path to listen on")

    def handle(self, *args: Any, **options: Any) -> None:
        embedder = local_embedder()
        if embedder is None:
            raise CommandError("no embedding model installed (or CONSILIUM_EMBEDDINGS=0)")
        self.stdout.write(f"embedding service listening on {options['socket']}")
        serve(options["socket"], embedder)
