"""Two app processes sharing one PostgreSQL and one Redis behave as one site."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from consilium.web.tests.browser import _database_for_server, _free_port, _wait_until_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the scale-out setup is PostgreSQL and Redis; this runs in the PostgreSQL pass",
    ),
]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Browserless:
    """A cookie-keeping HTTP client, enough to sign up and post forms."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=20) as response:
            return response.read().decode()

    def post_form(self, url: str, data: dict[str, str]) -> str:
        page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no form on {url}"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=20) as response:
            return response.read().decode()


@pytest.fixture(scope="module")
def two_sites() -> Iterator[tuple[str, str, dict[str, str]]]:
    with (
        tempfile.TemporaryDirectory() as data_a,
        tempfile.TemporaryDirectory() as data_b,
        _database_for_server() as database_env,
    ):
        shared = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "TASKS_BACKEND", "CONSILIUM_DATA_DIR"}
        }
        shared.update(
            database_env,
            # Replication simulated: the replica alias is a second connection to the same
            # database, so reads go through the router's replica path.
            DATABASE_REPLICA_URLS=database_env["DATABASE_URL"],
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=f"two-sites-{uuid.uuid4().hex[:8]}",
            SECRET_KEY="one-secret-for-every-app-process-of-this-test-site",
            TASKS_BACKEND="database",
        )
        subprocess.run(
            [sys.executable, "-m", "consilium", "migrate", "--noinput"],
            env={**shared, "CONSILIUM_DATA_DIR": data_a},
            check=True,
            capture_output=True,
        )
        servers, urls = [], []
        for data_dir in (data_a, data_b):
            port = _free_port()
            log = Path(data_dir) / "server.log"
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "consilium",
                        "serve",
                        "--port",
                        str(port),
                        "--workers",
                        "1",
                    ],
                    env={**shared, "CONSILIUM_DATA_DIR": data_dir},
                    stdout=log.open("wb"),
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
            _wait_until_up(urls[-1], servers[-1], log)
        try:
            yield urls[0], urls[1], shared
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)


def test_a_session_started_on_one_process_is_valid_on_the_other(two_sites):
    site_a, site_b, _ = two_sites
    client = Browserless()
    client.post_form(
        f"{site_a}/accounts/signup/",
        {"email": "two@example.com", "handle": "calm-heron-2", "password": "shared site 4 real"},
    )
    assert "calm-heron-2" in client.get(f"{site_b}/accounts/")


def test_a_question_asked_on_one_process_is_read_on_the_other(two_sites):
    site_a, site_b, _ = two_sites
    client = Browserless()
    client.post_form(
        f"{site_b}/accounts/signup/",
        {"email": "asker@example.com", "password": "shared site 4 real"},
    )
    client.post_form(
        f"{site_b}/ask/",
        {
            "title": "Does one database serve both app processes?",
            "body": "Asked on the second process, read on the first.",
        },
    )
    assert "Does one database serve both app processes?" in Browserless().get(f"{site_a}/")


def test_the_cache_is_shared_through_redis(two_sites):
    _, _, shared = two_sites
    key = uuid.uuid4().hex
    subprocess.run(
        [
            sys.executable,
            "-m",
            "consilium",
            "shell",
            "-c",
            f"from django.core.cache import cache; cache.set('{key}', 'from-a', 60)",
        ],
        env=shared,
        check=True,
        capture_output=True,
    )
    read = subprocess.run(
        [
            sys.executable,
            "-m",
            "consilium",
            "shell",
            "-c",
            f"from django.core.cache import cache; print(cache.get('{key}'))",
        ],
        env=shared,
        check=True,
        capture_output=True,
        text=True,
    )
    assert read.stdout.strip().splitlines()[-1] == "from-a"


def test_sign_in_failures_on_both_processes_add_up_to_one_lockout(two_sites):
    site_a, site_b, _ = two_sites
    Browserless().post_form(
        f"{site_a}/accounts/signup/",
        {"email": "locked@example.com", "password": "shared site 4 real"},
    )
    attacker = Browserless()
    refusals = []
    for site in (site_a, site_b, site_a, site_b, site_a):
        try:
            attacker.post_form(
                f"{site}/accounts/login/", {"username": "locked@example.com", "password": "no"}
            )
        except urllib.error.HTTPError as error:
            refusals.append(error.code)
    assert set(refusals) <= {429}
    with pytest.raises(urllib.error.HTTPError) as locked:
        Browserless().post_form(
            f"{site_b}/accounts/login/",
            {"username": "locked@example.com", "password": "shared site 4 real"},
        )
    assert locked.value.code == 429


def test_a_write_on_one_process_shows_at_once_on_the_others_cached_pages(two_sites):
    site_a, site_b, _ = two_sites
    reader = Browserless()
    before = reader.get(f"{site_b}/")  # the signed-out home page, now in the page cache
    assert "Is a cached page refreshed on the other process?" not in before
    asker = Browserless()
    asker.post_form(
        f"{site_a}/accounts/signup/",
        {"email": "cached@example.com", "password": "shared site 4 real"},
    )
    asker.post_form(
        f"{site_a}/ask/",
        {
            "title": "Is a cached page refreshed on the other process?",
            "body": "Asked on the first process, read signed out on the second.",
        },
    )
    assert "Is a cached page refreshed on the other process?" in reader.get(f"{site_b}/")
