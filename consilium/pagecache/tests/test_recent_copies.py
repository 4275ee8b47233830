"""A process keeps the entries it read last, dropping the one read longest ago."""

from consilium.pagecache.recent import RecentCopies


def test_it_gives_back_what_it_keeps():
    copies: RecentCopies[str] = RecentCopies(2)
    copies.keep("page:a", "A")
    assert copies.get("page:a") == "A"
    assert copies.get("page:b") is None


def test_it_drops_the_entry_read_longest_ago():
    copies: RecentCopies[str] = RecentCopies(2)
    copies.keep("page:a", "A")
    copies.keep("page:b", "B")
    copies.get("page:a")  # read again: now b is the oldest
    copies.keep("page:c", "C")
    assert copies.get("page:b") is None
    assert copies.get("page:a") == "A"
    assert copies.get("page:c") == "C"


def test_it_reads_through_to_the_shared_cache_once():
    shared = {"page:a": "A"}
    reads: list[str] = []

    def read(key: str) -> str | None:
        reads.append(key)
        return shared.get(key)

    copies: RecentCopies[str] = RecentCopies(2)
    assert copies.read_through("page:a", read) == "A"
    assert copies.read_through("page:a", read) == "A"
    assert reads == ["page:a"]


def test_it_keeps_nothing_for_a_key_the_shared_cache_lacks():
    copies: RecentCopies[str] = RecentCopies(2)
    assert copies.read_through("page:gone", lambda key: None) is None
    assert copies.get("page:gone") is None
