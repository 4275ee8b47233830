"""A fitted model's per-class numbers for each of its words, held compactly for lookup."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np


class WordTable:
    """Rows of numbers looked up by word.

    The words are one sorted array of fixed-width bytes searched by bisection, and the numbers
    one array: a dict of two hundred thousand words to lists of floats would hold a few hundred
    bytes of Python objects for each, several times what the arrays take.
    """

    def __init__(self, numbers: Mapping[str, Sequence[float]], columns: int) -> None:
        """`numbers` gives each word its row, `columns` numbers long."""
        encoded = [word.encode() for word in numbers]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        self._width = max(map(len, encoded), default=1)
        self._words = np.array([encoded[i] for i in order], dtype=f"S{self._width}")
        values = list(numbers.values())
        self._values = np.array([values[i] for i in order], dtype=np.float64).reshape(-1, columns)

    def rows(self, words: Iterable[str]) -> np.ndarray:
        """The rows of the given words that the table has, in the order given."""
        # A longer word is not in the table, and numpy would cut it short to compare it.
        wanted = [b for word in words if len(b := word.encode()) <= self._width]
        if not wanted or not len(self._words):
            return self._values[:0]
        query = np.array(wanted, dtype=self._words.dtype)
        at = np.minimum(np.searchsorted(self._words, query), len(self._words) - 1)
        result: np.ndarray = self._values[at[self._words[at] == query]]
        return result
