"""Fixtures shared by every app's tests."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
# Threads written for the tests in our own words; any test may import one.
WRITTEN_THREADS = REPO_ROOT / "consilium" / "consensus" / "tests" / "threads"
# The real reference thread lives outside the repository; `.ci/run` names it here.
REFERENCE_THREAD_VARIABLE = "CONSILIUM_REFERENCE_THREAD"


@pytest.fixture(scope="session")
def seed_thread_path() -> Path:
    """The real reference thread, read where it lies and never copied; tests that need it
    skip when the environment does not name it."""
    given = os.environ.get(REFERENCE_THREAD_VARIABLE, "")
    if not given:
        pytest.skip(f"reference thread not given (set {REFERENCE_THREAD_VARIABLE})")
    path = REPO_ROOT / given  # a relative path is read from the repository's root
    assert path.is_file(), f"{REFERENCE_THREAD_VARIABLE} names {path}, which is not a file"
    return path


@pytest.fixture(scope="session")
def written_thread_path() -> Path:
    """A ten-answer thread written for the tests (stated verdicts, no doctors named)."""
    return WRITTEN_THREADS / "thread-lift-jowls.json"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages are rendered afresh for each request, as tests that write rows directly expect.

    The page cache's own tests turn it on and write through the services, which bump it.
    """
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches, so no rate-limit count carries over.

    Counters kept in the database need no clearing: each test's transaction is rolled back.
    """
    from django.conf import settings
    from django.core.cache import caches

    for alias, cache_settings in settings.CACHES.items():
        if not cache_settings["BACKEND"].endswith(".DatabaseCounters"):
            caches[alias].clear()
