"""Names of the versions a cached page depends on, and reading them from the cache.

A page's cache key holds the current value of every version it depends on; a write
replaces those values, so the next read misses and renders afresh. Values are random
tokens rather than counters: a version the cache lost comes back as a new token, never
as one an old page was stored under.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches

T = TypeVar("T")

# The set of visible questions and their titles: lists, related questions, sitemaps.
QUESTION_LIST = "questions"
# What a question's card in a list shows beside its title: answer count, doctors' leaning.
CARDS = "cards"
# Topic names and synonyms, shown on nearly every page.
TAXONOMY = "taxonomy"


def question(pk: int) -> str:
    return f"question:{pk}"


def topic(slug: str) -> str:
    return f"topic:{slug}"


def doctor(slug: str) -> str:
    return f"doctor:{slug}"


def reader(user_id: int) -> str:
    """A signed-in reader's own row and marks (pagecache.readers)."""
    return f"reader:{user_id}"


def page_cache() -> BaseCache:
    return caches["pages"]


def new_token() -> str:
    return secrets.token_hex(6)


def current(names: Iterable[str]) -> list[str]:
    """The current token of each version, creating the ones the cache does not hold."""
    names = list(names)
    keys = [f"v:{name}" for name in names]
    cache = page_cache()
    found = cache.get_many(keys)
    missing = {key: new_token() for key in keys if key not in found}
    for key, token in missing.items():
        # add(), so two processes creating the same version agree on one token.
        if not cache.add(key, token, timeout=None):
            token = cache.get(key) or token
        found[key] = token
    return [found[key] for key in keys]


def current_with(names: Iterable[str], keys: Iterable[str]) -> tuple[list[str], dict[str, Any]]:
    """current(names), and the values the cache holds under keys, in one read."""
    names, keys = list(names), list(keys)
    versions = [f"v:{name}" for name in names]
    found = page_cache().get_many([*versions, *keys])
    if all(version in found for version in versions):
        tokens = [found[version] for version in versions]
    else:
        tokens = current(names)
    return tokens, {key: found[key] for key in keys if key in found}


def bump(names: Iterable[str]) -> None:
    cache = page_cache()
    cache.set_many({f"v:{name}": new_token() for name in set(names)}, timeout=None)


def remembered(name: str, depends: Iterable[str], compute: Callable[[], T]) -> T:
    """compute()'s value, kept until one of the versions it depends on is bumped.

    For figures every reader of a page sees, signed in or not, that read many rows.
    """
    if not settings.PAGE_CACHE:
        return compute()
    key = f"memo:{name}:{':'.join(current(depends))}"
    cache = page_cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=3600)
    return value


def _release() -> str:
    """Identifies the code and templates, so a new release never serves an old one's pages."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".js"} and "tests" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


RELEASE = _release()
