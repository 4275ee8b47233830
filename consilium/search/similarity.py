"""How similar two questions are: a semantic cosine blended with a lexical one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from consilium.search import lexical
from consilium.search.query import SynonymIndex

# Learned on the dev triples (bench/similar_quality.py --learn): every weight above zero lost
# MRR there, so words only order exact ties (docs/search.md).
LEXICAL_WEIGHT = 0.0
# How many of the nearest questions by vector are ranked again with their words.
CANDIDATES = 50
# How many of each named topic's synonyms a similar-questions query carries beside its name;
# chosen on the dev triples (bench/similar_quality.py --learn, docs/search.md).
QUERY_SYNONYMS = 8


def fuse_rrf(ranks: Sequence[np.ndarray], k: float) -> np.ndarray:
    """Reciprocal-rank fusion: the sum of 1 / (k + rank) over the signals' 1-based ranks."""
    return np.sum([1.0 / (k + np.asarray(r, dtype=np.float64)) for r in ranks], axis=0)


def fuse_weighted(semantic: np.ndarray, scores: np.ndarray, weight: float) -> np.ndarray:
    """Cosine plus weight times a word score scaled by its best value for the query (rows)."""
    scores = np.asarray(scores, dtype=np.float64)
    best = scores.max(axis=-1, keepdims=True)
    return semantic + weight * scores / np.where(best > 0, best, 1.0)


def rank_candidates(
    text: str,
    candidates: Sequence[str],
    semantic: Sequence[float],
    weight: float = LEXICAL_WEIGHT,
) -> list[tuple[int, float]]:
    """(index, score) of the candidates, most similar to the text first.

    The candidates are the nearest questions by vector, with their cosines. Their words
    are scored by BM25 against the text (term weights from the candidates themselves),
    scaled by the best of them, and added with the weight learned on the dev triples; the
    word score also orders exact ties.
    """
    words = lexical.Bm25([*candidates, text]).scores(text)[: len(candidates)]
    best = max(words, default=0.0) or 1.0
    scored = [
        (index, float(cosine) + weight * word / best, word)
        for index, (cosine, word) in enumerate(zip(semantic, words, strict=True))
    ]
    scored.sort(key=lambda item: (-item[1], -item[2], item[0]))
    return [(index, score) for index, score, _ in scored]


def embedding_text(title: str, body: str, synonyms: SynonymIndex) -> str:
    """What a question's vector is computed from: its title and the topics it names.

    The title is the question; duplicate-question matching compares titles, and the ask
    form sends one. Leaving the body out keeps inputs short, which is much faster to embed.
    Naming the taxonomy's topic beside a synonym lets the model see that "wrinkle relaxer"
    and "Botox" are one treatment, which raised its accuracy on our question pairs
    (docs/search.md has both figures). A title that names no topic borrows
    those its body names.
    """
    topics = synonyms.topics_in(title) or synonyms.topics_in(body)[:3]
    named = f" ({', '.join(topic.name for topic in topics)})" if topics else ""
    return f"{title.strip()}{named}"


def query_text(text: str, synonyms: SynonymIndex, count: int = QUERY_SYNONYMS) -> str:
    """What a similar-questions query is embedded from: the text, then each topic it names
    with that topic's first synonyms.

    Stored questions are embedded from embedding_text (topic names only); giving the query
    a topic's other wordings too ("Botox, wrinkle relaxer, anti wrinkle injections, …")
    lets a question that used any of them sit closer, which raised the paraphrases' ranks
    on our triples, where naming the synonyms on both sides lowered them (docs/search.md).
    """
    topics = synonyms.topics_in(text)
    if not topics:
        return text.strip()
    if count <= 0:
        return f"{text.strip()} ({', '.join(topic.name for topic in topics)})"
    named = "; ".join(
        ", ".join(
            [topic.name, *(" ".join(phrase.words) for phrase in topic.phrases[1 : 1 + count])]
        )
        for topic in topics
    )
    return f"{text.strip()} ({named})"
