"""Single-line text: titles, names and the like, whatever line breaks the input carried.

Pure Python, shared by every app's forms and services; imports no Django.
"""

from __future__ import annotations

import re
import unicodedata

# Every run of whitespace, line and paragraph separators included (\s covers them in str
# patterns), becomes one space.
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """The text on one line: whitespace runs become a space, control characters go, ends trimmed."""
    spaced = _SPACES.sub(" ", text)
    return "".join(ch for ch in spaced if unicodedata.category(ch) != "Cc").strip()
