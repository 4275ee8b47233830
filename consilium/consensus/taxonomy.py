"""The treatment/condition taxonomy: loading the shipped JSON and finding topic mentions in text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import NamedTuple

from .text import norm_word, word_spans

__all__ = [
    "DEFAULT_TAXONOMY_PATH",
    "Mention",
    "TaxonomyEntry",
    "TopicMatcher",
    "load_taxonomy",
    "matcher_for",
]

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "topics" / "taxonomy.json"

KINDS = ("treatment", "condition")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class TaxonomyEntry:
    slug: str
    name: str
    kind: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


def load_taxonomy(path: str | Path | None = None) -> list[TaxonomyEntry]:
    """Read a taxonomy JSON list (default: the shipped consilium/topics/taxonomy.json).

    Raises ValueError on a malformed entry, so a broken file fails loudly at import time rather
    than silently matching nothing.
    """
    source = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    with source.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    if not isinstance(raw, list):
        raise ValueError(f"{source}: expected a JSON list of topics")
    entries: list[TaxonomyEntry] = []
    seen: set[str] = set()
    for item in raw:
        slug = item.get("slug", "") if isinstance(item, dict) else ""
        if not _SLUG_RE.match(slug) or slug in seen:
            raise ValueError(f"{source}: bad or duplicate slug {slug!r}")
        if item.get("kind") not in KINDS or not item.get("name"):
            raise ValueError(f"{source}: topic {slug!r} needs a name and a kind in {KINDS}")
        seen.add(slug)
        entries.append(
            TaxonomyEntry(
                slug=slug,
                name=str(item["name"]),
                kind=str(item["kind"]),
                synonyms=tuple(str(s).lower() for s in item.get("synonyms", ())),
                related=tuple(str(s) for s in item.get("related", ())),
            )
        )
    return entries


class Mention(NamedTuple):
    slug: str
    first: int  # index of the first matched word
    last: int  # index one past the last matched word
    start: int  # character span in the text that was searched
    end: int


def _phrase_key(phrase: str) -> tuple[str, ...]:
    text = phrase.lower().replace("\u2019", "'")
    text = re.sub(r"\([^)]*\)", " ", text)
    return tuple(norm_word(w) for w, _, _ in word_spans(text))


class TopicMatcher:
    """Greedy longest match of taxonomy phrases over normalised words ("face lifts" ~ facelift)."""

    def __init__(self, entries: Sequence[TaxonomyEntry]) -> None:
        self.entries: dict[str, TaxonomyEntry] = {e.slug: e for e in entries}
        phrases: dict[tuple[str, ...], str] = {}
        for entry in entries:
            # Synonyms win over names and slugs if two entries ever claim the same phrase.
            for phrase in (*entry.synonyms, entry.name, entry.slug.replace("-", " ")):
                key = _phrase_key(phrase)
                if key and key not in phrases:
                    phrases[key] = entry.slug
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, slug in phrases.items():
            self._by_first.setdefault(key[0], []).append((key, slug))
        for options in self._by_first.values():
            options.sort(key=lambda item: (-len(item[0]), item[0]))

    def find(self, words: Sequence[tuple[str, int, int]]) -> list[Mention]:
        """Mentions in a list of (normalised word, start, end) as produced from word_spans()."""
        end_at = {s: e for _, s, e in words}
        return self.find_norms(
            [w for w, _, _ in words], [s for _, s, _ in words], end_at.__getitem__
        )

    def find_norms(
        self, norms: Sequence[str], starts: Sequence[int], end_at: Callable[[int], int]
    ) -> list[Mention]:
        """Mentions in normalised words that start at `starts` in the text; end_at(start) is
        where the word starting there ends (only needed where a mention ends)."""
        by_first = self._by_first
        out: list[Mention] = []
        n = len(norms)
        free_from = 0  # words before this are part of an earlier mention
        # Most words start no phrase, so only the positions of those that may are visited.
        for i in compress(count(), map(by_first.__contains__, norms)):
            if i < free_from:
                continue
            for key, slug in by_first[norms[i]]:
                k = len(key)
                # (The second word rules out most longer phrases before a slice is built.)
                if k == 1 or (
                    i + k <= n and norms[i + 1] == key[1] and tuple(norms[i : i + k]) == key
                ):
                    out.append(Mention(slug, i, i + k, starts[i], end_at(starts[i + k - 1])))
                    free_from = i + k
                    break
        return out

    def kind(self, slug: str) -> str:
        return self.entries[slug].kind

    def name(self, slug: str) -> str:
        return self.entries[slug].name

    def related(self, slug: str) -> tuple[str, ...]:
        return self.entries[slug].related


@lru_cache(maxsize=8)
def _cached_matcher(entries: tuple[TaxonomyEntry, ...]) -> TopicMatcher:
    return TopicMatcher(entries)


def matcher_for(entries: Sequence[TaxonomyEntry]) -> TopicMatcher:
    """A matcher for this taxonomy, built once per distinct taxonomy (entries are hashable)."""
    return _cached_matcher(tuple(entries))
