"""Fast matching of many word-anchored regexes: run only those a clause's words could start."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

__all__ = ["Hit", "TriggeredPatterns", "first_word_prefixes", "scan", "words_of"]

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
    word = "".join(literal).split(" ")[0]
    return {word} if word else None


def first_word_prefixes(pattern: str) -> set[str] | None:
    """Strings one of which every match's first word must start with; None if unknown.

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
_PREFIX_IDS: dict[str, int] = {}
_BY_HEAD: dict[str, list[tuple[str, int]]] = {}
_ALTS_BY_PREFIX: dict[int, list[tuple[int, int]]] = {}  # prefix id -> [(list id, alternative)]
_LIST_COUNT = [0]


def _register(prefix: str) -> int:
    pid = _PREFIX_IDS.get(prefix)
    if pid is None:
        pid = _PREFIX_IDS[prefix] = len(_PREFIX_IDS)
        _BY_HEAD.setdefault(prefix[:2], []).append((prefix, pid))
        _word_alternatives.cache_clear()
    return pid


@lru_cache(maxsize=65536)
def _word_alternatives(word: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for head in (word[:2], word[:1]):
        for prefix, pid in _BY_HEAD.get(head, ()):
            if word.startswith(prefix):
                out.extend(_ALTS_BY_PREFIX[pid])
    return tuple(out)


def scan(words: Sequence[str]) -> dict[int, set[int]]:
    """For each registered pattern list, the alternatives some word of a clause could start."""
    out: dict[int, set[int]] = {}
    for w in set(words):
        for list_id, k in _word_alternatives(w):
            found = out.get(list_id)
            if found is None:
                out[list_id] = {k}
            else:
                found.add(k)
    return out


class Hit(NamedTuple, Generic[T]):
    start: int
    end: int
    payload: T
    order: int  # position of the alternative in the list, for stable tie-breaks


class TriggeredPatterns(Generic[T]):
    """A list of regex alternatives, each run only when some word of the text could start it.

    Every alternative is wrapped in word boundaries. Results are the same as running each
    alternative's finditer on the text; `present` is scan() of the text's words.
    """

    def __init__(self, alternatives: Sequence[tuple[str, T]]) -> None:
        self._id = _LIST_COUNT[0]
        _LIST_COUNT[0] += 1
        self._regexes: list[re.Pattern[str]] = []
        self._payloads: list[T] = []
        self._always: list[int] = []
        for k, (source, payload) in enumerate(alternatives):
            self._regexes.append(re.compile(r"\b(?:" + source + r")\b"))
            self._payloads.append(payload)
            prefixes = first_word_prefixes(source)
            if prefixes is None:
                self._always.append(k)
                continue
            for prefix in sorted(prefixes):
                _ALTS_BY_PREFIX.setdefault(_register(prefix), []).append((self._id, k))
                _word_alternatives.cache_clear()

    def _candidates(self, present: dict[int, set[int]]) -> list[int]:
        found = present.get(self._id)
        if not found:
            return self._always
        if self._always:
            return sorted(found.union(self._always))
        return sorted(found)

    def finditer(self, text: str, present: dict[int, set[int]]) -> list[Hit[T]]:
        hits: list[Hit[T]] = []
        for k in self._candidates(present):
            payload = self._payloads[k]
            for m in self._regexes[k].finditer(text):
                hits.append(Hit(m.start(), m.end(), payload, k))
        return hits

    def search(self, text: str, present: dict[int, set[int]]) -> bool:
        return any(self._regexes[k].search(text) for k in self._candidates(present))
