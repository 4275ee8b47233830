"""Fast matching of many word-anchored regexes: run only those a clause's words could start."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

__all__ = [
    "Alternatives",
    "Hit",
    "Present",
    "TriggeredPatterns",
    "first_word_prefixes",
    "literal_prefixes",
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


def _class_chars(s: str, i: int) -> str | None:
    """The characters of the class s[i] opens if it lists plain characters ("[ck]", "[- ]"),
    else None (ranges, negation and escapes are not expanded)."""
    chars = s[i + 1 : s.index("]", i + 1)]
    if not chars or chars[0] == "^" or "\\" in chars or "-" in chars[1:-1]:
        return None
    return chars


def _prefixes(s: str, depth: int) -> set[str]:
    """Literal strings one of which every match of `s` starts with ("" where nothing is known).

    `s` has no alternation outside groups.
    """
    while s.startswith("\\b"):
        s = s[2:]
    if not s or depth > 12:
        return {""}
    if s.startswith(("(?!", "(?=", "(?<")):
        # A lookaround consumes nothing: the match starts with what follows it.
        return _prefixes(s[_group_end(s, 0) + 1 :], depth + 1)
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
            # A repeated group fixes only its own start; a single one runs into `rest`.
            out |= _prefixes(alt + rest if q in ("", "?") else alt, depth + 1)
        if _optional(q):
            out |= _prefixes(rest, depth + 1)
        return out
    j = 0
    while j < len(s) and s[j] not in _SPECIAL:
        j += 1
    text = s[:j]
    if j == len(s):
        return {text}
    if s[j] in "?*+{":
        return {text[:-1]}  # the last character is quantified, so not certain
    if s[j] == "(":
        return {text + p for p in _prefixes(s[j:], depth + 1)}
    if s[j] == "[":
        chars = _class_chars(s, j)
        q, rest = _quantifier(s[s.index("]", j + 1) + 1 :])
        if chars is not None and not q:
            # "s[ck]eptic" starts with "sceptic" or "skeptic", not just with "s".
            after = _prefixes(rest, depth + 1)
            return {text + c + p for c in chars for p in after}
    return {text}


def literal_prefixes(pattern: str) -> set[str]:
    """Strings one of which every match of the pattern starts with, as long as they can be told
    ("may (?:not )?help" -> "may not help", "may help"); "" if the start is unknown.

    Understands the subset of regex syntax used by the cue lists: literals, (?:...) groups with
    ?, *, + and {m,n}, alternation, \\b, character classes and lookarounds.
    """
    out: set[str] = set()
    for alt in _split_top(pattern):
        out |= _prefixes(alt, 0)
    return out


_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def _first_word(literal: str) -> str:
    """The first-word prefix a literal prefix fixes ("may not" -> "may "), "" if none."""
    after = literal.lstrip(_WORD_CHARS)
    word = literal[: len(literal) - len(after)]
    # Anything after the run ends the word: the match starts with that very word.
    return word + " " if word and after else word


def first_word_prefixes(pattern: str) -> set[str] | None:
    """Strings one of which every match's first word must start with; None if unknown.

    A string ending in a space is the whole first word: "may " admits "may" but not "maybe".
    The first word is a run of [a-z0-9], as word_spans() reads words.
    """
    words = {_first_word(literal) for literal in literal_prefixes(pattern)}
    return None if "" in words else words


# Every TriggeredPatterns registers its alternatives' first-word prefixes here, so a clause's
# words are looked up once (scan) and the result serves all pattern lists.
# 2 letters -> first-word prefix -> [(list, alternative, literal prefixes behind that word)]
_BY_HEAD: dict[str, dict[str, list[tuple[int, int, set[str]]]]] = {}
_LIST_COUNT = [0]

# The alternatives of one pattern list a word could start: (alternative, literal prefixes one of
# which a match starting at that word must start with), in list order.
Alternatives = tuple[tuple[int, tuple[str, ...]], ...]

# scan() result: pattern list id -> [(offset of a word, alternatives that word could start)],
# in text order.
Present = dict[int, list[tuple[int, Alternatives]]]


def _shortest(prefixes: set[str]) -> tuple[str, ...]:
    """The prefixes no other one is a prefix of: a text starting with any starts with these."""
    kept: list[str] = []
    for p in sorted(prefixes):  # a prefix sorts right before the strings it starts
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return tuple(kept)


@lru_cache(maxsize=65536)
def word_alternatives(word: str) -> tuple[tuple[int, Alternatives], ...]:
    """(pattern list id, alternatives) for each registered list with alternatives this word
    could start, as scan() records them."""
    found: dict[int, dict[int, set[str]]] = {}
    for head in (word[:2], word[:1]):
        for prefix, entries in _BY_HEAD.get(head, {}).items():
            if word == prefix[:-1] if prefix.endswith(" ") else word.startswith(prefix):
                for list_id, k, literals in entries:
                    found.setdefault(list_id, {}).setdefault(k, set()).update(literals)
    return tuple(
        (list_id, tuple((k, _shortest(by_k[k])) for k in sorted(by_k)))
        for list_id, by_k in sorted(found.items())
    )


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
    A regex only runs where the text starts with one of its literal prefixes (literal_prefixes),
    a test most candidates fail ("a" starts "a bit", but is mostly not followed by "bit").
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
            by_word: dict[str, set[str]] = {}
            for literal in literal_prefixes(source):
                by_word.setdefault(_first_word(literal), set()).add(literal)
            if "" in by_word:
                raise ValueError(f"pattern must start with a literal word: {source!r}")
            for prefix, literals in by_word.items():
                head = prefix.rstrip(" ")[:2]
                _BY_HEAD.setdefault(head, {}).setdefault(prefix, []).append((self._id, k, literals))
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
            for k, literals in alternatives:
                # Most candidates fail on their literal start, which is far cheaper to test.
                if not text.startswith(literals, start):
                    continue
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
            for k, literals in alternatives:
                if start < ends.get(k, -1) or not text.startswith(literals, start):
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
        for start, alternatives in candidates:
            for k, literals in alternatives:
                if text.startswith(literals, start) and regexes[k].match(text, start):
                    return True
        return False
