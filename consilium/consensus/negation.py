"""Whether a point is denied by a word just before it: the one reading of negation in consensus."""

from __future__ import annotations

import re

from .patterns import words_of
from .text import cue_text

__all__ = ["NEGATORS", "denied_at", "denies_something"]

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nor",
        "neither",
        "without",
        "hardly",
        "barely",
        "scarcely",
        "lack",
        "lacks",
        "lacking",
        "fail",
        "fails",
        "failed",
        "none",
        "nothing",
        "unable",
    }
)
# "Rather than stopping", "instead of waiting": the second word denies what follows it.
_NEGATING_PAIRS = frozenset({("rather", "than"), ("instead", "of")})
# "Not only", "no doubt", "no matter" deny nothing.
_BREAKERS = frozenset({"only", "just", "doubt", "matter"})
# Words that open a new clause, where a denial before them stops: "I would not stop while it
# works" does not deny that it works.
_SCOPE_CLOSERS = frozenset(
    {
        "while",
        "whilst",
        "because",
        "since",
        "when",
        "whereas",
        "once",
        "until",
        "unless",
        "if",
        "but",
    }
)
# Nor does a denial reach past a comma, colon, semicolon, bracket or dash ("not now - it works").
# Text here is cue text (consilium.consensus.text.cue_text), where a dash is " - ".
_SCOPE_START_RE = re.compile(r".*(?:[,:;()]| - )", re.DOTALL)
_WINDOW = 120  # characters before the point: room for more words than any reach asked for


def _denies(words: list[str], i: int) -> bool:
    word = words[i]
    return word in NEGATORS or (i > 0 and (words[i - 1], word) in _NEGATING_PAIRS)


def denied_at(text: str, pos: int, reach: int = 3) -> bool:
    """Whether a negator among the `reach` words before `pos`, in the same clause, denies what
    stands at `pos`. `text` is lower-case cue text."""
    # A few words back is all a denial reaches, so a long sentence is not searched whole.
    window = text[max(0, pos - _WINDOW) : pos]
    start = _SCOPE_START_RE.match(window)
    # One word more than the reach, so that "rather" is seen before a "than" within it.
    words = words_of(window[start.end() if start else 0 :])[-reach - 1 :]
    first = len(words) - reach
    return any(
        _denies(words, i)
        and (i + 1 >= len(words) or words[i + 1] not in _BREAKERS)
        and not any(later in _SCOPE_CLOSERS for later in words[i + 1 :])
        for i in range(max(0, first), len(words))
    )


def denies_something(sentence: str) -> bool:
    """Whether a sentence holds any negator at all ("If it is skin, it won't.")."""
    return any(w in NEGATORS for w in words_of(cue_text(sentence)))
