"""A migrated site on disk that tests drive through real `consilium` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from consilium.web.tests.browser import _database_for_server


class Site:
    """A data directory and database (SQLite there, or a fresh PostgreSQL one) to run in."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.folder = folder

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "consilium", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, code: str) -> str:
        return self.run("shell", "--no-imports", "-c", code).strip()

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        return subprocess.Popen(
            [sys.executable, "-m", "consilium", *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@contextmanager
def migrated_site(**settings: str) -> Iterator[Site]:
    with tempfile.TemporaryDirectory() as data_dir, _database_for_server() as database_env:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TASKS_BACKEND", "CONSILIUM_DATA_DIR"}
        }
        env.update(database_env, CONSILIUM_DATA_DIR=data_dir, TASKS_BACKEND="database")
        env.update(settings)
        site = Site(env, Path(data_dir))
        site.run("migrate", "--noinput")
        yield site


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)
