"""The whole compute_consensus output, pinned for a set of threads written for the tests.

Any change to the method shows here as a diff of fixtures/consensus_golden.json. To accept a
change on purpose, regenerate the file and review the diff before committing:

    CONSILIUM_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest \
        consilium/consensus/tests/test_golden_outputs.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from consilium.consensus.method import AnswerInput, compute_consensus, load_taxonomy

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "fixtures" / "consensus_golden.json"
TEST_THREADS = HERE / "threads"
DEMO_CONTENT = HERE.parent.parent / "web" / "demo" / "content.json"


def _cases() -> dict[str, dict[str, Any]]:
    """Every thread as (title, body, answers), keyed by a stable name."""
    cases: dict[str, dict[str, Any]] = {}
    for path in sorted(TEST_THREADS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases[f"tests/{path.stem}"] = {"question": data["question"], "answers": data["answers"]}
    demo = json.loads(DEMO_CONTENT.read_text(encoding="utf-8"))
    for n, thread in enumerate(demo["threads"], start=1):
        cases[f"demo/{n:02d}"] = {
            "question": {"title": thread["title"], "body": thread["body"]},
            "answers": thread["answers"],
        }
    return cases


def _output(case: dict[str, Any], *, stated: bool) -> dict[str, Any]:
    answers = [
        AnswerInput(
            ref=str(i),
            title=a.get("title", ""),
            body=a["body"],
            verdict=a.get("verdict", "not_stated") if stated else "not_stated",
            doctor=str(a.get("doctor") or f"doctor-{i}"),
        )
        for i, a in enumerate(case["answers"], start=1)
    ]
    question = case["question"]
    return compute_consensus(question["title"], question["body"], answers, load_taxonomy())


def _all_outputs() -> dict[str, Any]:
    return {
        f"{name} ({mode})": _output(case, stated=mode == "stated")
        for name, case in _cases().items()
        for mode in ("stated", "inferred")
    }


def _as_json(outputs: dict[str, Any]) -> str:
    return json.dumps(outputs, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


if os.environ.get("CONSILIUM_REGENERATE_GOLDEN"):
    GOLDEN.write_text(_as_json(_all_outputs()), encoding="utf-8")


EXPECTED: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_case_has_a_golden_output() -> None:
    assert sorted(EXPECTED) == sorted(_all_outputs())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_output_matches_golden(name: str) -> None:
    thread, mode = name.rsplit(" (", 1)
    actual = _output(_cases()[thread], stated=mode == "stated)")
    # Compared as JSON text so that a failure shows the changed lines.
    assert _as_json(actual) == _as_json(EXPECTED[name])
