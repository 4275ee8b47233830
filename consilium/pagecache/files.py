"""The file cache of pages and sessions without Redis: counts its files now and then."""

from __future__ import annotations

import contextlib
import os
import pickle
import random
import threading
import zlib
from typing import Any

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    """Django's file cache, but for when it counts its entries and how hard it compresses.

    Django's lists the whole directory before every write, to learn whether it is full: with
    thousands of pages kept, listing them cost more than writing the page (a search made for
    the first time writes one). This one counts them every `count_every` writes of the
    process, and as soon as its last count and its writes since reach MAX_ENTRIES. Other
    processes' writes are seen at the next count, so each may overshoot the limit by
    `count_every` entries at most.
    """

    count_every = 100
    # Below zlib's default (6): a search made for the first time writes its page before
    # answering, and a few more bytes on disk cost nothing.
    compression_level = 3

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._directory = os.path.abspath(dir)
        self._lock = threading.Lock()
        self._counted: int | None = None
        self._writes = 0

    def _cull(self) -> None:
        with self._lock:
            self._writes += 1
            if (
                self._counted is not None
                and self._writes < self.count_every
                and self._counted + self._writes < self._max_entries
            ):
                return
            self._writes = 0
        suffix = self.cache_suffix
        files = [entry.path for entry in os.scandir(self._directory) if entry.name.endswith(suffix)]
        self._counted = len(files)
        if len(files) < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        # As Django's does: a random share of the entries goes.
        doomed = random.sample(files, len(files) // self._cull_frequency)
        for path in doomed:
            # Another process may have removed it first.
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        self._counted = len(files) - len(doomed)

    def _write_content(self, file: Any, timeout: Any, value: Any) -> None:
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), self.compression_level))

    def clear(self) -> None:
        super().clear()
        self._counted = 0
