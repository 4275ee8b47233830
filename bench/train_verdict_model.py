"""Fit the verdict, wording and deciding-sentence models on the development parts and write their
files."""

# Run from the repository root after changing the rules or the development parts:
#     .venv/bin/python bench/train_verdict_model.py
# The held-out parts are never fitted on: they only measure (bench/consensus_quality.py).

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus.deciding import DECIDING_FILE
from consilium.consensus.evaluation.training import fitted_models
from consilium.consensus.verdict_model import WEIGHTS_FILE
from consilium.consensus.wording import WORDING_FILE


def main() -> None:
    weights, wording, deciding = fitted_models()
    WEIGHTS_FILE.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    WORDING_FILE.write_text(json.dumps(wording, separators=(",", ":")) + "\n", encoding="utf-8")
    DECIDING_FILE.write_text(json.dumps(deciding, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"fitted on {weights['answers']} answers of {', '.join(weights['trained_on'])}; "
        f"{len(wording['tokens'])} words and word pairs; "
        f"{len(deciding['tokens'])} in sentences"
    )


if __name__ == "__main__":
    main()
