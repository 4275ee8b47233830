"""Fit the verdict model's weights on the development parts and write verdict_weights.json."""

# Run from the repository root after changing the rules:
#     .venv/bin/python bench/train_verdict_model.py
# The held-out part is never fitted on: it only measures (bench/consensus_quality.py).

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consilium.consensus.evaluation.training import fitted_weights
from consilium.consensus.verdict_model import WEIGHTS_FILE


def main() -> None:
    data = fitted_weights()
    WEIGHTS_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"fitted on {data['answers']} answers of {', '.join(data['trained_on'])}")


if __name__ == "__main__":
    main()
