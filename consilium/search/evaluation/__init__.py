"""Question triples for judging similar questions: a frozen held-out part and a dev part.

Each line of ``pairs_heldout.jsonl`` and ``pairs_dev.jsonl`` holds a patient's question, a
paraphrase asking the same thing in other words, and a decoy sharing its keywords but asking
something else, with the specialty it belongs to. Weights and choices are tuned on the dev
part only; the held-out part was written first and is frozen by its SHA-256
(tests/test_question_pairs.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from consilium.search.similarity import CANDIDATES, LEXICAL_WEIGHT, rank_candidates

HERE = Path(__file__).resolve().parent
PARTS = {"heldout": HERE / "pairs_heldout.jsonl", "dev": HERE / "pairs_dev.jsonl"}


@dataclass(frozen=True)
class Triple:
    specialty: str
    question: str
    paraphrase: str
    decoy: str


def load_part(part: str) -> list[Triple]:
    """The triples of one part ("heldout" or "dev"), in file order."""
    lines = PARTS[part].read_text(encoding="utf-8").splitlines()
    return [Triple(**json.loads(line)) for line in lines if line.strip()]


@dataclass
class Corpus:
    """Every question, paraphrase and decoy of both parts, and each part's judged queries."""

    texts: list[str]
    # For each question of a part: its own row in texts and the row of its paraphrase.
    queries: dict[str, list[tuple[int, int]]]


def build_corpus() -> Corpus:
    texts: list[str] = []
    queries: dict[str, list[tuple[int, int]]] = {}
    for part in ("heldout", "dev"):
        pairs = []
        for triple in load_part(part):
            at = len(texts)
            texts.extend([triple.question, triple.paraphrase, triple.decoy])
            pairs.append((at, at + 1))
        queries[part] = pairs
    return Corpus(texts, queries)


def evaluate(scores: np.ndarray, pairs: list[tuple[int, int]]) -> dict[str, float]:
    """Recall@1, recall@5 and MRR@5 ("r1", "r5", "mrr5") of the paraphrases.

    scores[i, j]: query i against corpus row j; a query's own row is never counted, and a
    tie goes against the paraphrase.
    """
    at1 = at5 = 0
    reciprocal = 0.0
    for i, (own, wanted) in enumerate(pairs):
        row = scores[i].astype(np.float64).copy()
        row[own] = -np.inf
        rank = int((row >= row[wanted]).sum())
        at1 += rank == 1
        at5 += rank <= 5
        reciprocal += 1 / rank if rank <= 5 else 0.0
    n = len(pairs)
    return {"r1": at1 / n, "r5": at5 / n, "mrr5": reciprocal / n}


def shipped(
    semantic: np.ndarray,
    texts: list[str],
    queries: list[str],
    own: list[int],
    weight: float = LEXICAL_WEIGHT,
) -> np.ndarray:
    """What the site returns: the nearest CANDIDATES by vector, ordered by rank_candidates,
    as scores (higher first; everything else -inf) for evaluate()."""
    out = np.full(semantic.shape, -np.inf, dtype=np.float64)
    for i, query in enumerate(queries):
        row = semantic[i].copy()
        row[own[i]] = -np.inf
        nearest = np.argsort(-row, kind="stable")[:CANDIDATES]
        ranked = rank_candidates(query, [texts[j] for j in nearest], row[nearest], weight)
        for position, (index, _) in enumerate(ranked):
            out[i, nearest[index]] = len(ranked) - position
    return out
