"""What a fresh process configures from its environment: the operator's view of the settings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from consilium.web.management.commands.serve import child_environment

# The production environment README.md documents under "Deployment", as an operator sets it.
PRODUCTION = {
    "HTTPS": "1",
    "SECRET_KEY": "a-long-random-value-" + "x" * 50,
    "ALLOWED_HOSTS": "consilium.example",
    "CSRF_TRUSTED_ORIGINS": "https://consilium.example",
    "PROXY_COUNT": "1",
}


def fresh_process(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a new process with only these variables, as an operator would start one."""
    clean = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "consilium.settings",
        "CONSILIUM_DATA_DIR": str(data_dir),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        env=clean, capture_output=True, text=True, check=True,
        # The umask most systems start with, which leaves new files readable by everyone.
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip


def setting(name: str, data_dir: Path, **env: str) -> str:
    code = f"from django.conf import settings;print(settings.{name})"
    return fresh_process(code, data_dir, **env).stdout.strip()


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "consilium", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", "CONSILIUM_DATA_DIR": str(tmp_path), **PRODUCTION},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_testserver_is_not_an_allowed_host_outside_tests(tmp_path):
    assert "testserver" not in setting("ALLOWED_HOSTS", tmp_path)
    assert setting("ALLOWED_HOSTS", tmp_path, **PRODUCTION) == "['consilium.example']"


def test_site_url_follows_the_port_when_not_set(tmp_path):
    assert setting("SITE_URL", tmp_path, PORT="9000") == "http://127.0.0.1:9000"
    assert setting("SITE_URL", tmp_path, PORT="9000", SITE_URL="https://c.example/") == (
        "https://c.example"
    )


def test_serve_tells_its_processes_the_port_and_the_number_of_workers(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    env = child_environment(host="0.0.0.0", port=9000, workers=3)  # noqa: S104
    assert env["SITE_URL"] == "http://127.0.0.1:9000"
    assert env["WEB_CONCURRENCY"] == "3"
    assert child_environment(host="10.1.2.3", port=81, workers=1)["SITE_URL"] == (
        "http://10.1.2.3:81"
    )
    monkeypatch.setenv("SITE_URL", "https://consilium.example")
    assert child_environment(host="0.0.0.0", port=9000, workers=3)["SITE_URL"] == (  # noqa: S104
        "https://consilium.example"
    )


def test_rate_limits_are_counted_where_every_worker_sees_them(tmp_path):
    def counters(**env: str) -> str:
        return setting("CACHES['counters']['BACKEND']", tmp_path, **env)

    assert counters().endswith(".DatabaseCounters")
    assert counters(WEB_CONCURRENCY="4").endswith(".DatabaseCounters")
    assert counters(WEB_CONCURRENCY="1").endswith(".LocMemCache")
    assert counters(REDIS_URL="redis://127.0.0.1:6379/15").endswith(".RedisCache")


def test_the_data_directory_and_database_are_private_to_the_app(tmp_path):
    data_dir = tmp_path / "var"
    fresh_process(
        "from django.db import connection;connection.cursor().execute('CREATE TABLE probe (x)')",
        data_dir,
    )
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    database = data_dir / "consilium.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    for journal in data_dir.glob("consilium.sqlite3-*"):
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600, journal.name
    assert stat.S_IMODE((data_dir / "secret_key").stat().st_mode) == 0o600


def test_an_existing_world_readable_data_directory_is_made_private(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    (data_dir / "consilium.sqlite3").touch(mode=0o644)
    fresh_process("pass", data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((data_dir / "consilium.sqlite3").stat().st_mode) == 0o600
