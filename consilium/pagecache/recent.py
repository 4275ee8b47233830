"""Copies, kept in one process, of cache entries whose contents never change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class RecentCopies(Generic[T]):
    """The values last read under keys that name the versions they were made from.

    What such a key holds never changes (a write bumps a version, so the next read uses a new
    key), so a process may keep what it read and go to the shared cache for it only once.
    The least recently used entry goes first when more than `size` are kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> T | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def read_through(self, key: str, read: Callable[[str], T | None]) -> T | None:
        """The value under key from this process, or else from `read` (the shared cache), kept
        here for the next time."""
        value = self.get(key)
        if value is None:
            value = read(key)
            if value is not None:
                self.keep(key, value)
        return value

    def keep(self, key: str, value: T) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
