"""Fast matching of many word-anchored regexes: run only those a clause's words could start."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

__all__ = [
    "Hit",
    "Present",
    "TriggeredPatterns",
    "first_word_prefixes",
    "scan",
    "word_alternatives",
    "words_of",
]

T = TypeVar("T")

_SPECIAL = frozenset("()[]\\?*+{|.^$")
_WORDS_RE = re.compile(r"[a-z0-9']+")


def words_of(text: str) -> list[str]:
    """The words of lower-cased text, as the triggers expect them."""
    return _WORDS_RE.findall(text)


def _skip_class(s: str, i: int) -> int:
    return s.index("]", i + 1) + 1


def _group_end(s: str, i: int) -> int:
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _skip_class(s, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ValueError(f"unbalanced group in {s!r}")


def _split_top(s: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _skip_class(s, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(s[start:i])
            start = i + 1
        i += 1
    parts.append(s[start:])
    return parts


def _quantifier(rest: str) -> tuple[str, str]:
    """Split a leading quantifier off `rest`: ("?", ...), ("{0,2}", ...) or ("", rest)."""
    if rest[:1] in ("?", "*", "+"):
        q, rest = rest[0], rest[1:]
    elif rest[:1] == "{":
        end = rest.index("}")
        q, rest = rest[: end + 1], rest[end + 1 :]
    else:
        return "", rest
    if rest[:1] == "?":  # lazy modifier
        rest = rest[1:]
    return q, rest


def _optional(q: str) -> bool:
    return q in ("?", "*") or q.startswith("{0")


def _alt_prefixes(s: str, depth: int) -> set[str] | None:
    while s.startswith("\\b"):
        s = s[2:]
    if not s or depth > 12:
        return None
    if s.startswith(("(?!", "(?=", "(?<")):
        # A lookaround consumes nothing: the match starts with what follows it.
        return _alt_prefixes(s[_group_end(s, 0) + 1 :], depth + 1)
    if s[0] == "(":
        end = _group_end(s, 0)
        if s.startswith("(?:"):
            inner = s[3:end]
        elif s.startswith("(?P<"):
            inner = s[s.index(">") + 1 : end]
        else:
            inner = s[1:end]
        q, rest = _quantifier(s[end + 1 :])
        out: set[str] = set()
        for alt in _split_top(inner):
            # A repeated group fixes only its own first word; a single one runs into `rest`.
            got = _alt_prefixes(alt + rest if q in ("", "?") else alt, depth + 1)
            if got is None:
                return None
            out |= got
        if _optional(q):
            got = _alt_prefixes(rest, depth + 1)
            if got is None:
                return None
            out |= got
        return out
    literal: list[str] = []
    j = 0
    while j < len(s) and s[j] not in _SPECIAL:
        literal.append(s[j])
        j += 1
    if j < len(s) and s[j] in "?*+{" and literal:
        literal.pop()  # the last character is quantified, so not certain
    text = "".join(literal)
    word = text.split(" ")[0]
    if not word:
        return None
    # A space after it means the first word is complete: the match starts with that very word.
    return {word + " " if " " in text else word}


def first_word_prefixes(pattern: str) -> set[str] | None:
    """Strings one of which every match's first word must start with; None if unknown.

    A string ending in a space is the whole first word: "may " admits "may" but not "maybe".

    Understands the subset of regex syntax used by the cue lists: literals, (?:...) groups with
    ?, *, + and {m,n}, alternation, \\b, character classes and lookarounds.
    """
    out: set[str] = set()
    for alt in _split_top(pattern):
        got = _alt_prefixes(alt, 0)
        if got is None:
            return None
        out |= got
    return out


# Every TriggeredPatterns registers its alternatives' first-word prefixes here, so a clause's
# words are looked up once (scan) and the result serves all pattern lists.
_BY_HEAD: dict[str, dict[str, set[tuple[int, int]]]] = {}  # 2 letters -> prefix -> (list, alt)
_LIST_COUNT = [0]
_PLAIN_WORD_RE = re.compile(r"[a-z0-9]+")

# scan() result: pattern list id -> [(offset of a word, alternatives that word could start)],
# in text order.
Present = dict[int, list[tuple[int, tuple[int, ...]]]]


@lru_cache(maxsize=65536)
def word_alternatives(word: str) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(pattern list id, alternatives) for each registered list with alternatives this word
    could start, as scan() records them."""
    found: dict[int, set[int]] = {}
    for head in (word[:2], word[:1]):
        for prefix, pairs in _BY_HEAD.get(head, {}).items():
            if word == prefix[:-1] if prefix.endswith(" ") else word.startswith(prefix):
                for list_id, k in pairs:
                    found.setdefault(list_id, set()).add(k)
    return tuple((list_id, tuple(sorted(found[list_id]))) for list_id in sorted(found))


def scan(words: Sequence[tuple[str, int, int]]) -> Present:
    """For each registered pattern list, which alternatives could start at which word.

    `words` are (word, start, end) triples as word_spans() gives them.
    """
    out: Present = {}
    for w, start, _ in words:
        for list_id, alternatives in word_alternatives(w):
            found = out.get(list_id)
            if found is None:
                out[list_id] = [(start, alternatives)]
            else:
                found.append((start, alternatives))
    return out


class Hit(NamedTuple, Generic[T]):
    start: int
    end: int
    payload: T
    order: int  # position of the alternative in the list, for stable tie-breaks


class TriggeredPatterns(Generic[T]):
    """A list of regex alternatives, tried only where a word that could start one of them starts.

    Every alternative is wrapped in word boundaries and must begin with a known word (see
    first_word_prefixes), so a match can only start at a word: anchoring the regexes there
    gives the same matches as searching the whole clause, without scanning every character.
    `present` is scan() of the clause's words.
    """

    def __init__(self, alternatives: Sequence[tuple[str, T]]) -> None:
        self._id = _LIST_COUNT[0]
        _LIST_COUNT[0] += 1
        self._regexes: list[re.Pattern[str]] = []
        self._payloads: list[T] = []
        for k, (source, payload) in enumerate(alternatives):
            self._regexes.append(re.compile(r"\b(?:" + source + r")\b"))
            self._payloads.append(payload)
            prefixes = first_word_prefixes(source)
            if not prefixes or not all(_PLAIN_WORD_RE.fullmatch(p.rstrip(" ")) for p in prefixes):
                raise ValueError(f"pattern must start with a literal word: {source!r}")
            for prefix in prefixes:
                head = prefix.rstrip(" ")[:2]
                _BY_HEAD.setdefault(head, {}).setdefault(prefix, set()).add((self._id, k))
        word_alternatives.cache_clear()

    def first_hits(self, text: str, present: Present) -> list[Hit[T]]:
        """Non-overlapping matches from left to right; where several alternatives match at the
        same place, the one listed first wins (as with one regex alternation)."""
        candidates = present.get(self._id)
        if candidates is None:
            return []  # no word of the clause can start one of them, the usual case
        hits: list[Hit[T]] = []
        end = -1
        regexes = self._regexes
        for start, alternatives in candidates:
            if start < end:
                continue
            for k in alternatives:
                m = regexes[k].match(text, start)
                if m is not None:
                    end = m.end()
                    hits.append(Hit(start, end, self._payloads[k], k))
                    break
        return hits

    def finditer(self, text: str, present: Present) -> list[Hit[T]]:
        """Every alternative's own non-overlapping matches, ordered by alternative, then place."""
        candidates = present.get(self._id)
        if candidates is None:
            return []
        hits: list[Hit[T]] = []
        ends: dict[int, int] = {}
        for start, alternatives in candidates:
            for k in alternatives:
                if start < ends.get(k, -1):
                    continue
                m = self._regexes[k].match(text, start)
                if m is not None:
                    ends[k] = m.end()
                    hits.append(Hit(start, m.end(), self._payloads[k], k))
        hits.sort(key=lambda h: (h.order, h.start))
        return hits

    def search(self, text: str, present: Present) -> bool:
        candidates = present.get(self._id)
        if candidates is None:
            return False
        regexes = self._regexes
        return any(
            regexes[k].match(text, start)
            for start, alternatives in candidates
            for k in alternatives
        )
