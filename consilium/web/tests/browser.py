"""A real Consilium server process and Debian's Chromium, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _database_for_server() -> Iterator[dict[str, str]]:
    """A fresh database for the server: on the PostgreSQL under test, or a SQLite file."""
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        yield {}
        return
    name = f"consilium_browser_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class LiveSite:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

    def consilium(self, *args: str) -> str:
        """Run a consilium command against the server's database and return its output."""
        done = subprocess.run(
            [sys.executable, "-m", "consilium", *args],
            env=self.env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"consilium {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout


@contextmanager
def live_site() -> Iterator[LiveSite]:
    """Migrate a new database and serve it with `consilium serve` on a free port."""
    with tempfile.TemporaryDirectory(prefix="consilium-browser-") as data_dir, \
            _database_for_server() as database_env:  # fmt: skip
        port = _free_port()
        env = {
            key: value for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TASKS_BACKEND"}
        }  # fmt: skip
        env.update(database_env, CONSILIUM_DATA_DIR=data_dir, TASKS_BACKEND="database")
        site = LiveSite(f"http://127.0.0.1:{port}", env)
        site.consilium("migrate", "--noinput")
        log = open(Path(data_dir) / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "consilium", "serve", "--port", str(port), "--workers", "2"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_until_up(site.url, server, Path(data_dir) / "server.log")
            yield site
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within 30 s:\n{log.read_text()}")


def save_page(page: object, name: str) -> None:
    """Keep a screenshot and the HTML of what the browser shows, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
    (ARTIFACTS / f"{name}.html").write_text(page.content())  # type: ignore[attr-defined]
