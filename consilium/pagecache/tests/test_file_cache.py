"""The file cache counts its entries every so many writes, and keeps near its limit."""

import os

import pytest

from consilium.pagecache.files import FileBasedCache


def _cache(tmp_path, entries: int, every: int, **options) -> FileBasedCache:
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": entries, **options}})
    cache.count_every = every
    return cache


def _entries(tmp_path) -> int:
    return sum(name.endswith(".djcache") for name in os.listdir(tmp_path))


def test_it_counts_its_entries_once_every_so_many_writes(tmp_path, monkeypatch):
    cache = _cache(tmp_path, entries=1000, every=10)
    listings = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: listings.append(path) or real_scandir(path))
    for number in range(35):
        cache.set(f"page-{number}", "html")
    # The first write, then every tenth.
    assert len(listings) == 4
    assert cache.get("page-0") == "html"


def test_it_counts_as_soon_as_its_own_writes_may_reach_the_limit(tmp_path):
    cache = _cache(tmp_path, entries=20, every=1000)
    for number in range(100):
        cache.set(f"page-{number}", "html")
        assert _entries(tmp_path) <= 20


@pytest.mark.parametrize("processes", [1, 3])
def test_it_keeps_no_more_than_the_limit_and_what_each_process_wrote_since_counting(
    tmp_path, processes
):
    caches = [_cache(tmp_path, entries=50, every=5) for _ in range(processes)]
    for number in range(400):
        caches[number % processes].set(f"page-{number}", "html")
        assert _entries(tmp_path) <= 50 + 5 * (processes - 1)
    assert _entries(tmp_path) >= 50 * 2 // 3 - 5


def test_it_empties_itself_when_full_with_a_cull_frequency_of_zero(tmp_path):
    cache = _cache(tmp_path, entries=10, every=1000, CULL_FREQUENCY=0)
    for number in range(10):
        cache.set(f"page-{number}", "html")
    assert _entries(tmp_path) == 10
    cache.set("page-10", "html")
    assert _entries(tmp_path) == 1
    assert cache.get("page-10") == "html"
