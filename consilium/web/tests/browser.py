"""A real Consilium server process and Debian's Chromium, for the browser tests."""

from __future__ import annotations

import atexit
import os
import shutil
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
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import psycopg

if TYPE_CHECKING:  # imported where a browser runs, so this module loads without Playwright
    from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
FAILURES = ARTIFACTS / "failures"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
def _database_for_server(template: str = "") -> Iterator[dict[str, str]]:
    """A fresh database for the server: on the PostgreSQL under test, or a SQLite file.

    On PostgreSQL, `template` names a database to copy instead of starting empty.
    """
    server_url = os.environ.get("DATABASE_URL")
    if not server_url:
        yield {}
        return
    name = f"consilium_browser_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield {"DATABASE_URL": urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Each test run migrates one database and copies it for every server it starts.
_MIGRATED: dict[str, str] = {}


def _migrate_once(server_url: str) -> str:
    """A migrated SQLite file, or PostgreSQL database name, kept until the test run ends."""
    if server_url in _MIGRATED:
        return _MIGRATED[server_url]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if server_url:
        name = f"consilium_browser_template_{uuid.uuid4().hex[:10]}"
        admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        atexit.register(drop)
        env["DATABASE_URL"] = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
        env["CONSILIUM_DATA_DIR"] = tempfile.mkdtemp(prefix="consilium-browser-template-")
        migrated = name
    else:
        env["CONSILIUM_DATA_DIR"] = tempfile.mkdtemp(prefix="consilium-browser-template-")
        migrated = str(Path(env["CONSILIUM_DATA_DIR"]) / "consilium.sqlite3")
    atexit.register(shutil.rmtree, env["CONSILIUM_DATA_DIR"], ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "consilium", "migrate", "--noinput"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise AssertionError(f"consilium migrate failed:\n{done.stderr}")
    _MIGRATED[server_url] = migrated
    return migrated


@contextmanager
def _migrated_database(data_dir: str) -> Iterator[dict[str, str]]:
    """A migrated database for a new server, copied from the one migrated for this run."""
    server_url = os.environ.get("DATABASE_URL", "")
    migrated = _migrate_once(server_url)
    if server_url:
        with _database_for_server(template=migrated) as database_env:
            yield database_env
        return
    # The SQLite file, and its write-ahead log should the migration have left one.
    for path in Path(migrated).parent.glob(Path(migrated).name + "*"):
        shutil.copy(path, Path(data_dir) / path.name)
    yield {}


class LiveSite:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

    def consilium(self, *args: str, env: dict[str, str] | None = None) -> str:
        """Run a consilium command against the server's database and return its output."""
        done = subprocess.run(
            [sys.executable, "-m", "consilium", *args],
            env={**self.env, **(env or {})}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"consilium {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout


@contextmanager
def live_site() -> Iterator[LiveSite]:
    """Serve a new, migrated database with `consilium serve` on a free port."""
    with tempfile.TemporaryDirectory(prefix="consilium-browser-") as data_dir, \
            _migrated_database(data_dir) as database_env:  # fmt: skip
        port = _free_port()
        env = {
            key: value for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TASKS_BACKEND"}
        }  # fmt: skip
        env.update(database_env, CONSILIUM_DATA_DIR=data_dir, TASKS_BACKEND="database")
        # Every browser of a test run signs up and in from 127.0.0.1: the per-address pace
        # meant for strangers would stop the run's people (their own tests cover the pace).
        env.setdefault("SIGN_UP_RATE", "1000/h")
        env.setdefault("SIGN_IN_RATE", "1000/15m")
        site = LiveSite(f"http://127.0.0.1:{port}", env)
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
            with urllib.request.urlopen(url + "/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer within 30 s:\n{log.read_text()}")


def save_page(page: Page, name: str, folder: Path = ARTIFACTS) -> None:
    """Keep a screenshot and the HTML of what the browser shows, for people to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=10_000)
    (folder / f"{name}.html").write_text(page.content())


# Elements sticking out past the right edge of the window, named for a failure message.
_WIDER_THAN_WINDOW = """() => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8)
    .map((el) => name(el) + " right=" + Math.round(el.getBoundingClientRect().right));
}"""


def horizontal_overflow(page: Page) -> list[str]:
    """Empty when nothing scrolls sideways; otherwise the elements that stick out."""
    if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        return []
    return list(page.evaluate(_WIDER_THAN_WINDOW)) or ["the document is wider than the window"]


def snap(page: Page, name: str, *, phone_screenshot: bool = True) -> None:
    """Screenshots at laptop and at phone width; at phone width nothing may scroll sideways."""
    original = page.viewport_size or LAPTOP
    try:
        page.set_viewport_size(LAPTOP)
        save_page(page, f"{name}-laptop")
        page.set_viewport_size(PHONE)
        if phone_screenshot:
            save_page(page, f"{name}-phone")
        wider = horizontal_overflow(page)
        assert not wider, f"{page.url} scrolls sideways at 375 px: {wider}"
    finally:
        page.set_viewport_size(original)  # type: ignore[arg-type]


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """What axe-core finds wrong on the page as it is now, at the given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [found for found in results["violations"] if found["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for found in violations:
        lines.append(f"{found['id']} ({found['impact']}): {found['help']}")
        for node in found["nodes"][:5]:
            summary = node.get("failureSummary", "").splitlines()[-1:]
            lines.append(f"    {node['target']}: {' '.join(summary)}")
    return "\n".join(lines)


def open_pages(objects: object) -> list[Page]:
    """The pages still open in whatever browsers, contexts or pages a test was given."""
    from playwright.sync_api import Browser, BrowserContext, Page

    pages: list[Page] = []
    for value in objects if isinstance(objects, list | tuple) else [objects]:
        if isinstance(value, Browser):
            pages += [page for context in value.contexts for page in context.pages]
        elif isinstance(value, BrowserContext):
            pages += value.pages
        elif isinstance(value, Page):
            pages.append(value)
    unique: dict[int, Page] = {id(page): page for page in pages}
    return [page for page in unique.values() if not page.is_closed()]
