"""Word-level differences between two versions of a text, for the history pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffPiece:
    kind: str  # "same", "added" or "removed"
    text: str


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The new text as pieces that are unchanged, added or removed, in reading order."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[DiffPiece] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", "".join(a[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(DiffPiece("removed", "".join(a[a1:a2])))
        if b2 > b1:
            pieces.append(DiffPiece("added", "".join(b[b1:b2])))
    return pieces
