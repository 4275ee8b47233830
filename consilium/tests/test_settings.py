"""Importing the settings has no effect on disk; Django's start-up prepares the data directory."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, data_dir: Path) -> str:
    """Run code in a fresh process with only the variables an operator would set."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(REPO_ROOT),
            "DJANGO_SETTINGS_MODULE": "consilium.settings",
            "CONSILIUM_DATA_DIR": str(data_dir),
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_importing_the_settings_creates_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    run_python("import consilium.settings", data_dir)
    assert not data_dir.exists()


def test_it_keeps_the_secret_key_written_at_the_first_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    read_key = (
        "import django;django.setup();from django.conf import settings;print(settings.SECRET_KEY)"
    )

    first = run_python(read_key, data_dir)

    assert first == (data_dir / "secret_key").read_text().strip()
    assert len(first) >= 50
    assert run_python(read_key, data_dir) == first


# Read by the code but not settings of the site: set by the command or for libraries.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "OPENBLAS_NUM_THREADS"}
READ = re.compile(
    r"""(?:environ\.get\(|environ\[|getenv\(|env_flag\(|env_list\()\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_environment_variable_the_code_reads_is_in_the_readme_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    read = {
        name
        for path in (REPO_ROOT / "consilium").rglob("*.py")
        for name in READ.findall(path.read_text(encoding="utf-8"))
    } - NOT_SETTINGS
    assert read, "the pattern finds the variables"
    missing = sorted(name for name in read if f"`{name}`" not in table)
    assert not missing, f"add these to README's configuration table: {missing}"
