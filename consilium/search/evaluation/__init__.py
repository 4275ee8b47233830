"""Question triples for judging similar questions: a frozen held-out part and a dev part.

Each line of ``pairs_heldout.jsonl`` and ``pairs_dev.jsonl`` holds a patient's question, a
paraphrase asking the same thing in other words, and a decoy sharing its keywords but asking
something else, with the specialty it belongs to. Weights and choices are tuned on the dev
part only; the held-out part was written first and is frozen by its SHA-256
(tests/test_question_pairs.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = {"heldout": HERE / "pairs_heldout.jsonl", "dev": HERE / "pairs_dev.jsonl"}


@dataclass(frozen=True)
class Triple:
    specialty: str
    question: str
    paraphrase: str
    decoy: str


def load_part(part: str) -> list[Triple]:
    """The triples of one part ("heldout" or "dev"), in file order."""
    lines = PARTS[part].read_text(encoding="utf-8").splitlines()
    return [Triple(**json.loads(line)) for line in lines if line.strip()]
