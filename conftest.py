"""Fixtures shared by every app's tests."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SEED_THREAD = REPO_ROOT.parent / "shared" / "seed" / "estim-thread.json"


@pytest.fixture(scope="session")
def seed_thread_path() -> Path:
    """The real reference thread kept beside the project; it is read, never copied."""
    assert SEED_THREAD.exists(), f"the reference thread is missing at {SEED_THREAD}"
    return SEED_THREAD


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so no API rate-limit count carries over."""
    from django.core.cache import cache

    cache.clear()
