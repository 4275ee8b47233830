"""A process that holds the embedding model and embeds texts for the web processes.

The model's ONNX Runtime session is larger than everything else a web process holds, so
instead of each web worker loading its own, one service loads it and the workers send it
their query titles over a Unix socket (embedding.RemoteEmbedder). A request is a
length-prefixed JSON list of texts; the reply is their float32 vectors, or an empty frame
when the request could not be read.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socketserver
from pathlib import Path

import numpy as np

from consilium.search.embedding import OnnxEmbedder, receive_frame, send_frame

logger = logging.getLogger(__name__)

# Longer than any sensible request: a list of titles, not a corpus.
MAX_TEXTS = 256


class _Handler(socketserver.BaseRequestHandler):
    server: EmbeddingServer

    def handle(self) -> None:
        self.request.settimeout(10)
        try:
            texts = json.loads(receive_frame(self.request, limit=1 << 20))
            if not isinstance(texts, list) or len(texts) > MAX_TEXTS:
                raise ValueError("expected a list of texts")
            vectors = self.server.embedder.embed([str(text) for text in texts])
            send_frame(self.request, np.asarray(vectors, dtype="<f4").tobytes())
        except (OSError, ValueError) as error:
            logger.warning("embedding request refused: %s", error)
            with contextlib.suppress(OSError):
                send_frame(self.request, b"")


class EmbeddingServer(socketserver.UnixStreamServer):
    """One request at a time: the model runs on one thread, and a query takes milliseconds."""

    def __init__(self, path: str, embedder: OnnxEmbedder) -> None:
        self.embedder = embedder
        Path(path).unlink(missing_ok=True)
        super().__init__(path, _Handler)
        os.chmod(path, 0o660)


def serve(path: str, embedder: OnnxEmbedder) -> None:
    with EmbeddingServer(path, embedder) as server:
        server.serve_forever()
