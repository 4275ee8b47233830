"""The dependency rules in pyproject.toml: kept by the code, broken by a deliberate violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One violation of each contract, written into a copy of the package.
VIOLATIONS = {
    "Pages and API above the domain apps; the API never imports pages": (
        "consilium/api/violation.py",
        "from consilium.web import forms\n",
    ),
    "Consensus method and text code import no Django": (
        "consilium/consensus/text.py",
        "from django.utils.text import slugify\n",
    ),
    "Migrations import no application code": (
        "consilium/qa/migrations/9999_violation.py",
        "from consilium.qa.services import ask_question\n",
    ),
    "Other apps read the consensus through its selectors": (
        "consilium/outcomes/violation.py",
        "from consilium.consensus.models import QuestionConsensus\n",
    ),
}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the package under root, with the contracts in root's pyproject."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def copy_of_the_project(destination: Path) -> Path:
    shutil.copytree(
        REPO_ROOT / "consilium",
        destination / "consilium",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def test_the_code_keeps_every_contract() -> None:
    done = lint_imports(REPO_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(VIOLATIONS)} kept, 0 broken." in done.stdout


def test_it_fails_the_build_when_each_contract_is_broken(tmp_path: Path) -> None:
    root = copy_of_the_project(tmp_path)
    for relative, line in VIOLATIONS.values():
        path = root / relative
        text = path.read_text() if path.exists() else ""
        path.write_text(text + line)

    done = lint_imports(root)

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Contracts: 0 kept, {len(VIOLATIONS)} broken." in done.stdout
    report = done.stdout.split("Broken contracts", 1)[1]
    assert "consilium.api.violation -> consilium.web.forms" in report
    assert "consilium.consensus.text -> django" in report
    assert "consilium.qa.migrations.9999_violation -> consilium.qa.services" in report
    assert "consilium.outcomes.violation -> consilium.consensus.models" in report
