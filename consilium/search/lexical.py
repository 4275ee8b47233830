"""Word-level text handling shared by both search backends: terms, stop words, stemming."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)

# The consensus method keeps its own stemmer and stop words; docs/search.md says why.
# Words that say nothing about what a medical question is about. Dropped from search terms
# on both backends (PostgreSQL's english configuration drops most of them anyway, SQLite's
# FTS5 does not), so that "is it safe" neither matches everything nor differs by database.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves get got im ive dont doesnt cant wont also really still even much
    many may might must shall
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits, in order."""
    return WORD_RE.findall(text.lower())


def stem(word: str) -> str:
    """A light English suffix stripper: enough to match plurals and -ing/-ed forms."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ness", ""),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)] + replacement
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed words of a text without stop words: what lexical similarity compares."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


class TermStatistics:
    """Document frequencies of terms over a set of texts, for IDF weights."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, text: str) -> None:
        self.documents += 1
        self.frequency.update(set(content_terms(text)))

    def idf(self, term: str) -> float:
        return math.log(1 + (self.documents + 1) / (self.frequency.get(term, 0) + 1))

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(content_terms(text))
        return {term: (1 + math.log(n)) * self.idf(term) for term, n in counts.items()}


def cosine(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    if not left or not right:
        return 0.0
    if len(left) > len(right):
        left, right = right, left
    dot = sum(weight * right.get(term, 0.0) for term, weight in left.items())
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in left.values())) * math.sqrt(
        sum(w * w for w in right.values())
    )
    return dot / norm


def statistics_of(texts: Iterable[str]) -> TermStatistics:
    stats = TermStatistics()
    for text in texts:
        stats.add(text)
    return stats


class Bm25:
    """Okapi BM25 over a fixed set of texts, as full-text indexes rank (k1 1.2, b 0.75)."""

    K1 = 1.2
    B = 0.75

    def __init__(self, texts: Iterable[str]) -> None:
        self.documents = [Counter(content_terms(text)) for text in texts]
        self.lengths = [sum(terms.values()) for terms in self.documents]
        self.average = sum(self.lengths) / max(1, len(self.lengths))
        self.postings: dict[str, list[int]] = {}
        for index, terms in enumerate(self.documents):
            for term in terms:
                self.postings.setdefault(term, []).append(index)

    def idf(self, term: str) -> float:
        found = len(self.postings.get(term, ()))
        return math.log(1 + (len(self.documents) - found + 0.5) / (found + 0.5))

    def scores(self, text: str) -> list[float]:
        """The score of every text against this one, in the order given."""
        out = [0.0] * len(self.documents)
        for term in set(content_terms(text)):
            weight = self.idf(term)
            for index in self.postings.get(term, ()):
                tf = self.documents[index][term]
                norm = self.K1 * (1 - self.B + self.B * self.lengths[index] / (self.average or 1))
                out[index] += weight * tf * (self.K1 + 1) / (tf + norm)
        return out
