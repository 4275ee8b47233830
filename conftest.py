"""Test-run defaults, set before Django reads its settings."""

import os
import tempfile
from pathlib import Path

import pytest

# Tasks run as soon as they are enqueued, so a test sees their effect without a worker.
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("CONSILIUM_DATA_DIR", tempfile.mkdtemp(prefix="consilium-test-"))

REPO_ROOT = Path(__file__).resolve().parent
SEED_THREAD = REPO_ROOT.parent / "shared" / "seed" / "estim-thread.json"


@pytest.fixture(scope="session")
def seed_thread_path() -> Path:
    """The real reference thread kept beside the project; it is read, never copied."""
    assert SEED_THREAD.exists(), f"the reference thread is missing at {SEED_THREAD}"
    return SEED_THREAD
