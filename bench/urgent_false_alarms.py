"""Count the demo and evaluation questions the urgent-signs matcher flags (all are calm)."""

# Run from the repository root: .venv/bin/python bench/urgent_false_alarms.py
# Also counts what a bare keyword match (no negation, hypothetical or past rule) would flag,
# to show what those rules save.

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consilium.qa import urgent  # noqa: E402


def questions() -> dict[str, list[tuple[str, str]]]:
    """Title and body of every question, by source file."""
    demo = json.loads((ROOT / "consilium/web/demo/content.json").read_text())
    found = {"demo": [(t["title"], t.get("body", "")) for t in demo["threads"]]}
    for path in sorted((ROOT / "consilium/consensus/evaluation").glob("*.json")):
        threads = json.loads(path.read_text())["threads"]
        found[path.stem] = [(t["question"]["title"], t["question"]["body"]) for t in threads]
    return found


def main() -> None:
    sources = questions()
    print("source | questions | flagged | flagged by bare keywords")
    for source, items in sources.items():
        flagged = [t for t, b in items if urgent.question_is_urgent(t, b)]
        with mock.patch.object(urgent, "_live_mention", return_value=True):
            bare = [t for t, b in items if urgent.question_is_urgent(t, b)]
        print(f"{source} | {len(items)} | {len(flagged)} | {len(bare)}")
        for title in flagged:
            print(f"  flagged: {title}")
        for title in bare:
            print(f"  bare keywords would flag: {title}")
    golden = json.loads((ROOT / "consilium/qa/tests/fixtures/urgent_cases.json").read_text())
    calm = [case["text"] for case in golden["not_urgent"]]
    with mock.patch.object(urgent, "_live_mention", return_value=True):
        bare_calm = sum(bool(urgent.urgent_signs(text)) for text in calm)
    print(f"golden calm sentences flagged by bare keywords: {bare_calm} of {len(calm)}")
    words = re.compile(r"\b(blind|white|blue|droop|weak|stroke|faint|bleed|fever)", re.I)
    near = sum(bool(words.search(t + " " + b)) for items in sources.values() for t, b in items)
    print(f"questions naming a sign word at all: {near}")


if __name__ == "__main__":
    main()
